// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestValidate pins what the client requires of each object before it
// hands it on: the fields the contract always sends.
func TestValidate(t *testing.T) {
	t.Parallel()
	goodContact := Contact{ID: 45, Email: "a@b.example", FirstName: "A", LastName: "B", Client: ContactClient{ID: 12}}
	goodUser := PortalUser{ID: 301, ContactID: 45, Username: "ab", Status: StatusActive, AuthMethod: AuthLocal}
	tests := map[string]struct {
		v       validator
		missing []string // nil: valid
	}{
		"client":                  {v: &ClientAccount{ID: 12, CompanyName: "Acme"}},
		"client without anything": {v: &ClientAccount{}, missing: []string{"id", "company_name"}},
		"client with id 0":        {v: &ClientAccount{CompanyName: "Acme"}, missing: []string{"id"}},
		"client with id -1":       {v: &ClientAccount{ID: -1, CompanyName: "Acme"}, missing: []string{"id"}},
		"client without a name":   {v: &ClientAccount{ID: 12}, missing: []string{"company_name"}},
		"contact":                 {v: &goodContact},
		"contact without anything": {
			v: &Contact{}, missing: []string{"id", "email", "first_name", "last_name", "client.id"},
		},
		"contact without a client": {
			v: func() *Contact { c := goodContact; c.Client = ContactClient{}; return &c }(), missing: []string{"client.id"},
		},
		"contact with id -1": {
			v: func() *Contact { c := goodContact; c.ID = -1; return &c }(), missing: []string{"id"},
		},
		"contact of client -12": {
			v: func() *Contact { c := goodContact; c.Client.ID = -12; return &c }(), missing: []string{"client.id"},
		},
		"contact without an email": {
			v: func() *Contact { c := goodContact; c.Email = ""; return &c }(), missing: []string{"email"},
		},
		"portal user": {v: &goodUser},
		"portal user without anything": {
			v: &PortalUser{}, missing: []string{"id", "contact_id", "username", "status", "auth_method"},
		},
		"portal user without a contact": {
			v: func() *PortalUser { u := goodUser; u.ContactID = 0; return &u }(), missing: []string{"contact_id"},
		},
		"portal user with id -301": {
			v: func() *PortalUser { u := goodUser; u.ID = -301; return &u }(), missing: []string{"id"},
		},
		"portal user of contact -45": {
			v: func() *PortalUser { u := goodUser; u.ContactID = -45; return &u }(), missing: []string{"contact_id"},
		},
		"portal user without a status": {
			v: func() *PortalUser { u := goodUser; u.Status = ""; return &u }(), missing: []string{"status"},
		},
		"login without a token": {v: &portalLoginResponse{}, missing: []string{"token"}},
		"login":                 {v: &portalLoginResponse{Token: "t"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.v.validate()
			if tc.missing == nil {
				if err != nil {
					t.Fatalf("validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("validate() = nil, want it to name %v", tc.missing)
			}
			for _, f := range tc.missing {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("validate() = %q, want it to name %q", err, f)
				}
			}
		})
	}
}

// TestIncompleteAnswersAreErrors runs every object-returning call against
// answers without a usable object (a negative id is no id either): each
// must fail with ErrUnexpected and return nothing.
func TestIncompleteAnswersAreErrors(t *testing.T) {
	t.Parallel()
	calls := map[string]func(context.Context, *Client) (any, error){
		"GetClient":    func(ctx context.Context, c *Client) (any, error) { return c.GetClient(ctx, 1) },
		"CreateClient": func(ctx context.Context, c *Client) (any, error) { return c.CreateClient(ctx, ClientCreateRequest{}) },
		"GetContact":   func(ctx context.Context, c *Client) (any, error) { return c.GetContact(ctx, 1) },
		"UpdateContact": func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateContact(ctx, 1, ContactUpdateRequest{})
		},
		"SetAccountOwner": func(ctx context.Context, c *Client) (any, error) { return c.SetAccountOwner(ctx, 1) },
		"GetPortalUser":   func(ctx context.Context, c *Client) (any, error) { return c.GetPortalUser(ctx, 1) },
		"CreatePortalUser": func(ctx context.Context, c *Client) (any, error) {
			return c.CreatePortalUser(ctx, PortalUserCreateRequest{})
		},
		"SendInvite":   func(ctx context.Context, c *Client) (any, error) { return c.SendInvite(ctx, 1) },
		"RevokeAccess": func(ctx context.Context, c *Client) (any, error) { return c.RevokeAccess(ctx, 1) },
		"PortalLogin": func(ctx context.Context, c *Client) (any, error) {
			tok, err := c.PortalLogin(ctx, "u", "p")
			if tok == "" {
				return nil, err
			}
			return tok, err
		},
		"ListClients": func(ctx context.Context, c *Client) (any, error) { return c.ListClients(ctx, ClientListFilter{}) },
		"ListPortalUsers": func(ctx context.Context, c *Client) (any, error) {
			return c.ListPortalUsers(ctx, PortalUserListFilter{})
		},
	}
	bodies := map[string]struct {
		status int
		body   string
	}{
		"data null":         {200, `{"data":null,"message":"ok"}`},
		"no data":           {200, `{"message":"ok"}`},
		"data {}":           {200, `{"data":{},"message":"ok"}`},
		"data [{}]":         {200, `{"data":[{}],"message":"ok"}`},
		"id 0":              {201, `{"data":{"id":0,"company_name":"A","email":"a@b.example","first_name":"A","last_name":"B","client":{"id":1},"contact_id":1,"username":"u","status":"active","auth_method":"local"}}`},
		"id -1":             {201, `{"data":{"id":-1,"company_name":"A","email":"a@b.example","first_name":"A","last_name":"B","client":{"id":1},"contact_id":1,"username":"u","status":"active","auth_method":"local"}}`},
		"202 without data":  {202, `{"message":"Invitation sent successfully."}`},
		"204 for an object": {204, ``},
	}
	for cname, call := range calls {
		for bname, b := range bodies {
			t.Run(cname+" "+bname, func(t *testing.T) {
				t.Parallel()
				srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, b.status, b.body) })
				got, err := call(context.Background(), newTestClient(t, srv.URL))
				if err == nil {
					t.Fatalf("%s succeeded on %s: %+v", cname, b.body, got)
				}
				assertOnlySentinel(t, err, ErrUnexpected)
			})
		}
	}
}

