// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

func TestPortalUserCreateDefaults(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	c := a.fresh()
	r := a.must(201, "POST", "/api/portal-users", map[string]any{"contact_id": c.ID, "status": "terminated"})
	if r.message(t) != "Portal user created successfully." {
		t.Errorf("message %q", r.message(t))
	}
	for _, secret := range []string{"password\"", "hash"} {
		if strings.Contains(string(r.raw), secret) {
			t.Errorf("response mentions %s: %s", secret, r.raw)
		}
	}
	got := data[map[string]any](t, r)
	want := map[string]any{
		"contact_id": float64(c.ID), "client_id": float64(c.Client.ID),
		"username": c.Email, "email": c.Email, "name": "Jane Doe",
		"auth_method": "local", "status": "active",
		"invitation": map[string]any{"status": "none", "sent_at": nil},
		"roles":      []any{}, "password_updated_at": nil, "last_login_at": nil,
	}
	for k, v := range want {
		if !equalJSON(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	pu := data[apiserver.PortalUser](t, r)
	// The contact points at its portal user; the random password works for nobody.
	if cc := data[apiserver.Contact](t, a.must(200, "GET", path("/api/contacts/%d", c.ID), nil)); cc.PortalUserID == nil || *cc.PortalUserID != pu.ID {
		t.Errorf("contact portal_user_id %v", cc.PortalUserID)
	}
	wantMessage(t, a.login(c.Email, ""), 422, "The given data was invalid.")
	wantMessage(t, a.login(c.Email, "secret123"), 401, "These credentials do not match our records.")
	if len(a.srv.Outbox()) != 0 {
		t.Errorf("outbox %+v", a.srv.Outbox())
	}
	// email and name mirror the contact.
	a.must(200, "PATCH", path("/api/contacts/%d", c.ID), map[string]any{"first_name": "Janet", "last_name": "Roe", "email": "new-" + c.Email})
	if u, _ := a.srv.PortalUser(pu.ID); u.Email != "new-"+c.Email || u.Name != "Janet Roe" || u.Username != c.Email {
		t.Errorf("mirror: %+v", u)
	}
}

func TestPortalUserValidation(t *testing.T) {
	t.Parallel()
	clk := newClock()
	a := newAPI(t, apiservertest.WithClock(clk.Now))
	cl := a.client()
	free := a.contact(cl.ID, nil)
	other := a.contact(cl.ID, nil)
	withUser := a.contact(cl.ID, nil)
	a.portalUser(map[string]any{"contact_id": withUser.ID, "username": "Taken.User"})
	deleted := a.contact(cl.ID, nil)
	a.must(200, "DELETE", path("/api/contacts/%d", deleted.ID), nil)
	past := clk.Now().Add(-time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		name string
		body map[string]any
		want map[string][]string
	}{
		{"nothing", map[string]any{}, map[string][]string{"contact_id": {"The contact_id field is required."}}},
		{"unknown contact", map[string]any{"contact_id": 999999}, map[string][]string{"contact_id": {"The selected contact_id is invalid."}}},
		{"deleted contact", map[string]any{"contact_id": deleted.ID}, map[string][]string{"contact_id": {"The selected contact_id is invalid."}}},
		{"staff contact", map[string]any{"contact_id": a.srv.StaffContactID()}, map[string][]string{"contact_id": {"The selected contact_id is invalid."}}},
		{"contact has a user", map[string]any{"contact_id": withUser.ID}, map[string][]string{"contact_id": {"The contact already has a portal user."}}},
		{"username taken, other case", map[string]any{"contact_id": free.ID, "username": "taken.user"},
			map[string][]string{"username": {"The username has already been taken."}}},
		{"username is another contact's email", map[string]any{"contact_id": free.ID, "username": strings.ToUpper(other.Email)},
			map[string][]string{"username": {"The username has already been taken."}}},
		{"username format", map[string]any{"contact_id": free.ID, "username": "has space"},
			map[string][]string{"username": {"The username field format is invalid."}}},
		{"username short", map[string]any{"contact_id": free.ID, "username": "ab"},
			map[string][]string{"username": {"The username field must be at least 3 characters."}}},
		{"username long", map[string]any{"contact_id": free.ID, "username": strings.Repeat("u", 192)},
			map[string][]string{"username": {"The username field must not be greater than 191 characters."}}},
		{"password short, no digit", map[string]any{"contact_id": free.ID, "password": "abc"},
			map[string][]string{"password": {"The password field must be at least 8 characters.", "The password field must contain at least one number."}}},
		{"password no letter", map[string]any{"contact_id": free.ID, "password": "12345678"},
			map[string][]string{"password": {"The password field must contain at least one letter."}}},
		{"password too long", map[string]any{"contact_id": free.ID, "password": strings.Repeat("a1", 65)},
			map[string][]string{"password": {"The password field must not be greater than 128 characters."}}},
		{"password with azure", map[string]any{"contact_id": free.ID, "auth_method": "azure", "password": "secret123"},
			map[string][]string{"password": {"The password field is prohibited when auth method is azure."}}},
		{"auth method", map[string]any{"contact_id": free.ID, "auth_method": "ldap"},
			map[string][]string{"auth_method": {"The selected auth method is invalid."}}},
		{"send_invite", map[string]any{"contact_id": free.ID, "send_invite": "perhaps"},
			map[string][]string{"send_invite": {"The send invite field must be true or false."}}},
		{"roles not a list", map[string]any{"contact_id": free.ID, "roles": "billing"},
			map[string][]string{"roles": {"The roles field must be an array."}}},
		{"bad roles", map[string]any{"contact_id": free.ID, "roles": []any{
			map[string]any{"reference": "nope"}, "nope", map[string]any{"expires": nil},
			map[string]any{"reference": "billing", "expires": past}, map[string]any{"reference": "tickets", "expires": "soon"}, 7,
		}}, map[string][]string{
			"roles.0.reference": {"The selected roles.0.reference is invalid."},
			"roles.1":           {"The selected roles.1 is invalid."},
			"roles.2.reference": {"The roles.2.reference field is required."},
			"roles.3.expires":   {"The roles.3.expires field must be a date after now."},
			"roles.4.expires":   {"The roles.4.expires field must be a valid date."},
			"roles.5":           {"The roles.5 field must be a string or an object."},
		}},
		{"duplicate roles", map[string]any{"contact_id": free.ID, "roles": []any{"billing", map[string]any{"reference": "billing"}}},
			map[string][]string{
				"roles.0":           {"The roles.0 field has a duplicate value."},
				"roles.1.reference": {"The roles.1.reference field has a duplicate value."},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantErrors(t, a.do("POST", "/api/portal-users", tc.body), tc.want)
		})
	}
}

func TestPortalUserCreateOptions(t *testing.T) {
	t.Parallel()
	clk := newClock()
	a := newAPI(t, apiservertest.WithClock(clk.Now))
	now := clk.Now()

	c := a.fresh()
	pu := a.portalUser(map[string]any{
		"contact_id": c.ID, "username": "Jane.Login", "password": "secret123", "send_invite": true,
		"roles": []any{"billing", map[string]any{"reference": "tickets", "expires": now.Add(time.Hour).Format(time.RFC3339)}},
	})
	if pu.PasswordUpdatedAt == nil || !pu.PasswordUpdatedAt.Equal(now) || pu.Invitation.Status != "pending" ||
		pu.Invitation.SentAt == nil || len(pu.Roles) != 2 || pu.Roles[1].Expires == nil {
		t.Fatalf("created %+v", pu)
	}
	out := a.srv.Outbox()
	if len(out) != 1 || out[0].Kind != apiserver.EmailInvitation || out[0].PortalUserID != pu.ID || out[0].To != c.Email {
		t.Fatalf("outbox %+v", out)
	}
	if b, _ := json.Marshal(out); strings.Contains(string(b), "secret123") {
		t.Errorf("password in outbox: %s", b)
	}
	// Login ignores username case, sets last_login_at and accepts the invitation.
	clk.Advance(time.Minute)
	r := a.login("JANE.LOGIN", "secret123")
	if r.status != 200 || data[map[string]any](t, r)["token"] == "" {
		t.Fatalf("login: %d %s", r.status, r.raw)
	}
	got := data[apiserver.PortalUser](t, a.must(200, "GET", path("/api/portal-users/%d", pu.ID), nil))
	if got.Invitation.Status != "accepted" || got.LastLoginAt == nil || !got.LastLoginAt.Equal(now.Add(time.Minute)) {
		t.Errorf("after login %+v", got)
	}
	// The role past its expiry is dropped.
	clk.Advance(2 * time.Hour)
	got = data[apiserver.PortalUser](t, a.must(200, "GET", path("/api/portal-users/%d", pu.ID), nil))
	if len(got.Roles) != 1 || got.Roles[0].Reference != "billing" {
		t.Errorf("roles after expiry %+v", got.Roles)
	}

	// Invitation without password: no password until one is set.
	c2 := a.fresh()
	pu2 := a.portalUser(map[string]any{"contact_id": c2.ID, "send_invite": "1"})
	if pu2.Invitation.Status != "pending" || pu2.PasswordUpdatedAt != nil {
		t.Errorf("invited %+v", pu2)
	}
	// Azure: no password, invitation allowed, cannot log in here.
	c3 := a.fresh()
	pu3 := a.portalUser(map[string]any{"contact_id": c3.ID, "auth_method": "azure"})
	if pu3.AuthMethod != "azure" || pu3.PasswordUpdatedAt != nil {
		t.Errorf("azure %+v", pu3)
	}
	a.must(202, "POST", path("/api/portal-users/%d/actions/send-invite", pu3.ID), nil)

	// Form body: roles[] and a "yes" boolean.
	c4 := a.fresh()
	r = a.must(201, "POST", "/api/portal-users", url.Values{
		"contact_id": {itoa(c4.ID)}, "roles[]": {"documents", "technical"}, "send_invite": {"yes"}, "password": {"pass word 1"},
	})
	pu4 := data[apiserver.PortalUser](t, r)
	if len(pu4.Roles) != 2 || pu4.Roles[0].Reference != "documents" || pu4.Invitation.Status != "pending" {
		t.Errorf("form %+v", pu4)
	}
	if a.login(c4.Email, "pass word 1").status != 200 {
		t.Errorf("password with spaces was altered")
	}
}

func TestPortalUserUpdate(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	c := a.fresh()
	other := a.fresh()
	pu := a.portalUser(map[string]any{"contact_id": c.ID, "password": "secret123", "roles": []string{"billing"}})
	p := path("/api/portal-users/%d", pu.ID)

	// status and password are ignored; roles absent are kept.
	r := a.must(200, "PATCH", p, map[string]any{"username": "renamed", "status": "terminated", "password": "other999"})
	got := data[apiserver.PortalUser](t, r)
	if r.message(t) != "Portal user updated successfully." || got.Username != "renamed" || got.Status != "active" ||
		len(got.Roles) != 1 || got.Roles[0].Reference != "billing" {
		t.Fatalf("patch: %s", r.raw)
	}
	if a.login("renamed", "secret123").status != 200 || a.login("renamed", "other999").status != 401 {
		t.Errorf("password changed by PATCH")
	}
	// Its own contact's email is a fine username; another contact's is not.
	a.must(200, "PATCH", p, map[string]any{"username": c.Email})
	wantErrors(t, a.do("PATCH", p, map[string]any{"username": other.Email, "auth_method": nil, "roles": []string{"x"}}),
		map[string][]string{
			"username":    {"The username has already been taken."},
			"auth_method": {"The auth method field is required."},
			"roles.0":     {"The selected roles.0 is invalid."},
		})
	// Roles replace; null clears.
	got = data[apiserver.PortalUser](t, a.must(200, "PATCH", p, map[string]any{"roles": []string{"tickets", "documents"}}))
	if len(got.Roles) != 2 || got.Roles[0].Reference != "tickets" {
		t.Errorf("replace roles %+v", got.Roles)
	}
	got = data[apiserver.PortalUser](t, a.must(200, "PATCH", p, map[string]any{"roles": nil}))
	if len(got.Roles) != 0 {
		t.Errorf("clear roles %+v", got.Roles)
	}
	// Switching to azure drops the password; back to local there is none.
	got = data[apiserver.PortalUser](t, a.must(200, "PATCH", p, map[string]any{"auth_method": "azure"}))
	if got.AuthMethod != "azure" || got.PasswordUpdatedAt != nil {
		t.Errorf("azure %+v", got)
	}
	a.must(200, "PATCH", p, map[string]any{"auth_method": "local"})
	wantMessage(t, a.login(c.Email, "secret123"), 401, "These credentials do not match our records.")
	wantMessage(t, a.do("PATCH", path("/api/portal-users/%d", 999999), map[string]any{}), 404, "Portal user not found.")
}

func TestPortalUserActions(t *testing.T) {
	t.Parallel()
	clk := newClock()
	a := newAPI(t, apiservertest.WithClock(clk.Now))
	c := a.fresh()
	pu := a.portalUser(map[string]any{"contact_id": c.ID, "password": "first1234"})
	act := func(name string) string { return path("/api/portal-users/%d/actions/", pu.ID) + name }

	wantMessage(t, a.do("POST", act("grant-access"), nil), 409,
		"Unable to grant access to a portal user, please make sure the portal user is inactive.")

	r := a.must(200, "POST", act("revoke-access"), nil)
	if data[apiserver.PortalUser](t, r).Status != "terminated" {
		t.Fatalf("revoke: %s", r.raw)
	}
	wantMessage(t, a.do("POST", act("revoke-access"), nil), 409,
		"Unable to revoke access from a portal user, please make sure the portal user is active.")
	wantMessage(t, a.login(c.Email, "first1234"), 403, "Portal access has been revoked.")
	wantMessage(t, a.login(c.Email, "wrong1234"), 401, "These credentials do not match our records.")
	wantMessage(t, a.do("POST", act("send-invite"), nil), 409,
		"Unable to send an invitation to a portal user, please make sure the portal user is active.")

	// set-password works on a terminated user; the old password stops working.
	clk.Advance(time.Minute)
	wantErrors(t, a.do("POST", act("set-password"), map[string]any{}),
		map[string][]string{"password": {"The password field is required."}})
	r = a.must(200, "POST", act("set-password"), map[string]any{"password": "second1234"})
	if got := data[apiserver.PortalUser](t, r); got.PasswordUpdatedAt == nil || !got.PasswordUpdatedAt.Equal(clk.Now()) {
		t.Errorf("password_updated_at %+v", got.PasswordUpdatedAt)
	}
	if !a.srv.CheckPassword(pu.ID, "second1234") || a.srv.CheckPassword(pu.ID, "first1234") {
		t.Errorf("CheckPassword disagrees")
	}
	r = a.must(200, "POST", act("grant-access"), nil)
	if data[apiserver.PortalUser](t, r).Status != "active" {
		t.Fatalf("grant: %s", r.raw)
	}
	wantMessage(t, a.login(c.Email, "first1234"), 401, "These credentials do not match our records.")
	a.must(200, "GET", "/api/portal-users", nil)
	if a.login(c.Email, "second1234").status != 200 {
		t.Errorf("new password rejected")
	}

	clk.Advance(time.Minute)
	r = a.must(202, "POST", act("send-invite"), nil)
	if got := data[apiserver.PortalUser](t, r); got.Invitation.Status != "pending" || !got.Invitation.SentAt.Equal(clk.Now()) {
		t.Errorf("invite %+v", got.Invitation)
	}
	if r.message(t) != "Invitation sent successfully." {
		t.Errorf("message %q", r.message(t))
	}

	// Azure users: 409 comes before the password rules.
	az := a.portalUser(map[string]any{"contact_id": a.fresh().ID, "auth_method": "azure"})
	wantMessage(t, a.do("POST", path("/api/portal-users/%d/actions/set-password", az.ID), map[string]any{"password": "x"}), 409,
		"Unable to set a password for a portal user, please make sure the portal user signs in with a local password.")

	for _, action := range []string{"grant-access", "revoke-access", "set-password", "send-invite"} {
		wantMessage(t, a.do("POST", path("/api/portal-users/%d/actions/", 999999)+action, map[string]any{"password": "x"}),
			404, "Portal user not found.")
	}

	// Deleting the portal user keeps the contact.
	r = a.must(200, "DELETE", path("/api/portal-users/%d", pu.ID), nil)
	if r.message(t) != "Portal user deleted successfully." {
		t.Errorf("message %q", r.message(t))
	}
	wantMessage(t, a.do("GET", path("/api/portal-users/%d", pu.ID), nil), 404, "Portal user not found.")
	wantMessage(t, a.do("DELETE", path("/api/portal-users/%d", pu.ID), nil), 404, "Portal user not found.")
	if cc := data[apiserver.Contact](t, a.must(200, "GET", path("/api/contacts/%d", c.ID), nil)); cc.PortalUserID != nil {
		t.Errorf("contact still points at deleted user")
	}
	wantMessage(t, a.login(c.Email, "second1234"), 401, "These credentials do not match our records.")
}

func TestPortalUserList(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cl := a.client()
	var ids []int64
	for i := range 3 {
		c := a.contact(cl.ID, map[string]any{"first_name": []string{"Ann", "Ben", "Cid"}[i]})
		ids = append(ids, a.portalUser(map[string]any{"contact_id": c.ID}).ID)
	}
	a.must(200, "POST", path("/api/portal-users/%d/actions/revoke-access", ids[1]), nil)
	other := a.portalUser(map[string]any{"contact_id": a.fresh().ID})
	list := func(q string) []int64 {
		var out []int64
		for _, u := range data[[]apiserver.PortalUser](t, a.must(200, "GET", "/api/portal-users"+q, nil)) {
			out = append(out, u.ID)
		}
		return out
	}
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{path("?client_id=%d", cl.ID), []int64{ids[0], ids[2]}},
		{path("?client_id=%d&status=terminated", cl.ID), []int64{ids[1]}},
		{path("?client_id=%d&status=all", cl.ID), ids},
		{path("?client_id=%d&status=all&limit=1&page=2", cl.ID), []int64{ids[1]}},
		{path("?contact_id=%d", other.ContactID), []int64{other.ID}},
		{path("?client_id=%d&search=CID%%20DOE", cl.ID), []int64{ids[2]}},
		{"?search=" + url.QueryEscape(strings.ToUpper(other.Username)), []int64{other.ID}},
	} {
		if got := list(tc.query); !equalJSON(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
	}
	wantErrors(t, a.do("GET", "/api/portal-users?status=gone&limit=500", nil), map[string][]string{
		"status": {"The selected status is invalid."},
		"limit":  {"The limit field must be between 1 and 100."},
	})
	r := a.must(200, "GET", "/api/access-roles", nil)
	roles := data[[]apiserver.AccessRole](t, r)
	refs := map[string]bool{}
	for _, ar := range roles {
		refs[ar.Reference] = ar.Name != "" && ar.Description != ""
	}
	for _, want := range []string{"tickets", "billing", "documents", "technical"} {
		if !refs[want] {
			t.Errorf("access role %s missing or incomplete: %+v", want, roles)
		}
	}
}

func TestUniquenessAcrossContactsAndUsernames(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cl := a.client()
	alice := a.contact(cl.ID, map[string]any{"email": "alice@x.example"})
	pu := a.portalUser(map[string]any{"contact_id": alice.ID, "username": "shared@x.example"})
	bob := a.contact(cl.ID, map[string]any{"email": "bob@x.example"})

	body := map[string]any{"first_name": "B", "last_name": "B", "email": "SHARED@x.example", "clientid": cl.ID}
	wantErrors(t, a.do("POST", "/api/contacts", body), map[string][]string{"email": {"The email has already been taken."}})
	wantErrors(t, a.do("PATCH", path("/api/contacts/%d", bob.ID), body), map[string][]string{"email": {"The email has already been taken."}})
	// A username may not be another contact's address or another user's
	// username, in any case.
	wantErrors(t, a.do("POST", "/api/portal-users", map[string]any{"contact_id": bob.ID, "username": "ALICE@x.example"}),
		map[string][]string{"username": {"The username has already been taken."}})
	wantErrors(t, a.do("POST", "/api/portal-users", map[string]any{"contact_id": bob.ID, "username": "shared@X.EXAMPLE"}),
		map[string][]string{"username": {"The username has already been taken."}})
	// A contact may take its own portal user's username as its address.
	body["email"] = "Shared@X.example"
	a.must(200, "PATCH", path("/api/contacts/%d", alice.ID), body)
	if u, _ := a.srv.PortalUser(pu.ID); u.Email != "Shared@X.example" {
		t.Errorf("portal user email %q", u.Email)
	}
}
