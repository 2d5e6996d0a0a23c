// Package client is a typed client for the Contacts API (see docs/api). It
// knows nothing of Terraform: the provider maps its objects and errors.
package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxRetries     = 5
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetryWait   = 30 * time.Second
	defaultBaseRetryWait  = 250 * time.Millisecond
	maxResponseBytes      = 8 << 20
)

// Config configures a Client.
type Config struct {
	// Endpoint is the site root, e.g. https://crm.example.com; the API lives under /api.
	Endpoint string
	// APIKey is sent as a bearer token. It is never logged.
	APIKey string
	// UserAgent is sent on every request, e.g. "terraform-provider-contacts/1.2.0".
	UserAgent string
	// HTTPClient carries TLS settings; nil means a client with default transport.
	HTTPClient *http.Client
	// AllowInsecureHTTP permits http:// to hosts other than loopback, where the
	// key and passwords would cross the network in the clear.
	AllowInsecureHTTP bool
	// MaxRetries is how many times a retryable failure is retried; negative disables retries.
	MaxRetries int
	// RequestTimeout bounds one attempt.
	RequestTimeout time.Duration
	// MaxRetryWait caps a single wait between attempts, Retry-After included.
	MaxRetryWait time.Duration
	// RequestsPerSecond throttles the client itself; zero means no throttle.
	RequestsPerSecond float64
	// Logger receives one entry per attempt: method, path, status, duration.
	// Bodies and headers are never passed to it.
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
	log        func(ctx context.Context, msg string, fields map[string]any)
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	base, err := ParseEndpoint(cfg.Endpoint, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:       base,
		apiKey:     cfg.APIKey,
		userAgent:  cfg.UserAgent,
		http:       cfg.HTTPClient,
		maxRetries: cfg.MaxRetries,
		timeout:    cfg.RequestTimeout,
		maxWait:    cfg.MaxRetryWait,
		log:        cfg.Logger,
	}
	if c.http == nil {
		c.http = &http.Client{Transport: NewTransport()}
	}
	if c.maxRetries == 0 {
		c.maxRetries = DefaultMaxRetries
	} else if c.maxRetries < 0 {
		c.maxRetries = 0
	}
	if c.timeout <= 0 {
		c.timeout = DefaultRequestTimeout
	}
	if c.maxWait <= 0 {
		c.maxWait = DefaultMaxRetryWait
	}
	if cfg.RequestsPerSecond > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), int(math.Max(1, cfg.RequestsPerSecond)))
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-contacts"
	}
	if c.log == nil {
		c.log = func(context.Context, string, map[string]any) {}
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
	Data    json.RawMessage     `json:"data"`
	Meta    *Meta               `json:"meta"`
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors"`
}

// request describes one logical API call; its retries share the idempotency key.
type request struct {
	method string
	path   string
	query  url.Values
	body   any
	// noAuth omits the API key (the portal's own login).
	noAuth bool
}

// do performs req with retries and decodes the envelope's data into out
// (when out is non-nil). It returns the list meta when present.
func (c *Client) do(ctx context.Context, req request, out any) (*Meta, error) {
	var payload []byte
	if req.body != nil {
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return nil, fmt.Errorf("%s %s: encoding request: %w", req.method, req.path, err)
		}
	}
	idemKey := ""
	if req.method == http.MethodPost {
		idemKey = newIdempotencyKey()
	}
	for attempt := 0; ; attempt++ {
		env, wait, err := c.attempt(ctx, req, payload, idemKey, attempt)
		if err == nil {
			if out != nil && len(env.Data) > 0 && string(env.Data) != "null" {
				if err := json.Unmarshal(env.Data, out); err != nil {
					return nil, fmt.Errorf("%s %s: decoding response data: %w: %w", req.method, req.path, ErrUnexpected, err)
				}
			}
			return env.Meta, nil
		}
		if wait < 0 || attempt >= c.maxRetries {
			return nil, err
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, errors.Join(err, ctx.Err())
		case <-timer.C:
		}
	}
}

