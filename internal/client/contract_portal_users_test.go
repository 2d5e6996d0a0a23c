// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// ---------------------------------------------------------------------------
// §4 Portal users, §5 access roles, §6 the portal's login

const goodPassword = "abcdefg1"

func invitationsFor(srv *apiservertest.Server, portalUserID int64) int {
	n := 0
	for _, e := range srv.Outbox() {
		if e.Kind == apiserver.EmailInvitation && e.PortalUserID == portalUserID {
			n++
		}
	}
	return n
}

func strOr(p *string, null string) string {
	if p == nil {
		return null
	}
	return *p
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestContractPortalUserCreate(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	c := newContract(t, apiservertest.WithClock(clk.Now))
	now := clk.Now().Format(apiserver.TimeLayout)
	tests := map[string]struct {
		req func(*client.PortalUserCreateRequest)
		// want* are the expected fields; "<null>" is JSON null.
		wantUsername   string // "" means the contact's email
		wantAuth       string
		wantInvitation string
		wantSentAt     string
		wantPwUpdated  string
		wantRoles      []string
		invitations    int
		loginWith      string // a password that must work; "" when none may
	}{
		"defaults": {
			req:      func(*client.PortalUserCreateRequest) {},
			wantAuth: "local", wantInvitation: "none", wantSentAt: "<null>", wantPwUpdated: "<null>",
		},
		"with a password": {
			req:      func(r *client.PortalUserCreateRequest) { r.Password = goodPassword },
			wantAuth: "local", wantInvitation: "none", wantSentAt: "<null>", wantPwUpdated: now,
			loginWith: goodPassword,
		},
		"with an invitation": {
			req:      func(r *client.PortalUserCreateRequest) { r.SendInvite = true },
			wantAuth: "local", wantInvitation: "pending", wantSentAt: now, wantPwUpdated: "<null>",
			invitations: 1,
		},
		"with a password and an invitation": {
			req:      func(r *client.PortalUserCreateRequest) { r.Password, r.SendInvite = goodPassword, true },
			wantAuth: "local", wantInvitation: "pending", wantSentAt: now, wantPwUpdated: now,
			invitations: 1, loginWith: goodPassword,
		},
		"azure": {
			req:      func(r *client.PortalUserCreateRequest) { r.AuthMethod = client.AuthAzure },
			wantAuth: "azure", wantInvitation: "none", wantSentAt: "<null>", wantPwUpdated: "<null>",
		},
		"azure with an invitation": {
			req:      func(r *client.PortalUserCreateRequest) { r.AuthMethod, r.SendInvite = client.AuthAzure, true },
			wantAuth: "azure", wantInvitation: "pending", wantSentAt: now, wantPwUpdated: "<null>",
			invitations: 1,
		},
		"username and roles": {
			req: func(r *client.PortalUserCreateRequest) {
				r.Username = "Jane.Doe_1+x-y@portal"
				r.Roles = []client.RoleGrant{{Reference: "tickets"}, {Reference: "billing"}}
			},
			wantUsername: "Jane.Doe_1+x-y@portal", wantAuth: "local", wantInvitation: "none", wantSentAt: "<null>", wantPwUpdated: "<null>",
			wantRoles: []string{"tickets", "billing"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ct := c.mkContact(c.mkClient().ID, func(r *client.ContactCreateRequest) { r.FirstName, r.LastName = "Jane", "Doe" })
			req := client.PortalUserCreateRequest{ContactID: ct.ID}
			tc.req(&req)
			pu, err := c.w.CreatePortalUser(c.ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			wantUsername := tc.wantUsername
			if wantUsername == "" {
				wantUsername = ct.Email
			}
			var roles []string
			for _, r := range pu.Roles {
				roles = append(roles, r.Reference)
				if r.Expires != nil {
					t.Errorf("role %s expires %s, want null", r.Reference, *r.Expires)
				}
			}
			checks := []struct {
				name, got, want string
			}{
				{"username", pu.Username, wantUsername},
				{"email", pu.Email, ct.Email},
				{"name", pu.Name, "Jane Doe"},
				{"auth_method", pu.AuthMethod, tc.wantAuth},
				{"status", pu.Status, "active"},
				{"invitation.status", pu.Invitation.Status, tc.wantInvitation},
				{"invitation.sent_at", strOr(pu.Invitation.SentAt, "<null>"), tc.wantSentAt},
				{"password_updated_at", strOr(pu.PasswordUpdatedAt, "<null>"), tc.wantPwUpdated},
				{"last_login_at", strOr(pu.LastLoginAt, "<null>"), "<null>"},
				{"roles", strings.Join(roles, ","), strings.Join(tc.wantRoles, ",")},
				{"contact_id", fmt.Sprint(pu.ContactID), fmt.Sprint(ct.ID)},
				{"client_id", fmt.Sprint(pu.ClientID), fmt.Sprint(ct.Client.ID)},
				{"dates.created", pu.Dates.Created, now},
				{"dates.updated", pu.Dates.Updated, now},
			}
			for _, ch := range checks {
				if ch.got != ch.want {
					t.Errorf("%s = %q, want %q", ch.name, ch.got, ch.want)
				}
			}
			if pu.Roles == nil {
				t.Error("roles is null, want a list")
			}
			if n := invitationsFor(c.srv, pu.ID); n != tc.invitations {
				t.Errorf("%d invitations queued, want %d", n, tc.invitations)
			}
			if held, _ := c.r.GetContact(c.ctx, ct.ID); held == nil || held.PortalUserID == nil || *held.PortalUserID != pu.ID {
				t.Errorf("the contact's portal_user_id = %+v, want %d", held, pu.ID)
			}
			// The random password that nobody is told, an invitation without
			// a password, and azure: no password logs in.
			for _, pw := range []string{goodPassword, "", "password1"} {
				_, err := c.w.PortalLogin(c.ctx, strings.ToUpper(pu.Username), pw)
				if pw != "" && pw == tc.loginWith {
					if err != nil {
						t.Errorf("login with the password given: %v", err)
					}
					continue
				}
				if pw == "" {
					continue
				}
				wantAPIError(t, err, 401, "These credentials do not match our records.", nil)
			}
		})
	}
	t.Run("the answer is 201", func(t *testing.T) {
		ct := c.mkContact(c.mkClient().ID)
		r := c.raw("POST", "/api/portal-users", c.srv.WriteKey, map[string]any{"contact_id": ct.ID})
		if r.Status != 201 {
			t.Errorf("status = %d %s", r.Status, r.Body)
		}
	})
}

func TestContractPortalUserValidation(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	withUser, _ := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.Username = "taken.name" })
	other := c.mkContact(cl.ID)
	// fresh gives each valid case its own contact.
	fresh := func() int64 { return c.mkContact(cl.ID).ID }
	type tcase struct {
		body   func() map[string]any
		fields map[string][]string // nil: valid
	}
	body := func(over map[string]any) func() map[string]any {
		return func() map[string]any {
			b := map[string]any{"contact_id": fresh()}
			for k, v := range over {
				b[k] = v
			}
			return b
		}
	}
	pwErr := func(msgs ...string) map[string][]string { return fieldErr("password", msgs...) }
	tests := map[string]tcase{
		"contact_id missing":                  {func() map[string]any { return map[string]any{} }, fieldErr("contact_id", "The contact_id field is required.")},
		"contact_id unknown":                  {func() map[string]any { return map[string]any{"contact_id": 999999} }, fieldErr("contact_id", "The selected contact_id is invalid.")},
		"contact_id not a number":             {func() map[string]any { return map[string]any{"contact_id": "x"} }, fieldErr("contact_id", "The contact_id field must be an integer.")},
		"staff contact":                       {func() map[string]any { return map[string]any{"contact_id": c.srv.StaffContactID()} }, fieldErr("contact_id", "The selected contact_id is invalid.")},
		"contact already has one":             {func() map[string]any { return map[string]any{"contact_id": withUser.ContactID} }, fieldErr("contact_id", "The contact already has a portal user.")},
		"username of 2":                       {body(map[string]any{"username": "ab"}), fieldErr("username", "The username field must be at least 3 characters.")},
		"username of 3":                       {body(map[string]any{"username": "abc"}), nil},
		"username of 192":                     {body(map[string]any{"username": strings.Repeat("u", 192)}), fieldErr("username", "The username field must not be greater than 191 characters.")},
		"username of 191":                     {body(map[string]any{"username": strings.Repeat("u", 191)}), nil},
		"username with a space":               {body(map[string]any{"username": "jane doe"}), fieldErr("username", "The username field format is invalid.")},
		"username with a slash":               {body(map[string]any{"username": "jane/doe"}), fieldErr("username", "The username field format is invalid.")},
		"username not ASCII":                  {body(map[string]any{"username": "jäne"}), fieldErr("username", "The username field format is invalid.")},
		"username every allowed character":    {body(map[string]any{"username": "Az09.@+_-"}), nil},
		"username taken, other case":          {body(map[string]any{"username": "TAKEN.NAME"}), fieldErr("username", "The username has already been taken.")},
		"username is another contact's email": {body(map[string]any{"username": strings.ToUpper(other.Email)}), fieldErr("username", "The username has already been taken.")},
		"auth_method unknown":                 {body(map[string]any{"auth_method": "ldap"}), fieldErr("auth_method", "The selected auth method is invalid.")},
		"password with azure":                 {body(map[string]any{"auth_method": "azure", "password": goodPassword}), pwErr("The password field is prohibited when auth method is azure.")},
		"password of 7":                       {body(map[string]any{"password": "abcdef1"}), pwErr("The password field must be at least 8 characters.")},
		"password of 8":                       {body(map[string]any{"password": "abcdefg1"}), nil},
		"password of 128":                     {body(map[string]any{"password": strings.Repeat("a", 127) + "1"}), nil},
		"password of 129":                     {body(map[string]any{"password": strings.Repeat("a", 128) + "1"}), pwErr("The password field must not be greater than 128 characters.")},
		"password without a digit":            {body(map[string]any{"password": "abcdefgh"}), pwErr("The password field must contain at least one number.")},
		"password without a letter":           {body(map[string]any{"password": "12345678"}), pwErr("The password field must contain at least one letter.")},
		"password failing every rule": {body(map[string]any{"password": "!!"}), pwErr(
			"The password field must be at least 8 characters.",
			"The password field must contain at least one letter.",
			"The password field must contain at least one number.")},
		"send_invite not a boolean": {body(map[string]any{"send_invite": "perhaps"}), fieldErr("send_invite", "The send invite field must be true or false.")},
		"roles not a list":          {body(map[string]any{"roles": "billing"}), fieldErr("roles", "The roles field must be an array.")},
		"role reference unknown":    {body(map[string]any{"roles": []any{map[string]any{"reference": "admin"}}}), fieldErr("roles.0.reference", "The selected roles.0.reference is invalid.")},
		"plain role unknown":        {body(map[string]any{"roles": []any{"billing", "admin"}}), fieldErr("roles.1", "The selected roles.1 is invalid.")},
		"duplicate roles": {body(map[string]any{"roles": []any{"billing", map[string]any{"reference": "billing"}}}), map[string][]string{
			"roles.0":           {"The roles.0 field has a duplicate value."},
			"roles.1.reference": {"The roles.1.reference field has a duplicate value."},
		}},
		"role expired":        {body(map[string]any{"roles": []any{map[string]any{"reference": "billing", "expires": "2001-01-01T00:00:00Z"}}}), fieldErr("roles.0.expires", "The roles.0.expires field must be a date after now.")},
		"role expiry garbage": {body(map[string]any{"roles": []any{map[string]any{"reference": "billing", "expires": "soon"}}}), fieldErr("roles.0.expires", "The roles.0.expires field must be a valid date.")},
		"role expiry future":  {body(map[string]any{"roles": []any{map[string]any{"reference": "billing", "expires": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}}}), nil},
		"roles as strings":    {body(map[string]any{"roles": []any{"billing", "tickets", "documents", "technical"}}), nil},
		"every failing field at once": {func() map[string]any {
			return map[string]any{"contact_id": 999999, "username": "x", "auth_method": "ldap", "password": "short", "roles": []any{"nope"}}
		}, map[string][]string{
			"contact_id":  {"The selected contact_id is invalid."},
			"username":    {"The username field must be at least 3 characters."},
			"auth_method": {"The selected auth method is invalid."},
			"password":    {"The password field must be at least 8 characters.", "The password field must contain at least one number."},
			"roles.0":     {"The selected roles.0 is invalid."},
		}},
	}
	for name, tc := range tests {
		t.Run("create "+name, func(t *testing.T) {
			before := len(c.srv.PortalUsers())
			r := c.raw("POST", "/api/portal-users", c.srv.WriteKey, tc.body())
			if tc.fields == nil {
				if r.Status != 201 {
					t.Errorf("status = %d %s, want 201", r.Status, r.Body)
				}
				return
			}
			wantRawError(t, r, 422, invalidData, tc.fields)
			if after := len(c.srv.PortalUsers()); after != before {
				t.Errorf("portal users %d → %d: a refused create acted", before, after)
			}
		})
	}

	target, _ := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.Username = "patch.target" })
	patchTests := map[string]struct {
		body   map[string]any
		fields map[string][]string
	}{
		"username null":            {map[string]any{"username": nil}, fieldErr("username", "The username field is required.")},
		"username taken":           {map[string]any{"username": "Taken.Name"}, fieldErr("username", "The username has already been taken.")},
		"username another's email": {map[string]any{"username": other.Email}, fieldErr("username", "The username has already been taken.")},
		"username format":          {map[string]any{"username": "no spaces please"}, fieldErr("username", "The username field format is invalid.")},
		"auth_method null":         {map[string]any{"auth_method": nil}, fieldErr("auth_method", "The auth method field is required.")},
		"auth_method unknown":      {map[string]any{"auth_method": "saml"}, fieldErr("auth_method", "The selected auth method is invalid.")},
		"role unknown":             {map[string]any{"roles": []any{"tickets", map[string]any{"reference": "root"}}}, fieldErr("roles.1.reference", "The selected roles.1.reference is invalid.")},
	}
	for name, tc := range patchTests {
		t.Run("update "+name, func(t *testing.T) {
			wantRawError(t, c.raw("PATCH", fmt.Sprintf("/api/portal-users/%d", target.ID), c.srv.WriteKey, tc.body), 422, invalidData, tc.fields)
			if held, _ := c.srv.PortalUser(target.ID); held.Username != "patch.target" || held.AuthMethod != "local" {
				t.Errorf("a refused PATCH acted: %+v", held)
			}
		})
	}
	t.Run("through the client", func(t *testing.T) {
		_, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: withUser.ContactID, Password: "short"})
		wantAPIError(t, err, 422, invalidData, map[string][]string{
			"contact_id": {"The contact already has a portal user."},
			"password":   {"The password field must be at least 8 characters.", "The password field must contain at least one number."},
		})
	})
}

