// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitClock is a fake clock for a client's waits, the retry waits and the
// pacer's alike: it moves only when the client sleeps, and it sums the
// sleeps before each request the server receives, so a test sees every
// single wait whatever its sources.
type waitClock struct {
	mu   sync.Mutex
	now  time.Time
	sent *atomic.Int32
	// before[n] is the time slept before request n+1 (the first is 1).
	before map[int32]time.Duration
}

// onWaitClock puts c's waits on a fake clock; sent counts the requests
// the test's server received.
func onWaitClock(c *Client, sent *atomic.Int32) *waitClock {
	wc := &waitClock{now: time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC), sent: sent, before: map[int32]time.Duration{}}
	c.sleep = wc.sleep
	c.pacer.now = wc.clock
	c.pacer.sleep = wc.sleep
	return wc
}

func (wc *waitClock) clock() time.Time {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	return wc.now
}

func (wc *waitClock) sleep(ctx context.Context, d time.Duration) error {
	if d < 0 {
		panic("a negative wait: " + d.String())
	}
	wc.mu.Lock()
	defer wc.mu.Unlock()
	wc.now = wc.now.Add(d)
	wc.before[wc.sent.Load()] += d
	return ctx.Err()
}

// longest is the longest single wait before one request.
func (wc *waitClock) longest() time.Duration {
	wc.mu.Lock()
	defer wc.mu.Unlock()
	var most time.Duration
	for _, d := range wc.before {
		most = max(most, d)
	}
	return most
}

// yearAway is an X-RateLimit-Reset a year from the test's clock, as Unix seconds.
var yearAway = strconv.FormatInt(time.Date(2027, 6, 15, 9, 0, 0, 0, time.UTC).Unix(), 10)

