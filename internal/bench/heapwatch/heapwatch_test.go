// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package heapwatch

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestStartRecordsPeakLiveHeap holds 32 MiB across collections, drops it,
// and checks that the file keeps the peak, not the live heap at the end.
func TestStartRecordsPeakLiveHeap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heap.json")
	t.Setenv(EnvFile, path)
	Start()
	const held = 32 << 20
	holdAcrossCollections(held)
	runtime.GC()
	runtime.GC()
	var rec Record
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var err error
		if rec, err = Read(path); err != nil {
			t.Fatal(err)
		}
		if rec.PeakLiveHeapBytes >= held && rec.GCCycles >= 4 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("record %+v: want a peak of at least %d bytes after at least 4 collections", rec, held)
}

func TestReadMissingFile(t *testing.T) {
	t.Parallel()
	rec, err := Read(filepath.Join(t.TempDir(), "none.json"))
	if err != nil || rec != (Record{}) {
		t.Errorf("Read of a missing file = %+v, %v; want a zero record and no error", rec, err)
	}
}

func TestStartWithoutFileDoesNothing(t *testing.T) {
	t.Setenv(EnvFile, "")
	Start() // must not panic or write anywhere
}

// holdAcrossCollections keeps size bytes live through two collections and
// lets them go when it returns.
func holdAcrossCollections(size int) {
	hold := make([]byte, size)
	for i := range hold {
		hold[i] = byte(i)
	}
	runtime.GC()
	runtime.GC()
	runtime.KeepAlive(hold)
}
