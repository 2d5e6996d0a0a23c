// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault kinds: the keys of FaultCounts and the "fault" attribute of the
// request log.
const (
	FaultLatency     = "latency"
	FaultServerError = "500"
	FaultUnavailable = "503"
	FaultThrottled   = "429"
	FaultDropped     = "drop-after-commit"
	// FaultServerErrorAfterCommit is a write committed and then answered 500.
	FaultServerErrorAfterCommit = "500-after-commit"
)

// Faults makes the server slow and unreliable on purpose, so tests can show
// that a client copes. The zero value injects nothing.
//
// Faults apply to the routed requests that pass the Methods and Routes
// filters. Each such request takes its decisions, in one step under a lock,
// from a random source seeded with Seed: for a given seed and order of
// requests the decisions are always the same. The checks go in this order,
// each rate applying to the requests the previous ones let through:
// latency (always), ErrorRate, 429 bursts, then DropAfterCommitRate and
// ServerErrorAfterCommitRate, which share one draw: a write is dropped or
// answered 500 after its commit, never both.
type Faults struct {
	// Seed seeds the decisions; SetFaults restarts the sequence.
	Seed int64

	// Latency delays every eligible request before anything else happens;
	// Jitter adds a uniformly random extra delay in [0, Jitter).
	Latency time.Duration
	Jitter  time.Duration

	// ErrorRate is the fraction of requests answered 500
	// {"message":"Server Error"} or 503 {"message":"Service Unavailable"}
	// (each half the time) before the server looks at them: nothing is
	// authenticated, counted by the rate limiter, stored or changed.
	ErrorRate float64
	// ErrorStatus fixes the status of those errors: 500, 503, or 0 for the
	// even mix. 503 alone models a busy server; 500 an internal failure,
	// which a client may retry only with requests that are safe to repeat.
	ErrorStatus int

	// Throttle429Rate is the chance that a request starts a burst of
	// Throttle429Burst (0 means 1) consecutive answers of
	// 429 {"message":"Too Many Attempts."} with Retry-After: RetryAfter
	// seconds and X-RateLimit-Remaining: 0. The request right after a
	// burst is never throttled, so a client that sends requests one at a
	// time and retries at least Throttle429Burst times always gets through,
	// even with a rate of 1; the long-run fraction of 429s is therefore
	// r·b / (1 + r·b) for rate r and burst b.
	Throttle429Rate  float64
	Throttle429Burst int
	// RetryAfter is the Retry-After of injected 429s, in seconds; the
	// default 0 lets the client pick its own backoff and keeps tests fast.
	RetryAfter int

	// DropAfterCommitRate is the fraction of successful (2xx) writes
	// (POST, PUT, PATCH, DELETE) whose change is committed, saved and
	// remembered for Idempotency-Key replays exactly as usual, after which
	// the connection is closed without an answer. Replays of a stored
	// answer are never dropped: nothing is committed by them, and a client
	// retrying with its Idempotency-Key must be able to learn the outcome.
	DropAfterCommitRate float64

	// ServerErrorAfterCommitRate is the fraction of successful writes that
	// are committed, saved and remembered for replays like the dropped ones
	// and then answered 500 {"message":"Server Error"}: a server failing
	// after the commit. A retry with the same Idempotency-Key gets the real
	// answer replayed. It is a fraction of all eligible writes, not of the
	// ones left after drops; the two rates together must not exceed 1.
	ServerErrorAfterCommitRate float64

	// Methods limits faults to these HTTP methods; empty means all.
	Methods []string
	// Routes limits faults to these route patterns (see Routes); empty
	// means every route but the portal login, which a route list must name
	// explicitly to get faults.
	Routes []string
}

