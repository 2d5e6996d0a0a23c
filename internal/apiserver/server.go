// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package apiserver is an in-memory implementation of the Contacts API
// (its contract is api/README.md; this server's own choices are in
// DECISIONS.md) for tests and local development.
package apiserver

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// API key scopes.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// DefaultRateLimit is the per-minute request budget when Config.RateLimit is 0.
const DefaultRateLimit = 600

// Config configures a Server. The zero value is usable but has no API keys.
type Config struct {
	// Keys maps each API key to its scope, ScopeRead or ScopeWrite.
	Keys map[string]string
	// RateLimit is the number of requests per key (or per client address
	// for requests without a valid key) in each one-minute window;
	// 0 means DefaultRateLimit.
	RateLimit int
	// BcryptCost is the cost of password hashes; 0 means bcrypt.DefaultCost.
	BcryptCost int
	// Now is the clock; nil means time.Now. Tests inject one to cross rate
	// limit windows, expire roles and age idempotency keys.
	Now func() time.Time
	// Logger receives one line per request; nil discards them.
	Logger *slog.Logger
	// DataFile, when set, is loaded at start if it exists and rewritten
	// atomically after every successful write.
	DataFile string
	// SeedDemo adds a demo client "Acme Inc" when the store starts empty
	// (no DataFile to load).
	SeedDemo bool
	// Faults are injected from the start; SetFaults changes them later.
	Faults Faults
	// Limits apply where the server is served through HTTPServer and
	// Listener; the zero value sets none (see DefaultLimits).
	Limits Limits
}

// Server is the Contacts API. It is an http.Handler and safe for concurrent use.
type Server struct {
	cfg     Config
	keys    []apiKey
	log     *slog.Logger
	mux     *http.ServeMux
	access  map[string]access // route pattern → what it requires
	limiter *limiter
	idem    *idempotency
	faults  *faultInjector

	mu sync.Mutex // guards st
	st *store

	persistMu    sync.Mutex // serialises file writes
	version      uint64     // bumped under mu on every committed write
	savedVersion uint64     // guarded by persistMu

	countsMu sync.Mutex
	counts   map[string]int

	dummyOnce sync.Once
	dummyHash []byte
}

