// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client_test

import (
	"fmt"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// lookupCase is one lookup by natural key and what it must find: the id
// of want, or the 404 notFound says.
type lookupCase struct {
	find     func(c *contract) (int64, error)
	want     func(f *lookupFixture) int64
	notFound string
}

// lookupFixture is what the lookup tests look for: keys that other
// objects' keys contain, so that the API's substring search returns more
// than the one meant.
type lookupFixture struct {
	client, longerClient *client.ClientAccount
	owned, ownerless     *client.ClientAccount
	owner                *client.Contact
	contact              *client.Contact
	user                 *client.PortalUser
	userContact          *client.Contact
}

func newLookupFixture(c *contract) *lookupFixture {
	f := &lookupFixture{}
	f.client = c.mkClientNamed("Lookup Ltd")
	f.longerClient = c.mkClientNamed("Lookup Ltd Holdings")
	c.mkClientNamed("XLookup Ltd")
	f.owned, f.ownerless = c.mkClient(), c.mkClient()
	c.mkContact(f.owned.ID)
	f.owner = c.mkContact(f.owned.ID)
	if _, err := c.w.SetAccountOwner(c.ctx, f.owner.ID); err != nil {
		c.t.Fatalf("promoting the owner: %v", err)
	}
	c.mkContact(f.ownerless.ID)
	for _, e := range []string{"xjane@acme.example", "jane@acme.example.org", "Jane@Acme.Example"} {
		ct := c.mkContact(f.owned.ID, func(r *client.ContactCreateRequest) { r.Email = e })
		if e == "Jane@Acme.Example" {
			f.contact = ct
		}
	}
	for _, name := range []string{"boris.login2", "Boris.Login"} {
		u, ct := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.Username = name })
		f.user, f.userContact = u, ct
	}
	if _, err := c.w.RevokeAccess(c.ctx, f.user.ID); err != nil {
		c.t.Fatalf("revoking: %v", err)
	}
	return f
}

// mkClientNamed creates a client account with the given name.
func (c *contract) mkClientNamed(name string) *client.ClientAccount {
	c.t.Helper()
	cl, err := c.w.CreateClient(c.ctx, client.ClientCreateRequest{CompanyName: name})
	if err != nil {
		c.t.Fatalf("creating client %q: %v", name, err)
	}
	return cl
}

// TestContractLookups pins the one rule of every lookup by natural key
// (trimmed, case-insensitive, whole key) and its one ErrNotFound, against
// the local server.
func TestContractLookups(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	f := newLookupFixture(c)
	byName := func(name string) func(*contract) (int64, error) {
		return func(c *contract) (int64, error) { return idOf(c.r.FindClientByName(c.ctx, name)) }
	}
	byEmail := func(email string) func(*contract) (int64, error) {
		return func(c *contract) (int64, error) { return idOf(c.r.FindContactByEmail(c.ctx, email)) }
	}
	byUsername := func(username string) func(*contract) (int64, error) {
		return func(c *contract) (int64, error) { return idOf(c.r.FindPortalUserByUsername(c.ctx, username)) }
	}
	byLogin := func(login string) func(*contract) (int64, error) {
		return func(c *contract) (int64, error) { return idOf(c.r.FindPortalUserByLogin(c.ctx, login)) }
	}
	owner := func(clientID func(*lookupFixture) int64) func(*contract) (int64, error) {
		return func(c *contract) (int64, error) { return idOf(c.r.FindAccountOwner(c.ctx, clientID(f))) }
	}
	tests := map[string]lookupCase{
		"client by name, other case":          {find: byName("LOOKUP LTD"), want: func(f *lookupFixture) int64 { return f.client.ID }},
		"client by name, surrounding spaces":  {find: byName("  lookup ltd holdings "), want: func(f *lookupFixture) int64 { return f.longerClient.ID }},
		"client by part of a name":            {find: byName("Lookup"), notFound: "Client not found."},
		"contact by email, other case":        {find: byEmail("JANE@acme.example"), want: func(f *lookupFixture) int64 { return f.contact.ID }},
		"contact by email, surrounding space": {find: byEmail(" jane@acme.example "), want: func(f *lookupFixture) int64 { return f.contact.ID }},
		"contact by part of an email":         {find: byEmail("ane@acme.example"), notFound: "Contact not found."},
		"portal user by username, terminated": {find: byUsername("BORIS.LOGIN"), want: func(f *lookupFixture) int64 { return f.user.ID }},
		"portal user by part of a username":   {find: byUsername("boris"), notFound: "Portal user not found."},
		"portal user by login, a username":    {find: byLogin(" boris.login "), want: func(f *lookupFixture) int64 { return f.user.ID }},
		"portal user by login, an email": {
			find: func(c *contract) (int64, error) {
				return idOf(c.r.FindPortalUserByLogin(c.ctx, "  "+f.userContact.Email+" "))
			},
			want: func(f *lookupFixture) int64 { return f.user.ID },
		},
		"portal user by login, part of one": {find: byLogin("boris.log"), notFound: "Portal user not found."},
		"portal user by contact": {
			find: func(c *contract) (int64, error) { return idOf(c.r.FindPortalUserByContact(c.ctx, f.userContact.ID)) },
			want: func(f *lookupFixture) int64 { return f.user.ID },
		},
		"portal user of a contact without one": {
			find:     func(c *contract) (int64, error) { return idOf(c.r.FindPortalUserByContact(c.ctx, f.owner.ID)) },
			notFound: "Portal user not found.",
		},
		"account owner":                  {find: owner(func(f *lookupFixture) int64 { return f.owned.ID }), want: func(f *lookupFixture) int64 { return f.owner.ID }},
		"account owner of nobody":        {find: owner(func(f *lookupFixture) int64 { return f.ownerless.ID }), notFound: "Contact not found."},
		"account owner of a lost client": {find: owner(func(*lookupFixture) int64 { return 999999 }), notFound: "Client not found."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.find(c)
			if tc.notFound != "" {
				wantAPIError(t, err, 404, tc.notFound, nil)
				return
			}
			if want := tc.want(f); err != nil || got != want {
				t.Errorf("found id %d, %v; want %d", got, err, want)
			}
		})
	}
}

