// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package apiservertest runs an apiserver.Server in-process for tests.
package apiservertest

import (
	"crypto/rand"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"golang.org/x/crypto/bcrypt"
)

// Server is a running Contacts API on a random loopback port.
type Server struct {
	*apiserver.Server // introspection: Contacts(), Outbox(), …

	URL      string // site root, e.g. http://127.0.0.1:41234; the API is under URL+"/api"
	WriteKey string // API key with the write scope
	ReadKey  string // API key with the read scope

	// CACertPEM is the PEM certificate to trust for a server started
	// WithTLS (whose URL is then https://); empty otherwise.
	CACertPEM string

	http  *httptest.Server
	close sync.Once
}

// Option adjusts the server's configuration.
type Option func(*apiserver.Config)

// WithRateLimit sets the requests allowed per key and minute.
func WithRateLimit(perMinute int) Option {
	return func(c *apiserver.Config) { c.RateLimit = perMinute }
}

// WithClock injects the server's clock.
func WithClock(now func() time.Time) Option {
	return func(c *apiserver.Config) { c.Now = now }
}

// WithKeys adds API keys (key → apiserver.ScopeRead or ScopeWrite) to the
// generated WriteKey and ReadKey.
func WithKeys(keys map[string]string) Option {
	return func(c *apiserver.Config) {
		for k, scope := range keys {
			c.Keys[k] = scope
		}
	}
}

// WithLogger sends the request log to l.
func WithLogger(l *slog.Logger) Option {
	return func(c *apiserver.Config) { c.Logger = l }
}

// WithDataFile persists the data to path (loading it if it exists).
func WithDataFile(path string) Option {
	return func(c *apiserver.Config) { c.DataFile = path }
}

// WithFaults injects faults from the start; the server's SetFaults and
// ClearFaults change them during a test.
func WithFaults(f apiserver.Faults) Option {
	return func(c *apiserver.Config) { c.Faults = f }
}

// inProcessLimits are the standalone server's timeouts without its cap on
// connections, which parallel tests sharing one server could reach.
func inProcessLimits() apiserver.Limits {
	l := apiserver.DefaultLimits()
	l.MaxConns = 0
	return l
}

// WithLimits sets the connection limits (timeouts and connection cap); by
// default the in-process server has apiserver.DefaultLimits' timeouts and
// no connection cap.
func WithLimits(l apiserver.Limits) Option {
	return func(c *apiserver.Config) { c.Limits = l }
}

// New starts a server with bcrypt's minimum cost and a rate limit no test
// reaches unless it asks for one; it stops when the test ends.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := &Server{WriteKey: "w-" + rand.Text(), ReadKey: "r-" + rand.Text()}
	cfg := apiserver.Config{
		Keys:       map[string]string{s.WriteKey: apiserver.ScopeWrite, s.ReadKey: apiserver.ScopeRead},
		RateLimit:  1_000_000,
		BcryptCost: bcrypt.MinCost,
		Limits:     inProcessLimits(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	api, err := apiserver.New(cfg)
	if err != nil {
		tb.Fatalf("apiservertest: %v", err)
	}
	s.Server = api
	s.http, s.CACertPEM = startHTTP(api, &cfg)
	s.URL = s.http.URL
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server; it is safe to call more than once.
func (s *Server) Close() {
	s.close.Do(s.http.Close)
}
