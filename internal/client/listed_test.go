// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"net/http"
	"slices"
	"testing"
)

// TestListedItems: each item of a listed page says which keys it lacks and
// whether it passes an object's checks; a bad item does not fail the page.
func TestListedItems(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"data":[`+
			`{"id":1,"email":"a@x.example","first_name":"A","last_name":"B","client":{"id":3},"phone":null,"dates":{"created":"c","updated":"u"}},`+
			`{"id":2,"email":"b@x.example","first_name":"A","last_name":"B","client":{"id":3},"dates":null},`+
			`{"id":3,"name":"Jane Doe"}`+
			`],"meta":{"current_page":1,"per_page":100,"total":3,"last_page":1}}`)
	})
	c := newTestClient(t, srv.URL)
	items, _, err := c.ListedContactsPage(context.Background(), ContactListFilter{ClientID: 3}, Page{Number: 1, Limit: 100})
	if err != nil || len(items) != 3 {
		t.Fatalf("ListedContactsPage = %d items, %v", len(items), err)
	}
	keys := []string{"phone", "client.id", "dates.updated"}
	tests := []struct {
		lacks   []string
		invalid bool
	}{
		{lacks: nil},
		{lacks: []string{"phone", "dates.updated"}},
		{lacks: keys, invalid: true},
	}
	for i, want := range tests {
		if got := items[i].Lacks(keys...); !slices.Equal(got, want.lacks) {
			t.Errorf("item %d lacks %v, want %v", i+1, got, want.lacks)
		}
		if got := items[i].Invalid != nil; got != want.invalid {
			t.Errorf("item %d invalid: %v (%v), want %v", i+1, got, items[i].Invalid, want.invalid)
		}
	}
	if items[0].Item.ID != 1 || items[0].Item.Client.ID != 3 {
		t.Errorf("item 1 decoded as %+v", items[0].Item)
	}
}
