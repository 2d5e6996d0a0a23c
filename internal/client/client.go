// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package client is a typed client for the Contacts API, whose contract,
// this client's own rules included, is api/README.md. It knows nothing of
// Terraform: the provider maps its objects and errors.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxRetries is the retry budget the provider uses unless told
// otherwise; Config.MaxRetries has no default of its own, as 0 is a
// setting (no retries).
const DefaultMaxRetries = 5

// Defaults for Config fields left zero.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetryWait   = 30 * time.Second
	// LongestHeaderWait is the longest wait a Retry-After is read as: a
	// year, far past any cap, and far from overflowing a Duration.
	LongestHeaderWait    = 365 * 24 * time.Hour
	defaultBaseRetryWait = 250 * time.Millisecond
	maxResponseBytes     = 8 << 20
)

// Config configures a Client.
type Config struct {
	// Endpoint is the site root, e.g. https://crm.example.com; the API lives under /api.
	Endpoint string
	// APIKey is sent as a bearer token. It is never logged.
	APIKey string
	// UserAgent is sent on every request, e.g. "terraform-provider-contacts/1.2.0".
	UserAgent string
	// CACertPEM holds PEM-encoded CA certificates to trust besides the
	// system's, for an https endpoint with a private CA; empty trusts the
	// system's alone. It configures the client's own transport, so it
	// cannot be combined with HTTPClient.
	CACertPEM []byte
	// HTTPClient replaces the client's own transport; nil means Go's
	// default transport with enough idle connections for Terraform's
	// parallelism. The client uses a copy that never follows redirects.
	HTTPClient *http.Client
	// AllowInsecureHTTP permits http:// to hosts other than loopback, where the
	// key and passwords would cross the network in the clear.
	AllowInsecureHTTP bool
	// MaxRetries is how many times a retryable failure is retried; 0 sends
	// every request once.
	MaxRetries int
	// RequestTimeout bounds one attempt, from sending to the answer's last
	// byte; an attempt that runs out of it fails with ErrRequestTimeout.
	RequestTimeout time.Duration
	// MaxRetryWait caps a single wait between attempts, Retry-After included.
	MaxRetryWait time.Duration
	// RequestsPerSecond throttles the client itself; zero means no throttle.
	RequestsPerSecond float64
	// OnWait, when set, hears of every wait for the API's rate limit before
	// the client makes it, so a caller can tell its user why it is slow.
	OnWait func(context.Context, Wait)
	// Logger receives one entry per attempt: method, path, status, duration.
	// Bodies and headers are never passed to it, and the key and the
	// request's passwords are blanked out of the error text it gets.
	Logger func(ctx context.Context, msg string, fields map[string]any)
}

// Client calls the Contacts API. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	apiKey     string
	userAgent  string
	http       *http.Client
	maxRetries int
	timeout    time.Duration
	maxWait    time.Duration
	limiter    *rate.Limiter
	// pacer slows the client before the API's rate limit runs out.
	pacer *pacer
	// sleep waits between attempts; tests put it on a fake clock.
	sleep func(context.Context, time.Duration) error
	log   func(ctx context.Context, msg string, fields map[string]any)
	// onWait hears of the waits for the rate limit; never nil.
	onWait func(context.Context, Wait)
	// redact blanks the API key; each request adds its own secrets.
	redact *redactor
	// traced is set when the transport reports its connections (Go's own).
	traced bool
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	base, err := ParseEndpoint(cfg.Endpoint, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, err
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("the retry count %d is negative; 0 disables retries", cfg.MaxRetries)
	}
	hc, err := httpClient(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:       base,
		apiKey:     cfg.APIKey,
		userAgent:  cfg.UserAgent,
		http:       hc,
		maxRetries: cfg.MaxRetries,
		timeout:    cfg.RequestTimeout,
		maxWait:    cfg.MaxRetryWait,
		log:        cfg.Logger,
		pacer:      newPacer(),
		sleep:      sleepContext,
	}
	switch t := c.http.Transport.(type) {
	case nil:
		_, c.traced = http.DefaultTransport.(*http.Transport)
	case *http.Transport:
		c.traced = t != nil
	}
	c.redact = (*redactor)(nil).with(cfg.APIKey)
	if c.timeout <= 0 {
		c.timeout = DefaultRequestTimeout
	}
	if c.maxWait <= 0 {
		c.maxWait = DefaultMaxRetryWait
	}
	c.pacer.maxWait = c.maxWait
	if cfg.RequestsPerSecond > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), int(math.Max(1, cfg.RequestsPerSecond)))
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-contacts"
	}
	if c.log == nil {
		c.log = func(context.Context, string, map[string]any) {}
	}
	c.onWait = cfg.OnWait
	if c.onWait == nil {
		c.onWait = func(context.Context, Wait) {}
	}
	return c, nil
}

