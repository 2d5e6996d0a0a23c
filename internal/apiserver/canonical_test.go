// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestUncleanPathsAreUnknownRoutes pins that a path the mux would clean
// (and answer with an HTML redirect) is an unknown route: JSON 404.
func TestUncleanPathsAreUnknownRoutes(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for name, p := range map[string]string{
		"dot-dot segment":         "/api/contacts/../clients/1",
		"escaped dot-dot":         "/api/contacts/%2e%2e/clients/1",
		"double slash":            "/api//contacts/1",
		"leading double slash":    "//api/contacts",
		"dot segment":             "/api/./contacts",
		"trailing dot segment":    "/api/contacts/1/.",
		"dot-dot to the same one": "/api/clients/../contacts/1",
		"trailing slash":          "/api/contacts/1/",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := a.do("GET", p, nil)
			wantMessage(t, r, http.StatusNotFound, "Not found.")
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("content type %q", ct)
			}
			if r.header.Get("Location") != "" {
				t.Errorf("redirected to %q", r.header.Get("Location"))
			}
			if r.header.Get("X-RateLimit-Limit") == "" {
				t.Errorf("rate-limit headers missing: %v", r.header)
			}
		})
	}
}

// TestOnlyCanonicalIDsResolve pins that an {id} resolves only in its
// canonical form: positive decimal digits, no sign, no leading zero.
func TestOnlyCanonicalIDsResolve(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ct := a.fresh()
	pu := a.portalUser(map[string]any{"contact_id": ct.ID})
	if pu.ID != 1 {
		t.Fatalf("first portal user has id %d, the test needs 1", pu.ID)
	}
	routes := map[string]string{
		"/api/clients/":      "Client not found.",
		"/api/contacts/":     "Contact not found.",
		"/api/portal-users/": "Portal user not found.",
	}
	for prefix := range routes {
		a.must(http.StatusOK, "GET", prefix+"1", nil)
	}
	type testCase struct{ id string }
	for name, tc := range map[string]testCase{
		"plus sign":        {"+1"},
		"escaped plus":     {"%2B1"},
		"leading zero":     {"01"},
		"leading zeros":    {"0001"},
		"leading space":    {"%201"},
		"trailing space":   {"1%20"},
		"leading tab":      {"%091"},
		"decimal point":    {"1.0"},
		"exponent":         {"1e0"},
		"hexadecimal":      {"0x1"},
		"underscore":       {"1_0"},
		"minus sign":       {"-1"},
		"zero":             {"0"},
		"beyond int64":     {"9223372036854775808"},
		"unicode digit":    {"%D9%A1"}, // ARABIC-INDIC DIGIT ONE
		"fullwidth digit":  {"%EF%BC%91"},
		"trailing newline": {"1%0A"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for prefix, msg := range routes {
				wantMessage(t, a.do("GET", prefix+tc.id, nil), http.StatusNotFound, msg)
			}
			wantMessage(t, a.do("PATCH", "/api/contacts/"+tc.id, map[string]any{}), http.StatusNotFound, "Contact not found.")
			wantMessage(t, a.do("DELETE", "/api/clients/"+tc.id, nil), http.StatusNotFound, "Client not found.")
			wantMessage(t, a.do("POST", "/api/portal-users/"+tc.id+"/actions/send-invite", nil), http.StatusNotFound, "Portal user not found.")
		})
	}
}

// TestControlCharactersRejected pins that no text field accepts control
// characters (Unicode Cc, TAB included), with a Laravel-style message on
// the field; passwords are exempt.
func TestControlCharactersRejected(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ct := a.fresh()
	target := a.fresh()
	pu := a.portalUser(map[string]any{"contact_id": target.ID})
	chars := map[string]string{
		"ESC": "\x1b", "CR": "\r", "LF": "\n", "NUL": "\x00", "DEL": "\x7f",
		"TAB": "\t", "BEL": "\a", "C1 NEL": "\u0085", "C1 CSI": "\u009b",
	}
	type testCase struct {
		method, path string
		body         func(string) map[string]any
		field        string
	}
	contact := func(field string) func(string) map[string]any {
		return func(v string) map[string]any {
			b := map[string]any{
				"first_name": "Jane", "last_name": "Doe",
				"email": unique("ctl") + "@acme.example", "clientid": ct.Client.ID,
			}
			b[field] = v
			return b
		}
	}
	single := func(field string, extra map[string]any) func(string) map[string]any {
		return func(v string) map[string]any {
			b := map[string]any{field: v}
			for k, e := range extra {
				b[k] = e
			}
			return b
		}
	}
	for name, tc := range map[string]testCase{
		"client create company_name": {"POST", "/api/clients", single("company_name", nil), "company_name"},
		"client update company_name": {"PATCH", path("/api/clients/%d", ct.Client.ID), single("company_name", nil), "company_name"},
		"contact create first_name":  {"POST", "/api/contacts", contact("first_name"), "first_name"},
		"contact create last_name":   {"POST", "/api/contacts", contact("last_name"), "last_name"},
		"contact create email":       {"POST", "/api/contacts", contact("email"), "email"},
		"contact create phone":       {"POST", "/api/contacts", contact("phone"), "phone"},
		"contact create position":    {"POST", "/api/contacts", contact("position"), "position"},
		"contact update first_name":  {"PATCH", path("/api/contacts/%d", ct.ID), contact("first_name"), "first_name"},
		"contact update position":    {"PATCH", path("/api/contacts/%d", ct.ID), contact("position"), "position"},
		"portal user create username": {"POST", "/api/portal-users",
			single("username", map[string]any{"contact_id": ct.ID}), "username"},
		"portal user update username": {"PATCH", path("/api/portal-users/%d", pu.ID), single("username", nil), "username"},
		"list search":                 {"GET", "/api/contacts?search=", nil, "search"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for cname, c := range chars {
				value := "Ja" + c + "ne"
				if tc.field == "email" {
					value = "ja" + c + "ne@acme.example"
				}
				var r resp
				if tc.body == nil {
					r = a.do(tc.method, tc.path+url.QueryEscape(value), nil)
				} else {
					r = a.do(tc.method, tc.path, tc.body(value))
				}
				want := map[string][]string{tc.field: {"The " + strings.ReplaceAll(tc.field, "_", " ") + " field must not contain control characters."}}
				if r.status != http.StatusUnprocessableEntity || !equalJSON(r.errors(t), want) {
					t.Errorf("%s: got %d %s, want 422 %v", cname, r.status, r.raw, want)
				}
			}
		})
	}
	// Nothing was changed by the refused requests.
	if got, _ := a.srv.Contact(ct.ID); got.FirstName != "Jane" || got.JobPosition != nil {
		t.Errorf("contact changed: %+v", got)
	}
	// Passwords may hold any character: they are hashed, never shown.
	a.must(http.StatusOK, "POST", path("/api/portal-users/%d/actions/set-password", pu.ID),
		map[string]any{"password": "secret\t\x1b123"})
	if r := a.login(pu.Username, "secret\t\x1b123"); r.status != http.StatusOK {
		t.Errorf("login with a control character in the password: %d %s", r.status, r.raw)
	}
	// Leading and trailing whitespace controls are still trimmed first.
	got := data[map[string]any](t, a.must(http.StatusCreated, "POST", "/api/clients",
		map[string]any{"company_name": "\t" + unique("Trimmed ") + "\r\n"}))
	if name, _ := got["company_name"].(string); strings.ContainsAny(name, "\t\r\n") {
		t.Errorf("company name %q", name)
	}
}