func TestContractPortalUserRoles(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	c := newContract(t, apiservertest.WithClock(clk.Now))
	soon := clk.Now().Add(time.Hour).Format(time.RFC3339)
	later := clk.Now().Add(72 * time.Hour).Format(time.RFC3339)
	pu, _ := c.mkPortalUser(func(r *client.PortalUserCreateRequest) {
		r.Roles = []client.RoleGrant{{Reference: "billing", Expires: &soon}, {Reference: "tickets", Expires: &later}, {Reference: "documents"}}
	})
	refs := func(u *client.PortalUser) string {
		var out []string
		for _, r := range u.Roles {
			out = append(out, r.Reference+"@"+strOr(r.Expires, "never"))
		}
		return strings.Join(out, ",")
	}
	stamp := func(rfc string) string {
		tm, _ := time.Parse(time.RFC3339, rfc)
		return tm.UTC().Format(apiserver.TimeLayout)
	}
	if got, want := refs(pu), "billing@"+stamp(soon)+",tickets@"+stamp(later)+",documents@never"; got != want {
		t.Errorf("roles = %s, want %s", got, want)
	}
	t.Run("an expired role is dropped", func(t *testing.T) {
		clk.Advance(2 * time.Hour)
		got, err := c.r.GetPortalUser(c.ctx, pu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r, want := refs(got), "tickets@"+stamp(later)+",documents@never"; r != want {
			t.Errorf("roles after billing expired = %s, want %s", r, want)
		}
		listed, _ := c.r.ListPortalUsers(c.ctx, client.PortalUserListFilter{ContactID: pu.ContactID})
		if len(listed) != 1 || refs(&listed[0]) != refs(got) {
			t.Errorf("listed roles = %+v, want the same as GET", listed)
		}
	})
	tests := []struct {
		name  string
		roles client.Field[[]client.RoleGrant]
		want  string
	}{
		{"absent keeps the list", client.Field[[]client.RoleGrant]{}, "tickets@" + stamp(later) + ",documents@never"},
		{"a list replaces the whole list", client.Set([]client.RoleGrant{{Reference: "technical"}}), "technical@never"},
		{"an empty list clears", client.Set([]client.RoleGrant{}), ""},
		{"set again", client.Set([]client.RoleGrant{{Reference: "billing"}, {Reference: "tickets"}}), "billing@never,tickets@never"},
		{"null clears", client.Null[[]client.RoleGrant](), ""},
	}
	for _, tc := range tests {
		t.Run("PATCH "+tc.name, func(t *testing.T) {
			got, err := c.w.UpdatePortalUser(c.ctx, pu.ID, client.PortalUserUpdateRequest{Roles: tc.roles})
			if err != nil {
				t.Fatal(err)
			}
			if r := refs(got); r != tc.want {
				t.Errorf("roles = %q, want %q", r, tc.want)
			}
			if got.Roles == nil {
				t.Error("roles is null, want a list")
			}
		})
	}
}

func TestContractPortalUserUpdate(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	pu, ct := c.mkPortalUser(withGoodPassword, func(r *client.PortalUserCreateRequest) { r.Username = "before" })
	login := func(user, pw string) error {
		_, err := c.w.PortalLogin(c.ctx, user, pw)
		return err
	}
	t.Run("username", func(t *testing.T) {
		got, err := c.w.UpdatePortalUser(c.ctx, pu.ID, client.PortalUserUpdateRequest{Username: client.Set("after")})
		if err != nil || got.Username != "after" || got.AuthMethod != "local" || got.ID != pu.ID {
			t.Fatalf("rename = %+v, %v", got, err)
		}
		if err := login("AFTER", goodPassword); err != nil {
			t.Errorf("login with the new username: %v", err)
		}
		wantAPIError(t, login("before", goodPassword), 401, "These credentials do not match our records.", nil)
	})
	t.Run("status and password are ignored", func(t *testing.T) {
		r := c.raw("PATCH", fmt.Sprintf("/api/portal-users/%d", pu.ID), c.srv.WriteKey, map[string]any{"status": "terminated", "password": "changed99"})
		if r.Status != 200 {
			t.Fatalf("status = %d %s", r.Status, r.Body)
		}
		held, _ := c.srv.PortalUser(pu.ID)
		if held.Status != "active" {
			t.Errorf("status = %s, want active", held.Status)
		}
		if err := login("after", goodPassword); err != nil {
			t.Errorf("the old password stopped working: %v", err)
		}
		wantAPIError(t, login("after", "changed99"), 401, "These credentials do not match our records.", nil)
	})
	t.Run("email and name mirror the contact", func(t *testing.T) {
		if _, err := c.w.UpdateContact(c.ctx, ct.ID, client.ContactUpdateRequest{FirstName: "Renamed", LastName: "Person", Email: "moved@acme.example"}); err != nil {
			t.Fatal(err)
		}
		got, err := c.r.GetPortalUser(c.ctx, pu.ID)
		if err != nil || got.Email != "moved@acme.example" || got.Name != "Renamed Person" || got.Username != "after" {
			t.Errorf("portal user = %+v, %v; want email and name from the contact, username kept", got, err)
		}
	})
	t.Run("switching to azure drops the password", func(t *testing.T) {
		got, err := c.w.UpdatePortalUser(c.ctx, pu.ID, client.PortalUserUpdateRequest{AuthMethod: client.Set(client.AuthAzure)})
		if err != nil || got.AuthMethod != "azure" || got.PasswordUpdatedAt != nil {
			t.Fatalf("to azure = %+v, %v", got, err)
		}
		wantAPIError(t, login("after", goodPassword), 401, "These credentials do not match our records.", nil)
	})
	t.Run("switching back to local leaves no usable password", func(t *testing.T) {
		got, err := c.w.UpdatePortalUser(c.ctx, pu.ID, client.PortalUserUpdateRequest{AuthMethod: client.Set(client.AuthLocal)})
		if err != nil || got.AuthMethod != "local" || got.PasswordUpdatedAt != nil {
			t.Fatalf("to local = %+v, %v", got, err)
		}
		wantAPIError(t, login("after", goodPassword), 401, "These credentials do not match our records.", nil)
		if _, err := c.w.SetPassword(c.ctx, pu.ID, "fresh1234"); err != nil {
			t.Fatal(err)
		}
		if err := login("after", "fresh1234"); err != nil {
			t.Errorf("login after set-password: %v", err)
		}
	})
	t.Run("an empty PATCH keeps everything", func(t *testing.T) {
		before, _ := c.r.GetPortalUser(c.ctx, pu.ID)
		got, err := c.w.UpdatePortalUser(c.ctx, pu.ID, client.PortalUserUpdateRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if g, w := asJSON(t, got), asJSON(t, before); g != w {
			t.Errorf("empty PATCH = %s\nwant %s", g, w)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		_, err := c.w.UpdatePortalUser(c.ctx, 999999, client.PortalUserUpdateRequest{Username: client.Set("whoever")})
		wantAPIError(t, err, 404, "Portal user not found.", nil)
	})
}

func TestContractPortalUserActions(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	c := newContract(t, apiservertest.WithClock(clk.Now))
	const (
		grantConflict  = "Unable to grant access to a portal user, please make sure the portal user is inactive."
		revokeConflict = "Unable to revoke access from a portal user, please make sure the portal user is active."
		revoked        = "Portal access has been revoked."
		badCredentials = "These credentials do not match our records."
	)
	pu, _ := c.mkPortalUser(withGoodPassword)
	user := pu.Username
	login := func(pw string) error {
		_, err := c.w.PortalLogin(c.ctx, user, pw)
		return err
	}
	// A sequence of transitions on one user; each step names the action,
	// what it must answer, and what login must do afterwards.
	steps := []struct {
		name       string
		act        func() (*client.PortalUser, error)
		status     int // 0: success
		message    string
		wantStatus string
		loginPw    string
		loginErr   int // 0: login succeeds
	}{
		{"grant while active", func() (*client.PortalUser, error) { return c.w.GrantAccess(c.ctx, pu.ID) }, 409, grantConflict, "active", goodPassword, 0},
		{"revoke", func() (*client.PortalUser, error) { return c.w.RevokeAccess(c.ctx, pu.ID) }, 0, "", "terminated", goodPassword, 403},
		{"revoke while terminated", func() (*client.PortalUser, error) { return c.w.RevokeAccess(c.ctx, pu.ID) }, 409, revokeConflict, "terminated", "wrong-pass1", 401},
		{"send-invite while terminated", func() (*client.PortalUser, error) { return c.w.SendInvite(c.ctx, pu.ID) }, 409,
			"Unable to send an invitation to a portal user, please make sure the portal user is active.", "terminated", goodPassword, 403},
		{"set-password while terminated", func() (*client.PortalUser, error) { return c.w.SetPassword(c.ctx, pu.ID, "newpass22") }, 0, "", "terminated", "newpass22", 403},
		{"grant", func() (*client.PortalUser, error) { return c.w.GrantAccess(c.ctx, pu.ID) }, 0, "", "active", "newpass22", 0},
		{"the old password is gone", func() (*client.PortalUser, error) { return c.w.GetPortalUser(c.ctx, pu.ID) }, 0, "", "active", goodPassword, 401},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			clk.Advance(time.Minute)
			got, err := st.act()
			if st.status != 0 {
				wantAPIError(t, err, st.status, st.message, nil)
			} else if err != nil {
				t.Fatal(err)
			} else if got.Status != st.wantStatus || got.ID != pu.ID {
				t.Errorf("answer status = %s, want %s", got.Status, st.wantStatus)
			}
			if held, _ := c.srv.PortalUser(pu.ID); held.Status != st.wantStatus {
				t.Errorf("server holds %s, want %s", held.Status, st.wantStatus)
			}
			switch err := login(st.loginPw); st.loginErr {
			case 0:
				if err != nil {
					t.Errorf("login: %v", err)
				}
			case 403:
				wantAPIError(t, err, 403, revoked, nil)
			default:
				wantAPIError(t, err, 401, badCredentials, nil)
			}
		})
	}

	t.Run("set-password", func(t *testing.T) {
		u, _ := c.mkPortalUser()
		if u.PasswordUpdatedAt != nil {
			t.Fatalf("password_updated_at = %s before any password was set", *u.PasswordUpdatedAt)
		}
		clk.Advance(time.Minute)
		got, err := c.w.SetPassword(c.ctx, u.ID, "first1pass")
		if err != nil {
			t.Fatal(err)
		}
		want := clk.Now().Format(apiserver.TimeLayout)
		if strOr(got.PasswordUpdatedAt, "") != want || got.Dates.Updated != want {
			t.Errorf("password_updated_at %v, updated %s; want %s", strOr(got.PasswordUpdatedAt, "<null>"), got.Dates.Updated, want)
		}
		if _, err := c.w.PortalLogin(c.ctx, u.Username, "first1pass"); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
		clk.Advance(time.Minute)
		if _, err := c.w.SetPassword(c.ctx, u.ID, "second2pass"); err != nil {
			t.Fatal(err)
		}
		_, err = c.w.PortalLogin(c.ctx, u.Username, "first1pass")
		wantAPIError(t, err, 401, badCredentials, nil)
		if _, err := c.w.PortalLogin(c.ctx, u.Username, "second2pass"); err != nil {
			t.Errorf("login with the newest password: %v", err)
		}
		rules := map[string][]string{
			"":                             {"The password field is required."},
			"short1":                       {"The password field must be at least 8 characters."},
			"lettersonly":                  {"The password field must contain at least one number."},
			"123456789":                    {"The password field must contain at least one letter."},
			strings.Repeat("b", 128) + "2": {"The password field must not be greater than 128 characters."},
		}
		for pw, msgs := range rules {
			_, err := c.w.SetPassword(c.ctx, u.ID, pw)
			wantAPIError(t, err, 422, invalidData, fieldErr("password", msgs...))
		}
		_, err = c.w.PortalLogin(c.ctx, u.Username, "second2pass")
		if err != nil {
			t.Errorf("a refused set-password changed the password: %v", err)
		}
		_, err = c.w.SetPassword(c.ctx, 999999, "abcdefg1")
		wantAPIError(t, err, 404, "Portal user not found.", nil)
	})

	t.Run("set-password on azure is a conflict, before the password rules", func(t *testing.T) {
		u, _ := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.AuthMethod = client.AuthAzure })
		const azureConflict = "Unable to set a password for a portal user, please make sure the portal user signs in with a local password."
		for _, pw := range []string{goodPassword, "x"} {
			_, err := c.w.SetPassword(c.ctx, u.ID, pw)
			wantAPIError(t, err, 409, azureConflict, nil)
		}
		if held, _ := c.srv.PortalUser(u.ID); held.PasswordUpdatedAt != nil {
			t.Error("the refused set-password set a password")
		}
	})

	t.Run("send-invite", func(t *testing.T) {
		u, _ := c.mkPortalUser(withGoodPassword)
		if u.Invitation.Status != "none" || u.Invitation.SentAt != nil {
			t.Fatalf("invitation = %+v, want none with no sent_at", u.Invitation)
		}
		var sent []string
		for i := range 2 {
			clk.Advance(time.Hour)
			r := c.raw("POST", fmt.Sprintf("/api/portal-users/%d/actions/send-invite", u.ID), c.srv.WriteKey, nil)
			if r.Status != 202 {
				t.Fatalf("send-invite = %d %s, want 202", r.Status, r.Body)
			}
			got, err := c.r.GetPortalUser(c.ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Invitation.Status != "pending" || strOr(got.Invitation.SentAt, "") != clk.Now().Format(apiserver.TimeLayout) {
				t.Errorf("invitation = %s at %s, want pending at %s", got.Invitation.Status, strOr(got.Invitation.SentAt, "<null>"), clk.Now().Format(apiserver.TimeLayout))
			}
			sent = append(sent, strOr(got.Invitation.SentAt, ""))
			if n := invitationsFor(c.srv, u.ID); n != i+1 {
				t.Errorf("%d invitations queued, want %d", n, i+1)
			}
		}
		if sent[0] == sent[1] {
			t.Error("a second invitation kept the old sent_at")
		}
		// Through the client; a login accepts the pending invitation.
		got, err := c.w.SendInvite(c.ctx, u.ID)
		if err != nil || got.Invitation.Status != "pending" {
			t.Fatalf("SendInvite = %+v, %v", got, err)
		}
		if _, err := c.w.PortalLogin(c.ctx, strings.ToUpper(u.Username), goodPassword); err != nil {
			t.Fatal(err)
		}
		got, _ = c.r.GetPortalUser(c.ctx, u.ID)
		if got.Invitation.Status != "accepted" || got.LastLoginAt == nil || *got.LastLoginAt != clk.Now().Format(apiserver.TimeLayout) {
			t.Errorf("after login: invitation %s, last_login_at %v; want accepted and now", got.Invitation.Status, strOr(got.LastLoginAt, "<null>"))
		}
		az, _ := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.AuthMethod = client.AuthAzure })
		if got, err := c.w.SendInvite(c.ctx, az.ID); err != nil || got.Invitation.Status != "pending" {
			t.Errorf("send-invite to an azure user = %+v, %v; want allowed", got, err)
		}
	})

	t.Run("unknown id", func(t *testing.T) {
		for name, act := range map[string]func() (*client.PortalUser, error){
			"grant":  func() (*client.PortalUser, error) { return c.w.GrantAccess(c.ctx, 999999) },
			"revoke": func() (*client.PortalUser, error) { return c.w.RevokeAccess(c.ctx, 999999) },
			"invite": func() (*client.PortalUser, error) { return c.w.SendInvite(c.ctx, 999999) },
		} {
			_, err := act()
			if !strings.Contains(fmt.Sprint(err), "Portal user not found.") {
				t.Errorf("%s: %v", name, err)
			}
			wantAPIError(t, err, 404, "Portal user not found.", nil)
		}
	})
}