// Validate reports rates outside [0, 1], negative durations and counts,
// and route patterns the server does not have.
func (f Faults) Validate() error {
	var errs []error
	for _, r := range []struct {
		name string
		rate float64
	}{
		{"ErrorRate", f.ErrorRate}, {"Throttle429Rate", f.Throttle429Rate}, {"DropAfterCommitRate", f.DropAfterCommitRate},
		{"ServerErrorAfterCommitRate", f.ServerErrorAfterCommitRate},
	} {
		if math.IsNaN(r.rate) || r.rate < 0 || r.rate > 1 {
			errs = append(errs, fmt.Errorf("%s %v is not between 0 and 1", r.name, r.rate))
		}
	}
	if f.DropAfterCommitRate+f.ServerErrorAfterCommitRate > 1 {
		errs = append(errs, errors.New("DropAfterCommitRate and ServerErrorAfterCommitRate add up to more than 1"))
	}
	if f.Latency < 0 || f.Jitter < 0 {
		errs = append(errs, errors.New("latency and jitter must not be negative"))
	}
	if f.ErrorStatus != 0 && f.ErrorStatus != http.StatusInternalServerError && f.ErrorStatus != http.StatusServiceUnavailable {
		errs = append(errs, fmt.Errorf("ErrorStatus %d is not 500, 503 or 0", f.ErrorStatus))
	}
	if f.Throttle429Burst < 0 || f.RetryAfter < 0 {
		errs = append(errs, errors.New("Throttle429Burst and RetryAfter must not be negative"))
	}
	known := Routes()
	for _, p := range f.Routes {
		if !slices.Contains(known, p) {
			errs = append(errs, fmt.Errorf("unknown route %q", p))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("apiserver: invalid faults: %w", err)
	}
	return nil
}

// SetFaults replaces the faults in force and restarts their random sequence
// from f.Seed; requests already past their decisions are not affected.
// FaultCounts keeps counting. It panics if f is invalid (see Validate), as
// that is a mistake in the test that calls it.
func (s *Server) SetFaults(f Faults) {
	if err := f.Validate(); err != nil {
		panic(err)
	}
	s.faults.set(f)
}

// ClearFaults stops injecting faults.
func (s *Server) ClearFaults() { s.faults.set(Faults{}) }

// FaultCounts returns how many faults of each kind (FaultLatency, …) the
// server injected since it started. A drop is counted only when it
// happened, i.e. when the write succeeded.
func (s *Server) FaultCounts() map[string]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return maps.Clone(s.faults.counts)
}

type faultInjector struct {
	mu         sync.Mutex
	cfg        Faults
	rng        *rand.Rand
	burstLeft  int  // 429s still due in the current burst
	afterBurst bool // the next request is let through
	counts     map[string]int
}

func newFaultInjector(f Faults) *faultInjector {
	fi := &faultInjector{counts: map[string]int{}}
	fi.set(f)
	return fi
}

func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f.Methods, f.Routes = slices.Clone(f.Methods), slices.Clone(f.Routes)
	fi.cfg = f
	// The second PCG word is fixed: the seed alone picks the sequence.
	fi.rng = rand.New(rand.NewPCG(uint64(f.Seed), 0x636f6e7461637473))
	fi.burstLeft, fi.afterBurst = 0, false
}

func (fi *faultInjector) count(kind string) {
	fi.mu.Lock()
	fi.counts[kind]++
	fi.mu.Unlock()
}

// applies reports whether the Methods and Routes filters select a request.
func (f Faults) applies(method, pattern string, isPublic bool) bool {
	if len(f.Routes) == 0 && isPublic || len(f.Routes) > 0 && !slices.Contains(f.Routes, pattern) {
		return false
	}
	return len(f.Methods) == 0 || slices.ContainsFunc(f.Methods, func(m string) bool { return strings.EqualFold(m, method) })
}

// faultDecision is what happens to one request.
type faultDecision struct {
	delay      time.Duration
	status     int // 500, 503 or 429 answered instead of the route; 0: none
	retryAfter int
	drop       bool // drop the connection if the write succeeds
	fail       bool // answer 500 if the write succeeds
}