// TestSingleWaitCapped: whatever asks for a wait — a 429's Retry-After in
// seconds or as a date, the rate-limit figures, or both at once — no
// single wait before a request is longer than MaxRetryWait, none is
// negative, and a retryable 429 is retried.
func TestSingleWaitCapped(t *testing.T) {
	t.Parallel()
	const limit = 30 * time.Second // the default MaxRetryWait
	tooMany := func(retryAfter string, remaining bool) func(http.ResponseWriter, int32) {
		return func(w http.ResponseWriter, n int32) {
			if remaining {
				w.Header().Set("X-RateLimit-Limit", "60")
				w.Header().Set("X-RateLimit-Remaining", "0")
			}
			w.Header().Set("Retry-After", retryAfter)
			writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
		}
	}
	once := func(first func(http.ResponseWriter, int32)) func(http.ResponseWriter, int32) {
		return func(w http.ResponseWriter, n int32) {
			if n == 1 {
				first(w, n)
				return
			}
			writeJSON(w, 200, contactJSON(1, "a@b.example"))
		}
	}
	tests := map[string]struct {
		respond  func(w http.ResponseWriter, n int32)
		retries  int
		calls    int
		wantSent int32
		wantErr  error
		// wantLongest is the longest single wait; 0 checks only the cap.
		wantLongest time.Duration
		// wantHeard are the causes OnWait hears of, in order, each once;
		// wantCut says the cap cut the first.
		wantHeard []WaitCause
		wantCut   bool
	}{
		// Issue 20, item 8: the retry's wait and the pacer's added up to 60 s.
		"Retry-After 999999 with nothing remaining, one retry": {
			respond: tooMany("999999", true), retries: 1, calls: 1,
			wantSent: 2, wantErr: ErrRateLimited, wantLongest: limit,
			wantHeard: []WaitCause{WaitTooManyRequests}, wantCut: true,
		},
		"Retry-After 999999 without rate-limit figures": {
			respond: once(tooMany("999999", false)), retries: 1, calls: 1,
			wantSent: 2, wantLongest: limit, wantHeard: []WaitCause{WaitTooManyRequests}, wantCut: true,
		},
		// Issue 20, item 10: a date in year 9999 overflowed to a negative
		// wait, and the 429 was taken as final.
		"Retry-After a date in year 9999": {
			respond: once(tooMany("Fri, 31 Dec 9999 23:59:59 GMT", true)), retries: 1, calls: 1,
			wantSent: 2, wantLongest: limit, wantHeard: []WaitCause{WaitTooManyRequests}, wantCut: true,
		},
		"Retry-After seconds past a Duration": {
			respond: once(tooMany("9223372037", true)), retries: 1, calls: 1,
			wantSent: 2, wantLongest: limit, wantHeard: []WaitCause{WaitTooManyRequests}, wantCut: true,
		},
		"Retry-After seconds past an int64": {
			respond: once(tooMany("99999999999999999999", true)), retries: 1, calls: 1,
			wantSent: 2, wantLongest: limit, wantHeard: []WaitCause{WaitTooManyRequests}, wantCut: true,
		},
		"Retry-After a date in the past": {
			respond: once(tooMany("Mon, 01 Jan 2001 00:00:00 GMT", false)), retries: 1, calls: 1,
			wantSent: 2, wantHeard: []WaitCause{WaitTooManyRequests},
		},
		"Retry-After negative": {
			respond: once(tooMany("-5", false)), retries: 1, calls: 1,
			wantSent: 2, wantHeard: []WaitCause{WaitTooManyRequests},
		},
		// Issue 20, item 9: every answer says nothing remains, and the
		// reset (which the contract does not have) is a year away.
		"nothing remaining on every answer, reset a year away": {
			respond: func(w http.ResponseWriter, _ int32) {
				w.Header().Set("X-RateLimit-Limit", "60")
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("X-RateLimit-Reset", yearAway)
				writeJSON(w, 200, contactJSON(1, "a@b.example"))
			},
			retries: 5, calls: 4, wantSent: 4, wantLongest: limit,
			wantHeard: []WaitCause{WaitRateLimitLow}, wantCut: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var sent atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				tc.respond(w, sent.Add(1))
			})
			var heard []Wait
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.MaxRetries, cfg.MaxRetryWait = tc.retries, 0
				cfg.OnWait = func(_ context.Context, w Wait) { heard = append(heard, w) }
			})
			wc := onWaitClock(c, &sent)
			var err error
			for range tc.calls {
				if _, err = c.GetContact(context.Background(), 1); err != nil {
					break
				}
			}
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("err = %v, want success", err)
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if got := sent.Load(); got != tc.wantSent {
				t.Errorf("the server saw %d requests, want %d", got, tc.wantSent)
			}
			got := wc.longest()
			if got > limit {
				t.Errorf("a single wait of %s, want at most MaxRetryWait (%s); waits before each request: %v", got, limit, wc.before)
			}
			if tc.wantLongest > 0 && got != tc.wantLongest {
				t.Errorf("the longest wait is %s, want %s; waits before each request: %v", got, tc.wantLongest, wc.before)
			}
			var causes []WaitCause
			for _, w := range heard {
				if len(causes) == 0 || causes[len(causes)-1] != w.Cause {
					causes = append(causes, w.Cause)
				}
				if w.Duration <= 0 || w.Duration > limit || w.Cap != limit || w.Path != "/api/contacts/1" {
					t.Errorf("OnWait heard %+v, want a wait from 0 to %s of GET /api/contacts/1", w, limit)
				}
			}
			if !slices.Equal(causes, tc.wantHeard) {
				t.Errorf("OnWait heard of %v, want %v", causes, tc.wantHeard)
			}
			if len(heard) > 0 && heard[0].Cut() != tc.wantCut {
				t.Errorf("OnWait heard %+v: Cut() = %v, want %v", heard[0], heard[0].Cut(), tc.wantCut)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		value string
		// in, when set, makes value the HTTP date that far from the
		// moment the case runs: a parallel case may start long after the
		// table was built.
		in       time.Duration
		min, max time.Duration
	}{
		"absent":                  {value: "", min: 0, max: 0},
		"seconds":                 {value: "20", min: 20 * time.Second, max: 20 * time.Second},
		"spaces":                  {value: " 7 ", min: 7 * time.Second, max: 7 * time.Second},
		"zero":                    {value: "0", min: 0, max: 0},
		"negative":                {value: "-5", min: 0, max: 0},
		"fraction":                {value: "1.5", min: 0, max: 0},
		"garbage":                 {value: "soon", min: 0, max: 0},
		"a date in 90 s":          {in: 90 * time.Second, min: 60 * time.Second, max: 90 * time.Second},
		"a date in the past":      {value: "Mon, 01 Jan 2001 00:00:00 GMT", min: 0, max: 0},
		"a date in year 9999":     {value: "Fri, 31 Dec 9999 23:59:59 GMT", min: LongestHeaderWait, max: LongestHeaderWait},
		"seconds past a Duration": {value: "9223372037", min: LongestHeaderWait, max: LongestHeaderWait},
		"seconds past an int64":   {value: "99999999999999999999", min: LongestHeaderWait, max: LongestHeaderWait},
		"eleven days":             {value: "999999", min: 999999 * time.Second, max: 999999 * time.Second},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if tc.in != 0 {
				tc.value = time.Now().Add(tc.in).UTC().Format(http.TimeFormat)
			}
			if got := parseRetryAfter(tc.value); got < tc.min || got > tc.max {
				t.Errorf("parseRetryAfter(%q) = %s, want %s to %s", tc.value, got, tc.min, tc.max)
			}
		})
	}
}
