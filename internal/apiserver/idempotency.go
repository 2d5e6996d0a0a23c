package apiserver

import (
	"context"
	"sync"
	"time"
)

// idempotency remembers answers to POSTs carrying an Idempotency-Key. An
// entry is created before the request acts, so an identical request that
// arrives while the first is in flight waits for it instead of acting too.
type idempotency struct {
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]*idemEntry
}

type idemEntry struct {
	fingerprint [32]byte
	done        chan struct{} // closed when the first request finished
	status      int           // 0 while in flight
	body        []byte
	expires     time.Time
}

type idemResult struct {
	status   int
	body     []byte
	replayed bool
	mismatch bool
}

func newIdempotency(ttl time.Duration) *idempotency {
	return &idempotency{ttl: ttl, entries: map[string]*idemEntry{}}
}

// do runs fn once for scope, or replays its stored answer. Answers of 500
// and above are not stored, so a retry (or a waiting twin) acts afresh.
func (i *idempotency) do(ctx context.Context, scope string, fp [32]byte, now time.Time, fn func() (int, []byte)) idemResult {
	for {
		i.mu.Lock()
		i.purge(now)
		e := i.entries[scope]
		if e == nil {
			e = &idemEntry{fingerprint: fp, done: make(chan struct{})}
			i.entries[scope] = e
			i.mu.Unlock()
			return i.run(scope, e, now, fn)
		}
		if e.fingerprint != fp {
			i.mu.Unlock()
			return idemResult{mismatch: true}
		}
		if e.status != 0 {
			i.mu.Unlock()
			return idemResult{status: e.status, body: e.body, replayed: true}
		}
		done := e.done
		i.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return idemResult{}
		}
	}
}

func (i *idempotency) run(scope string, e *idemEntry, now time.Time, fn func() (int, []byte)) idemResult {
	status, body := 0, []byte(nil)
	defer func() {
		i.mu.Lock()
		if status > 0 && status < 500 {
			e.status, e.body, e.expires = status, body, now.Add(i.ttl)
		} else {
			delete(i.entries, scope)
		}
		close(e.done)
		i.mu.Unlock()
	}()
	status, body = fn()
	return idemResult{status: status, body: body}
}

// purge drops answered entries older than the TTL; in-flight ones stay.
func (i *idempotency) purge(now time.Time) {
	for k, e := range i.entries {
		if e.status != 0 && !now.Before(e.expires) {
			delete(i.entries, k)
		}
	}
}