// attempt sends one try. A negative wait means the error is final.
func (c *Client) attempt(ctx context.Context, req request, payload []byte, idemKey string, attempt int) (*envelope, time.Duration, error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctx.Err() == nil {
				// Wait gives up early, with an error of its own, when the
				// deadline would pass before a token is free; classify it as
				// the deadline it is so callers can test for it.
				err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
			}
			return nil, -1, fmt.Errorf("%s %s: waiting for the client's request rate: %w", req.method, req.path, err)
		}
	}
	u := c.base.JoinPath(req.path)
	if len(req.query) > 0 {
		u.RawQuery = req.query.Encode()
	}
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	hreq, err := http.NewRequestWithContext(actx, req.method, u.String(), body)
	if err != nil {
		return nil, -1, fmt.Errorf("%s %s: %w", req.method, req.path, err)
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

	start := time.Now()
	resp, err := c.http.Do(hreq)
	fields := map[string]any{"method": req.method, "path": req.path, "attempt": attempt + 1}
	if err != nil {
		fields["error"] = err.Error()
		fields["duration_ms"] = time.Since(start).Milliseconds()
		c.log(ctx, "contacts API request failed", fields)
		terr := &TransportError{Method: req.method, Path: req.path, Err: err}
		if ctx.Err() != nil {
			return nil, -1, errors.Join(terr, ctx.Err())
		}
		if isCertificateError(err) {
			// A certificate that fails verification will fail the same way
			// on every retry; say so at once.
			return nil, -1, terr
		}
		return nil, c.backoff(attempt), terr
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	fields["status"] = resp.StatusCode
	fields["duration_ms"] = time.Since(start).Milliseconds()
	c.log(ctx, "contacts API request", fields)
	if err != nil {
		terr := &TransportError{Method: req.method, Path: req.path, Err: err}
		if ctx.Err() != nil {
			return nil, -1, errors.Join(terr, ctx.Err())
		}
		return nil, c.backoff(attempt), terr
	}

	var env envelope
	decodeErr := json.Unmarshal(raw, &env)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if decodeErr != nil {
			return nil, -1, fmt.Errorf("%s %s: %d with a body that is not the API's JSON envelope: %w", req.method, req.path, resp.StatusCode, ErrUnexpected)
		}
		return &env, 0, nil
	}
	apiErr := &APIError{
		Method:      req.method,
		Path:        req.path,
		StatusCode:  resp.StatusCode,
		Message:     env.Message,
		FieldErrors: env.Errors,
		kind:        kindForStatus(resp.StatusCode),
	}
	if decodeErr != nil {
		apiErr.Message = http.StatusText(resp.StatusCode)
	}
	c.redactKey(apiErr)
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		apiErr.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
		wait := apiErr.RetryAfter
		if wait <= 0 {
			wait = c.backoff(attempt)
		}
		return nil, min(wait+jitter(wait/10+time.Millisecond), c.maxWait), apiErr
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return nil, c.backoff(attempt), apiErr
	}
	return nil, -1, apiErr
}

// redactKey blanks the API key out of an error's server-written text: a
// misconfigured server or proxy that echoes the Authorization header would
// otherwise carry the key into diagnostics and logs.
func (c *Client) redactKey(e *APIError) {
	if c.apiKey == "" {
		return
	}
	e.Message = strings.ReplaceAll(e.Message, c.apiKey, "[redacted]")
	for field, msgs := range e.FieldErrors {
		for i, m := range msgs {
			msgs[i] = strings.ReplaceAll(m, c.apiKey, "[redacted]")
		}
		if strings.Contains(field, c.apiKey) {
			delete(e.FieldErrors, field)
			e.FieldErrors[strings.ReplaceAll(field, c.apiKey, "[redacted]")] = msgs
		}
	}
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

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
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

// idleConnsPerHost is how many idle connections to the API the client
// keeps. Terraform runs 10 operations at once by default (-parallelism);
// Go's default of 2 made a 2,000-resource refresh open about 300
// connections, each a new TCP (and TLS) handshake.
const idleConnsPerHost = 64

// NewTransport returns the transport the client uses unless Config
// supplies an HTTP client: Go's default, keeping enough idle connections
// for Terraform's parallelism.
func NewTransport() *http.Transport {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by the program: start from the proxy setting alone
		base = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = idleConnsPerHost
	return t
}
