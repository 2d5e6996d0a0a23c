// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestClientCRUD(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	r := a.must(201, "POST", "/api/clients", map[string]any{"company_name": "  Acme Inc  "})
	if r.message(t) != "Client created successfully." {
		t.Errorf("message %q", r.message(t))
	}
	cl := data[map[string]any](t, r)
	if cl["company_name"] != "Acme Inc" || cl["status"] != "active" || cl["id"].(float64) < 1 {
		t.Fatalf("client %v", cl)
	}
	id := int64(cl["id"].(float64))

	got := a.must(200, "GET", path("/api/clients/%d", id), nil)
	if got.message(t) != "Client retrieved successfully." {
		t.Errorf("message %q", got.message(t))
	}
	// PATCH without company_name keeps it.
	r = a.must(200, "PATCH", path("/api/clients/%d", id), map[string]any{"other": 1})
	if c := data[map[string]any](t, r); c["company_name"] != "Acme Inc" {
		t.Errorf("patch without field changed name: %v", c)
	}
	// Its own name (in another case) is not taken.
	r = a.must(200, "PATCH", path("/api/clients/%d", id), map[string]any{"company_name": "ACME INC"})
	if c := data[map[string]any](t, r); c["company_name"] != "ACME INC" {
		t.Errorf("rename: %v", c)
	}
	wantErrors(t, a.do("PATCH", path("/api/clients/%d", id), map[string]any{"company_name": nil}),
		map[string][]string{"company_name": {"The company name field is required."}})

	wantErrors(t, a.do("POST", "/api/clients", map[string]any{"company_name": "acme inc"}),
		map[string][]string{"company_name": {"The company name has already been taken."}})

	// A client with contacts cannot be deleted; once they are deleted it can.
	ct := a.contact(id, nil)
	wantMessage(t, a.do("DELETE", path("/api/clients/%d", id), nil), 409, "The client still has contacts.")
	a.must(200, "DELETE", path("/api/contacts/%d", ct.ID), nil)
	r = a.must(200, "DELETE", path("/api/clients/%d", id), nil)
	if r.message(t) != "Client deleted successfully." || data[map[string]any](t, r)["id"] != float64(id) {
		t.Errorf("delete: %s", r.raw)
	}
	for _, m := range []string{"GET", "PATCH", "DELETE"} {
		wantMessage(t, a.do(m, path("/api/clients/%d", id), map[string]any{"company_name": "X"}), 404, "Client not found.")
	}
	// The name of a deleted client is free again.
	a.must(201, "POST", "/api/clients", map[string]any{"company_name": "Acme Inc"})
}

func TestClientValidation(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for _, tc := range []struct {
		name string
		body any
		want map[string][]string
	}{
		{"missing", map[string]any{}, map[string][]string{"company_name": {"The company name field is required."}}},
		{"blank", map[string]any{"company_name": "   "}, map[string][]string{"company_name": {"The company name field is required."}}},
		{"not a string", map[string]any{"company_name": 5}, map[string][]string{"company_name": {"The company name field must be a string."}}},
		{"too long", map[string]any{"company_name": strings.Repeat("a", 192)},
			map[string][]string{"company_name": {"The company name field must not be greater than 191 characters."}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantErrors(t, a.do("POST", "/api/clients", tc.body), tc.want)
		})
	}
	a.must(201, "POST", "/api/clients", map[string]any{"company_name": strings.Repeat("é", 191)})
}

func TestClientList(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for _, n := range []string{"beta Works", "Alpha Works", "Gamma Ltd"} {
		a.must(201, "POST", "/api/clients", map[string]any{"company_name": n})
	}
	names := func(r resp) string {
		var out []string
		for _, c := range data[[]map[string]any](t, r) {
			out = append(out, c["company_name"].(string))
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct{ query, want string }{
		{"?search=WORKS", "beta Works,Alpha Works"},
		{"?search=works&sort=company_name", "Alpha Works,beta Works"},
		{"?search=works&sort=company_name&order=desc", "beta Works,Alpha Works"},
		{"?sort=created&order=desc&limit=1", "Gamma Ltd"},
		{"?limit=2&page=2", "Alpha Works,Gamma Ltd"}, // fixture client is first
	} {
		if got := names(a.must(200, "GET", "/api/clients"+tc.query, nil)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.query, got, tc.want)
		}
	}
	wantErrors(t, a.do("GET", "/api/clients?sort=id&order=up", nil), map[string][]string{
		"sort": {"The selected sort is invalid."}, "order": {"The selected order is invalid."},
	})
	if r := a.do("GET", "/api/clients/abc", nil); r.status != http.StatusNotFound {
		t.Errorf("non-numeric id: %d", r.status)
	}
}
