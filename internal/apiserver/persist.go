// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// dataFormat is the version of the data file layout.
const dataFormat = 1

type dataFile struct {
	Format int `json:"format"`
	*store
	// Idempotency holds the stored answers to Idempotency-Key requests,
	// saved in the same file write as the changes they report.
	Idempotency []idemRecord `json:"idempotency,omitempty"`
	// raised lists the id counters that load found behind their records
	// and raised; never saved.
	raised []counterRaise
}

// loadStore reads the data file; it returns nil, nil when there is none.
func loadStore(path string) (*dataFile, error) {
	if path == "" {
		return nil, nil
	}
	if err := removeStaleTemps(path); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("apiserver: reading data file: %w", err)
	}
	// Collections start nil, so that one absent from the file is told
	// from one that is empty.
	df := dataFile{store: &store{}}
	if err := json.Unmarshal(b, &df); err != nil {
		return nil, fmt.Errorf("apiserver: parsing data file %s: %w", path, err)
	}
	if df.Format != dataFormat {
		return nil, fmt.Errorf("apiserver: data file %s has format %d, want %d", path, df.Format, dataFormat)
	}
	st := df.store
	if err := cmp.Or(st.requireCollections(), st.checkRecords()); err != nil {
		return nil, fmt.Errorf("apiserver: data file %s %w", path, err)
	}
	df.raised = st.raiseCounters()
	return &df, nil
}

// save writes the store to Config.DataFile, atomically (temp file + rename),
// so a crash leaves either the old or the new data. Concurrent callers may
// finish in any order; a snapshot older than the last one written is
// skipped so the file never goes back in time.
func (s *Server) save() error {
	if s.cfg.DataFile == "" {
		return nil
	}
	version, b, err := s.snapshot()
	if err != nil {
		return err
	}
	return s.write(version, b)
}

// snapshot encodes the store as the data file holds it, with the version
// that orders it among the snapshots taken.
func (s *Server) snapshot() (uint64, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	b, err := json.MarshalIndent(dataFile{Format: dataFormat, store: s.st, Idempotency: s.idem.records(s.now())}, "", "  ")
	return s.version, b, err
}

// write writes a snapshot unless a newer one was written already.
func (s *Server) write(version uint64, b []byte) error {
	s.persistMu.Lock()
	defer s.persistMu.Unlock()
	if version <= s.savedVersion {
		return nil
	}
	if err := writeAtomic(s.cfg.DataFile, b); err != nil {
		return err
	}
	s.savedVersion = version
	return nil
}

// Save writes the data file now; it is a no-op without Config.DataFile.
// Writes already save after every change, so this is for shutdown paths.
func (s *Server) Save() error { return s.save() }

// tempPattern is how writeAtomic names its temporary file next to path:
// os.CreateTemp puts random decimal digits in place of the "*".
func tempPattern(path string) string { return filepath.Base(path) + ".*.tmp" }

// removeStaleTemps deletes the temporary files that a save killed half-way
// (kill -9, a crash, a power cut) left next to the data file. Only regular
// files of writeAtomic's own pattern for this data file are touched.
func removeStaleTemps(path string) error {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("apiserver: listing %s: %w", dir, err)
	}
	prefix, suffix := filepath.Base(path)+".", ".tmp"
	var errs []error
	for _, e := range entries {
		name := e.Name()
		random, ok := strings.CutPrefix(name, prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if random, ok = strings.CutSuffix(random, suffix); !ok || random == "" || strings.Trim(random, "0123456789") != "" {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp made the file 0600, which suits a file of password hashes.
	return os.Rename(tmp.Name(), path)
}