// ParseEndpoint checks that endpoint is an absolute http(s) site root and
// that plain http goes only to loopback unless allowInsecure is set.
func ParseEndpoint(endpoint string, allowInsecure bool) (*url.URL, error) {
	if strings.TrimSpace(endpoint) == "" {
		return nil, errors.New("the endpoint is empty")
	}
	u, err := url.Parse(strings.TrimRight(endpoint, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("the endpoint %q is not an absolute http:// or https:// URL such as https://crm.example.com", endpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("the endpoint %q must be a site root without query or fragment", endpoint)
	}
	if u.Scheme == "http" && !allowInsecure && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("the endpoint %q uses plain http to a non-loopback host, which would send the API key and passwords in the clear; use https, or set allow_insecure_http = true", endpoint)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// envelope is the API's success and error body.
type envelope struct {
	Data json.RawMessage `json:"data"`
	Meta *Meta           `json:"meta"`
	// Message is a pointer to tell an absent message from an empty one.
	Message *string             `json:"message"`
	Errors  map[string][]string `json:"errors"`
}

// parseEnvelope decodes raw as the API's envelope: a JSON object with data
// or a message. Anything else (HTML, another API's JSON) is nil.
func parseEnvelope(raw []byte) *envelope {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || (env.Data == nil && env.Message == nil) {
		return nil
	}
	return &env
}

func (e *envelope) message() string {
	if e.Message == nil {
		return ""
	}
	return *e.Message
}

// request describes one logical API call; its retries share the idempotency key.
type request struct {
	method string
	path   string
	query  url.Values
	body   any
	// noAuth omits the API key (the portal's own login).
	noAuth bool
	// secrets are values the body carries (passwords) that no error or log
	// line may show, however the server quotes them back.
	secrets []string
	// probe gives up after one quick retry on a server it cannot reach.
	probe bool
}

// objectNotFound is the API's 404 message per route, by the path's first
// segment under /api.
var objectNotFound = map[string]string{
	"clients":      "Client not found.",
	"contacts":     "Contact not found.",
	"portal-users": "Portal user not found.",
}

// notFoundMessage is the 404 message of the object the path names, or ""
// for routes that name no object.
func (r request) notFoundMessage() string {
	seg := strings.SplitN(strings.TrimPrefix(r.path, "/"), "/", 3)
	if len(seg) < 2 || seg[0] != "api" {
		return ""
	}
	return objectNotFound[seg[1]]
}

// answer is a 2xx response.
type answer struct {
	status int
	env    *envelope // nil when the body is not the API's envelope
	ctype  string
	empty  bool
}

// probeRetryWait bounds the one retry CheckEndpoint makes for a server it
// could not reach.
const probeRetryWait = 200 * time.Millisecond

// do performs req with retries and decodes the envelope's data into out
// (when out is non-nil), checking that it is complete. It returns the list
// meta when present.
func (c *Client) do(ctx context.Context, req request, out any) (*Meta, error) {
	red := c.redact.with(req.secrets...)
	var payload []byte
	if req.body != nil {
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return nil, fmt.Errorf("%s %s: encoding request: %w", req.method, req.path, red.wrap(err))
		}
	}
	idemKey := ""
	if req.method == http.MethodPost {
		idemKey = idempotencyKey(ctx)
	}
	// waited is the retry wait just served: the pacer may add only what
	// is left of MaxRetryWait, so that one wait, whatever asks for it, is
	// never longer.
	var waited time.Duration
	// reached says whether an attempt got to a server that may have acted
	// on it: a later attempt that never left the client does not make the
	// call one that was never sent.
	var reached bool
	for attempt := 0; ; attempt++ {
		ans, wait, err := c.attempt(ctx, req, red, payload, idemKey, attempt, waited)
		if err == nil {
			return decode(req, red, ans, out)
		}
		reached = reached || mayHaveActed(err)
		if attempt > 0 && req.method == http.MethodDelete && errors.Is(err, ErrNotFound) {
			// An earlier attempt deleted the object and its answer was lost.
			return nil, nil
		}
		if req.probe && errors.Is(err, ErrRateLimited) {
			// A 429 proves the key: the probe has learnt what it asked.
			wait = -1
		}
		if req.probe && errors.Is(err, ErrNotSent) && wait >= 0 {
			if attempt > 0 {
				wait = -1
			} else {
				wait = min(wait, probeRetryWait)
			}
		}
		if wait < 0 || attempt >= c.maxRetries {
			return nil, finalError(err, attempt+1, reached)
		}
		var apiErr *APIError
		if wait > 0 && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests {
			c.onWait(ctx, Wait{Cause: WaitTooManyRequests, Method: req.method, Path: req.path,
				Duration: wait, Asked: max(apiErr.RetryAfter, wait), Cap: c.maxWait})
		}
		if c.sleep(ctx, wait) != nil {
			return nil, errors.Join(finalError(err, attempt+1, reached), ctx.Err())
		}
		waited = wait
	}
}

// finalError records on err's typed error how often the call was sent,
// and drops ErrNotSent from it when an earlier attempt reached the server.
func finalError(err error, n int, reached bool) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Attempts = n
	}
	var terr *TransportError
	if errors.As(err, &terr) {
		terr.Attempts = n
		terr.notSent = terr.notSent && !reached
	}
	return err
}