func TestContractPortalLogin(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	c := newContract(t, apiservertest.WithClock(clk.Now))
	pu, _ := c.mkPortalUser(withGoodPassword, func(r *client.PortalUserCreateRequest) { r.Username = "Mixed.Case" })
	tests := map[string]struct {
		user, pw string
		status   int
		message  string
	}{
		"right password":             {"Mixed.Case", goodPassword, 200, ""},
		"username in another case":   {"mIXED.cASE", goodPassword, 200, ""},
		"username with spaces":       {"  mixed.case  ", goodPassword, 200, ""},
		"wrong password":             {"Mixed.Case", "wrong-pass1", 401, "These credentials do not match our records."},
		"password in another case":   {"Mixed.Case", strings.ToUpper(goodPassword), 401, "These credentials do not match our records."},
		"password with a space more": {"Mixed.Case", goodPassword + " ", 401, "These credentials do not match our records."},
		"unknown user":               {"nobody", goodPassword, 401, "These credentials do not match our records."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			token, err := c.w.PortalLogin(c.ctx, tc.user, tc.pw)
			if tc.status == 200 {
				if err != nil || token == "" {
					t.Errorf("login = %q, %v; want a token", token, err)
				}
				return
			}
			wantAPIError(t, err, tc.status, tc.message, nil)
		})
	}
	clk.Advance(time.Hour)
	if _, err := c.w.PortalLogin(c.ctx, "mixed.case", goodPassword); err != nil {
		t.Fatal(err)
	}
	got, _ := c.r.GetPortalUser(c.ctx, pu.ID)
	if strOr(got.LastLoginAt, "") != clk.Now().Format(apiserver.TimeLayout) {
		t.Errorf("last_login_at = %v, want %s", strOr(got.LastLoginAt, "<null>"), clk.Now().Format(apiserver.TimeLayout))
	}
	r := c.raw("POST", "/api/portal/login", "", map[string]any{"username": "Mixed.Case", "password": goodPassword})
	if r.Status != 200 {
		t.Fatalf("raw login = %d %s", r.Status, r.Body)
	}
	data, _ := r.JSON(t)["data"].(map[string]any)
	if tok, _ := data["token"].(string); tok == "" || len(data) != 1 {
		t.Errorf("login data = %v, want only a token", data)
	}
	// A pending invitation without a password cannot log in yet.
	inv, _ := c.mkPortalUser(func(r *client.PortalUserCreateRequest) { r.SendInvite = true })
	_, err := c.w.PortalLogin(c.ctx, inv.Username, "")
	if err == nil {
		t.Error("a user with no password logged in with an empty one")
	}
	if got, _ := c.r.GetPortalUser(c.ctx, inv.ID); got.Invitation.Status != "pending" {
		t.Errorf("invitation = %s after a failed login, want pending", got.Invitation.Status)
	}
}

