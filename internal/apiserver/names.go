// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"strings"
	"unicode"
)

// names indexes the values the API keeps unique ignoring case (contacts'
// emails and portal users' usernames, one namespace) by their folded form,
// so that a create or update checks them in a lookup rather than a pass
// over every record: with thousands of records the pass, made under the
// server's lock, slowed every write (the benchmark's scale run).
//
// An entry is a hint: whoever changes an email or username records the
// new value (noteContact, notePortalUser), nobody removes the old one, and
// every lookup checks the record it names against the value. A record the
// index misses would be a taken value the server lets through, so the
// index is built from the records on first use, after a load from the
// data file as at start.
type names struct {
	contacts   map[string][]int64
	portalUser map[string][]int64
}

// foldName is s with each character replaced by the smallest of its case
// variants: two strings fold alike exactly when strings.EqualFold says
// they are equal, which is how the API compares these values.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

// index returns the store's index, built from its records on first use.
func (st *store) index() *names {
	if st.names.contacts != nil {
		return &st.names
	}
	st.names = names{contacts: map[string][]int64{}, portalUser: map[string][]int64{}}
	for _, c := range st.Contacts {
		st.noteContact(c)
	}
	for _, p := range st.PortalUsers {
		st.notePortalUser(p)
	}
	return &st.names
}

// noteContact records the contact's email; call it whenever the email is set.
func (st *store) noteContact(c *contactRecord) {
	if st.names.contacts == nil || c.Email == "" {
		return
	}
	k := foldName(c.Email)
	st.names.contacts[k] = append(st.names.contacts[k], c.ID)
}

// notePortalUser records the portal user's username; call it whenever the
// username is set.
func (st *store) notePortalUser(p *portalUserRecord) {
	if st.names.portalUser == nil || p.Username == "" {
		return
	}
	k := foldName(p.Username)
	st.names.portalUser[k] = append(st.names.portalUser[k], p.ID)
}

// contactsNamed returns the live contacts whose email is s, ignoring case.
func (st *store) contactsNamed(s string) []*contactRecord {
	var out []*contactRecord
	for _, id := range st.index().contacts[foldName(s)] {
		if c := st.Contacts[id]; c != nil && c.Status != statusDeleted && strings.EqualFold(c.Email, s) {
			out = append(out, c)
		}
	}
	return out
}

// portalUsersNamed returns the portal users whose username is s, ignoring case.
func (st *store) portalUsersNamed(s string) []*portalUserRecord {
	var out []*portalUserRecord
	for _, id := range st.index().portalUser[foldName(s)] {
		if p := st.PortalUsers[id]; p != nil && strings.EqualFold(p.Username, s) {
			out = append(out, p)
		}
	}
	return out
}
