// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateWindow is the length of the API's fixed rate-limit window.
const rateWindow = time.Minute

// paceBelow is the share of the window's requests left under which the
// client starts to spread its requests over the rest of the window. A new
// provider process cannot know when the server's window began, so it
// spreads over an estimate that may run long: pacing only the last tenth
// keeps a lone client at the limit's throughput (`make bench` measures it)
// and still leaves a tenth of every window for the others on the key.
const paceBelow = 0.1

// pacer slows the client down before the API's rate limit instead of after
// a 429. Every answer carries X-RateLimit-Limit and X-RateLimit-Remaining
// for the key; the window is a fixed minute, which starts when Remaining
// goes up (or at the first answer), and ends when a 429's Retry-After
// says. Once fewer than paceBelow of the window's requests remain,
// requests are spaced so that the rest lasts until the window ends. The
// key's count includes every client that shares the key, so two pipelines
// on one key both slow down as it runs low, and both finish instead of
// starving each other with 429s.
type pacer struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	// maxWait caps one wait, with the retry's wait before it, as the
	// client's MaxRetryWait caps every wait between attempts; 0 is no cap.
	maxWait time.Duration

	mu          sync.Mutex
	limit       int
	remaining   int
	windowStart time.Time
	next        time.Time // no request before this instant
}

func newPacer() *pacer {
	return &pacer{now: time.Now, sleep: sleepContext}
}

// observe records the rate-limit headers of an answer.
func (p *pacer) observe(h http.Header) {
	if h.Get("X-RateLimit-Remaining") == "" {
		return // an API without the headers is never paced
	}
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err1 != nil || err2 != nil || limit <= 0 || remaining < 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	switch ra := h.Get("Retry-After"); {
	case remaining == 0 && ra != "":
		// A 429 says when the window turns: that, not the guess, ends it
		// (and the retry's own wait covers it).
		p.windowStart = now.Add(parseRetryAfter(ra) - rateWindow)
	case p.windowStart.IsZero() || remaining > p.remaining || now.Sub(p.windowStart) >= rateWindow:
		p.windowStart = now
	}
	p.limit, p.remaining = limit, remaining
}

// wait blocks until the next request may go, by the rule above. waited is
// how long the caller already waited for this request (a retry's wait):
// the two together stay within maxWait, so a 429's Retry-After and the
// window it ends are never waited for twice. A wait that would outlast
// ctx's deadline fails at once, as the client's own rate limiter does.
// report, when not nil, hears of a wait before it starts: its length, the
// length the window asked for, and the figures that asked for it.
func (p *pacer) wait(ctx context.Context, waited time.Duration, report func(d, asked time.Duration, limit, remaining int)) error {
	p.mu.Lock()
	if p.limit == 0 || float64(p.remaining) >= paceBelow*float64(p.limit) {
		p.mu.Unlock() // the common case: no headers, or plenty left
		return nil
	}
	now := p.now()
	at := p.slot(now)
	p.next = at
	limit, remaining := p.limit, p.remaining
	p.mu.Unlock()
	asked := at.Sub(now)
	d := asked
	if p.maxWait > 0 {
		d = min(d, p.maxWait-waited)
	}
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return errors.New("the wait would pass the deadline")
	}
	if report != nil {
		report(d, asked, limit, remaining)
	}
	return p.sleep(ctx, d)
}

// slot is when the next request may go, seen at now. Called with mu held.
func (p *pacer) slot(now time.Time) time.Time {
	if p.limit == 0 || float64(p.remaining) >= paceBelow*float64(p.limit) {
		return now
	}
	end := p.windowStart.Add(rateWindow)
	left := end.Sub(now)
	if left <= 0 {
		return now // the window has turned; the next answer says how much is left
	}
	if p.remaining == 0 {
		return end
	}
	from := now
	if p.next.After(now) {
		from = p.next
	}
	at := from.Add(left / time.Duration(p.remaining+1))
	if at.After(end) {
		return end
	}
	return at
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
