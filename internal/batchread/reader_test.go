// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package batchread

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

var errGone = errors.New("not found")

type object struct {
	id, client int64
	name       string
	updated    string
}

// objectKey is the fake objects' unique key, for Find.
func objectKey(o object) string { return "object-" + strconv.FormatInt(o.id, 10) }

// fakeAPI holds each client's objects in id order and counts requests.
type fakeAPI struct {
	mu      sync.Mutex
	objects map[int64][]object // by client
	lists   atomic.Int64
	gets    atomic.Int64
	failAll error
	// page, when set, rewrites the page the API answers, as a proxy
	// in front of it would.
	page func(clientID int64, n int, p Page[object]) Page[object]
}

func newFakeAPI(sizes map[int64]int) *fakeAPI {
	api := &fakeAPI{objects: map[int64][]object{}}
	next := int64(1)
	for c := int64(1); c <= int64(len(sizes)); c++ {
		for range sizes[c] {
			api.objects[c] = append(api.objects[c], object{id: next, client: c})
			next++
		}
	}
	return api
}

func (a *fakeAPI) source() Source[object] {
	return Source[object]{
		ListPage: func(_ context.Context, clientID int64, page int) (Page[object], error) {
			a.lists.Add(1)
			if a.failAll != nil {
				return Page[object]{}, a.failAll
			}
			a.mu.Lock()
			defer a.mu.Unlock()
			all := a.objects[clientID]
			p := Page[object]{LastPage: max((len(all)+pageSize-1)/pageSize, 1)}
			lo := min((page-1)*pageSize, len(all))
			hi := min(lo+pageSize, len(all))
			for _, o := range all[lo:hi] {
				p.Items = append(p.Items, Item[object]{Object: o})
			}
			if a.page != nil {
				p = a.page(clientID, page, p)
			}
			return p, nil
		},
		Get: func(_ context.Context, id int64) (*object, error) {
			a.gets.Add(1)
			a.mu.Lock()
			defer a.mu.Unlock()
			for _, objs := range a.objects {
				for _, o := range objs {
					if o.id == id {
						return &o, nil
					}
				}
			}
			return nil, errGone
		},
		ID:      func(o object) int64 { return o.id },
		Updated: func(o object) string { return o.updated },
		Key:     objectKey,
	}
}

func (a *fakeAPI) remove(id int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for c, objs := range a.objects {
		for i, o := range objs {
			if o.id == id {
				a.objects[c] = append(objs[:i:i], objs[i+1:]...)
				return
			}
		}
	}
}

// pageSize is the API's largest page, which the provider asks for.
const pageSize = 100

func (a *fakeAPI) ids(clientID int64) []int64 {
	var out []int64
	for _, o := range a.objects[clientID] {
		out = append(out, o.id)
	}
	return out
}

// readAll reads ids of clientID from r with the given parallelism, in a
// shuffled order, failing on any wrong answer.
func readAll(t *testing.T, r *Reader[object], clientID int64, ids []int64, parallel int) {
	t.Helper()
	ids = append([]int64(nil), ids...)
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	work := make(chan int64)
	var wg sync.WaitGroup
	for range parallel {
		wg.Go(func() {
			for id := range work {
				got, err := r.Read(context.Background(), clientID, id, Held[object]{})
				if err != nil || got.id != id || got.client != clientID {
					t.Errorf("Read(%d, %d) = %+v, %v", clientID, id, got, err)
				}
			}
		})
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
}

func TestReaderRequests(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		size int // objects of client 1 on the server
		// read picks the ids read out of the client's, in id order.
		read     func(ids []int64) []int64
		maxLists int
		maxGets  int
	}{
		"every object of a client: about a request per page": {
			size: 1000, read: func(ids []int64) []int64 { return ids },
			maxLists: 10, maxGets: 9,
		},
		"a client's hundred objects: one page": {
			size: 100, read: func(ids []int64) []int64 { return ids },
			maxLists: 1, maxGets: 0,
		},
		"one object among 5,000, on the last page: a page and its GET": {
			size: 5000, read: func(ids []int64) []int64 { return ids[len(ids)-1:] },
			maxLists: 1, maxGets: 1,
		},
		"one object on the first page: one request": {
			size: 5000, read: func(ids []int64) []int64 { return ids[:1] },
			maxLists: 1, maxGets: 0,
		},
		"a few objects among 5,000: their GETs and one page": {
			size: 5000, read: func(ids []int64) []int64 { return []int64{ids[1000], ids[2500], ids[4999]} },
			maxLists: 1, maxGets: 3,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(map[int64]int{1: tc.size})
			r := New(api.source())
			read := tc.read(api.ids(1))
			readAll(t, r, 1, read, 10)
			lists, gets := int(api.lists.Load()), int(api.gets.Load())
			if lists > tc.maxLists || gets > tc.maxGets {
				t.Errorf("%d reads cost %d list pages and %d GETs, want at most %d and %d", len(read), lists, gets, tc.maxLists, tc.maxGets)
			}
			if lists+gets > len(read)+1 {
				t.Errorf("%d reads cost %d requests: more than a GET each and one page", len(read), lists+gets)
			}
		})
	}
}

