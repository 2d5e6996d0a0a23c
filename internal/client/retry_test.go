// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// callByMethod makes one logical call per HTTP method through the public API.
var callByMethod = map[string]func(ctx context.Context, c *Client) error{
	"GET": func(ctx context.Context, c *Client) error {
		_, err := c.GetContact(ctx, 45)
		return err
	},
	"POST": func(ctx context.Context, c *Client) error {
		_, err := c.CreateContact(ctx, ContactCreateRequest{FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: 12})
		return err
	},
	"PATCH": func(ctx context.Context, c *Client) error {
		_, err := c.UpdateContact(ctx, 45, ContactUpdateRequest{FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example"})
		return err
	},
	"PUT": func(ctx context.Context, c *Client) error {
		_, err := c.SetAccountOwner(ctx, 45)
		return err
	},
	"DELETE": func(ctx context.Context, c *Client) error {
		return c.DeleteContact(ctx, 45)
	},
}

func TestRetries(t *testing.T) {
	t.Parallel()
	// With MaxRetries 2, a retryable failure is tried 3 times in all.
	// Every call is safe to repeat: GET, PUT and DELETE by their nature,
	// PATCH with the same body, POST under one Idempotency-Key. So a 500,
	// too, is retried.
	tests := map[string]struct {
		status   int // 0: drop the connection
		message  string
		attempts int
		want     error
	}{
		"429":                 {status: 429, attempts: 3, want: ErrRateLimited},
		"500":                 {status: 500, attempts: 3, want: ErrServer},
		"502":                 {status: 502, attempts: 3, want: ErrServer},
		"503":                 {status: 503, attempts: 3, want: ErrServer},
		"504":                 {status: 504, attempts: 3, want: ErrServer},
		"connection dropped":  {status: 0, attempts: 3, want: ErrTransport},
		"400":                 {status: 400, attempts: 1, want: ErrUnexpected},
		"401":                 {status: 401, attempts: 1, want: ErrUnauthorized},
		"403":                 {status: 403, attempts: 1, want: ErrForbidden},
		"404 of the contact":  {status: 404, message: "Contact not found.", attempts: 1, want: ErrNotFound},
		"404 of another kind": {status: 404, attempts: 1, want: ErrWrongEndpoint},
		"409":                 {status: 409, attempts: 1, want: ErrConflict},
		"413":                 {status: 413, attempts: 1, want: ErrUnexpected},
		"422":                 {status: 422, attempts: 1, want: ErrValidation},
	}
	for name, tc := range tests {
		for method, call := range callByMethod {
			t.Run(method+" "+name, func(t *testing.T) {
				t.Parallel()
				rec := &recorder{}
				srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
					rec.record(r)
					if tc.status == 0 {
						dropConnection(t, w)
						return
					}
					w.Header().Set("Retry-After", "0")
					msg := cmp.Or(tc.message, "failure")
					writeJSON(w, tc.status, map[string]string{"message": msg})
				})
				err := call(context.Background(), newTestClient(t, srv.URL))
				assertOnlySentinel(t, err, tc.want)
				hits := rec.all()
				if len(hits) != tc.attempts {
					t.Fatalf("server saw %d requests, want %d", len(hits), tc.attempts)
				}
				// The error says how often it was tried, and only then.
				if after := fmt.Sprintf("after %d attempts", tc.attempts); tc.attempts > 1 != strings.Contains(err.Error(), after) || strings.Contains(err.Error(), "after 1 ") {
					t.Errorf("Error() = %q, want it to say %q only when retried", err, after)
				}
				if got := attemptsOf(err); got != tc.attempts {
					t.Errorf("Attempts = %d, want %d", got, tc.attempts)
				}
				for _, h := range hits {
					if h.Method != method {
						t.Errorf("request method = %s, want %s", h.Method, method)
					}
				}
			})
		}
	}
}

func TestRetriesThenSuccess(t *testing.T) {
	t.Parallel()
	for method, call := range callByMethod {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch n.Add(1) {
				case 1:
					writeJSON(w, 503, `{"message":"Service Unavailable"}`)
				case 2:
					dropConnection(t, w)
				case 3:
					w.Header().Set("Retry-After", "0")
					writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
				default:
					writeJSON(w, 200, contactJSON(45, "jane@acme.example"))
				}
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
			if err := call(context.Background(), c); err != nil {
				t.Fatalf("call after 3 transient failures: %v", err)
			}
			if got := n.Load(); got != 4 {
				t.Errorf("server saw %d requests, want 4", got)
			}
		})
	}
}