// mayHaveActed reports whether a failed attempt reached a server that may
// have acted on it: one that got no answer after sending, or a 5xx. A 4xx
// refused it, and an attempt that was never sent did nothing.
func mayHaveActed(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= http.StatusInternalServerError
	}
	return !errors.Is(err, ErrNotSent)
}

// decode reads a 2xx answer into out and checks what it holds.
func decode(req request, red *redactor, ans answer, out any) (*Meta, error) {
	call := fmt.Sprintf("%s %s: %d", req.method, req.path, ans.status)
	if ans.status == http.StatusNoContent && ans.empty {
		if out != nil {
			return nil, fmt.Errorf("%s answer carries no data: %w", call, ErrUnexpected)
		}
		return nil, nil
	}
	if ans.env == nil {
		ctype := ans.ctype
		if ctype == "" {
			ctype = "none"
		}
		return nil, fmt.Errorf("%s answer is not the Contacts API's JSON envelope (Content-Type %s): %w; set endpoint to the site root the API lives under, without /api (%w)",
			call, red.redact(ctype), ErrWrongEndpoint, ErrUnexpected)
	}
	if out == nil {
		return ans.env.Meta, nil
	}
	if len(ans.env.Data) == 0 || string(ans.env.Data) == "null" {
		return nil, fmt.Errorf("%s answer carries no data: %w", call, ErrUnexpected)
	}
	if err := json.Unmarshal(ans.env.Data, out); err != nil {
		return nil, fmt.Errorf("%s answer: decoding its data: %w: %w", call, ErrUnexpected, red.wrap(err))
	}
	if err := validateOut(out); err != nil {
		return nil, fmt.Errorf("%s answer is incomplete: %w: %w", call, red.wrap(err), ErrUnexpected)
	}
	return ans.env.Meta, nil
}

// attempt sends one try and classifies what came of it; waited is the
// retry wait served before it. A negative wait means the error is final.
func (c *Client) attempt(ctx context.Context, req request, red *redactor, payload []byte, idemKey string, attempt int, waited time.Duration) (answer, time.Duration, error) {
	if err := c.throttle(ctx, req, waited); err != nil {
		return answer{}, -1, err
	}
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	hreq, gotConn, err := c.newHTTPRequest(actx, req, red, payload, idemKey)
	if err != nil {
		return answer{}, -1, err
	}
	got, err := c.send(ctx, hreq, req, red, attempt)
	if err != nil {
		return c.transportFailure(ctx, actx, req, red, err, gotConn.Load(), attempt)
	}
	return c.classify(req, red, hreq.URL, got, attempt)
}

