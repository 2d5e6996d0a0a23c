// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// fakeClientPages serves n clients in pages of client.MaxPageSize; sparse
// ids come without their status key, failPage fails.
type fakeClientPages struct {
	n        int
	sparse   map[int64]bool
	failPage int
	pages    []int
	gets     []int64
}

func (f *fakeClientPages) source() listSource[client.ClientAccount] {
	return listSource[client.ClientAccount]{
		noun: "client", request: "GET /api/clients", keys: listClientKeys,
		page: func(_ context.Context, p client.Page) ([]client.Listed[client.ClientAccount], client.Meta, error) {
			f.pages = append(f.pages, p.Number)
			if p.Number == f.failPage {
				return nil, client.Meta{}, errors.New("connection reset")
			}
			last := (f.n + p.Limit - 1) / p.Limit
			var items []client.Listed[client.ClientAccount]
			for i := (p.Number-1)*p.Limit + 1; i <= min(f.n, p.Number*p.Limit); i++ {
				obj := map[string]any{"id": i, "company_name": fmt.Sprint("C", i), "status": "active", "dates": map[string]string{"created": "x", "updated": "y"}}
				if f.sparse[int64(i)] {
					delete(obj, "status")
				}
				raw, _ := json.Marshal(obj)
				var it client.Listed[client.ClientAccount]
				if err := json.Unmarshal(raw, &it); err != nil {
					panic(err)
				}
				items = append(items, it)
			}
			return items, client.Meta{CurrentPage: p.Number, PerPage: p.Limit, Total: f.n, LastPage: last}, nil
		},
		get: func(_ context.Context, id int64) (*client.ClientAccount, error) {
			f.gets = append(f.gets, id)
			return &client.ClientAccount{ID: id, CompanyName: fmt.Sprint("C", id), Status: "from GET"}, nil
		},
		id: func(a client.ClientAccount) int64 { return a.ID },
		result: func(_ context.Context, a *client.ClientAccount, res *list.ListResult) bool {
			res.DisplayName = a.CompanyName + "/" + a.Status
			return true
		},
	}
}

func TestListStream(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		fake      fakeClientPages
		limit     int64
		stopAfter int // the reader stops after this many results; 0 reads all
		wantPages []int
		wantN     int
		wantGets  []int64
		wantErr   string
	}{
		"every page":                   {fake: fakeClientPages{n: 250}, wantPages: []int{1, 2, 3}, wantN: 250},
		"limit within the first page":  {fake: fakeClientPages{n: 250}, limit: 5, wantPages: []int{1}, wantN: 5},
		"limit of exactly one page":    {fake: fakeClientPages{n: 250}, limit: 100, wantPages: []int{1}, wantN: 100},
		"limit into the second page":   {fake: fakeClientPages{n: 250}, limit: 101, wantPages: []int{1, 2}, wantN: 101},
		"reader stops":                 {fake: fakeClientPages{n: 250}, stopAfter: 3, wantPages: []int{1}, wantN: 3},
		"empty":                        {fake: fakeClientPages{n: 0}, wantPages: []int{1}, wantN: 0},
		"sparse item read by its GET":  {fake: fakeClientPages{n: 3, sparse: map[int64]bool{2: true}}, wantPages: []int{1}, wantN: 3, wantGets: []int64{2}},
		"page error ends the stream":   {fake: fakeClientPages{n: 250, failPage: 2}, wantPages: []int{1, 2}, wantN: 100, wantErr: "page 2 of GET /api/clients"},
		"first page error, no results": {fake: fakeClientPages{n: 250, failPage: 1}, wantPages: []int{1}, wantN: 0, wantErr: "connection reset"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := tc.fake
			n, errs := 0, []string{}
			for res := range f.source().stream(context.Background(), tc.limit) {
				if res.Diagnostics.HasError() {
					errs = append(errs, res.Diagnostics[0].Summary()+": "+res.Diagnostics[0].Detail())
					continue
				}
				n++
				if f.sparse[int64(n)] && !strings.HasSuffix(res.DisplayName, "/from GET") {
					t.Errorf("sparse item %d gave %q, want the object's GET", n, res.DisplayName)
				}
				if n == tc.stopAfter {
					break
				}
			}
			if n != tc.wantN || fmt.Sprint(f.pages) != fmt.Sprint(tc.wantPages) || fmt.Sprint(f.gets) != fmt.Sprint(tc.wantGets) {
				t.Errorf("%d results, pages %v, GETs %v; want %d, %v, %v", n, f.pages, f.gets, tc.wantN, tc.wantPages, tc.wantGets)
			}
			switch {
			case tc.wantErr == "" && len(errs) > 0:
				t.Errorf("errors %q, want none", errs)
			case tc.wantErr != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.wantErr) || !strings.HasPrefix(errs[0], "Error Listing Clients")):
				t.Errorf("errors %q, want one containing %q", errs, tc.wantErr)
			}
		})
	}
}
