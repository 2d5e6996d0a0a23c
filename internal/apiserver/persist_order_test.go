// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSaveNeverGoesBackInTime pins that of two saves that finish out of
// order (each takes its snapshot under the store lock, then waits for the
// file), the older snapshot is not written over the newer one: the file
// keeps the newer data, and a later save writes again.
func TestSaveNeverGoesBackInTime(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data.json")
	s, err := New(Config{DataFile: file, BcryptCost: 4})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 15, 9, 30, 0, 0, time.UTC)
	addClient := func(name string) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.st.addClient(name, now)
	}
	fileHolds := func(name string) bool {
		t.Helper()
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Contains(raw, []byte(`"company_name": "`+name+`"`))
	}

	addClient("Older Inc")
	olderVersion, older, err := s.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	addClient("Newer Inc")
	newerVersion, newer, err := s.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.write(newerVersion, newer); err != nil {
		t.Fatal(err)
	}
	if err := s.write(olderVersion, older); err != nil {
		t.Fatal(err)
	}
	if !fileHolds("Newer Inc") {
		t.Fatal("the older snapshot was written over the newer one")
	}

	addClient("Latest Inc")
	if err := s.save(); err != nil {
		t.Fatal(err)
	}
	if !fileHolds("Latest Inc") {
		t.Error("a save after the skipped one did not write")
	}
}
