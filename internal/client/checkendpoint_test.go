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
