// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package batchread

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

const (
	earlier = "2026-06-15T09:30:00.000000Z"
	later   = "2026-06-15T09:31:00.000000Z"
)

// named gives every object of the fake API a name and an update time, so
// a rewritten item can differ from the object.
func named(api *fakeAPI) {
	for c, objs := range api.objects {
		for i := range objs {
			objs[i].name, objs[i].updated = fmt.Sprintf("object %d", objs[i].id), later
		}
		api.objects[c] = objs
	}
}

// TestReaderUnusableItems: an item that names another client or lacks a
// field (a flaw the source reports), an object two pages list with
// different values, and an item older than what the caller holds are never
// used: the read answers with the object's own GET.
func TestReaderUnusableItems(t *testing.T) {
	t.Parallel()
	evil := func(o object) object { o.name = "Evil"; return o }
	tests := map[string]struct {
		size  int
		page  func(clientID int64, n int, p Page[object]) Page[object]
		since string
		// read is the index of the object read among the client's.
		read int
		// fetchAll reads two objects of page 2 first: the first is a
		// GET, the second fetches page 2.
		fetchAll bool
		wantGets int64
	}{
		"an item that names another client": {
			size: 5, read: 2, wantGets: 1,
			page: func(_ int64, _ int, p Page[object]) Page[object] {
				p.Items[2].Object.client, p.Items[2].Object.name = 2, "Evil"
				p.Items[2].Flaw = "it names client 2"
				return p
			},
		},
		"a sparse item": {
			size: 5, read: 2, wantGets: 1,
			page: func(_ int64, _ int, p Page[object]) Page[object] {
				p.Items[2].Object.name = "Evil"
				p.Items[2].Flaw = "it lacks name"
				return p
			},
		},
		"an object listed again with other values on a later page": {
			size: 150, read: 10, fetchAll: true, wantGets: 2,
			page: func(_ int64, n int, p Page[object]) Page[object] {
				if n == 2 {
					first := p.Items[0].Object.id - pageSize
					p.Items = append(p.Items, Item[object]{Object: evil(object{id: first + 10, client: 1, updated: later})})
				}
				return p
			},
		},
		"an object listed twice on one page": {
			size: 5, read: 1, wantGets: 1,
			page: func(_ int64, _ int, p Page[object]) Page[object] {
				p.Items = append(p.Items, Item[object]{Object: evil(p.Items[1].Object)})
				return p
			},
		},
		"an item older than the caller's": {
			size: 5, read: 3, since: "2026-06-15T09:35:00Z", wantGets: 1,
		},
		"an item with an unreadable time": {
			size: 5, read: 3, since: later, wantGets: 1,
			page: func(_ int64, _ int, p Page[object]) Page[object] {
				p.Items[3].Object.updated = "yesterday"
				return p
			},
		},
		"an item as recent as the caller's is used": {
			size: 5, read: 3, since: later, wantGets: 0,
		},
		"a caller's time that cannot be read checks nothing": {
			size: 5, read: 3, since: "yesterday", wantGets: 0,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(map[int64]int{1: tc.size})
			named(api)
			api.page = tc.page
			r := New(api.source())
			ids := api.ids(1)
			if tc.fetchAll {
				for _, i := range []int{120, 130} {
					if _, err := r.Read(context.Background(), 1, ids[i], Held[object]{}); err != nil {
						t.Fatal(err)
					}
				}
			}
			got, err := r.Read(context.Background(), 1, ids[tc.read], Held[object]{Updated: tc.since})
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("object %d", ids[tc.read]); got.name != want || got.client != 1 {
				t.Errorf("read %+v, want %q of client 1", *got, want)
			}
			if n := api.gets.Load(); n != tc.wantGets {
				t.Errorf("%d GETs, want %d", n, tc.wantGets)
			}
		})
	}
}

