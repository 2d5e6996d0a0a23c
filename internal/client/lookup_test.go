// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

// listServer answers GET /api/clients/{id} for any client and every list
// request with items, whatever its filter says: a list that ignores its
// filter, or a proxy that caches one page for all of them.
func listServer(t *testing.T, items []map[string]any) string {
	t.Helper()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/contacts" || r.URL.Path == "/api/portal-users" {
			writeJSON(w, 200, map[string]any{
				"data": items,
				"meta": map[string]any{"current_page": 1, "per_page": MaxPageSize, "total": len(items), "last_page": 1},
			})
			return
		}
		writeJSON(w, 200, map[string]any{"data": map[string]any{"id": 2, "company_name": "Two Ltd"}})
	})
	return srv.URL
}

func ownerItem(id, clientID int64, owner string) map[string]any {
	ct := contactData(id, "c@x.example")
	ct["client"] = map[string]any{"id": clientID, "company_name": "Ltd"}
	ct["account_owner"] = owner
	return ct
}

// TestFindAccountOwnerTrustsNoFilter: the account owner of client 2 is a
// contact of client 2 whose account_owner is "yes", whatever a list that
// was asked for exactly those returns around it.
func TestFindAccountOwnerTrustsNoFilter(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		items []map[string]any
		want  int64 // 0: not found
	}{
		"another client's owner listed first": {
			items: []map[string]any{ownerItem(31, 3, "yes"), ownerItem(21, 2, "yes")},
			want:  21,
		},
		"only another client's owner": {items: []map[string]any{ownerItem(31, 3, "yes")}},
		"only a contact of the client who owns nothing": {
			items: []map[string]any{ownerItem(22, 2, "no"), ownerItem(31, 3, "yes")},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t, listServer(t, tc.items))
			got, err := c.FindAccountOwner(context.Background(), 2)
			if tc.want == 0 {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("FindAccountOwner(2) = %+v, %v; want ErrNotFound", got, err)
				}
				return
			}
			if err != nil || got.ID != tc.want {
				t.Fatalf("FindAccountOwner(2) = %+v, %v; want contact %d", got, err, tc.want)
			}
		})
	}
}

func loginItem(id int64, username, email string) map[string]any {
	return map[string]any{"id": id, "contact_id": id + 100, "username": username, "email": email, "status": StatusActive, "auth_method": AuthLocal}
}

// TestFindPortalUserByLoginPrefersUsername: a login is a username before
// it is an email. With user 5's email equal to user 6's username, the
// login is user 6's, in whichever order the list has them.
func TestFindPortalUserByLoginPrefersUsername(t *testing.T) {
	t.Parallel()
	five := loginItem(5, "pat", "pat@x.example")
	six := loginItem(6, "pat@x.example", "six@x.example")
	tests := map[string]struct {
		items []map[string]any
		login string
		want  int64 // 0: not found
	}{
		"email's owner listed first":    {items: []map[string]any{five, six}, login: "pat@x.example", want: 6},
		"username's owner listed first": {items: []map[string]any{six, five}, login: "pat@x.example", want: 6},
		"other case and spaces":         {items: []map[string]any{five, six}, login: " PAT@x.example ", want: 6},
		"an email nobody has as a username": {
			items: []map[string]any{five, loginItem(7, "pat@x.example.org", "seven@x.example")},
			login: "pat@x.example", want: 5,
		},
		"the first of two emails": {
			items: []map[string]any{five, loginItem(8, "other", "PAT@x.example")},
			login: "pat@x.example", want: 5,
		},
		"a username": {items: []map[string]any{six, five}, login: "pat", want: 5},
		"neither":    {items: []map[string]any{five, six}, login: "pat@x", want: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t, listServer(t, tc.items))
			got, err := c.FindPortalUserByLogin(context.Background(), tc.login)
			if tc.want == 0 {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("FindPortalUserByLogin(%q) = %+v, %v; want ErrNotFound", tc.login, got, err)
				}
				return
			}
			if err != nil || got.ID != tc.want {
				t.Fatalf("FindPortalUserByLogin(%q) = %+v, %v; want user %d", tc.login, got, err, tc.want)
			}
		})
	}
}
