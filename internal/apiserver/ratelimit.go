// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter is a fixed-window counter per bucket. As in Laravel, a window
// opens with the first request of a bucket and lasts one period; requests
// refused with 429 do not count.
type limiter struct {
	limit  int
	period time.Duration

	mu        sync.Mutex
	windows   map[string]*window
	lastPurge time.Time
}

type window struct {
	start time.Time
	hits  int
}

func newLimiter(limit int, period time.Duration) *limiter {
	return &limiter{limit: limit, period: period, windows: map[string]*window{}}
}

// current returns the bucket's live window, or nil when it has none.
// It also drops expired windows once per period so the map stays small.
func (l *limiter) current(bucket string, now time.Time) *window {
	if now.Sub(l.lastPurge) >= l.period {
		for k, w := range l.windows {
			if !now.Before(w.start.Add(l.period)) {
				delete(l.windows, k)
			}
		}
		l.lastPurge = now
	}
	w := l.windows[bucket]
	if w != nil && !now.Before(w.start.Add(l.period)) {
		delete(l.windows, bucket)
		return nil
	}
	return w
}

// allow counts a request and sets the rate-limit headers; on refusal it
// also sets Retry-After (whole seconds until the window resets, at least 1).
func (l *limiter) allow(rw http.ResponseWriter, bucket string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.current(bucket, now)
	if w == nil {
		w = &window{start: now}
		l.windows[bucket] = w
	}
	if w.hits >= l.limit {
		l.write(rw, 0)
		wait := w.start.Add(l.period).Sub(now)
		rw.Header().Set("Retry-After", strconv.Itoa(int(max(1, (wait+time.Second-1)/time.Second))))
		return false
	}
	w.hits++
	l.write(rw, l.limit-w.hits)
	return true
}

// setHeaders reports the bucket's state without counting the request, for
// answers given before the rate-limit check (404, 405, 413, 401).
func (l *limiter) setHeaders(rw http.ResponseWriter, bucket string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	remaining := l.limit
	if w := l.current(bucket, now); w != nil {
		remaining = max(0, l.limit-w.hits)
	}
	l.write(rw, remaining)
}

// writeExhausted reports an exhausted bucket (an injected 429).
func (l *limiter) writeExhausted(rw http.ResponseWriter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.write(rw, 0)
}

// setLimit changes the limit and opens every bucket's window afresh.
func (l *limiter) setLimit(limit int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit = limit
	clear(l.windows)
}

// write sets the headers. Called with mu held.
func (l *limiter) write(rw http.ResponseWriter, remaining int) {
	rw.Header().Set("X-RateLimit-Limit", strconv.Itoa(l.limit))
	rw.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
}