// TestBodilessAnswersStillWork: the answers that legitimately carry no
// object are still accepted.
func TestBodilessAnswersStillWork(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		status int
		body   string
		call   func(context.Context, *Client) error
	}{
		"delete answering its id": {200, `{"data":{"id":45},"message":"Contact deleted successfully."}`, func(ctx context.Context, c *Client) error { return c.DeleteContact(ctx, 45) }},
		"delete answering 204":    {204, ``, func(ctx context.Context, c *Client) error { return c.DeleteClient(ctx, 45) }},
		"delete with a message only": {200, `{"message":"Portal user deleted successfully."}`, func(ctx context.Context, c *Client) error {
			return c.DeletePortalUser(ctx, 45)
		}},
		"send-invite answering 202 with the user": {202, `{"data":{"id":3,"contact_id":4,"username":"u","status":"active","auth_method":"local","invitation":{"status":"pending"}},"message":"Invitation sent successfully."}`,
			func(ctx context.Context, c *Client) error { _, err := c.SendInvite(ctx, 3); return err }},
		"an empty page": {200, `{"data":[],"meta":{"current_page":1,"per_page":100,"total":0,"last_page":1}}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.ListContacts(ctx, ContactListFilter{})
				return err
			}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tc.status, tc.body) })
			if err := tc.call(context.Background(), newTestClient(t, srv.URL)); err != nil {
				t.Fatal(err)
			}
		})
	}
}
