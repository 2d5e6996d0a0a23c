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
	var problems []string
	add := func(collection string, key int64, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s[%q] ", collection, fmt.Sprint(key))+fmt.Sprintf(format, args...))
	}
	checkID := func(collection string, key, id int64) {
		switch {
		case key != id:
			add(collection, key, "has the id %d; a record's key must be its id", id)
		case id < 1:
			add(collection, key, "has the id %d: ids are whole numbers from 1", id)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(st.Clients)) {
		c := st.Clients[key]
		if c == nil {
			add("clients", key, "is null")
			continue
		}
		checkID("clients", key, c.ID)
	}
	for _, key := range slices.Sorted(maps.Keys(st.Contacts)) {
		c := st.Contacts[key]
		if c == nil {
			add("contacts", key, "is null")
			continue
		}
		checkID("contacts", key, c.ID)
		if st.Clients[c.ClientID] == nil {
			add("contacts", key, "belongs to client %d, which is not in the file", c.ClientID)
		}
		if c.PortalUserID == 0 {
			continue
		}
		switch p := st.PortalUsers[c.PortalUserID]; {
		case p == nil:
			add("contacts", key, "names portal user %d, which is not in the file", c.PortalUserID)
		case p.ContactID != c.ID:
			add("contacts", key, "names portal user %d, which belongs to contact %d", c.PortalUserID, p.ContactID)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(st.PortalUsers)) {
		p := st.PortalUsers[key]
		if p == nil {
			add("portal_users", key, "is null")
			continue
		}
		checkID("portal_users", key, p.ID)
		switch c := st.Contacts[p.ContactID]; {
		case c == nil:
			add("portal_users", key, "belongs to contact %d, which is not in the file", p.ContactID)
		case c.PortalUserID == 0:
			add("portal_users", key, "belongs to contact %d, which names no portal user", p.ContactID)
		case c.PortalUserID != p.ID:
			add("portal_users", key, "belongs to contact %d, which names portal user %d", p.ContactID, c.PortalUserID)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	shown := problems[:min(len(problems), maxProblemsShown)]
	more := ""
	if n := len(problems) - len(shown); n > 0 {
		more = fmt.Sprintf("; and %d more", n)
	}
	return errors.New("has records the server cannot serve: " + strings.Join(shown, "; ") + more +
		". Correct or remove them, or restore the file from a backup")
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
