// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"net/http"
)

var errClientNotFound = fail(http.StatusNotFound, "Client not found.")

func (s *Server) listClients(c *call) reply {
	v := newValidator(c.query)
	q := parseListQuery(v, []string{"company_name", "created"})
	search, _ := v.str("search", false, 0)
	if !v.valid() {
		return v.reply()
	}
	s.mu.Lock()
	var recs []*clientRecord
	for _, cl := range s.st.Clients {
		if !cl.Deleted && (search == "" || containsFold(search, cl.CompanyName)) {
			recs = append(recs, cl)
		}
	}
	sortBy(recs, func(r *clientRecord) int64 { return r.ID }, clientSortKey(q.sort), q.desc)
	page, meta := paginate(recs, q)
	out := make([]Client, len(page))
	for i, cl := range page {
		out[i] = s.st.renderClient(cl)
	}
	s.mu.Unlock()
	return listed(out, meta, "Clients retrieved successfully.")
}

func clientSortKey(sort string) func(*clientRecord) string {
	switch sort {
	case "company_name":
		return func(r *clientRecord) string { return r.CompanyName }
	case "created":
		return func(r *clientRecord) string { return r.Created.Format(TimeLayout) }
	}
	return nil
}

func (s *Server) getClient(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.clientFromPath(c)
	if cl == nil {
		return errClientNotFound
	}
	return ok(http.StatusOK, s.st.renderClient(cl), "Client retrieved successfully.")
}

func (s *Server) clientFromPath(c *call) *clientRecord {
	id, valid := c.pathID()
	if !valid {
		return nil
	}
	return s.st.client(id)
}

// companyName validates company_name; exceptID is the client being updated.
func (s *Server) companyName(v *validator, exceptID int64) string {
	name, _ := v.str("company_name", true, maxString)
	if !v.has("company_name") && s.st.companyTaken(name, exceptID) {
		v.taken("company_name")
	}
	return name
}

func (s *Server) createClient(c *call) (rep reply) {
	defer s.lockWrite(c, &rep)()
	v := newValidator(c.in)
	name := s.companyName(v, 0)
	if !v.valid() {
		return v.reply()
	}
	cl := s.st.addClient(name, c.now)
	return ok(http.StatusCreated, s.st.renderClient(cl), "Client created successfully.")
}

func (s *Server) updateClient(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.clientFromPath(c)
	if cl == nil {
		return errClientNotFound
	}
	if _, sent := c.in["company_name"]; sent {
		v := newValidator(c.in)
		name := s.companyName(v, cl.ID)
		if !v.valid() {
			return v.reply()
		}
		cl.CompanyName = name
		cl.Updated = c.now
	}
	return ok(http.StatusOK, s.st.renderClient(cl), "Client updated successfully.")
}

func (s *Server) deleteClient(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.clientFromPath(c)
	if cl == nil {
		return errClientNotFound
	}
	for _, ct := range s.st.Contacts {
		if ct.ClientID == cl.ID && ct.Status != statusDeleted {
			return fail(http.StatusConflict, "The client still has contacts.")
		}
	}
	cl.Deleted = true
	cl.Updated = c.now
	return ok(http.StatusOK, map[string]int64{"id": cl.ID}, "Client deleted successfully.")
}
