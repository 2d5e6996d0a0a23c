// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// hostilePages serves contact list pages built by page from the requested
// page number, giving up (with a 500) after cap requests so that a walk
// that never ends fails the test instead of hanging it.
func hostilePages(t *testing.T, requests *atomic.Int64, page func(n int) map[string]any) *Client {
	t.Helper()
	const limit = 50
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > limit {
			writeJSON(w, 500, `{"message":"Server Error"}`)
			return
		}
		writeJSON(w, 200, page(atoiOr(r.URL.Query().Get("page"), 1)))
	})
	return newTestClient(t, srv.URL, noRetries)
}

// listBody is a page of contacts with the given ids and meta.
func listBody(ids []int64, meta map[string]int) map[string]any {
	data := []map[string]any{}
	for _, id := range ids {
		data = append(data, contactData(id, "p"+strings.Repeat("x", int(id%7))+"@acme.example"))
	}
	return map[string]any{"data": data, "meta": meta, "message": "Contacts retrieved successfully."}
}

// TestListAllEndsAnInconsistentList: a list whose pages always announce
// another page, repeat themselves, ignore the page asked for or announce
// more pages than their total fills ends at once with an error that says
// the list is inconsistent, instead of being fetched until the deadline.
func TestListAllEndsAnInconsistentList(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		page func(n int) map[string]any
		// wantErr false: the walk ends quietly after maxRequests.
		wantErr     bool
		maxRequests int64
		wantItems   int
	}{
		"always another page, repeating one item, no total": {
			page: func(n int) map[string]any {
				return listBody([]int64{1}, map[string]int{"current_page": n, "last_page": n + 1})
			},
			wantErr: true, maxRequests: 2,
		},
		"always another page, beyond its total": {
			page: func(n int) map[string]any {
				return listBody([]int64{int64(n)}, map[string]int{"current_page": n, "per_page": 100, "total": 1, "last_page": n + 1})
			},
			wantErr: true, maxRequests: 1,
		},
		"page parameter ignored": {
			page: func(int) map[string]any {
				return listBody([]int64{1, 2}, map[string]int{"current_page": 1, "per_page": 2, "total": 6, "last_page": 3})
			},
			wantErr: true, maxRequests: 2,
		},
		"a page repeated": {
			page: func(n int) map[string]any {
				return listBody([]int64{1, 2}, map[string]int{"current_page": n, "per_page": 2, "total": 6, "last_page": 3})
			},
			wantErr: true, maxRequests: 2,
		},
		"more items on a page than per_page": {
			page: func(n int) map[string]any {
				return listBody([]int64{1, 2, 3}, map[string]int{"current_page": n, "per_page": 2, "total": 3, "last_page": 2})
			},
			wantErr: true, maxRequests: 1,
		},
		// Objects added between two pages make a later page announce more
		// pages than the first: the walk ends where the first said.
		"a list that grows while it is walked ends at the first page's last_page": {
			page: func(n int) map[string]any {
				return listBody([]int64{int64(2*n - 1), int64(2 * n)}, map[string]int{"current_page": n, "per_page": 2, "total": 2*n + 2, "last_page": n + 1})
			},
			maxRequests: 2, wantItems: 4,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int64
			c := hostilePages(t, &requests, tc.page)
			got, err := c.ListContacts(context.Background(), ContactListFilter{})
			if n := requests.Load(); n > tc.maxRequests {
				t.Errorf("the walk made %d requests, want at most %d", n, tc.maxRequests)
			}
			if !tc.wantErr {
				if err != nil || len(got) != tc.wantItems {
					t.Errorf("ListContacts = %d items, %v; want %d and no error", len(got), err, tc.wantItems)
				}
				return
			}
			if !errors.Is(err, ErrInconsistentList) || errors.Is(err, ErrServer) {
				t.Fatalf("ListContacts error = %v, want ErrInconsistentList", err)
			}
			if !strings.Contains(err.Error(), "GET /api/contacts") || !strings.Contains(err.Error(), "inconsistent") {
				t.Errorf("error %q does not name the list request and its inconsistency", err)
			}
		})
	}
}

// TestListPageChecksItsMeta: one page whose meta contradicts the request
// or itself is an error, the same for the pages the provider's batched
// reads fetch.
func TestListPageChecksItsMeta(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		meta    map[string]int
		ids     []int64
		wantErr bool
	}{
		"consistent":              {meta: map[string]int{"current_page": 2, "per_page": 2, "total": 3, "last_page": 2}, ids: []int64{3}},
		"past the end, empty":     {meta: map[string]int{"current_page": 2, "per_page": 2, "total": 2, "last_page": 1}, ids: nil},
		"empty list":              {meta: map[string]int{"current_page": 2, "per_page": 100, "total": 0, "last_page": 1}, ids: nil},
		"another page answered":   {meta: map[string]int{"current_page": 1, "per_page": 2, "total": 3, "last_page": 2}, ids: []int64{1, 2}, wantErr: true},
		"last_page beyond total":  {meta: map[string]int{"current_page": 2, "per_page": 2, "total": 3, "last_page": 9}, ids: []int64{3}, wantErr: true},
		"items beyond per_page":   {meta: map[string]int{"current_page": 2, "per_page": 1, "total": 4, "last_page": 4}, ids: []int64{3, 4}, wantErr: true},
		"last_page not a page":    {meta: map[string]int{"current_page": 2, "per_page": 2, "total": 3, "last_page": -1}, ids: []int64{3}, wantErr: true},
		"no total or per_page":    {meta: map[string]int{"current_page": 2, "last_page": 7}, ids: []int64{3}},
		"items on a page past it": {meta: map[string]int{"current_page": 2, "per_page": 2, "total": 2, "last_page": 1}, ids: []int64{9}, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int64
			c := hostilePages(t, &requests, func(int) map[string]any { return listBody(tc.ids, tc.meta) })
			_, _, err := c.ListContactsPage(context.Background(), ContactListFilter{ClientID: 3}, Page{Number: 2, Limit: 2})
			if got := errors.Is(err, ErrInconsistentList); got != tc.wantErr || (err != nil && !got) {
				t.Fatalf("ListContactsPage error = %v, want inconsistent: %v", err, tc.wantErr)
			}
		})
	}
}
