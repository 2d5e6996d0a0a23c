// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func rateHeaders(limit, remaining int) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	return h
}

// fakePacer returns a pacer on a clock that only moves when it sleeps.
func fakePacer(start time.Time) (*pacer, *time.Time) {
	now := start
	p := newPacer()
	p.now = func() time.Time { return now }
	p.sleep = func(_ context.Context, d time.Duration) error { now = now.Add(d); return nil }
	return p, &now
}

func TestPacerWaits(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		limit, remaining int
		// after is how far into the window the answer arrives, waitAt
		// when the next request asks (0: at once).
		after, waitAt time.Duration
		wantWait      time.Duration
	}{
		"plenty left: no wait":          {limit: 600, remaining: 500, wantWait: 0},
		"half left: still no wait":      {limit: 600, remaining: 300, wantWait: 0},
		"a quarter left: still no wait": {limit: 600, remaining: 149, after: 30 * time.Second, wantWait: 0},
		"a twentieth left: spread":      {limit: 600, remaining: 29, after: 30 * time.Second, wantWait: time.Second},
		"none left: until the window":   {limit: 600, remaining: 0, after: 45 * time.Second, wantWait: 15 * time.Second},
		"window over: no wait":          {limit: 600, remaining: 0, after: 45 * time.Second, waitAt: 61 * time.Second, wantWait: 0},
		"no headers: no wait":           {limit: 0, remaining: 0, wantWait: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, now := fakePacer(start)
			p.observe(rateHeaders(tc.limit, tc.limit)) // the window opens
			*now = start.Add(tc.after)
			p.observe(rateHeaders(tc.limit, tc.remaining))
			if tc.waitAt > 0 {
				*now = start.Add(tc.waitAt)
			}
			before := *now
			if err := p.wait(context.Background(), 0, nil); err != nil {
				t.Fatal(err)
			}
			if got := now.Sub(before); got != tc.wantWait {
				t.Errorf("waited %s, want %s", got, tc.wantWait)
			}
		})
	}
}

// TestPacerTwoClientsShareTheWindow: two pacers on one key (two
// pipelines) each see the key's count fall by both; together they stay
// within the limit but for the odd request (which the client's 429
// handling retries), and both keep going until the window ends. Without
// pacing, 400 of their 1,000 requests would be refused.
func TestPacerTwoClientsShareTheWindow(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	now := start
	const limit = 600
	remaining := limit
	clock := func() time.Time { return now }
	var pacers [2]*pacer
	wake := [2]time.Time{start, start}
	for i := range pacers {
		pacers[i] = newPacer()
		pacers[i].now = clock
	}
	sent := [2]int{}
	refused := 0
	// Each pipeline wants 500 requests; the clock moves to the earlier
	// of the two pipelines' next slots.
	for sent[0]+sent[1] < 1000 && now.Before(start.Add(rateWindow)) {
		i := 0
		if wake[1].Before(wake[0]) || sent[0] == 500 {
			i = 1
		}
		if sent[i] == 500 {
			break
		}
		if wake[i].After(now) {
			now = wake[i]
		}
		if remaining == 0 {
			refused++
		} else {
			remaining--
			sent[i]++
		}
		for _, p := range pacers {
			p.observe(rateHeaders(limit, remaining))
		}
		p := pacers[i]
		p.mu.Lock()
		wake[i] = p.slot(now)
		p.next = wake[i]
		p.mu.Unlock()
		if !wake[i].After(now) {
			wake[i] = now.Add(time.Millisecond) // a request takes time
		}
	}
	if refused > 5 {
		t.Errorf("%d requests would have been refused with 429", refused)
	}
	if sent[0] < 250 || sent[1] < 250 {
		t.Errorf("the pipelines sent %d and %d requests in the window: one starved the other", sent[0], sent[1])
	}
}

// TestPacerRetryAfter: a 429's Retry-After ends the window, so the pacer
// waits for it rather than for its own guess at the minute.
func TestPacerRetryAfter(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		retryAfter string
		wantWait   time.Duration
	}{
		"in 20 s":  {retryAfter: "20", wantWait: 20 * time.Second},
		"at once":  {retryAfter: "0", wantWait: 0},
		"no value": {retryAfter: "", wantWait: 50 * time.Second},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, now := fakePacer(start)
			p.observe(rateHeaders(600, 600))
			*now = start.Add(10 * time.Second)
			h := rateHeaders(600, 0)
			if tc.retryAfter != "" {
				h.Set("Retry-After", tc.retryAfter)
			}
			p.observe(h)
			before := *now
			if err := p.wait(context.Background(), 0, nil); err != nil {
				t.Fatal(err)
			}
			if got := now.Sub(before); got != tc.wantWait {
				t.Errorf("waited %s, want %s", got, tc.wantWait)
			}
		})
	}
}

// TestPacerNewWindow: Remaining going up means the server's window turned,
// whatever the pacer had guessed (a provider that starts mid-window, or
// shares its key): the new window runs a minute from that answer, and
// what is left of it is spread over that minute, not over the old guess.
func TestPacerNewWindow(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	type answer struct {
		at        time.Duration
		remaining int
	}
	tests := map[string]struct {
		answers  []answer
		wantWait time.Duration
	}{
		// The window guessed at 0 s turned at 40 s: 29 left at 50 s last
		// until 100 s, 50 s for 30 requests.
		"remaining went up: a new window": {
			answers:  []answer{{0, 300}, {40 * time.Second, 599}, {50 * time.Second, 29}},
			wantWait: 50 * time.Second / 30,
		},
		// Falling all along: still the window guessed at 0 s, 10 s left.
		"remaining fell: the same window": {
			answers:  []answer{{0, 300}, {40 * time.Second, 200}, {50 * time.Second, 29}},
			wantWait: 10 * time.Second / 30,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, now := fakePacer(start)
			for _, a := range tc.answers {
				*now = start.Add(a.at)
				p.observe(rateHeaders(600, a.remaining))
			}
			before := *now
			if err := p.wait(context.Background(), 0, nil); err != nil {
				t.Fatal(err)
			}
			if got := now.Sub(before); got != tc.wantWait {
				t.Errorf("waited %s, want %s", got, tc.wantWait)
			}
		})
	}
}