// New builds a Server, loading Config.DataFile when it exists.
func New(cfg Config) (*Server, error) {
	if cfg.RateLimit == 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateLimit < 0 {
		return nil, fmt.Errorf("apiserver: negative rate limit %d", cfg.RateLimit)
	}
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = bcrypt.DefaultCost
	}
	if cfg.BcryptCost < bcrypt.MinCost || cfg.BcryptCost > bcrypt.MaxCost {
		return nil, fmt.Errorf("apiserver: bcrypt cost %d out of range", cfg.BcryptCost)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	keys, err := parseKeys(cfg.Keys)
	if err != nil {
		return nil, err
	}
	if err := cfg.Faults.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.Limits.Validate(); err != nil {
		return nil, err
	}
	// Only the digests are needed from here on; keep no plaintext key.
	cfg.Keys = nil
	s := &Server{
		cfg:     cfg,
		keys:    keys,
		log:     cfg.Logger,
		limiter: newLimiter(cfg.RateLimit, time.Minute),
		idem:    newIdempotency(24 * time.Hour),
		faults:  newFaultInjector(cfg.Faults),
		counts:  map[string]int{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	df, err := loadStore(cfg.DataFile)
	if err != nil {
		return nil, err
	}
	if df != nil {
		s.st = df.store
		s.idem.load(df.Idempotency, s.now())
		for _, r := range df.raised {
			s.log.Warn("id counter behind the records of the data file: raised",
				"file", cfg.DataFile, "counter", r.counter, "was", r.was, "raised_to", r.now)
		}
	} else {
		s.st = newStore()
		s.st.seedFixtures(s.now(), cfg.SeedDemo)
	}
	s.routes()
	return s, nil
}

// now is the injected clock in UTC, truncated to the microseconds the wire
// format carries so stored and rendered times agree.
func (s *Server) now() time.Time {
	return s.cfg.Now().UTC().Truncate(time.Microsecond)
}

// access says what a route requires of the caller.
type access int

const (
	public access = iota // no API key (the portal's own login)
	readAccess
	writeAccess
)

type route struct {
	pattern string
	access  access
	handle  func(*Server, *call) reply
}

// routeTable is the API: the server registers exactly these handlers, and
// Routes reports exactly these patterns (the OpenAPI test compares them
// with api/openapi.yaml).
var routeTable = []route{
	{"GET /api/clients", readAccess, (*Server).listClients},
	{"POST /api/clients", writeAccess, (*Server).createClient},
	{"GET /api/clients/{id}", readAccess, (*Server).getClient},
	{"PATCH /api/clients/{id}", writeAccess, (*Server).updateClient},
	{"DELETE /api/clients/{id}", writeAccess, (*Server).deleteClient},

	{"GET /api/contacts", readAccess, (*Server).listContacts},
	{"POST /api/contacts", writeAccess, (*Server).createContact},
	{"GET /api/contacts/{id}", readAccess, (*Server).getContact},
	{"PATCH /api/contacts/{id}", writeAccess, (*Server).updateContact},
	{"DELETE /api/contacts/{id}", writeAccess, (*Server).deleteContact},
	{"PUT /api/contacts/{id}/account-owner", writeAccess, (*Server).setAccountOwner},

	{"GET /api/portal-users", readAccess, (*Server).listPortalUsers},
	{"POST /api/portal-users", writeAccess, (*Server).createPortalUser},
	{"GET /api/portal-users/{id}", readAccess, (*Server).getPortalUser},
	{"PATCH /api/portal-users/{id}", writeAccess, (*Server).updatePortalUser},
	{"DELETE /api/portal-users/{id}", writeAccess, (*Server).deletePortalUser},
	{"POST /api/portal-users/{id}/actions/grant-access", writeAccess, (*Server).grantAccess},
	{"POST /api/portal-users/{id}/actions/revoke-access", writeAccess, (*Server).revokeAccess},
	{"POST /api/portal-users/{id}/actions/set-password", writeAccess, (*Server).setPassword},
	{"POST /api/portal-users/{id}/actions/send-invite", writeAccess, (*Server).sendInvite},

	{"GET /api/access-roles", readAccess, (*Server).listAccessRoles},

	{"POST /api/portal/login", public, (*Server).portalLogin},
}

// Routes returns the pattern of every route the server registers, such as
// "GET /api/contacts/{id}", in registration order. The patterns are the
// keys of RequestCounts and the values Faults.Routes accepts.
func Routes() []string {
	out := make([]string, len(routeTable))
	for i, rt := range routeTable {
		out[i] = rt.pattern
	}
	return out
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.access = make(map[string]access, len(routeTable))
	for _, rt := range routeTable {
		s.mux.Handle(rt.pattern, s.pipeline(rt))
		s.access[rt.pattern] = rt.access
	}
}

// ServeHTTP routes the request, answering unknown routes and methods with
// JSON, and logs one line per request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	var h http.Handler
	pattern := ""
	if canonicalPath(r.URL.Path) {
		h, pattern = s.mux.Handler(r)
	}
	fault := ""
	// Deferred so that a connection dropped by aborting the handler (see
	// dropConnection) is logged too.
	defer func() {
		if pattern == "" {
			pattern = "unmatched"
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("route", pattern),
			slog.Int("status", sw.status),
			slog.Duration("duration", time.Since(start)),
		}
		if fault != "" {
			attrs = append(attrs, slog.String("fault", fault))
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	}()
	if pattern == "" {
		s.unrouted(sw, r, h)
		return
	}
	s.count(pattern)
	fault = s.serveRouted(sw, r, pattern)
}

// StaffContactID is the id of the fixture staff user, whose role is not
// Client, so the account-owner action answers 409 for it.
func (s *Server) StaffContactID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.StaffID
}
