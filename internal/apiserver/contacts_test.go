// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
)

func TestContactCreate(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cl := a.client()
	r := a.must(201, "POST", "/api/contacts", map[string]any{
		"first_name": " Jane ", "last_name": "Doe", "email": " Jane@Acme.example ",
		"clientid": cl.ID, "phone": "+1 555 0100", "position": "Procurement Lead", "unknown": true,
	})
	if r.message(t) != "Contact created successfully." {
		t.Errorf("message %q", r.message(t))
	}
	got := data[map[string]any](t, r)
	want := map[string]any{
		"first_name": "Jane", "last_name": "Doe", "name": "Jane Doe", "email": "Jane@Acme.example",
		"phone": "+1 555 0100", "job_position": "Procurement Lead", "account_owner": "no",
		"status": "active", "portal_user_id": nil,
		"client": map[string]any{"id": float64(cl.ID), "company_name": cl.CompanyName},
		"role":   map[string]any{"id": float64(2), "name": "Client"},
		"social": map[string]any{"facebook": nil, "twitter": nil, "linkedin": nil, "github": nil, "dribbble": nil},
	}
	for k, v := range want {
		if !equalJSON(got[k], v) {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	dates := got["dates"].(map[string]any)
	if c := dates["created"].(string); len(c) != len("2026-06-15T09:30:00.000000Z") || !strings.HasSuffix(c, "Z") {
		t.Errorf("created %q", c)
	}
	if len(a.srv.Outbox()) != 0 {
		t.Errorf("welcome email queued without send_email=yes")
	}

	// Form body as in the upstream API documentation's curl examples; clientid arrives as a string.
	// job_position is the output name only: as input it is ignored.
	form := url.Values{"first_name": {"Form"}, "last_name": {"User"}, "email": {"form@acme.example"},
		"clientid": {itoa(cl.ID)}, "send_email": {"yes"}, "job_position": {"Ignored"}}
	c := data[apiserver.Contact](t, a.must(201, "POST", "/api/contacts", form))
	if c.Phone != nil || c.JobPosition != nil {
		t.Errorf("phone/position should be null: %+v", c)
	}
	out := a.srv.Outbox()
	if len(out) != 1 || out[0].Kind != apiserver.EmailWelcome || out[0].To != "form@acme.example" || out[0].ContactID != c.ID {
		t.Errorf("outbox %+v", out)
	}
}

func TestContactValidation(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cl := a.client()
	taken := a.contact(cl.ID, nil)
	holder := a.contact(cl.ID, nil)
	a.portalUser(map[string]any{"contact_id": holder.ID, "username": "login-name@acme.example"})
	valid := func(over map[string]any) map[string]any {
		b := map[string]any{"first_name": "A", "last_name": "B", "email": unique("v") + "@x.example", "clientid": cl.ID}
		for k, v := range over {
			if v == "DELETE" {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		return b
	}
	long := strings.Repeat("a", 192)
	for _, tc := range []struct {
		name string
		body any
		want map[string][]string
	}{
		{"everything missing", map[string]any{}, map[string][]string{
			"first_name": {"The first name field is required."},
			"last_name":  {"The last name field is required."},
			"email":      {"The email field is required."},
			"clientid":   {"The clientid field is required."},
		}},
		{"invalid email", valid(map[string]any{"email": "not-an-email"}),
			map[string][]string{"email": {"The email field must be a valid email address."}}},
		{"email with name", valid(map[string]any{"email": "Jane <j@x.example>"}),
			map[string][]string{"email": {"The email field must be a valid email address."}}},
		{"email taken, other case", valid(map[string]any{"email": strings.ToUpper(taken.Email)}),
			map[string][]string{"email": {"The email has already been taken."}}},
		{"email taken by a portal username", valid(map[string]any{"email": "LOGIN-NAME@acme.example"}),
			map[string][]string{"email": {"The email has already been taken."}}},
		{"email taken by staff", valid(map[string]any{"email": "staff@internal.example"}),
			map[string][]string{"email": {"The email has already been taken."}}},
		{"long fields", valid(map[string]any{"first_name": long, "last_name": long, "position": long,
			"email": strings.Repeat("a", 180) + "@example.com", "phone": strings.Repeat("1", 33)}),
			map[string][]string{
				"first_name": {"The first name field must not be greater than 191 characters."},
				"last_name":  {"The last name field must not be greater than 191 characters."},
				"position":   {"The position field must not be greater than 191 characters."},
				"email":      {"The email field must not be greater than 191 characters."},
				"phone":      {"The phone field must not be greater than 32 characters."},
			}},
		{"unknown client", valid(map[string]any{"clientid": 999999}),
			map[string][]string{"clientid": {"The selected clientid is invalid."}}},
		{"client not an integer", valid(map[string]any{"clientid": "abc"}),
			map[string][]string{"clientid": {"The clientid field must be an integer."}}},
		{"send_email not yes/no", valid(map[string]any{"send_email": true}),
			map[string][]string{"send_email": {"The selected send email is invalid."}}},
		{"phone not a string", valid(map[string]any{"phone": 5550100}),
			map[string][]string{"phone": {"The phone field must be a string."}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantErrors(t, a.do("POST", "/api/contacts", tc.body), tc.want)
		})
	}
}

func TestContactUpdate(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cl := a.client()
	other := a.contact(cl.ID, nil)
	c := a.contact(cl.ID, map[string]any{"phone": "123", "position": "Boss"})
	p := path("/api/contacts/%d", c.ID)
	base := func(extra map[string]any) map[string]any {
		b := map[string]any{"first_name": "Janet", "last_name": "Smith", "email": strings.ToUpper(c.Email)}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	// Absent phone/position keep their values; clientid and account_owner are ignored.
	r := a.must(200, "PATCH", p, base(map[string]any{"clientid": 1, "account_owner": "yes"}))
	got := data[apiserver.Contact](t, r)
	if r.message(t) != "Contact updated successfully." || got.Name != "Janet Smith" || got.Email != strings.ToUpper(c.Email) ||
		*got.Phone != "123" || *got.JobPosition != "Boss" || got.Client.ID != cl.ID || got.AccountOwner != "no" {
		t.Fatalf("update: %s", r.raw)
	}
	// "" clears phone, null clears position; both read back as null.
	got = data[apiserver.Contact](t, a.must(200, "PATCH", p, base(map[string]any{"phone": "", "position": nil})))
	if got.Phone != nil || got.JobPosition != nil {
		t.Fatalf("clear: %+v", got)
	}
	wantErrors(t, a.do("PATCH", p, map[string]any{"email": other.Email}), map[string][]string{
		"first_name": {"The first name field is required."},
		"last_name":  {"The last name field is required."},
		"email":      {"The email has already been taken."},
	})
	// Form bodies work for PATCH too.
	form := url.Values{"first_name": {"F"}, "last_name": {"G"}, "email": {c.Email}, "phone": {"999"}}
	if got = data[apiserver.Contact](t, a.must(200, "PATCH", p, form)); *got.Phone != "999" {
		t.Errorf("form patch: %+v", got)
	}
}

func TestContactSoftDelete(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	c := a.fresh()
	pu := a.portalUser(map[string]any{"contact_id": c.ID, "password": "secret123"})
	r := a.must(200, "DELETE", path("/api/contacts/%d", c.ID), nil)
	if r.message(t) != "Contact deleted successfully." || data[map[string]any](t, r)["id"] != float64(c.ID) {
		t.Fatalf("delete: %s", r.raw)
	}
	body := map[string]any{"first_name": "A", "last_name": "B", "email": "x@y.example"}
	for _, rt := range []struct{ method, path string }{
		{"GET", "/api/contacts/%d"}, {"PATCH", "/api/contacts/%d"},
		{"DELETE", "/api/contacts/%d"}, {"PUT", "/api/contacts/%d/account-owner"},
	} {
		wantMessage(t, a.do(rt.method, path(rt.path, c.ID), body), 404, "Contact not found.")
	}
	// The portal user went with it and can no longer log in.
	wantMessage(t, a.do("GET", path("/api/portal-users/%d", pu.ID), nil), 404, "Portal user not found.")
	wantMessage(t, a.login(pu.Username, "secret123"), 401, "These credentials do not match our records.")
	// Gone from lists, kept internally with status deleted and no email.
	if got := data[[]apiserver.Contact](t, a.must(200, "GET", path("/api/contacts?client_id=%d", c.Client.ID), nil)); len(got) != 0 {
		t.Errorf("deleted contact listed: %+v", got)
	}
	if got := data[[]apiserver.Contact](t, a.must(200, "GET", "/api/contacts?status=deleted", nil)); len(got) != 0 {
		t.Errorf("status=deleted lists %+v", got)
	}
	if in, ok := a.srv.Contact(c.ID); !ok || in.Status != "deleted" || in.Email != "" || in.PortalUserID != nil {
		t.Errorf("stored contact %+v", in)
	}
	// The address and the portal username can be used again; ids are new.
	again := a.contact(c.Client.ID, map[string]any{"email": strings.ToUpper(c.Email)})
	if again.ID <= c.ID {
		t.Errorf("id %d reused or lower than %d", again.ID, c.ID)
	}
	pu2 := a.portalUser(map[string]any{"contact_id": again.ID})
	if pu2.ID <= pu.ID {
		t.Errorf("portal user id %d not after %d", pu2.ID, pu.ID)
	}
}

func TestAccountOwner(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cl := a.client()
	first, second := a.contact(cl.ID, nil), a.contact(cl.ID, nil)
	elsewhere := a.fresh()
	a.must(200, "PUT", path("/api/contacts/%d/account-owner", elsewhere.ID), nil)

	r := a.must(200, "PUT", path("/api/contacts/%d/account-owner", first.ID), nil)
	if r.message(t) != "Contact set as account owner successfully." || data[apiserver.Contact](t, r).AccountOwner != "yes" {
		t.Fatalf("first: %s", r.raw)
	}
	a.must(200, "PUT", path("/api/contacts/%d/account-owner", second.ID), nil)
	owners := map[int64]string{}
	for _, c := range data[[]apiserver.Contact](t, a.must(200, "GET", "/api/contacts?limit=100", nil)) {
		owners[c.ID] = c.AccountOwner
	}
	if owners[first.ID] != "no" || owners[second.ID] != "yes" || owners[elsewhere.ID] != "yes" {
		t.Errorf("owners %v", owners)
	}
	yes := data[[]apiserver.Contact](t, a.must(200, "GET", path("/api/contacts?account_owner=yes&client_id=%d", cl.ID), nil))
	if len(yes) != 1 || yes[0].ID != second.ID {
		t.Errorf("account_owner=yes: %+v", yes)
	}
	wantMessage(t, a.do("PUT", path("/api/contacts/%d/account-owner", a.srv.StaffContactID()), nil),
		409, "The contact does not belong to a client account.")
}

func TestContactList(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cl := a.client()
	for _, n := range [][2]string{{"carol", "Young"}, {"Alice", "Zed"}, {"bob", "Xu"}, {"Dave", "Wu"}, {"eve", "Vo"}} {
		a.contact(cl.ID, map[string]any{"first_name": n[0], "last_name": n[1], "phone": "+44 " + n[0]})
	}
	q := path("/api/contacts?client_id=%d", cl.ID)
	names := func(r resp) string {
		var out []string
		for _, c := range data[[]apiserver.Contact](t, r) {
			out = append(out, c.FirstName)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		query, want string
		meta        apiserver.Meta
	}{
		{"", "carol,Alice,bob,Dave,eve", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 5, LastPage: 1}},
		{"&sort=first_name", "Alice,bob,carol,Dave,eve", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 5, LastPage: 1}},
		{"&sort=last_name&order=desc", "Alice,carol,bob,Dave,eve", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 5, LastPage: 1}},
		{"&order=desc", "eve,Dave,bob,Alice,carol", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 5, LastPage: 1}},
		{"&limit=2&page=2", "bob,Dave", apiserver.Meta{CurrentPage: 2, PerPage: 2, Total: 5, LastPage: 3}},
		{"&limit=2&page=3", "eve", apiserver.Meta{CurrentPage: 3, PerPage: 2, Total: 5, LastPage: 3}},
		{"&limit=2&page=4", "", apiserver.Meta{CurrentPage: 4, PerPage: 2, Total: 5, LastPage: 3}},
		{"&limit=100", "carol,Alice,bob,Dave,eve", apiserver.Meta{CurrentPage: 1, PerPage: 100, Total: 5, LastPage: 1}},
		{"&search=AL", "Alice", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 1, LastPage: 1}},
		{"&search=44%20bo", "bob", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 1, LastPage: 1}},
		{"&search=acme.example&limit=1", "carol", apiserver.Meta{CurrentPage: 1, PerPage: 1, Total: 5, LastPage: 5}},
		{"&status=active&account_owner=no", "carol,Alice,bob,Dave,eve", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 5, LastPage: 1}},
		{"&status=archived", "", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 0, LastPage: 1}},
		{"&status=", "carol,Alice,bob,Dave,eve", apiserver.Meta{CurrentPage: 1, PerPage: 25, Total: 5, LastPage: 1}},
	} {
		r := a.must(200, "GET", q+tc.query, nil)
		if got := names(r); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.query, got, tc.want)
		}
		if m := meta(t, r); m != tc.meta {
			t.Errorf("%q: meta %+v, want %+v", tc.query, m, tc.meta)
		}
		if !strings.Contains(string(r.raw), `"data":[`) {
			t.Errorf("%q: data is not a list: %s", tc.query, r.raw)
		}
	}
	for _, tc := range []struct {
		query string
		want  map[string][]string
	}{
		{"?limit=0", map[string][]string{"limit": {"The limit field must be between 1 and 100."}}},
		{"?limit=101", map[string][]string{"limit": {"The limit field must be between 1 and 100."}}},
		{"?limit=ten", map[string][]string{"limit": {"The limit field must be an integer."}}},
		{"?page=0", map[string][]string{"page": {"The page field must be at least 1."}}},
		{"?sort=phone&order=sideways&account_owner=maybe&client_id=x", map[string][]string{
			"sort":          {"The selected sort is invalid."},
			"order":         {"The selected order is invalid."},
			"account_owner": {"The selected account owner is invalid."},
			"client_id":     {"The client id field must be an integer."},
		}},
	} {
		wantErrors(t, a.do("GET", "/api/contacts"+tc.query, nil), tc.want)
	}
}
