// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// pagedServer serves items (as contacts with ids 1..n, or the given emails,
// that carry a company name too, so client lists accept them) in pages the
// way the API does, honouring page and limit.
func pagedServer(t *testing.T, emails []string, rec *recorder, failPage int) *Client {
	t.Helper()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		q := r.URL.Query()
		page, limit := atoiOr(q.Get("page"), 1), atoiOr(q.Get("limit"), 25)
		if page == failPage {
			writeJSON(w, 500, `{"message":"Server Error"}`)
			return
		}
		data := []map[string]any{}
		for i := (page - 1) * limit; i < min(page*limit, len(emails)); i++ {
			item := contactData(int64(i+1), emails[i])
			item["company_name"] = "Acme"
			data = append(data, item)
		}
		writeJSON(w, 200, map[string]any{
			"data":    data,
			"meta":    map[string]int{"current_page": page, "per_page": limit, "total": len(emails), "last_page": max(1, (len(emails)+limit-1)/limit)},
			"message": "Contacts retrieved successfully.",
		})
	})
	return newTestClient(t, srv.URL, noRetries)
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

func numberedEmails(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("person%03d@acme.example", i+1)
	}
	return out
}

func TestListContactsWalksEveryPage(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		items, wantRequests int
	}{
		"empty":                {items: 0, wantRequests: 1},
		"one item":             {items: 1, wantRequests: 1},
		"exactly one page":     {items: 100, wantRequests: 1},
		"one past a full page": {items: 101, wantRequests: 2},
		"two and a half pages": {items: 250, wantRequests: 3},
	}
	filter := ContactListFilter{Status: "active", ClientID: 12, AccountOwner: "no", Search: "acme", Sort: "email", Order: "desc"}
	wantQuery := map[string]string{"status": "active", "client_id": "12", "account_owner": "no", "search": "acme", "sort": "email", "order": "desc", "limit": "100"}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			c := pagedServer(t, numberedEmails(tc.items), rec, 0)
			got, err := c.ListContacts(context.Background(), filter)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || len(got) != tc.items {
				t.Fatalf("ListContacts returned %d contacts (nil: %v), want %d", len(got), got == nil, tc.items)
			}
			for i, ct := range got {
				if ct.ID != int64(i+1) {
					t.Fatalf("contact %d has id %d: pages were skipped or repeated", i, ct.ID)
				}
			}
			hits := rec.all()
			if len(hits) != tc.wantRequests {
				t.Errorf("requests = %d, want %d", len(hits), tc.wantRequests)
			}
			for i, h := range hits {
				if h.Path != "/api/contacts" {
					t.Errorf("path = %q", h.Path)
				}
				if got := h.Query["page"]; !reflect.DeepEqual(got, []string{strconv.Itoa(i + 1)}) {
					t.Errorf("request %d page = %v, want %d", i, got, i+1)
				}
				for k, v := range wantQuery {
					if got := h.Query[k]; !reflect.DeepEqual(got, []string{v}) {
						t.Errorf("request %d %s = %v, want %q (filters must go with every page)", i, k, got, v)
					}
				}
			}
		})
	}
}

func TestAllContactsStopsWhenTheConsumerBreaks(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		take, wantRequests int
	}{
		"first item":           {take: 1, wantRequests: 1},
		"last item of page 1":  {take: 100, wantRequests: 1},
		"first item of page 2": {take: 101, wantRequests: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			c := pagedServer(t, numberedEmails(350), rec, 0)
			n := 0
			for ct, err := range c.AllContacts(context.Background(), ContactListFilter{}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
				if ct.ID != int64(n) {
					t.Fatalf("item %d has id %d", n, ct.ID)
				}
				if n == tc.take {
					break
				}
			}
			if n != tc.take {
				t.Errorf("took %d, want %d", n, tc.take)
			}
			if got := rec.count(); got != tc.wantRequests {
				t.Errorf("requests = %d, want %d: the iterator fetched pages nobody asked for", got, tc.wantRequests)
			}
		})
	}
}

func TestListStopsOnAnError(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c := pagedServer(t, numberedEmails(250), rec, 2)
	got, err := c.ListContacts(context.Background(), ContactListFilter{})
	if !errors.Is(err, ErrServer) || got != nil {
		t.Fatalf("ListContacts = %d items, %v; want nil and ErrServer", len(got), err)
	}
	if n := rec.count(); n != 2 {
		t.Errorf("requests = %d, want 2 (nothing after the failed page)", n)
	}
	n, errs := 0, 0
	for _, err := range c.AllContacts(context.Background(), ContactListFilter{}) {
		if err != nil {
			errs++
			continue
		}
		n++
	}
	if n != 100 || errs != 1 {
		t.Errorf("AllContacts yielded %d items and %d errors, want 100 and 1", n, errs)
	}
}

func TestListWithoutMetaIsOnePage(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		if r.URL.Path == "/api/portal-users" {
			writeJSON(w, 200, `{"data":[{"id":1,"contact_id":2,"username":"a","status":"active","auth_method":"local"},{"id":2,"contact_id":3,"username":"b","status":"active","auth_method":"local"}]}`)
			return
		}
		writeJSON(w, 200, `{"data":[{"reference":"billing","name":"Billing"},{"reference":"tickets"}]}`)
	})
	c := newTestClient(t, srv.URL)
	roles, err := c.ListAccessRoles(context.Background())
	if err != nil || len(roles) != 2 || roles[0].Name != "Billing" {
		t.Fatalf("ListAccessRoles = %+v, %v", roles, err)
	}
	users, meta, err := c.ListPortalUsersPage(context.Background(), PortalUserListFilter{}, Page{Number: 3})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Meta{CurrentPage: 3, PerPage: 2, Total: 2, LastPage: 1}); meta != want || len(users) != 2 {
		t.Errorf("meta = %+v, want %+v", meta, want)
	}
}