func TestRetriesDisabledAndDefault(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{Endpoint: "http://127.0.0.1:1", MaxRetries: -1}); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("New with MaxRetries -1: err = %v, want a refusal of the negative count", err)
	}
	tests := map[string]struct {
		maxRetries int
		attempts   int
	}{
		"zero sends once":    {maxRetries: 0, attempts: 1},
		"one":                {maxRetries: 1, attempts: 2},
		"the default budget": {maxRetries: DefaultMaxRetries, attempts: DefaultMaxRetries + 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				writeJSON(w, 503, `{"message":"Service Unavailable"}`)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = tc.maxRetries })
			if _, err := c.GetContact(context.Background(), 1); !errors.Is(err, ErrServer) {
				t.Fatalf("err = %v, want ErrServer", err)
			}
			if got := int(n.Load()); got != tc.attempts {
				t.Errorf("server saw %d requests, want %d", got, tc.attempts)
			}
		})
	}
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	rec := &recorder{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		// Each logical call fails twice (a 503, then a dropped connection)
		// before it succeeds.
		switch n.Add(1) % 3 {
		case 1:
			writeJSON(w, 503, `{"message":"Service Unavailable"}`)
		case 2:
			dropConnection(t, w)
		default:
			writeJSON(w, 201, contactJSON(45, "jane@acme.example"))
		}
	})
	c := newTestClient(t, srv.URL)
	req := ContactCreateRequest{FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: 12}
	for range 2 {
		if _, err := c.CreateContact(context.Background(), req); err != nil {
			t.Fatalf("CreateContact: %v", err)
		}
	}
	hits := rec.all()
	if len(hits) != 6 {
		t.Fatalf("server saw %d requests, want 6", len(hits))
	}
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = h.Header.Get("Idempotency-Key")
		if keys[i] == "" || len(keys[i]) > 255 {
			t.Fatalf("attempt %d: Idempotency-Key = %q, want 1–255 characters", i+1, keys[i])
		}
		if string(h.Body) != string(hits[0].Body) {
			t.Errorf("attempt %d body = %s, want the first attempt's %s", i+1, h.Body, hits[0].Body)
		}
	}
	if keys[0] != keys[1] || keys[1] != keys[2] {
		t.Errorf("first call's retries used keys %q, want one key", keys[:3])
	}
	if keys[3] != keys[4] || keys[4] != keys[5] {
		t.Errorf("second call's retries used keys %q, want one key", keys[3:])
	}
	if keys[0] == keys[3] {
		t.Errorf("two logical calls shared the key %q", keys[0])
	}
}

func TestIdempotencyKeyOnEveryPOSTOnly(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		writeJSON(w, 200, anyObjectJSON)
	})
	c := newTestClient(t, srv.URL)
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.CreateClient(ctx, ClientCreateRequest{CompanyName: "Acme"}); return err },
		func() error { _, err := c.CreateContact(ctx, ContactCreateRequest{}); return err },
		func() error { _, err := c.CreatePortalUser(ctx, PortalUserCreateRequest{ContactID: 1}); return err },
		func() error { _, err := c.GrantAccess(ctx, 1); return err },
		func() error { _, err := c.RevokeAccess(ctx, 1); return err },
		func() error { _, err := c.SetPassword(ctx, 1, "s3cretpass"); return err },
		func() error { _, err := c.SendInvite(ctx, 1); return err },
		func() error { _, err := c.PortalLogin(ctx, "jane", "s3cretpass"); return err },
		func() error { _, err := c.GetClient(ctx, 1); return err },
		func() error { _, err := c.UpdateClient(ctx, 1, ClientUpdateRequest{}); return err },
		func() error { return c.DeleteClient(ctx, 1) },
		func() error { _, err := c.UpdatePortalUser(ctx, 1, PortalUserUpdateRequest{}); return err },
		func() error { return c.DeletePortalUser(ctx, 1) },
		func() error { _, err := c.SetAccountOwner(ctx, 1); return err },
	}
	for _, call := range calls {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, h := range rec.all() {
		key := h.Header.Get("Idempotency-Key")
		switch {
		case h.Method == "POST" && key == "":
			t.Errorf("POST %s carried no Idempotency-Key", h.Path)
		case h.Method == "POST" && seen[key]:
			t.Errorf("POST %s reused the key %q of another call", h.Path, key)
		case h.Method != "POST" && key != "":
			t.Errorf("%s %s carried Idempotency-Key %q", h.Method, h.Path, key)
		}
		seen[key] = true
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	var (
		n     atomic.Int32
		first atomic.Int64
		gap   atomic.Int64
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		now := time.Now().UnixNano()
		if n.Add(1) == 1 {
			first.Store(now)
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
			return
		}
		gap.Store(now - first.Load())
		writeJSON(w, 200, contactJSON(1, "a@b.example"))
	})
	// The backoff alone would wait at most 250ms; only Retry-After makes it a second.
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetryWait = 5 * time.Second })
	if _, err := c.GetContact(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if got := time.Duration(gap.Load()); got < time.Second {
		t.Errorf("retried after %v, want at least the 1s Retry-After", got)
	}
}

