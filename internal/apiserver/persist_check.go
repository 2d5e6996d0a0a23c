// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The checks below run on a data file at load. The server itself never
// writes a file that fails them, but a file edited by hand, merged, or
// restored in parts can: a null record panicked the first request that
// met it, and counters behind the records handed out ids in use again,
// replacing the records that held them.

// maxProblemsShown is how many of a refused file's problems the error
// lists; the rest are counted.
const maxProblemsShown = 10

// requireCollections refuses a file without one of its collections: such a
// file is not one this server wrote, and reading it as having no records
// of that kind would serve the others' data as if it were whole.
func (st *store) requireCollections() error {
	for _, c := range []struct {
		name    string
		missing bool
	}{{"clients", st.Clients == nil}, {"contacts", st.Contacts == nil}, {"portal_users", st.PortalUsers == nil}} {
		if c.missing {
			return fmt.Errorf("has no %q collection (absent or null), which every data file has: restore the file from a backup, or move it away to start with an empty one", c.name)
		}
	}
	return nil
}

// checkRecords returns an error that names each record (collection and
// key) that the server could not serve: a null record, a key that is not
// the record's id, an id below 1, or a reference to a record that is not in
// the file.
func (st *store) checkRecords() error {
	var p recordProblems
	checkCollection(&p, "clients", st.Clients, func(c *clientRecord) int64 { return c.ID }, nil)
	checkCollection(&p, "contacts", st.Contacts, func(c *contactRecord) int64 { return c.ID }, st.contactRefs)
	checkCollection(&p, "portal_users", st.PortalUsers, func(u *portalUserRecord) int64 { return u.ID }, st.portalUserRefs)
	return p.err()
}

// recordProblems collects what checkRecords finds, each naming its record.
type recordProblems []string

func (p *recordProblems) add(collection string, key int64, format string, args ...any) {
	*p = append(*p, fmt.Sprintf("%s[%q] ", collection, fmt.Sprint(key))+fmt.Sprintf(format, args...))
}

// err lists the first problems found, and counts the rest.
func (p recordProblems) err() error {
	if len(p) == 0 {
		return nil
	}
	shown := p[:min(len(p), maxProblemsShown)]
	more := ""
	if n := len(p) - len(shown); n > 0 {
		more = fmt.Sprintf("; and %d more", n)
	}
	return errors.New("has records the server cannot serve: " + strings.Join(shown, "; ") + more +
		". Correct or remove them, or restore the file from a backup")
}

// checkCollection checks that every record of one collection is there and
// filed under its id, in key order, then checks its references with refs.
func checkCollection[T any](p *recordProblems, collection string, records map[int64]*T, id func(*T) int64, refs func(*recordProblems, int64, *T)) {
	for _, key := range slices.Sorted(maps.Keys(records)) {
		r := records[key]
		if r == nil {
			p.add(collection, key, "is null")
			continue
		}
		switch rid := id(r); {
		case key != rid:
			p.add(collection, key, "has the id %d; a record's key must be its id", rid)
		case rid < 1:
			p.add(collection, key, "has the id %d: ids are whole numbers from 1", rid)
		}
		if refs != nil {
			refs(p, key, r)
		}
	}
}

// contactRefs checks that a contact's client and portal user are in the
// file, and that its portal user names it back.
func (st *store) contactRefs(p *recordProblems, key int64, c *contactRecord) {
	if st.Clients[c.ClientID] == nil {
		p.add("contacts", key, "belongs to client %d, which is not in the file", c.ClientID)
	}
	if c.PortalUserID == 0 {
		return
	}
	switch u := st.PortalUsers[c.PortalUserID]; {
	case u == nil:
		p.add("contacts", key, "names portal user %d, which is not in the file", c.PortalUserID)
	case u.ContactID != c.ID:
		p.add("contacts", key, "names portal user %d, which belongs to contact %d", c.PortalUserID, u.ContactID)
	}
}

// portalUserRefs checks that a portal user's contact is in the file and
// names it back.
func (st *store) portalUserRefs(p *recordProblems, key int64, u *portalUserRecord) {
	switch c := st.Contacts[u.ContactID]; {
	case c == nil:
		p.add("portal_users", key, "belongs to contact %d, which is not in the file", u.ContactID)
	case c.PortalUserID == 0:
		p.add("portal_users", key, "belongs to contact %d, which names no portal user", u.ContactID)
	case c.PortalUserID != u.ID:
		p.add("portal_users", key, "belongs to contact %d, which names portal user %d", u.ContactID, c.PortalUserID)
	}
}

// counterRaise is an id counter that load raised to the largest id of its
// records.
type counterRaise struct {
	counter  string
	was, now int64
}

// raiseCounters makes each id counter at least the largest id its records
// hold, so that no id is handed out twice, and returns those it raised.
// It runs after checkRecords, so every record is there and filed under
// its id.
func (st *store) raiseCounters() []counterRaise {
	var raised []counterRaise
	raise := func(counter string, seq *int64, ids []int64) {
		if len(ids) == 0 {
			return
		}
		if top := slices.Max(ids); *seq < top {
			raised = append(raised, counterRaise{counter: counter, was: *seq, now: top})
			*seq = top
		}
	}
	raise("client", &st.Seq.Client, slices.Collect(maps.Keys(st.Clients)))
	raise("contact", &st.Seq.Contact, slices.Collect(maps.Keys(st.Contacts)))
	raise("portal_user", &st.Seq.PortalUser, slices.Collect(maps.Keys(st.PortalUsers)))
	return raised
}