// TestReaderParallelReadsShareOneFetch: reads of one client that arrive at
// once wait for one fetch of the page instead of each making its own.
func TestReaderParallelReadsShareOneFetch(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 100, 2: 100})
	r := New(api.source())
	readAll(t, r, 1, api.ids(1), 50)
	readAll(t, r, 2, api.ids(2), 50)
	if n := api.lists.Load(); n != 2 {
		t.Errorf("two clients read by 50 parallel reads each cost %d list requests, want one each", n)
	}
	if n := api.gets.Load(); n != 0 {
		t.Errorf("%d GETs, want none", n)
	}
}

// TestReaderMissingObjectsConfirmedByGet: an object that is not on the
// fetched list is read by its own GET before it is reported gone, so a
// list that moved between two pages never turns into a deletion.
func TestReaderMissingObjectsConfirmedByGet(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 250})
	r := New(api.source())
	ids := api.ids(1)
	deleted := ids[10]
	api.remove(deleted)
	if _, err := r.Read(context.Background(), 1, deleted, Held[object]{}); !errors.Is(err, errGone) {
		t.Errorf("a deleted object read as %v, want the GET's not-found", err)
	}
	if g := api.gets.Load(); g != 1 {
		t.Errorf("the deleted object cost %d GETs, want its one confirmation", g)
	}

	// An object that the pages miss although it exists (here: hidden from
	// the list after page 1 was read, as when an earlier page shrinks) is
	// found by its GET.
	hidden := ids[150]
	api.mu.Lock()
	saved := append([]object(nil), api.objects[1]...)
	api.objects[1] = append(append([]object(nil), saved[:149]...), saved[150:]...)
	api.mu.Unlock()
	readAll(t, r, 1, ids[100:149], 1) // enough reads past page 1 to fetch the rest
	api.mu.Lock()
	api.objects[1] = saved
	api.mu.Unlock()
	got, err := r.Read(context.Background(), 1, hidden, Held[object]{})
	if err != nil || got.id != hidden {
		t.Errorf("an object the pages missed read as %+v, %v, want it from its GET", got, err)
	}
}

// TestReaderInvalidate: a write forgets the client's pages, and the next
// read fetches them again; other clients keep theirs.
func TestReaderInvalidate(t *testing.T) {
	t.Parallel()
	api := newFakeAPI(map[int64]int{1: 10, 2: 10})
	r := New(api.source())
	readAll(t, r, 1, api.ids(1), 1)
	readAll(t, r, 2, api.ids(2), 1)
	r.Invalidate(1)
	readAll(t, r, 1, api.ids(1), 1)
	readAll(t, r, 2, api.ids(2), 1)
	if n := api.lists.Load(); n != 3 {
		t.Errorf("%d list requests, want client 1's twice and client 2's once", n)
	}
}

// TestFind: Find and FindAny answer only from the pages fetched, with no
// request, and say when the answer is not known.
func TestFind(t *testing.T) {
	t.Parallel()
	type want struct {
		found, known bool
	}
	cases := map[string]struct {
		size  int
		reads []int64 // ids read first
		find  int64
		want  want
	}{
		"nothing read":                {size: 3, find: 2, want: want{}},
		"one page, present":           {size: 3, reads: []int64{1}, find: 2, want: want{found: true, known: true}},
		"one page, absent":            {size: 3, reads: []int64{1}, find: 99, want: want{known: true}},
		"first of many pages, absent": {size: 3 * pageSize, reads: []int64{1}, find: 99999, want: want{}},
		"later page not fetched":      {size: 3 * pageSize, reads: []int64{1}, find: int64(2*pageSize + 1), want: want{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(map[int64]int{1: tc.size})
			r := New(api.source())
			for _, id := range tc.reads {
				if _, err := r.Read(context.Background(), 1, id, Held[object]{}); err != nil {
					t.Fatal(err)
				}
			}
			lists, gets := api.lists.Load(), api.gets.Load()
			match := objectKey(object{id: tc.find})
			obj, known := r.Find(1, match)
			if got := (want{found: obj != nil, known: known}); got != tc.want {
				t.Errorf("Find = %+v, want %+v", got, tc.want)
			}
			if other := r.FindAny(match); (other != nil) != tc.want.found {
				t.Errorf("FindAny found %v, want %v", other != nil, tc.want.found)
			}
			if api.lists.Load() != lists || api.gets.Load() != gets {
				t.Errorf("Find made requests: lists %d→%d, gets %d→%d", lists, api.lists.Load(), gets, api.gets.Load())
			}
			r.Invalidate(1)
			if obj, known := r.Find(1, match); obj != nil || known {
				t.Errorf("after Invalidate, Find = %v, %v; want nothing known", obj, known)
			}
		})
	}
}