// throttle waits for the client's request rate, when it has one, and for
// the API's rate limit as its last answers reported it; waited is the
// retry wait already served, which the pacer's wait adds to.
func (c *Client) throttle(ctx context.Context, req request, waited time.Duration) error {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return throttleError(ctx, req, "the client's request rate", err)
		}
	}
	if c.pacer != nil {
		report := func(d, asked time.Duration, limit, remaining int) {
			c.onWait(ctx, Wait{Cause: WaitRateLimitLow, Method: req.method, Path: req.path,
				Duration: d, Asked: asked, Cap: c.maxWait, Limit: limit, Remaining: remaining})
		}
		if err := c.pacer.wait(ctx, waited, report); err != nil {
			return throttleError(ctx, req, "the API's rate limit", err)
		}
	}
	return nil
}

// throttleError is a wait before sending that the caller's context ended.
func throttleError(ctx context.Context, req request, what string, err error) error {
	terr := &TransportError{Method: req.method, Path: req.path, notSent: true,
		Err: fmt.Errorf("waiting for %s: %w", what, err)}
	ctxErr := ctx.Err()
	if ctxErr == nil {
		// Wait gives up early, with an error of its own, when the
		// deadline would pass before a token is free; classify it as
		// the caller's deadline it is so callers can test for it.
		ctxErr = context.DeadlineExceeded
	}
	return errors.Join(terr, ctxErr)
}

// newHTTPRequest builds one attempt's request, bound to the attempt's
// context. gotConn is set once the transport has a connection for it.
func (c *Client) newHTTPRequest(actx context.Context, req request, red *redactor, payload []byte, idemKey string) (*http.Request, *atomic.Bool, error) {
	u := c.base.JoinPath(req.path)
	if len(req.query) > 0 {
		u.RawQuery = req.query.Encode()
	}
	// Go's transport writes nothing before it has a connection: without
	// one, the request certainly never reached the server.
	gotConn := new(atomic.Bool)
	tctx := actx
	if c.traced {
		tctx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { gotConn.Store(true) }})
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	hreq, err := http.NewRequestWithContext(tctx, req.method, u.String(), body)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", req.method, req.path, red.wrap(err))
	}
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	if !req.noAuth {
		hreq.Header.Set("Authorization", "Bearer "+c.apiKey)
	}
	if idemKey != "" {
		hreq.Header.Set("Idempotency-Key", idemKey)
	}
	return hreq, gotConn, nil
}

// received is the answer to one attempt, read in full.
type received struct {
	status int
	header http.Header
	body   []byte
}

// send makes the HTTP request and reads its answer, logging one entry
// either way.
func (c *Client) send(ctx context.Context, hreq *http.Request, req request, red *redactor, attempt int) (received, error) {
	start := time.Now()
	resp, err := c.http.Do(hreq)
	fields := map[string]any{"method": req.method, "path": req.path, "attempt": attempt + 1}
	if err != nil {
		fields["error"] = red.redact(err.Error())
		fields["duration_ms"] = time.Since(start).Milliseconds()
		c.log(ctx, "contacts API request failed", fields)
		return received{}, err
	}
	defer resp.Body.Close()
	if c.pacer != nil {
		c.pacer.observe(resp.Header)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	fields["status"] = resp.StatusCode
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = red.redact(err.Error())
	}
	c.log(ctx, "contacts API request", fields)
	if err != nil {
		return received{}, err
	}
	return received{status: resp.StatusCode, header: resp.Header, body: raw}, nil
}

// transportFailure classifies an attempt that got no complete answer:
// err is why, and connected says whether the transport had a connection.
func (c *Client) transportFailure(ctx, actx context.Context, req request, red *redactor, err error, connected bool, attempt int) (answer, time.Duration, error) {
	terr := &TransportError{Method: req.method, Path: req.path, Err: red.wrap(err),
		notSent: (c.traced && !connected) || neverSent(err)}
	switch {
	case ctx.Err() != nil:
		return answer{}, -1, errors.Join(terr, ctx.Err())
	case errors.Is(actx.Err(), context.DeadlineExceeded):
		// The attempt's own limit, not the caller's deadline: keep the
		// cause's text but not its context.DeadlineExceeded.
		terr.limit = c.timeout
		terr.Err = errors.New(red.redact(err.Error()))
	case isCertificateError(err):
		// A certificate that fails verification will fail the same way
		// on every retry; say so at once.
		return answer{}, -1, terr
	}
	return answer{}, c.backoff(attempt), terr
}

