// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"fmt"
	"maps"
	"slices"
)

// The methods below let tests look at the server's state directly. Each
// returns a copy, taken under the store lock.

// Client returns a live client by id.
func (s *Server) Client(id int64) (Client, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cl := s.st.client(id); cl != nil {
		return s.st.renderClient(cl), true
	}
	return Client{}, false
}

// Clients returns the live clients in id order.
func (s *Server) Clients() []Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Client{}
	for _, id := range slices.Sorted(maps.Keys(s.st.Clients)) {
		if cl := s.st.client(id); cl != nil {
			out = append(out, s.st.renderClient(cl))
		}
	}
	return out
}

// Contact returns a contact by id, soft-deleted ones included (with status
// "deleted"), so tests can check what deletion left behind.
func (s *Server) Contact(id int64) (Contact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ct := s.st.Contacts[id]; ct != nil {
		return s.st.renderContact(ct), true
	}
	return Contact{}, false
}

// ContactByEmail returns the live contact with the address, ignoring case.
func (s *Server) ContactByEmail(email string) (Contact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ct := s.st.contactByEmail(email); ct != nil {
		return s.st.renderContact(ct), true
	}
	return Contact{}, false
}

// Contacts returns the contacts that are not deleted, in id order.
func (s *Server) Contacts() []Contact {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Contact{}
	for _, id := range slices.Sorted(maps.Keys(s.st.Contacts)) {
		if ct := s.st.contact(id); ct != nil {
			out = append(out, s.st.renderContact(ct))
		}
	}
	return out
}

// PortalUser returns a portal user by id, whatever its status.
func (s *Server) PortalUser(id int64) (PortalUser, bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.st.PortalUsers[id]; p != nil {
		return s.st.renderPortalUser(p, now), true
	}
	return PortalUser{}, false
}

// PortalUsers returns every portal user, whatever its status, in id order.
func (s *Server) PortalUsers() []PortalUser {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []PortalUser{}
	for _, id := range slices.Sorted(maps.Keys(s.st.PortalUsers)) {
		out = append(out, s.st.renderPortalUser(s.st.PortalUsers[id], now))
	}
	return out
}

// Outbox returns the queued emails, oldest first.
func (s *Server) Outbox() []OutboxEmail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.Outbox)
}

// AccessRoles returns the fixture access roles.
func (s *Server) AccessRoles() []AccessRole {
	return slices.Clone(accessRoles)
}

// CheckPassword reports whether password is the portal user's password.
// Tests should prefer POST /api/portal/login, which checks it end to end.
func (s *Server) CheckPassword(portalUserID int64, password string) bool {
	s.mu.Lock()
	var hash []byte
	if p := s.st.PortalUsers[portalUserID]; p != nil {
		hash = p.PasswordHash
	}
	s.mu.Unlock()
	return s.checkPassword(hash, password)
}

// RequestCounts returns how many requests each route answered since the
// last ResetRequestLog, keyed by route pattern such as
// "GET /api/contacts/{id}". Requests matching no route are not counted.
func (s *Server) RequestCounts() map[string]int {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	return maps.Clone(s.counts)
}

// ResetRequestLog clears RequestCounts.
func (s *Server) ResetRequestLog() {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	clear(s.counts)
}

// SetRateLimit changes the requests allowed per key (and per address) and
// minute while the server runs; every window starts afresh, so the next
// request opens a full minute under the new limit. 0 means
// DefaultRateLimit.
func (s *Server) SetRateLimit(perMinute int) error {
	if perMinute < 0 {
		return fmt.Errorf("apiserver: negative rate limit %d", perMinute)
	}
	if perMinute == 0 {
		perMinute = DefaultRateLimit
	}
	s.limiter.setLimit(perMinute)
	return nil
}