func TestContractPortalUserDelete(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	pu, ct := c.mkPortalUser(withGoodPassword, func(r *client.PortalUserCreateRequest) { r.Username = "short.lived" })
	r := c.raw("DELETE", fmt.Sprintf("/api/portal-users/%d", pu.ID), c.srv.WriteKey, nil)
	if r.Status != 200 {
		t.Fatalf("delete = %d %s", r.Status, r.Body)
	}
	c.wantPortalUserGone(t, pu.ID)
	wantAPIError(t, c.w.DeletePortalUser(c.ctx, pu.ID), 404, "Portal user not found.", nil)
	// The contact stays, without a portal user, and may get a new one.
	got, err := c.r.GetContact(c.ctx, ct.ID)
	if err != nil || got.Status != "active" || got.PortalUserID != nil {
		t.Fatalf("contact after the portal user's delete = %+v, %v", got, err)
	}
	_, err = c.w.PortalLogin(c.ctx, "short.lived", goodPassword)
	wantAPIError(t, err, 401, "These credentials do not match our records.", nil)
	again, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: ct.ID, Username: "short.lived"})
	if err != nil || again.ID == pu.ID {
		t.Errorf("a new portal user = %+v, %v", again, err)
	}
}

func TestContractPortalUserList(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl, other := c.mkClient(), c.mkClient()
	mk := func(clientID int64, first, username string) *client.PortalUser {
		ct := c.mkContact(clientID, func(r *client.ContactCreateRequest) { r.FirstName, r.LastName = first, "Lister" })
		pu, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: ct.ID, Username: username})
		if err != nil {
			t.Fatal(err)
		}
		return pu
	}
	a := mk(cl.ID, "Anna", "anna.login")
	b := mk(cl.ID, "Boris", "boris.login")
	x := mk(other.ID, "Xena", "warrior")
	if _, err := c.w.RevokeAccess(c.ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		filter client.PortalUserListFilter
		want   []int64
	}{
		"default is active only": {client.PortalUserListFilter{}, []int64{a.ID, x.ID}},
		"active":                 {client.PortalUserListFilter{Status: "active"}, []int64{a.ID, x.ID}},
		"terminated":             {client.PortalUserListFilter{Status: "terminated"}, []int64{b.ID}},
		"all":                    {client.PortalUserListFilter{Status: "all"}, []int64{a.ID, b.ID, x.ID}},
		"client_id":              {client.PortalUserListFilter{Status: "all", ClientID: cl.ID}, []int64{a.ID, b.ID}},
		"contact_id":             {client.PortalUserListFilter{Status: "all", ContactID: x.ContactID}, []int64{x.ID}},
		"search username":        {client.PortalUserListFilter{Status: "all", Search: "LOGIN"}, []int64{a.ID, b.ID}},
		"search name":            {client.PortalUserListFilter{Search: "xena lis"}, []int64{x.ID}},
		"search email":           {client.PortalUserListFilter{Status: "all", Search: strings.ToUpper(b.Email)}, []int64{b.ID}},
		"search matches nothing": {client.PortalUserListFilter{Status: "all", Search: "zzz"}, nil},
		"filters combine":        {client.PortalUserListFilter{ClientID: cl.ID}, []int64{a.ID}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			all, err := c.r.ListPortalUsers(c.ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, u := range all {
				got = append(got, u.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ids = %v, want %v", got, tc.want)
			}
		})
	}
	wantRawError(t, c.raw("GET", "/api/portal-users?status=bogus", c.srv.ReadKey, nil), 422, invalidData,
		fieldErr("status", "The selected status is invalid."))
	// A terminated user is still readable by id.
	if got, err := c.r.GetPortalUser(c.ctx, b.ID); err != nil || got.Status != "terminated" {
		t.Errorf("GET terminated = %+v, %v", got, err)
	}
	// The client's lookups use status=all.
	if got, err := c.r.FindPortalUserByUsername(c.ctx, "BORIS.LOGIN"); err != nil || got.ID != b.ID {
		t.Errorf("FindPortalUserByUsername = %+v, %v", got, err)
	}
	if got, err := c.r.FindPortalUserByContact(c.ctx, b.ContactID); err != nil || got.ID != b.ID {
		t.Errorf("FindPortalUserByContact = %+v, %v", got, err)
	}
	_, err := c.r.FindPortalUserByUsername(c.ctx, "boris")
	wantAPIError(t, err, 404, "Portal user not found.", nil)
}

func TestContractAccessRoles(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	roles, err := c.r.ListAccessRoles(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]client.AccessRole{}
	for _, r := range roles {
		got[r.Reference] = r
		if r.Name == "" || r.Description == "" {
			t.Errorf("role %+v lacks a name or description", r)
		}
	}
	for _, ref := range []string{"tickets", "billing", "documents", "technical"} {
		if _, ok := got[ref]; !ok {
			t.Errorf("access role %q missing from %+v", ref, roles)
		}
	}
	if got["billing"].Name != "Billing" {
		t.Errorf("billing = %+v, want name Billing", got["billing"])
	}
	// Read-only.
	for _, method := range []string{"POST", "PATCH", "DELETE"} {
		if r := c.raw(method, "/api/access-roles", c.srv.WriteKey, map[string]any{"reference": "x"}); r.Status != 405 {
			t.Errorf("%s /api/access-roles = %d, want 405", method, r.Status)
		}
	}
}
