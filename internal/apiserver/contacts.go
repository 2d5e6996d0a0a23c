// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"net/http"
	"strings"
)

var errContactNotFound = fail(http.StatusNotFound, "Contact not found.")

func (s *Server) listContacts(c *call) reply {
	v := newValidator(c.query)
	q := parseListQuery(v, []string{"first_name", "last_name", "email", "created", "updated"})
	status, _ := v.str("status", false, 0)
	clientID, byClient := v.integer("client_id", false)
	owner := v.oneOf("account_owner", "", "yes", "no")
	search, _ := v.str("search", false, 0)
	if !v.valid() {
		return v.reply()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := []*contactRecord{}
	for _, ct := range s.st.Contacts {
		switch {
		case ct.Status == statusDeleted,
			status != "" && ct.Status != status,
			byClient && ct.ClientID != clientID,
			owner != "" && yesNo(ct.AccountOwner) != owner,
			search != "" && !containsFold(search, ct.FirstName, ct.LastName, ct.Email, deref(ct.Phone)):
			continue
		}
		recs = append(recs, ct)
	}
	sortBy(recs, func(r *contactRecord) int64 { return r.ID }, contactSortKey(q.sort), q.desc)
	page, meta := paginate(recs, q)
	out := make([]Contact, len(page))
	for i, ct := range page {
		out[i] = s.st.renderContact(ct)
	}
	return listed(out, meta, "Contacts retrieved successfully.")
}

func contactSortKey(sort string) func(*contactRecord) string {
	switch sort {
	case "first_name":
		return func(r *contactRecord) string { return r.FirstName }
	case "last_name":
		return func(r *contactRecord) string { return r.LastName }
	case "email":
		return func(r *contactRecord) string { return r.Email }
	case "created":
		return func(r *contactRecord) string { return r.Created.Format(TimeLayout) }
	case "updated":
		return func(r *contactRecord) string { return r.Updated.Format(TimeLayout) }
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (s *Server) contactFromPath(c *call) *contactRecord {
	id, valid := c.pathID()
	if !valid {
		return nil
	}
	return s.st.contact(id)
}

func (s *Server) getContact(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	ct := s.contactFromPath(c)
	if ct == nil {
		return errContactNotFound
	}
	return ok(http.StatusOK, s.st.renderContact(ct), "Contact retrieved successfully.")
}

// contactFields are the validated fields shared by create and update.
type contactFields struct {
	first, last, email      string
	phone, position         *string
	phoneSent, positionSent bool
}

// validateContact checks names, email and the optional phone and position;
// self is the contact being updated (0 on create), whose own address and
// portal username do not count as taken.
func (s *Server) validateContact(v *validator, self int64) contactFields {
	var f contactFields
	f.first, _ = v.str("first_name", true, maxString)
	f.last, _ = v.str("last_name", true, maxString)
	f.email = v.email("email")
	if !v.has("email") && s.st.emailTaken(f.email, self) {
		v.taken("email")
	}
	var phone, position string
	phone, f.phoneSent = v.str("phone", false, maxPhone)
	position, f.positionSent = v.str("position", false, maxString)
	f.phone, f.position = optional(phone), optional(position)
	return f
}

// optional maps the empty (null or cleared) value to nil.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (s *Server) createContact(c *call) (rep reply) {
	defer s.lockWrite(c, &rep)()
	v := newValidator(c.in)
	f := s.validateContact(v, 0)
	if clientID, valid := v.integer("clientid", true); valid && s.st.client(clientID) == nil {
		v.invalidSelection("clientid")
	}
	sendEmail := v.oneOf("send_email", "no", "yes", "no")
	if !v.valid() {
		return v.reply()
	}
	clientID, _ := intValue(c.in["clientid"])
	s.st.Seq.Contact++
	ct := &contactRecord{
		ID: s.st.Seq.Contact, ClientID: clientID, FirstName: f.first, LastName: f.last,
		Email: f.email, Phone: f.phone, JobPosition: f.position,
		Status: statusActive, Role: roleClient, Created: c.now, Updated: c.now,
	}
	s.st.Contacts[ct.ID] = ct
	s.st.noteContact(ct)
	if sendEmail == "yes" {
		s.st.queue(EmailWelcome, ct, 0, c.now)
	}
	return ok(http.StatusCreated, s.st.renderContact(ct), "Contact created successfully.")
}

func (s *Server) updateContact(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	ct := s.contactFromPath(c)
	if ct == nil {
		return errContactNotFound
	}
	v := newValidator(c.in)
	f := s.validateContact(v, ct.ID)
	if !v.valid() {
		return v.reply()
	}
	ct.FirstName, ct.LastName, ct.Email = f.first, f.last, f.email
	s.st.noteContact(ct)
	if f.phoneSent {
		ct.Phone = f.phone
	}
	if f.positionSent {
		ct.JobPosition = f.position
	}
	ct.Updated = c.now
	return ok(http.StatusOK, s.st.renderContact(ct), "Contact updated successfully.")
}

func (s *Server) deleteContact(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	ct := s.contactFromPath(c)
	if ct == nil {
		return errContactNotFound
	}
	ct.Status = statusDeleted
	ct.Email = ""
	ct.AccountOwner = false
	if ct.PortalUserID != 0 {
		delete(s.st.PortalUsers, ct.PortalUserID)
		ct.PortalUserID = 0
	}
	ct.Updated = c.now
	return ok(http.StatusOK, map[string]int64{"id": ct.ID}, "Contact deleted successfully.")
}

func (s *Server) setAccountOwner(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	ct := s.contactFromPath(c)
	if ct == nil {
		return errContactNotFound
	}
	if ct.Role != roleClient {
		return fail(http.StatusConflict, "The contact does not belong to a client account.")
	}
	for _, other := range s.st.Contacts {
		if other.ClientID == ct.ClientID && other.ID != ct.ID && other.AccountOwner {
			other.AccountOwner = false
			other.Updated = c.now
		}
	}
	if !ct.AccountOwner {
		ct.AccountOwner = true
		ct.Updated = c.now
	}
	return ok(http.StatusOK, s.st.renderContact(ct), "Contact set as account owner successfully.")
}

// contactByEmail finds a live contact by address, ignoring case.
func (st *store) contactByEmail(email string) *contactRecord {
	if found := st.contactsNamed(strings.TrimSpace(email)); len(found) > 0 {
		return found[0]
	}
	return nil
}