// classify turns a complete answer to the request sent to target into the
// attempt's outcome: a 2xx answer, or the typed error and the wait before
// a retry.
func (c *Client) classify(req request, red *redactor, target *url.URL, got received, attempt int) (answer, time.Duration, error) {
	switch {
	case got.status >= 200 && got.status < 300:
		return answer{status: got.status, env: parseEnvelope(got.body), ctype: got.header.Get("Content-Type"), empty: len(got.body) == 0}, 0, nil
	case got.status >= 300 && got.status < 400:
		loc := got.header.Get("Location")
		if to, err := target.Parse(loc); err == nil && loc != "" {
			loc = to.String()
		}
		return answer{}, -1, &RedirectError{Method: req.method, Path: req.path, StatusCode: got.status, Location: red.redact(loc)}
	}
	apiErr := newAPIError(req, red, got.status, parseEnvelope(got.body))
	return answer{}, c.retryWait(req, apiErr, got.header, attempt), apiErr
}

// newAPIError is the typed, redacted error of a 4xx or 5xx answer.
func newAPIError(req request, red *redactor, status int, env *envelope) *APIError {
	apiErr := &APIError{
		Method:     req.method,
		Path:       req.path,
		StatusCode: status,
		Message:    http.StatusText(status),
		kind:       kindForStatus(status),
	}
	if env != nil {
		apiErr.Message, apiErr.FieldErrors = env.message(), env.Errors
	}
	if status == http.StatusNotFound {
		// Only the route's own sentence says the object is gone; any other
		// 404 says the request went somewhere else.
		apiErr.expected = req.notFoundMessage()
		if env == nil || apiErr.expected == "" || strings.TrimSpace(apiErr.Message) != apiErr.expected {
			apiErr.kind = ErrWrongEndpoint
		}
	}
	red.redactAPIError(apiErr)
	return apiErr
}

// retryWait is how long to wait before repeating a call that failed with
// apiErr, or -1 when it is final. It records a 429's Retry-After on apiErr.
func (c *Client) retryWait(req request, apiErr *APIError, header http.Header, attempt int) time.Duration {
	switch apiErr.StatusCode {
	case http.StatusTooManyRequests:
		apiErr.RetryAfter = parseRetryAfter(header.Get("Retry-After"))
		wait := apiErr.RetryAfter
		switch {
		case wait <= 0:
			return c.backoff(attempt)
		case wait >= c.maxWait:
			return c.maxWait
		}
		return min(wait+jitter(wait/10+time.Millisecond), c.maxWait)
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if safeToRepeat(req.method) {
			return c.backoff(attempt)
		}
	}
	return -1
}

// safeToRepeat reports whether a call may be sent again after a server
// error: GET, PUT and DELETE by their nature, PATCH because it sends the
// same body, POST because every attempt carries the call's one
// Idempotency-Key, which the server answers from its record of the first.
func safeToRepeat(method string) bool {
	switch method {
	case http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodPost:
		return true
	}
	return false
}

// backoff is exponential with full jitter, capped by maxWait.
func (c *Client) backoff(attempt int) time.Duration {
	d := defaultBaseRetryWait << min(attempt, 10)
	if d > c.maxWait {
		d = c.maxWait
	}
	return d/2 + jitter(d/2)
}

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(mathrand.Int64N(int64(d)))
}

// parseRetryAfter reads a Retry-After in seconds or as an HTTP date: never
// negative, and never more than LongestHeaderWait, so no value a server
// sends can overflow into a negative wait (which would end the retries).
func parseRetryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || secs >= uint64(LongestHeaderWait/time.Second) {
			return LongestHeaderWait
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		// Until saturates rather than overflows for a date centuries away.
		return min(max(time.Until(t), 0), LongestHeaderWait)
	}
	return 0
}

func idPath(format string, id int64) string { return fmt.Sprintf(format, id) }

// isCertificateError reports a TLS verification failure (unknown authority,
// wrong host name, expired certificate), which retrying cannot fix.
func isCertificateError(err error) bool {
	var verr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verr) || errors.As(err, &unknownAuthority) ||
		errors.As(err, &hostname) || errors.As(err, &invalid)
}

// neverSent reports a failure that happens before a request is written:
// no name, no connection, no TLS session. It covers transports that do not
// report their connections to the client's trace.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var recordErr tls.RecordHeaderError
	var alertErr tls.AlertError
	return errors.As(err, &dnsErr) || errors.As(err, &opErr) && opErr.Op == "dial" ||
		errors.As(err, &recordErr) || errors.As(err, &alertErr) || isCertificateError(err)
}