// decide takes every decision for one request at once, always drawing the
// same numbers, so the sequence does not depend on how requests turn out.
func (fi *faultInjector) decide(method, pattern string, isPublic bool) faultDecision {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := fi.cfg
	if !f.applies(method, pattern, isPublic) {
		return faultDecision{}
	}
	jitter, errDraw, unavailable, throttleDraw, dropDraw :=
		fi.rng.Float64(), fi.rng.Float64(), fi.rng.IntN(2) == 1, fi.rng.Float64(), fi.rng.Float64()

	d := faultDecision{delay: f.Latency + time.Duration(jitter*float64(f.Jitter))}
	if d.delay > 0 {
		fi.counts[FaultLatency]++
	}
	if errDraw < f.ErrorRate {
		d.status = http.StatusInternalServerError
		if f.ErrorStatus == http.StatusServiceUnavailable || (f.ErrorStatus == 0 && unavailable) {
			d.status = http.StatusServiceUnavailable
		}
		fi.counts[strconv.Itoa(d.status)]++
		return d
	}
	throttled := false
	switch {
	case fi.burstLeft > 0:
		fi.burstLeft--
		throttled = true
	case fi.afterBurst:
		fi.afterBurst = false
	case throttleDraw < f.Throttle429Rate:
		fi.burstLeft = max(f.Throttle429Burst, 1) - 1
		throttled = true
	}
	if throttled {
		fi.afterBurst = fi.burstLeft == 0
		d.status, d.retryAfter = http.StatusTooManyRequests, f.RetryAfter
		fi.counts[FaultThrottled]++
		return d
	}
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		// One draw for both after-commit faults keeps the sequence of every
		// other decision what it was before the 500 fault existed.
		d.drop = dropDraw < f.DropAfterCommitRate
		d.fail = !d.drop && dropDraw < f.DropAfterCommitRate+f.ServerErrorAfterCommitRate
	}
	return d
}

// statusClientClosed is logged for requests whose client went away during
// injected latency (nginx's code for it); nothing is sent.
const statusClientClosed = 499

// serveRouted serves a request that matched pattern, injecting the faults
// in force; it returns the kind of failure injected, if any.
func (s *Server) serveRouted(w *statusWriter, r *http.Request, pattern string) string {
	isPublic := s.access[pattern] == public
	d := s.faults.decide(r.Method, pattern, isPublic)
	if d.delay > 0 {
		readAhead(r)
		t := time.NewTimer(d.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			w.status = statusClientClosed
			return ""
		}
	}
	switch {
	case d.status == http.StatusTooManyRequests:
		s.limiter.writeExhausted(w)
		w.Header().Set("Retry-After", strconv.Itoa(d.retryAfter))
		writeReply(w, errTooMany)
		return FaultThrottled
	case d.status != 0:
		// An injected error comes before the rate limiter, which therefore
		// reports without counting, as for the other early answers.
		s.limiter.setHeaders(w, s.identify(r, isPublic).bucket, s.now())
		msg := "Server Error"
		if d.status == http.StatusServiceUnavailable {
			msg = "Service Unavailable"
		}
		writeReply(w, fail(d.status, msg))
		return strconv.Itoa(d.status)
	case d.drop || d.fail:
		rec := newRecorder()
		s.mux.ServeHTTP(rec, r)
		if rec.status/100 != 2 || rec.header.Get("Idempotent-Replayed") != "" {
			rec.sendTo(w)
			return ""
		}
		if d.fail {
			s.faults.count(FaultServerErrorAfterCommit)
			for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining"} {
				w.Header().Set(h, rec.header.Get(h))
			}
			writeReply(w, errServer)
			return FaultServerErrorAfterCommit
		}
		s.faults.count(FaultDropped)
		w.status = rec.status // the log shows what was committed
		dropConnection(w)
		return FaultDropped
	}
	s.mux.ServeHTTP(w, r)
	return ""
}

// readAhead reads a body of acceptable size before an injected delay,
// because net/http only watches the connection, and cancels the request's
// context when the client goes away, once the body has been read. So a
// client that gives up during the delay is noticed and the request is not
// acted on. The pipeline then reads the same bytes (and any read error)
// from r.Body as it would have.
func readAhead(r *http.Request) {
	if r.ContentLength > maxBody {
		return // refused with 413 before reading
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), r.Body), r.Body}
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 cannot hand over its connection; aborting the handler
		// resets the stream, which the client sees as a broken connection.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
