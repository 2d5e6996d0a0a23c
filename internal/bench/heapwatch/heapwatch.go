// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package heapwatch records a provider process's peak live heap for the
// benchmark. Only the benchmark's builds (the `benchheap` build tag, see
// internal/bench/build.go) call Start; the release binary never imports it.
//
// The live heap is what the last garbage collection found reachable
// (runtime/metrics' /gc/heap/live:bytes): the data the process really
// holds, without the headroom the collector lets the heap grow into before
// the next collection. It changes only at the end of a collection, so it
// is read after each one (a finalizer that re-arms itself runs once per
// cycle) and, as a backstop, on a ticker.
package heapwatch

import (
	"encoding/json"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// EnvFile names the file the record is written to; internal/bench/rsswrap
// sets it for the provider process it launches and reads it once the
// process has exited.
const EnvFile = "BENCH_HEAP_FILE"

// Record is what the file holds.
type Record struct {
	// PeakLiveHeapBytes is the largest live heap any collection found.
	PeakLiveHeapBytes uint64 `json:"peak_live_heap_bytes"`
	// GCCycles counts the collections, as of the last write (at most
	// writeEvery old when the process exits).
	GCCycles uint64 `json:"gc_cycles"`
}

const (
	liveHeap   = "/gc/heap/live:bytes"
	gcCycles   = "/gc/cycles/total:gc-cycles"
	writeEvery = 500 * time.Millisecond
)

// Start begins watching when EnvFile is set, and does nothing otherwise.
func Start() {
	path := os.Getenv(EnvFile)
	if path == "" {
		return
	}
	w := &watcher{path: path, grew: make(chan struct{}, 1)}
	w.arm()
	go w.write()
}

type watcher struct {
	path string
	grew chan struct{}

	mu      sync.Mutex
	rec     Record
	written Record
}

// sentinel is large enough to stay out of the tiny allocator, whose
// objects may share a block and so never be finalized.
type sentinel struct{ _ [64]byte }

// arm allocates a garbage object whose finalizer runs after the next
// collection: it samples the metrics and arms the next one.
func (w *watcher) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		w.sample()
		w.arm()
	})
}

// sample reads the metrics and, when the peak grew, asks the writer to
// write at once: a provider process can be killed once Terraform is done
// with it, so the file must hold the peak before the process ends.
func (w *watcher) sample() {
	s := []metrics.Sample{{Name: liveHeap}, {Name: gcCycles}}
	metrics.Read(s)
	w.mu.Lock()
	grew := false
	if v := s[0].Value; v.Kind() == metrics.KindUint64 && v.Uint64() > w.rec.PeakLiveHeapBytes {
		w.rec.PeakLiveHeapBytes, grew = v.Uint64(), true
	}
	if v := s[1].Value; v.Kind() == metrics.KindUint64 {
		w.rec.GCCycles = v.Uint64()
	}
	w.mu.Unlock()
	if grew {
		select {
		case w.grew <- struct{}{}:
		default:
		}
	}
}

// write keeps the file up to date: at once when the peak grew, and every
// writeEvery when only the cycle count changed.
func (w *watcher) write() {
	tick := time.NewTicker(writeEvery)
	defer tick.Stop()
	for {
		select {
		case <-w.grew:
		case <-tick.C:
			w.sample()
		}
		w.mu.Lock()
		rec, changed := w.rec, w.rec != w.written
		w.mu.Unlock()
		if !changed {
			continue
		}
		if err := writeFile(w.path, rec); err == nil {
			w.mu.Lock()
			w.written = rec
			w.mu.Unlock()
		}
	}
}

// writeFile replaces path by rename, so a reader never sees half a record.
func writeFile(path string, rec Record) error {
	js, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, js, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Read returns the record at path; a missing file (a build without the
// watcher, or a process that ended before its first collection) is a zero
// record.
func Read(path string) (Record, error) {
	var rec Record
	js, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return rec, nil
	}
	if err != nil {
		return rec, err
	}
	return rec, json.Unmarshal(js, &rec)
}
