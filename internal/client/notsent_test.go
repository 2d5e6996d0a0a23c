// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestNotSent drives real failures and checks which ones the client
// reports as certainly never having reached the server: only those may a
// caller repeat without wondering whether the first one acted.
func TestNotSent(t *testing.T) {
	t.Parallel()
	closedPort := func(t *testing.T) (string, []func(*Config)) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		return srv.URL, nil
	}
	serve := func(h http.HandlerFunc) func(t *testing.T) (string, []func(*Config)) {
		return func(t *testing.T) (string, []func(*Config)) { return newTestServer(t, h).URL, nil }
	}
	tests := map[string]struct {
		setup   func(t *testing.T) (endpoint string, opts []func(*Config))
		call    func(context.Context, *Client) error
		notSent bool
	}{
		"connection refused": {setup: closedPort, notSent: true},
		"unresolvable host": {
			setup: func(t *testing.T) (string, []func(*Config)) {
				return "http://no-such-host.invalid", []func(*Config){func(c *Config) { c.AllowInsecureHTTP = true }}
			},
			notSent: true,
		},
		"untrusted certificate": {
			setup: func(t *testing.T) (string, []func(*Config)) {
				srv := httptest.NewUnstartedServer(http.NotFoundHandler())
				srv.Config.ErrorLog = quietLog()
				srv.StartTLS()
				t.Cleanup(srv.Close)
				return srv.URL, nil
			},
			notSent: true,
		},
		"TLS to a plain HTTP server": {
			setup: func(t *testing.T) (string, []func(*Config)) {
				srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
					t.Errorf("a plain HTTP server was reached: %s %s", r.Method, r.URL)
				})
				return strings.Replace(srv.URL, "http://", "https://", 1), nil
			},
			notSent: true,
		},
		"the client's rate limiter gives up": {
			setup: func(t *testing.T) (string, []func(*Config)) {
				srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, anyObjectJSON) })
				return srv.URL, []func(*Config){func(c *Config) { c.RequestsPerSecond = 0.001 }}
			},
			call: func(ctx context.Context, c *Client) error {
				if _, err := c.GetClient(ctx, 1); err != nil {
					return err
				}
				ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
				defer cancel()
				_, err := c.GetClient(ctx, 1)
				return err
			},
			notSent: true,
		},
		"reset after the request was sent": {
			setup: serve(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				conn, _, err := http.NewResponseController(w).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				_ = conn.(*net.TCPConn).SetLinger(0) // RST, not FIN
				_ = conn.Close()
			}),
		},
		"EOF after the request was sent": {
			setup: serve(func(w http.ResponseWriter, r *http.Request) { dropConnection(t, w) }),
		},
		"body cut short": {
			setup: serve(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "1000")
				w.WriteHeader(200)
				_, _ = w.Write([]byte(`{"data":{"id":45,`))
				_ = http.NewResponseController(w).Flush()
				panic(http.ErrAbortHandler)
			}),
		},
		"request time limit after the request was sent": {
			setup: func(t *testing.T) (string, []func(*Config)) {
				srv := newTestServer(t, hang)
				return srv.URL, []func(*Config){func(c *Config) { c.RequestTimeout = 100 * time.Millisecond }}
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			endpoint, opts := tc.setup(t)
			c := newTestClient(t, endpoint, append(opts, noRetries)...)
			call := tc.call
			if call == nil {
				call = func(ctx context.Context, c *Client) error {
					_, err := c.CreatePortalUser(ctx, PortalUserCreateRequest{ContactID: 1, Password: hostilePassword})
					return err
				}
			}
			err := call(context.Background(), c)
			if !errors.Is(err, ErrTransport) {
				t.Fatalf("err = %v, want a transport error", err)
			}
			var terr *TransportError
			if !errors.As(err, &terr) {
				t.Fatalf("errors.As(*TransportError) = false for %v", err)
			}
			if got := errors.Is(err, ErrNotSent); got != tc.notSent {
				t.Errorf("errors.Is(err, ErrNotSent) = %v, want %v: %v", got, tc.notSent, err)
			}
		})
	}
}

// TestRequestTimeoutIsNamed: an attempt cut off by the client's own
// per-attempt limit, even by an answer that trickles in forever, says which
// limit it hit, and is not mistaken for the caller's deadline.
func TestRequestTimeoutIsNamed(t *testing.T) {
	t.Parallel()
	trickle := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		for _, b := range []byte(`{"data":{"id":1,"company_name":"Acme"},"message":"ok"}`) {
			if _, err := w.Write([]byte{b}); err != nil {
				return
			}
			_ = http.NewResponseController(w).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	}
	tests := map[string]struct {
		handler http.HandlerFunc
	}{
		"a body that trickles 1 byte a second": {handler: trickle},
		"no headers at all":                    {handler: hang},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, tc.handler)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestTimeout = 300 * time.Millisecond; cfg.MaxRetries = 1 })
			start := time.Now()
			_, err := c.GetClient(context.Background(), 1)
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("took %v, want about two attempts of 300ms", elapsed)
			}
			if !errors.Is(err, ErrTransport) || !errors.Is(err, ErrRequestTimeout) {
				t.Fatalf("err = %v, want ErrTransport and ErrRequestTimeout", err)
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v is context.DeadlineExceeded: the caller's deadline did not pass", err)
			}
			if msg := err.Error(); !strings.Contains(msg, "request time limit of 300ms") || !strings.Contains(msg, "after 2 attempts") {
				t.Errorf("Error() = %q, want it to name the 300ms request time limit and the 2 attempts", msg)
			}
		})
	}
	t.Run("the caller's deadline is still the caller's", func(t *testing.T) {
		t.Parallel()
		srv := newTestServer(t, hang)
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestTimeout = 10 * time.Second })
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := c.GetClient(ctx, 1)
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrRequestTimeout) {
			t.Errorf("err = %v, want context.DeadlineExceeded and not ErrRequestTimeout", err)
		}
	})
}

// quietLog keeps the TLS handshake errors that tests cause on purpose out
// of the test output.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }

// TestNotSentAfterAnAttemptThatWas: a call whose last attempt never left
// the client is not "not sent" when an earlier attempt reached a server
// that may have acted on it. The create that reported it was never sent
// was left out of the state while the server held it.
func TestNotSentAfterAnAttemptThatWas(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		first   http.HandlerFunc
		notSent bool
	}{
		"applied, then its answer lost": {
			first: func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				dropConnection(t, w)
			},
		},
		"a 503, which may follow the work": {
			first: func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, `{"message":"Service Unavailable"}`) },
		},
		"a 429, which refuses it": {
			first:   func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 429, `{"message":"Too Many Attempts."}`) },
			notSent: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					tc.first(w, r)
					return
				}
				t.Errorf("attempt %d reached the server; the rate limiter should have held it", calls.Load())
			})
			// One request every two seconds: the first attempt takes the
			// only token, and the caller's deadline passes before the
			// retry could have the next.
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerSecond = 0.5; cfg.MaxRetries = 1 })
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			_, err := c.CreatePortalUser(ctx, PortalUserCreateRequest{ContactID: 1, Password: hostilePassword})
			if calls.Load() != 1 {
				t.Fatalf("the server saw %d attempts, want 1 (err = %v)", calls.Load(), err)
			}
			if err == nil {
				t.Fatal("err = nil, want the caller's deadline")
			}
			if got := errors.Is(err, ErrNotSent); got != tc.notSent {
				t.Errorf("errors.Is(err, ErrNotSent) = %v, want %v: %v", got, tc.notSent, err)
			}
		})
	}
}