func TestRetryAfterCappedByMaxRetryWait(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.Header().Set("Retry-After", "3600")
			writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
			return
		}
		writeJSON(w, 200, contactJSON(1, "a@b.example"))
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetryWait = 5 * time.Millisecond })
	// An uncapped wait fails here instead of hanging the suite.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if _, err := c.GetContact(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := time.Since(start); got > 2*time.Second {
		t.Errorf("took %v: a one-hour Retry-After was not capped at 5ms", got)
	}
	if got := n.Load(); got != 3 {
		t.Errorf("server saw %d requests, want 3", got)
	}
}

func TestContextCancellationStopsRetrying(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		respond func(t *testing.T, w http.ResponseWriter, r *http.Request)
		// cancelAfterFirst cancels the context once the first answer is in;
		// otherwise the context has a short deadline.
		cancelAfterFirst bool
		wantCtxErr       error
		wantClass        error
	}{
		"cancelled while waiting out a long Retry-After": {
			respond: func(t *testing.T, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "30")
				writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
			},
			cancelAfterFirst: true, wantCtxErr: context.Canceled, wantClass: ErrRateLimited,
		},
		"cancelled while backing off a 503": {
			respond: func(t *testing.T, w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 503, `{"message":"Service Unavailable"}`)
			},
			cancelAfterFirst: true, wantCtxErr: context.Canceled, wantClass: ErrServer,
		},
		"deadline passes during a hung request": {
			respond: func(t *testing.T, w http.ResponseWriter, r *http.Request) {
				hang(w, r)
			},
			wantCtxErr: context.DeadlineExceeded, wantClass: ErrTransport,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				tc.respond(t, w, r)
			})
			var (
				ctx    context.Context
				cancel context.CancelFunc
			)
			if tc.cancelAfterFirst {
				ctx, cancel = context.WithCancel(context.Background())
			} else {
				ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
			}
			// Long waits: only the context can end this call quickly.
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.MaxRetries = 100
				cfg.MaxRetryWait = 30 * time.Second
				// The hook runs once the answer is read, right before the
				// client starts waiting to retry: cancel exactly then.
				cfg.Logger = func(_ context.Context, _ string, fields map[string]any) {
					if _, answered := fields["status"]; answered && tc.cancelAfterFirst {
						cancel()
					}
				}
			})
			defer cancel()
			start := time.Now()
			_, err := c.GetContact(ctx, 1)
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("returned after %v, want promptly after the cancellation", elapsed)
			}
			if !errors.Is(err, tc.wantCtxErr) {
				t.Errorf("errors.Is(err, %v) = false: %v", tc.wantCtxErr, err)
			}
			if !errors.Is(err, tc.wantClass) {
				t.Errorf("errors.Is(err, %v) = false: %v", tc.wantClass, err)
			}
			if got := n.Load(); got != 1 {
				t.Errorf("server saw %d requests, want 1", got)
			}
		})
	}
}

func TestContextAlreadyCancelled(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		writeJSON(w, 200, contactJSON(1, "a@b.example"))
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newTestClient(t, srv.URL).GetContact(ctx, 1)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := rec.count(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestRequestTimeoutBoundsOneAttempt(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			hang(w, r) // past the attempt's timeout
			return
		}
		writeJSON(w, 200, contactJSON(1, "a@b.example"))
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond })
	// The caller's context is fine, so the timed-out attempt is retried.
	if _, err := c.GetContact(context.Background(), 1); err != nil {
		t.Fatalf("GetContact after one timed-out attempt: %v", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("server saw %d requests, want 2", got)
	}
}

func TestCertificateErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	}))
	srv.Config.ErrorLog = quietLog()
	srv.StartTLS()
	t.Cleanup(srv.Close)
	var attempts atomic.Int32
	// The default HTTP client does not trust httptest's certificate.
	c, err := New(Config{
		Endpoint: srv.URL, APIKey: "k", MaxRetries: 5, MaxRetryWait: time.Millisecond,
		Logger: func(context.Context, string, map[string]any) { attempts.Add(1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetContact(context.Background(), 1)
	if !errors.Is(err, ErrTransport) || !isCertificateError(err) {
		t.Fatalf("want a transport error from certificate verification, got %v", err)
	}
	if n := attempts.Load(); n != 1 {
		t.Fatalf("%d attempts: a certificate error must not be retried", n)
	}
}

// attemptsOf is the Attempts of the typed error in err's chain.
func attemptsOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Attempts
	}
	var terr *TransportError
	if errors.As(err, &terr) {
		return terr.Attempts
	}
	return -1
}

func TestAttemptsOfTheDefaultBudget(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"message":"Server Error"}`)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = DefaultMaxRetries })
	_, err := c.GetContact(context.Background(), 1)
	if got := attemptsOf(err); got != DefaultMaxRetries+1 {
		t.Errorf("Attempts = %d, want %d", got, DefaultMaxRetries+1)
	}
	if want := fmt.Sprintf("(after %d attempts)", DefaultMaxRetries+1); !strings.Contains(err.Error(), want) {
		t.Errorf("Error() = %q, want it to contain %q", err, want)
	}
}

func TestCallerSuppliedIdempotencyKey(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	rec := &recorder{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		if n.Add(1) == 1 {
			dropConnection(t, w)
			return
		}
		writeJSON(w, 201, anyObjectJSON)
	})
	c := newTestClient(t, srv.URL)
	key := NewIdempotencyKey()
	if len(key) < 16 || len(key) > 255 || key == NewIdempotencyKey() {
		t.Fatalf("NewIdempotencyKey() = %q, want a fresh key of 16–255 characters", key)
	}
	ctx := WithIdempotencyKey(context.Background(), key)
	for range 2 {
		if _, err := c.CreateClient(ctx, ClientCreateRequest{CompanyName: "Acme"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateClient(context.Background(), ClientCreateRequest{CompanyName: "Acme"}); err != nil {
		t.Fatal(err)
	}
	hits := rec.all()
	if len(hits) != 4 {
		t.Fatalf("server saw %d requests, want 4", len(hits))
	}
	for i, h := range hits[:3] {
		if got := h.Header.Get("Idempotency-Key"); got != key {
			t.Errorf("request %d: Idempotency-Key = %q, want the caller's %q", i+1, got, key)
		}
	}
	if got := hits[3].Header.Get("Idempotency-Key"); got == key || got == "" {
		t.Errorf("a call without the caller's key sent %q, want a fresh key", got)
	}
	// A GET never carries one, even with the key in its context.
	if _, err := c.GetClient(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := rec.all()[4].Header.Get("Idempotency-Key"); got != "" {
		t.Errorf("GET carried Idempotency-Key %q", got)
	}
}

func TestRetriedDeleteThatFindsTheObjectGone(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		first, then string  // what each attempt meets: drop, 503, gone (the object's own 404), 404 (another 404)
		want        []error // nil: success
		attempts    int
	}{
		"the answer was lost":            {first: "drop", then: "gone", attempts: 2},
		"a 503, then gone":               {first: "503", then: "gone", attempts: 2},
		"gone at once":                   {first: "gone", want: []error{ErrNotFound}, attempts: 1},
		"a 404 of another kind on retry": {first: "drop", then: "404", want: []error{ErrWrongEndpoint}, attempts: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				step := tc.then
				if n.Add(1) == 1 {
					step = tc.first
				}
				switch step {
				case "drop":
					dropConnection(t, w)
				case "503":
					writeJSON(w, 503, `{"message":"Service Unavailable"}`)
				case "gone":
					writeJSON(w, 404, `{"message":"Contact not found."}`)
				default:
					writeJSON(w, 404, `{"message":"Not found."}`)
				}
			})
			err := newTestClient(t, srv.URL).DeleteContact(context.Background(), 45)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("DeleteContact = %v, want success", err)
				}
			} else {
				assertOnlySentinel(t, err, tc.want...)
			}
			if got := int(n.Load()); got != tc.attempts {
				t.Errorf("server saw %d requests, want %d", got, tc.attempts)
			}
		})
	}
}