// TestReaderStopsUsingAnUntrustworthyList: once most items of a client's
// list cannot be used, its reads stop fetching pages and say so once.
func TestReaderStopsUsingAnUntrustworthyList(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 250})
	named(api)
	api.page = func(_ int64, _ int, p Page[object]) Page[object] {
		for i := range p.Items {
			if i%3 != 0 {
				p.Items[i].Flaw = "it lacks name"
			}
		}
		return p
	}
	src := api.source()
	var mu sync.Mutex
	var notices []Notice
	src.Notice = func(n Notice) {
		mu.Lock()
		defer mu.Unlock()
		notices = append(notices, n)
	}
	r := New(src)
	ids := api.ids(1)
	readAll(t, r, 1, ids, 10)
	if n := api.lists.Load(); n != 1 {
		t.Errorf("%d list requests, want page 1 only", n)
	}
	if want := int64(len(ids) - 34); api.gets.Load() != want {
		t.Errorf("%d GETs, want %d (every object but the usable items of page 1)", api.gets.Load(), want)
	}
	if len(notices) != 1 || notices[0].Client != 1 || notices[0].Err != nil || notices[0].Unusable != 66 {
		t.Errorf("notices %+v, want one for client 1 with 66 unusable items", notices)
	}
}

// TestReaderListFailureShared: a list page that fails (after the client's
// own retries) fails every read of the client that needs it, without a
// request per read; a list the API will not serve makes the client's reads
// fall back to their own GETs, saying so once.
func TestReaderListFailureShared(t *testing.T) {
	t.Parallel()
	for name, fallBack := range map[string]bool{"shared failure": false, "fall back": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(map[int64]int{1: 20, 2: 20})
			refused := errors.New("500 Server Error")
			api.failAll = refused
			src := api.source()
			src.FallBack = func(err error) bool { return fallBack && errors.Is(err, refused) }
			var mu sync.Mutex
			var notices []Notice
			src.Notice = func(n Notice) {
				mu.Lock()
				defer mu.Unlock()
				notices = append(notices, n)
			}
			r := New(src)
			var wg sync.WaitGroup
			errs := make(chan error, 40)
			for c := int64(1); c <= 2; c++ {
				for _, id := range api.ids(c) {
					wg.Go(func() {
						got, err := r.Read(context.Background(), c, id, Held[object]{})
						if err == nil && got.id != id {
							err = fmt.Errorf("read %d: got %+v", id, got)
						}
						errs <- err
					})
				}
			}
			wg.Wait()
			close(errs)
			if n := api.lists.Load(); n != 2 {
				t.Errorf("%d list requests, want one per client", n)
			}
			for err := range errs {
				var listErr *ListError
				switch {
				case fallBack && err != nil:
					t.Errorf("a read failed although its client fell back to GETs: %v", err)
				case !fallBack && (!errors.As(err, &listErr) || !errors.Is(err, refused) || listErr.Page != 1):
					t.Errorf("a read failed with %v, want the shared failure of page 1", err)
				}
			}
			wantGets, wantNotices := int64(0), 0
			if fallBack {
				wantGets, wantNotices = 40, 2
			}
			if n := api.gets.Load(); n != wantGets {
				t.Errorf("%d GETs, want %d", n, wantGets)
			}
			if len(notices) != wantNotices {
				t.Errorf("%d notices, want %d (one per client)", len(notices), wantNotices)
			}
			for _, n := range notices {
				if !errors.Is(n.Err, refused) {
					t.Errorf("notice %+v does not carry the list's failure", n)
				}
			}
		})
	}
}

// TestReaderOwnDeadlineNotShared: a fetch that ends because its read's own
// context ended is not the list's failure: the next read fetches again.
func TestReaderOwnDeadlineNotShared(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 5})
	src := api.source()
	list := src.ListPage
	src.ListPage = func(ctx context.Context, clientID int64, page int) (Page[object], error) {
		if ctx.Err() != nil {
			return Page[object]{}, ctx.Err()
		}
		return list(ctx, clientID, page)
	}
	r := New(src)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Read(ctx, 1, 1, Held[object]{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("a read with an ended context = %v, want context.Canceled", err)
	}
	if got, err := r.Read(context.Background(), 1, 1, Held[object]{}); err != nil || got.id != 1 {
		t.Errorf("the next read = %+v, %v", got, err)
	}
}

