// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// stateStore is a remote state backend for Terraform's built-in "http"
// backend, hosted in the benchmark's process, with locking.
//
// Why not local state files: the local backend rewrites the whole state
// file after every resource it creates or destroys, so with thousands of
// resources that rewrite is most of an apply or destroy (DESIGN.md has the
// measurement) and hides what the provider costs. A remote backend, as
// teams running Terraform from pipelines use, keeps the state in memory
// during the run and uploads a snapshot now and then and at the end, which
// leaves the cost of Terraform itself and of the provider.
type stateStore struct {
	URL  string
	http *http.Server

	mu     sync.Mutex
	states map[string][]byte // by request path
	locks  map[string][]byte // lock info Terraform sent, by request path
}

func startStateStore() (*stateStore, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &stateStore{URL: "http://" + ln.Addr().String(), states: map[string][]byte{}, locks: map[string][]byte{}}
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Println("bench: state store:", err)
		}
	}()
	return s, nil
}

// backendConfig returns the -backend-config arguments of `terraform init`
// that keep a state named name here.
func (s *stateStore) backendConfig(name string) []string {
	addr := s.URL + "/" + name
	return []string{
		"-backend-config=address=" + addr,
		"-backend-config=lock_address=" + addr,
		"-backend-config=unlock_address=" + addr,
	}
}

// ServeHTTP implements the http backend's protocol: GET (200 or 404 when
// there is no state yet), POST to store, DELETE, and LOCK/UNLOCK with 423
// and the holder's lock info while another run holds the lock.
func (s *stateStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := r.URL.Path
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		st, ok := s.states[key]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(st)
	case http.MethodPost:
		s.states[key] = body
	case http.MethodDelete:
		delete(s.states, key)
	case "LOCK":
		if held, ok := s.locks[key]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusLocked)
			_, _ = w.Write(held)
			return
		}
		s.locks[key] = body
	case "UNLOCK":
		delete(s.locks, key)
	default:
		w.Header().Set("Allow", strings.Join([]string{http.MethodGet, http.MethodPost, http.MethodDelete, "LOCK", "UNLOCK"}, ", "))
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (s *stateStore) close() { _ = s.http.Close() }
