// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckEndpoint(t *testing.T) {
	t.Parallel()
	serve := func(status int, body string) func(t *testing.T) string {
		return func(t *testing.T) string {
			return newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != "GET" || r.URL.Path != "/api/access-roles" {
					writeJSON(w, 404, `{"message":"Not found."}`)
					return
				}
				writeJSON(w, status, body)
			}).URL
		}
	}
	tests := map[string]struct {
		endpoint func(t *testing.T) string
		want     []error // nil: no error
	}{
		"the API":               {endpoint: serve(200, `{"data":[{"reference":"billing","name":"Billing"}],"message":"Access roles retrieved successfully."}`)},
		"the API with no roles": {endpoint: serve(200, `{"data":[],"message":"ok"}`)},
		"a wrong key":           {endpoint: serve(401, `{"message":"Unauthenticated."}`), want: []error{ErrUnauthorized}},
		"endpoint ending in /api": {
			endpoint: func(t *testing.T) string { return serve(200, `{"data":[]}`)(t) + "/api" },
			want:     []error{ErrWrongEndpoint},
		},
		"an HTML page":           {endpoint: serve(200, `<html>Welcome</html>`), want: []error{ErrWrongEndpoint, ErrUnexpected}},
		"an HTML 404":            {endpoint: serve(404, `<html>Not Found</html>`), want: []error{ErrWrongEndpoint}},
		"data null":              {endpoint: serve(200, `{"data":null}`), want: []error{ErrWrongEndpoint, ErrUnexpected}},
		"data that is no list":   {endpoint: serve(200, `{"data":{}}`), want: []error{ErrWrongEndpoint, ErrUnexpected}},
		"a message without data": {endpoint: serve(200, `{"message":"ok"}`), want: []error{ErrWrongEndpoint, ErrUnexpected}},
		"a redirect": {
			endpoint: func(t *testing.T) string {
				return newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, "https://crm.example.com"+r.URL.Path, http.StatusMovedPermanently)
				}).URL
			},
			want: []error{ErrRedirect},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := newTestClient(t, tc.endpoint(t)).CheckEndpoint(context.Background())
			if tc.want == nil {
				if err != nil {
					t.Fatalf("CheckEndpoint: %v", err)
				}
				return
			}
			assertOnlySentinel(t, err, tc.want...)
		})
	}
}

// TestCheckEndpointFailsFast: an unreachable host is reported at once, not
// after the whole retry budget.
func TestCheckEndpointFailsFast(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	tests := map[string]string{
		"connection refused": srv.URL,
		"unresolvable host":  "http://no-such-host.invalid",
	}
	for name, endpoint := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var attempts atomic.Int32
			c, err := New(Config{
				Endpoint: endpoint, APIKey: testAPIKey, AllowInsecureHTTP: true,
				MaxRetries: 5, MaxRetryWait: 30 * time.Second,
				Logger: func(context.Context, string, map[string]any) { attempts.Add(1) },
			})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err = c.CheckEndpoint(context.Background())
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("CheckEndpoint took %v, want a quick answer", elapsed)
			}
			assertOnlySentinel(t, err, ErrTransport, ErrNotSent)
			if n := attempts.Load(); n > 2 {
				t.Errorf("%d attempts, want at most one quick retry", n)
			}
			var terr *TransportError
			if !errors.As(err, &terr) {
				t.Fatalf("errors.As(*TransportError) = false for %v", err)
			}
		})
	}
}

// TestCheckEndpointBounded: the endpoint check has a total budget, the
// request timeout plus the longest single wait, whatever the server does;
// a 429 already proves the key, so the check does not wait it out. Before,
// a server answering 429 with Retry-After: 999999 held a default plan in
// the check for minutes without a word (issue 20, item 8).
func TestCheckEndpointBounded(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		respond          func(w http.ResponseWriter, r *http.Request)
		timeout, maxWait time.Duration
		// fakeClock puts the waits on a clock that takes no time, where
		// maxWaited bounds their sum.
		fakeClock bool
		maxWaited time.Duration
		// maxSent bounds the requests the server sees, maxElapsed the
		// check's real time.
		maxSent    int32
		maxElapsed time.Duration
		want       []error
	}{
		"429 with Retry-After 999999": {
			respond: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-RateLimit-Limit", "60")
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("Retry-After", "999999")
				writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
			},
			timeout: 10 * time.Second, fakeClock: true, maxWaited: 0,
			maxSent: 1, maxElapsed: 5 * time.Second, want: []error{ErrRateLimited},
		},
		"a server that never answers": {
			respond: func(w http.ResponseWriter, r *http.Request) { hang(w, r) },
			// A budget of 150 ms: two attempts at most, where 21 attempts
			// took 2 s and more.
			timeout: 100 * time.Millisecond, maxWait: 50 * time.Millisecond,
			// maxSent catches a check that goes on; maxElapsed leaves room
			// for a loaded machine.
			maxSent: 2, maxElapsed: 5 * time.Second, want: []error{ErrTransport, context.DeadlineExceeded},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var sent atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				sent.Add(1)
				tc.respond(w, r)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.MaxRetries, cfg.MaxRetryWait, cfg.RequestTimeout = 20, tc.maxWait, tc.timeout
			})
			var wc *waitClock
			if tc.fakeClock {
				wc = onWaitClock(c, &sent)
			}
			start := time.Now()
			err := c.CheckEndpoint(context.Background())
			elapsed := time.Since(start)
			for _, want := range tc.want {
				if !errors.Is(err, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			}
			if n := sent.Load(); n > tc.maxSent {
				t.Errorf("the server saw %d requests, want at most %d", n, tc.maxSent)
			}
			if wc != nil {
				var waited time.Duration
				for _, d := range wc.before {
					waited += d
				}
				if waited > tc.maxWaited {
					t.Errorf("the check waited %s in all, want at most %s", waited, tc.maxWaited)
				}
			}
			if elapsed > tc.maxElapsed {
				t.Errorf("the check took %s, want at most %s", elapsed, tc.maxElapsed)
			}
		})
	}
}