func TestListPageSendsPageAndLimit(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		page      Page
		wantQuery url.Values
	}{
		"defaults left to the server": {page: Page{}, wantQuery: url.Values{}},
		"page and limit":              {page: Page{Number: 2, Limit: 10}, wantQuery: url.Values{"page": {"2"}, "limit": {"10"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			c := pagedServer(t, numberedEmails(30), rec, 0)
			_, meta, err := c.ListClientsPage(context.Background(), ClientListFilter{}, tc.page)
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.all()[0].Query; !reflect.DeepEqual(got, tc.wantQuery) {
				t.Errorf("query = %v, want %v", got, tc.wantQuery)
			}
			if meta.Total != 30 {
				t.Errorf("meta = %+v, want total 30", meta)
			}
		})
	}
}

func TestFindContactByEmail(t *testing.T) {
	t.Parallel()
	// The API's search is a substring match: the client must pick the exact address.
	emails := []string{
		"xjane@acme.example",
		"jane@acme.example.org",
		"jane@acme.exampl",
		"JANE+tag@ACME.example",
		"Jane@Acme.Example",
	}
	tests := map[string]struct {
		email  string
		wantID int64
	}{
		"exact but differently cased":  {email: "jane@acme.example", wantID: 5},
		"plus sign survives the query": {email: "jane+tag@acme.example", wantID: 4},
		"surrounding spaces ignored":   {email: " jane@acme.example.org ", wantID: 2},
		"substring only":               {email: "ane@acme.example", wantID: 0},
		"unknown":                      {email: "nobody@acme.example", wantID: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				search := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("search")))
				data := []map[string]any{}
				for i, e := range emails {
					if strings.Contains(strings.ToLower(e), search) {
						data = append(data, contactData(int64(i+1), e))
					}
				}
				writeJSON(w, 200, map[string]any{"data": data, "meta": map[string]int{"current_page": 1, "per_page": 100, "total": len(data), "last_page": 1}})
			})
			c := newTestClient(t, srv.URL)
			got, err := c.FindContactByEmail(context.Background(), tc.email)
			if tc.wantID == 0 {
				if got != nil || !errors.Is(err, ErrNotFound) {
					t.Fatalf("FindContactByEmail(%q) = %+v, %v; want ErrNotFound", tc.email, got, err)
				}
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Message != "Contact not found." {
					t.Errorf("err = %#v, want a 404 *APIError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != tc.wantID {
				t.Errorf("found %d (%s), want %d", got.ID, got.Email, tc.wantID)
			}
			if q := rec.all()[0].Query.Get("search"); q != tc.email {
				t.Errorf("search = %q, want %q", q, tc.email)
			}
		})
	}
}

func TestFindPortalUser(t *testing.T) {
	t.Parallel()
	users := []map[string]any{
		{"id": 1, "contact_id": 10, "username": "jane.doe", "status": "active", "auth_method": "local"},
		{"id": 2, "contact_id": 11, "username": "Jane", "status": "terminated", "auth_method": "local"},
		{"id": 3, "contact_id": 110, "username": "janet", "status": "active", "auth_method": "azure"},
	}
	tests := map[string]struct {
		find      func(*Client) (*PortalUser, error)
		wantID    int64
		wantQuery map[string]string
	}{
		"by username, exact and case-insensitive, any status": {
			find:      func(c *Client) (*PortalUser, error) { return c.FindPortalUserByUsername(context.Background(), "jane") },
			wantID:    2,
			wantQuery: map[string]string{"status": "all", "search": "jane"},
		},
		"by username, substring only": {
			find:      func(c *Client) (*PortalUser, error) { return c.FindPortalUserByUsername(context.Background(), "jan") },
			wantQuery: map[string]string{"status": "all", "search": "jan"},
		},
		"by contact": {
			find:      func(c *Client) (*PortalUser, error) { return c.FindPortalUserByContact(context.Background(), 11) },
			wantID:    2,
			wantQuery: map[string]string{"status": "all", "contact_id": "11"},
		},
		"by contact, none": {
			find:      func(c *Client) (*PortalUser, error) { return c.FindPortalUserByContact(context.Background(), 12) },
			wantQuery: map[string]string{"status": "all", "contact_id": "12"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				// A sloppy server that ignores the filters: the client must still match exactly.
				writeJSON(w, 200, map[string]any{"data": users, "meta": map[string]int{"current_page": 1, "per_page": 100, "total": 3, "last_page": 1}})
			})
			got, err := tc.find(newTestClient(t, srv.URL))
			if tc.wantID == 0 {
				if got != nil || !errors.Is(err, ErrNotFound) {
					t.Fatalf("got %+v, %v; want ErrNotFound", got, err)
				}
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.Message != "Portal user not found." {
					t.Errorf("err = %v, want Portal user not found.", err)
				}
			} else if err != nil || got.ID != tc.wantID {
				t.Fatalf("got %+v, %v; want id %d", got, err, tc.wantID)
			}
			q := rec.all()[0].Query
			for k, v := range tc.wantQuery {
				if q.Get(k) != v {
					t.Errorf("query %s = %q, want %q", k, q.Get(k), v)
				}
			}
			if rec.all()[0].Path != "/api/portal-users" {
				t.Errorf("path = %q, want /api/portal-users", rec.all()[0].Path)
			}
		})
	}
}
