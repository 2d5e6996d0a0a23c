// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rateHeaderWriter forwards an answer with its rate-limit headers
// replaced, as a proxy in front of the API could.
type rateHeaderWriter struct {
	http.ResponseWriter
	set http.Header
}

func (w rateHeaderWriter) WriteHeader(code int) {
	for k, v := range w.set {
		w.Header()[k] = v
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w rateHeaderWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// waitWarning is the summary of the warning that announces a long wait.
const waitWarning = "Warning: Waiting for the Contacts API Rate Limit"

// TestAccWaits_announcedAndCapped: a plan against an API whose rate-limit
// answers ask for endless waits takes at most max_wait per wait and says
// why it is slow, once per cause, naming the wait and its cause; the plan
// is still "No changes.". Before, a plan waited 30 s per request with no
// word (issue 20, item 9), and one 429 with Retry-After: 999999 and
// max_retries = 1 waited 60 s, the retry's wait and the pacer's added up
// (item 8). max_wait is 1s here (CONTACTS_MAX_WAIT) to keep the test fast.
func TestAccWaits_announcedAndCapped(t *testing.T) {
	t.Parallel()
	yearAway := strconv.FormatInt(time.Now().AddDate(1, 0, 0).Unix(), 10)
	tests := map[string]struct {
		// rewrite answers the request itself and returns true, or
		// returns the headers to put on the forwarded answer.
		rewrite func(n int64, w http.ResponseWriter, r *http.Request) (http.Header, bool)
		want    []string
	}{
		"nothing remaining on every answer, reset a year away": {
			rewrite: func(_ int64, _ http.ResponseWriter, _ *http.Request) (http.Header, bool) {
				return http.Header{
					"X-Ratelimit-Limit":     {"60"},
					"X-Ratelimit-Remaining": {"0"},
					"X-Ratelimit-Reset":     {yearAway},
				}, false
			},
			want: []string{"0 of its 60 requests", "X-RateLimit-Remaining", "waited 1s", "max_wait"},
		},
		"one 429 with Retry-After 999999": {
			rewrite: func(n int64, w http.ResponseWriter, r *http.Request) (http.Header, bool) {
				if n > 1 || !strings.HasPrefix(r.URL.Path, "/api/contacts") {
					return nil, false
				}
				w.Header().Set("X-RateLimit-Limit", "60")
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("Retry-After", "999999")
				hostileJSON(w, http.StatusTooManyRequests, `{"message":"Too Many Attempts."}`)
				return nil, true
			},
			want: []string{"429 Too Many Attempts", "Retry-After", "277h46m39s", "waited 1s", "max_wait"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testAccServer(t)
			acme := mustCreateClient(t, testAPIClient(t, srv), "Waits Inc")
			ws := newCLIWorkspace(t, srv, fmt.Sprintf(`
provider "contacts" {
  max_retries = 1
}

resource "contacts_contact" "c" {
  for_each   = toset(["ann", "bob", "cy"])
  client_id  = %d
  first_name = each.key
  last_name  = "Waits"
  email      = "${each.key}@waits.example"
}
`, acme.ID))
			ws.mustRun("apply", "-auto-approve")

			proxy := newHostileProxy(t, srv)
			var contactRequests atomic.Int64
			intercept := func(w http.ResponseWriter, r *http.Request) bool {
				var n int64
				if strings.HasPrefix(r.URL.Path, "/api/contacts") {
					n = contactRequests.Add(1)
				}
				set, answered := tc.rewrite(n, w, r)
				if !answered {
					proxy.forward.ServeHTTP(rateHeaderWriter{ResponseWriter: w, set: set}, r)
				}
				return true
			}
			proxy.intercept.Store(&intercept)
			hostile := *ws
			hostile.env = append(slices.Clone(ws.env), "CONTACTS_ENDPOINT="+proxy.URL, "CONTACTS_MAX_WAIT=1s")
			start := time.Now()
			out := hostile.mustRun("plan")
			took := time.Since(start)

			if !strings.Contains(out, "No changes.") {
				t.Errorf("the plan is not empty:\n%s", out)
			}
			if n := strings.Count(out, waitWarning); n != 1 {
				t.Errorf("%q appears %d times, want once:\n%s", waitWarning, n, out)
			}
			flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", "")), " ")
			for _, want := range tc.want {
				if !strings.Contains(flat, want) {
					t.Errorf("the warning does not say %q:\n%s", want, out)
				}
			}
			// A handful of requests, each waiting at most max_wait.
			if took > 30*time.Second {
				t.Errorf("the plan took %s, want each wait at most max_wait (1s)", took)
			}
		})
	}
}
