package apiserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// dataFormat is the version of the data file layout.
const dataFormat = 1

type dataFile struct {
	Format int `json:"format"`
	*store
}

// loadStore reads the data file; it returns nil, nil when there is none.
func loadStore(path string) (*store, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("apiserver: reading data file: %w", err)
	}
	df := dataFile{store: newStore()}
	if err := json.Unmarshal(b, &df); err != nil {
		return nil, fmt.Errorf("apiserver: parsing data file %s: %w", path, err)
	}
	if df.Format != dataFormat {
		return nil, fmt.Errorf("apiserver: data file %s has format %d, want %d", path, df.Format, dataFormat)
	}
	st := df.store
	if st.Clients == nil || st.Contacts == nil || st.PortalUsers == nil {
		return nil, fmt.Errorf("apiserver: data file %s is missing collections", path)
	}
	return st, nil
}

// save writes the store to Config.DataFile, atomically (temp file + rename),
// so a crash leaves either the old or the new data. Concurrent callers may
// finish in any order; a snapshot older than the last one written is
// skipped so the file never goes back in time.
func (s *Server) save() error {
	if s.cfg.DataFile == "" {
		return nil
	}
	s.mu.Lock()
	s.version++
	version := s.version
	b, err := json.MarshalIndent(dataFile{Format: dataFormat, store: s.st}, "", "  ")
	s.mu.Unlock()
	if err != nil {
		return err
	}
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

func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
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
