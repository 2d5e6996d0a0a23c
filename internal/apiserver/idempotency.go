// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"cmp"
	"context"
	"encoding/hex"
	"slices"
	"sync"
	"time"
)

// idempotency remembers answers to POSTs carrying an Idempotency-Key. An
// entry is created before the request acts, so an identical request that
// arrives while the first is in flight waits for it instead of acting too.
// Answered entries are saved with the data (see records and load), so a
// retry after a restart still gets the first answer.
type idempotency struct {
	ttl time.Duration

	mu      sync.Mutex
	entries map[idemScope]*idemEntry
}

// idemScope is what a key is scoped to: the caller (the API key's digest
// id, never the key), the method, the path and the Idempotency-Key.
type idemScope struct {
	caller, method, path, key string
}

type idemEntry struct {
	fingerprint [32]byte
	done        chan struct{} // closed when the first request finished
	status      int           // 0 until answered (or recorded at commit)
	body        []byte
	stored      time.Time
	// committed marks an answer recorded together with the change it
	// reports (see Server.lockWrite): it is kept whatever was then sent,
	// so a retry learns the outcome of a write answered 500 after it.
	committed bool
}

// idemRecord is the saved form of an answered entry.
type idemRecord struct {
	Caller string `json:"caller"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Key    string `json:"key"`
	// Fingerprint is a keyed hash of the request body (see
	// apiKey.fingerprintKey), so that the file cannot be used to guess a
	// password sent in a body.
	Fingerprint string    `json:"fingerprint"`
	Status      int       `json:"status"`
	Body        string    `json:"body"`
	Stored      time.Time `json:"stored"`
}

type idemResult struct {
	status   int
	body     []byte
	replayed bool
	mismatch bool
}

func newIdempotency(ttl time.Duration) *idempotency {
	return &idempotency{ttl: ttl, entries: map[idemScope]*idemEntry{}}
}

// do runs fn once for scope, or replays its stored answer. fn may call
// commit to record its answer before it returns (under the store lock, see
// Server.lockWrite). Other answers of 500 and above are not stored, so a
// retry (or a waiting twin) acts afresh.
func (i *idempotency) do(ctx context.Context, scope idemScope, fp [32]byte, now time.Time, fn func(commit func(int, []byte)) (int, []byte)) idemResult {
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
		done := e.done
		select {
		case <-done:
			// Only a finished request's answer is replayed: one recorded at
			// commit may not be saved yet.
			i.mu.Unlock()
			return idemResult{status: e.status, body: e.body, replayed: true}
		default:
		}
		i.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return idemResult{}
		}
	}
}

func (i *idempotency) run(scope idemScope, e *idemEntry, now time.Time, fn func(commit func(int, []byte)) (int, []byte)) idemResult {
	status, body := 0, []byte(nil)
	defer func() {
		i.mu.Lock()
		switch {
		case e.committed:
		case status > 0 && status < 500:
			e.status, e.body, e.stored = status, body, now
		default:
			delete(i.entries, scope)
		}
		close(e.done)
		i.mu.Unlock()
	}()
	commit := func(status int, body []byte) {
		i.mu.Lock()
		e.status, e.body, e.stored, e.committed = status, body, now, true
		i.mu.Unlock()
	}
	status, body = fn(commit)
	return idemResult{status: status, body: body}
}

// purge drops answered entries older than the TTL; in-flight ones stay.
func (i *idempotency) purge(now time.Time) {
	for k, e := range i.entries {
		if e.status != 0 && !now.Before(e.stored.Add(i.ttl)) {
			delete(i.entries, k)
		}
	}
}

// records returns the answered entries still valid at now, oldest first.
func (i *idempotency) records(now time.Time) []idemRecord {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.purge(now)
	var out []idemRecord
	for k, e := range i.entries {
		if e.status == 0 {
			continue
		}
		out = append(out, idemRecord{
			Caller: k.caller, Method: k.method, Path: k.path, Key: k.key,
			Fingerprint: hex.EncodeToString(e.fingerprint[:]),
			Status:      e.status, Body: string(e.body), Stored: e.stored,
		})
	}
	slices.SortFunc(out, func(a, b idemRecord) int {
		return cmp.Or(a.Stored.Compare(b.Stored), cmp.Compare(a.Caller, b.Caller),
			cmp.Compare(a.Method, b.Method), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// load restores saved records, skipping those expired at now and any that
// do not decode (a replay must be exact or not happen).
func (i *idempotency) load(recs []idemRecord, now time.Time) {
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, r := range recs {
		var fp [32]byte
		if len(r.Fingerprint) != hex.EncodedLen(len(fp)) || r.Status <= 0 {
			continue
		}
		if _, err := hex.Decode(fp[:], []byte(r.Fingerprint)); err != nil {
			continue
		}
		if !now.Before(r.Stored.Add(i.ttl)) {
			continue
		}
		done := make(chan struct{})
		close(done)
		i.entries[idemScope{r.Caller, r.Method, r.Path, r.Key}] = &idemEntry{
			fingerprint: fp, done: done, status: r.Status, body: []byte(r.Body), stored: r.Stored, committed: true,
		}
	}
}
