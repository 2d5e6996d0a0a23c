// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"path/filepath"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// TestNamesStayUnique: emails and usernames stay unique, ignoring case and
// across the two kinds, through every change of them and across a restart
// (the server checks them in an index since the scale run, not by a pass
// over every record).
func TestNamesStayUnique(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data.json")
	a := newAPI(t, apiservertest.WithDataFile(file))
	cl := a.client()
	taken := map[string][]string{"email": {"The email has already been taken."}}
	create := func(email string) resp {
		return a.do("POST", "/api/contacts", map[string]any{"first_name": "N", "last_name": "U", "email": email, "clientid": cl.ID})
	}

	alpha := a.contact(cl.ID, map[string]any{"email": "Alpha@names.example"})
	wantErrors(t, create("ALPHA@NAMES.EXAMPLE"), taken)

	// An email changed: the old one is free, the new one taken.
	a.must(200, "PATCH", path("/api/contacts/%d", alpha.ID), map[string]any{"first_name": "A", "last_name": "L", "email": "beta@names.example"})
	a.must(201, "POST", "/api/contacts", map[string]any{"first_name": "N", "last_name": "U", "email": "alpha@names.example", "clientid": cl.ID})
	wantErrors(t, create("Beta@Names.Example"), taken)

	// A username takes an email's place, and gives it back when it changes.
	user := a.portalUser(map[string]any{"contact_id": alpha.ID, "username": "Gamma@names.example", "password": "secret123"})
	wantErrors(t, create("gamma@names.example"), taken)
	a.must(200, "PATCH", path("/api/portal-users/%d", user.ID), map[string]any{"username": "delta@names.example"})
	a.must(201, "POST", "/api/contacts", map[string]any{"first_name": "N", "last_name": "U", "email": "GAMMA@names.example", "clientid": cl.ID})
	wantErrors(t, create("DELTA@names.example"), taken)

	// A deleted contact gives its email back.
	gone := a.contact(cl.ID, map[string]any{"email": "epsilon@names.example"})
	a.must(200, "DELETE", path("/api/contacts/%d", gone.ID), nil)
	a.must(201, "POST", "/api/contacts", map[string]any{"first_name": "N", "last_name": "U", "email": "Epsilon@names.example", "clientid": cl.ID})

	// After a restart, from the data file.
	a.srv.Close()
	b := newAPI(t, apiservertest.WithDataFile(file))
	wantErrors(t, b.do("POST", "/api/contacts", map[string]any{"first_name": "N", "last_name": "U", "email": "BETA@names.example", "clientid": cl.ID}), taken)
	wantErrors(t, b.do("POST", "/api/contacts", map[string]any{"first_name": "N", "last_name": "U", "email": "Delta@names.example", "clientid": cl.ID}), taken)
	b.must(201, "POST", "/api/contacts", map[string]any{"first_name": "N", "last_name": "U", "email": "zeta@names.example", "clientid": cl.ID})
}