// TestReaderNeverEndingList: a list whose pages always announce another
// page ends where its first page said; a page before the last that lists
// only objects already listed ends the walk with ErrInconsistent, shared
// by the client's later reads without another request.
func TestReaderNeverEndingList(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		firstLast int
		wantErr   bool
		wantLists int64
	}{
		"another page announced on every page": {firstLast: 2, wantLists: 2},
		"a page repeating the one before it":   {firstLast: 3, wantErr: true, wantLists: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(map[int64]int{1: 4})
			api.page = func(_ int64, n int, _ Page[object]) Page[object] {
				last := n + 1
				if n == 1 {
					last = tc.firstLast
				}
				return Page[object]{Items: []Item[object]{{Object: object{id: 1, client: 1}}}, LastPage: last}
			}
			r := New(api.source())
			var errs []error
			// Two reads past page 1 of 3 are GETs, the third fetches.
			for _, id := range []int64{2, 3, 4, 2} {
				if _, err := r.Read(context.Background(), 1, id, Held[object]{}); err != nil {
					errs = append(errs, err)
				}
			}
			if n := api.lists.Load(); n != tc.wantLists {
				t.Errorf("%d list requests, want %d", n, tc.wantLists)
			}
			if !tc.wantErr {
				if len(errs) != 0 {
					t.Errorf("reads failed: %v", errs)
				}
				return
			}
			if len(errs) != 2 {
				t.Fatalf("%d reads failed (%v), want the 2 from the walk on", len(errs), errs)
			}
			for _, err := range errs {
				if !errors.Is(err, ErrInconsistent) {
					t.Errorf("read failed with %v, want ErrInconsistent", err)
				}
			}
		})
	}
}

// TestReaderBudgetBeyondFirstPage pins the rule for ids past the pages
// fetched: such reads are GETs while they number at most the pages left,
// and the next one fetches the rest.
func TestReaderBudgetBeyondFirstPage(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 3 * pageSize})
	r := New(api.source())
	ids := api.ids(1)
	steps := []struct {
		read        int
		lists, gets int64
		explanation string
	}{
		{0, 1, 0, "the first read fetches page 1"},
		{150, 1, 1, "one read past page 1 of 2 pages left: its GET"},
		{250, 1, 2, "two reads past page 1 of 2 pages left: their GETs"},
		{260, 3, 2, "the third fetches the two pages left"},
		{199, 3, 2, "the rest is served from the pages"},
	}
	for _, s := range steps {
		if got, err := r.Read(context.Background(), 1, ids[s.read], Held[object]{}); err != nil || got.id != ids[s.read] {
			t.Fatalf("read %d = %+v, %v", ids[s.read], got, err)
		}
		if l, g := api.lists.Load(), api.gets.Load(); l != s.lists || g != s.gets {
			t.Errorf("after reading index %d: %d lists and %d GETs, want %d and %d (%s)", s.read, l, g, s.lists, s.gets, s.explanation)
		}
	}
}

// TestReaderInvalidateAll: a write whose client is not known forgets the
// pages of every client; the next reads fetch them again.
func TestReaderInvalidateAll(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 10, 2: 10})
	r := New(api.source())
	readAll(t, r, 1, api.ids(1), 1)
	readAll(t, r, 2, api.ids(2), 1)
	r.InvalidateAll()
	if obj, known := r.Find(1, objectKey(object{id: 1})); obj != nil || known {
		t.Errorf("after InvalidateAll, Find = %v, %v; want nothing known", obj, known)
	}
	readAll(t, r, 1, api.ids(1), 1)
	readAll(t, r, 2, api.ids(2), 1)
	if n := api.lists.Load(); n != 4 {
		t.Errorf("%d list requests, want each client's twice", n)
	}
}

// TestReaderConfirmsDifferences: an item that differs from what the caller
// holds is confirmed by the object's own GET, which is what the read
// answers; an item that agrees costs nothing. Neither counts against the
// list.
func TestReaderConfirmsDifferences(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 5})
	named(api)
	api.page = func(_ int64, _ int, p Page[object]) Page[object] {
		p.Items[1].Object.name = "lagging"
		return p
	}
	r := New(api.source())
	ids := api.ids(1)
	holds := func(id int64) Held[object] {
		return Held[object]{Same: func(o object) bool { return o.name == fmt.Sprintf("object %d", id) }}
	}
	for _, id := range ids {
		got, err := r.Read(context.Background(), 1, id, holds(id))
		if err != nil || got.name != fmt.Sprintf("object %d", id) {
			t.Errorf("read %d = %+v, %v", id, got, err)
		}
	}
	if l, g := api.lists.Load(), api.gets.Load(); l != 1 || g != 1 {
		t.Errorf("%d lists and %d GETs, want the page and the one differing object's GET", l, g)
	}
}