// TestContractLookupsWalkEveryPage: a lookup whose key many other keys
// contain finds its object on the second page of the search, in two
// requests, and a key that matches nothing reads every page.
func TestContractLookupsWalkEveryPage(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	for i := range client.MaxPageSize {
		c.mkClientNamed(fmt.Sprintf("Paged Co %03d", i))
		c.mkContact(cl.ID, func(r *client.ContactCreateRequest) { r.Email = fmt.Sprintf("x%03dann@paged.example", i) })
	}
	wantClient := c.mkClientNamed("Paged Co")
	wantContact := c.mkContact(cl.ID, func(r *client.ContactCreateRequest) { r.Email = "ann@paged.example" })
	tests := map[string]struct {
		find     func() (int64, error)
		want     int64
		route    string
		requests int
	}{
		"client": {
			find: func() (int64, error) { return idOf(c.r.FindClientByName(c.ctx, "paged co")) },
			want: wantClient.ID, route: "GET /api/clients", requests: 2,
		},
		"contact": {
			find: func() (int64, error) { return idOf(c.r.FindContactByEmail(c.ctx, "ANN@paged.example")) },
			want: wantContact.ID, route: "GET /api/contacts", requests: 2,
		},
		"no client": {
			find:  func() (int64, error) { return idOf(c.r.FindClientByName(c.ctx, "Paged")) },
			route: "GET /api/clients", requests: 2,
		},
	}
	// One at a time: each counts the server's requests.
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c.srv.ResetRequestLog()
			got, err := tc.find()
			switch {
			case tc.want == 0:
				wantAPIError(t, err, 404, "Client not found.", nil)
			case err != nil || got != tc.want:
				t.Errorf("found id %d, %v; want %d", got, err, tc.want)
			}
			if n := c.srv.RequestCounts()[tc.route]; n != tc.requests {
				t.Errorf("%d requests to %s, want %d", n, tc.route, tc.requests)
			}
		})
	}
}

// idOf is the id of what a lookup found.
func idOf[T interface {
	*client.ClientAccount | *client.Contact | *client.PortalUser
}](obj T, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	switch o := any(obj).(type) {
	case *client.ClientAccount:
		return o.ID, nil
	case *client.Contact:
		return o.ID, nil
	case *client.PortalUser:
		return o.ID, nil
	}
	return 0, nil
}
