// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// unlimited is a rate limit no benchmark step reaches (the server has no
// "off" value: 0 means its default of 600 a minute).
const unlimited = 1 << 30

// apiServer is the standalone server's code path (apiserver.New behind an
// http.Server on a loopback port, as internal/cmd/contacts-server runs it),
// hosted in the benchmark's process so the per-route counters the server
// keeps (RequestCounts) can be read between steps without adding an
// endpoint to the API. It also records each answer's status and when the
// first and last request of a step arrived.
type apiServer struct {
	api  *apiserver.Server
	http *http.Server
	URL  string
	Key  string

	mu          sync.Mutex
	statuses    map[int]int
	scopeChecks int
	conns       int
	first       time.Time
	last        time.Time
}

// serverStats is what the server saw during one step.
type serverStats struct {
	// Routes counts requests by route pattern, e.g. "GET /api/contacts/{id}".
	Routes map[string]int
	// Statuses counts answers by HTTP status.
	Statuses map[int]int
	// Span is the time from the first request's arrival to the last one's
	// answer.
	Span time.Duration
	// Connections counts the TCP connections clients opened.
	Connections int
}

func startAPIServer(rateLimit, bcryptCost int) (*apiServer, error) {
	key := "bench-" + rand.Text()
	api, err := apiserver.New(apiserver.Config{
		Keys:       map[string]string{key: apiserver.ScopeWrite},
		RateLimit:  rateLimit,
		BcryptCost: bcryptCost,
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &apiServer{api: api, URL: "http://" + ln.Addr().String(), Key: key, statuses: map[int]int{}}
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ConnState: s.connState}
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Println("bench: API server:", err)
		}
	}()
	return s, nil
}

func (s *apiServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.api.ServeHTTP(rec, r)
	end := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses[rec.status]++
	if isScopeCheck(r, rec.status) {
		s.scopeChecks++
	}
	if s.first.IsZero() || start.Before(s.first) {
		s.first = start
	}
	if end.After(s.last) {
		s.last = end
	}
}

func (s *apiServer) connState(_ net.Conn, state http.ConnState) {
	if state == http.StateNew {
		s.mu.Lock()
		s.conns++
		s.mu.Unlock()
	}
}

// take returns what the server saw since the last take and starts afresh.
func (s *apiServer) take() serverStats {
	routes := s.api.RequestCounts()
	s.api.ResetRequestLog()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.scopeChecks > 0 {
		routes[routeCreateClient] -= s.scopeChecks
		if routes[routeCreateClient] == 0 {
			delete(routes, routeCreateClient)
		}
		routes[routeScopeCheck] = s.scopeChecks
	}
	st := serverStats{Routes: routes, Statuses: maps.Clone(s.statuses), Connections: s.conns}
	if !s.first.IsZero() {
		st.Span = s.last.Sub(s.first)
	}
	clear(s.statuses)
	s.scopeChecks = 0
	s.conns = 0
	s.first, s.last = time.Time{}, time.Time{}
	return st
}

// seedClient creates the client company that every benchmark contact
// belongs to, outside the measured steps.
func (s *apiServer) seedClient(ctx context.Context) (int64, error) {
	c, err := client.New(client.Config{Endpoint: s.URL, APIKey: s.Key, UserAgent: "contacts-bench", MaxRetries: client.DefaultMaxRetries})
	if err != nil {
		return 0, err
	}
	cl, err := c.CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Bench Co"})
	if err != nil {
		return 0, fmt.Errorf("creating the benchmark's client company: %w", err)
	}
	s.take()
	return cl.ID, nil
}

func (s *apiServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.http.Shutdown(ctx)
}

// isScopeCheck tells the provider's check of its key's write scope (a
// client create with no company name, refused 422, or 403 for a read key)
// from a real create on the same route.
func isScopeCheck(r *http.Request, status int) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/api/clients" &&
		(status == http.StatusUnprocessableEntity || status == http.StatusForbidden)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets the server's fault injection reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
