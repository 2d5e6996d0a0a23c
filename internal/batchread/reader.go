// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package batchread serves the reads of many objects of one kind from the
// list endpoint of the client company they belong to, fetched page by page
// and only as far as the reads ask, instead of one GET per object. It knows
// nothing of Terraform; the provider keeps one Reader per kind on the data
// its Configure hands out, so one plan shares the pages.
package batchread

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"
)

// Source is how a Reader reaches the API for one kind of object.
type Source[T any] struct {
	// ListPage fetches page (from 1) of the objects of clientID, in
	// ascending id order. clientID is only a key to the Reader: the
	// provider's sources list every client's objects for 0.
	ListPage func(ctx context.Context, clientID int64, page int) (Page[T], error)
	// Get reads one object by id; it reports a deleted object as the
	// client does (client.ErrNotFound).
	Get func(ctx context.Context, id int64) (*T, error)
	// ID is an object's id.
	ID func(T) int64
	// Updated is an object's last-change time (RFC 3339).
	Updated func(T) string
	// Key is the unique value Find looks objects up by (a contact's
	// email, a portal user's username), as the API compares it; nil when
	// nothing is looked up.
	Key func(T) string
	// FallBack reports whether a list page's failure means the API will
	// not serve the list (it refused it, or answered something that is not
	// a list): the client's reads then fall back to their own GETs. Any
	// other failure fails every read of the client that needs the list.
	FallBack func(err error) bool
	// Notice is told when the reads of a client stop using its list; nil
	// when nobody listens.
	Notice func(Notice)
}

// Page is one page of a client's list.
type Page[T any] struct {
	Items []Item[T]
	// LastPage is the number of pages the list has, as this page says.
	LastPage int
}

// Item is one object of a list page.
type Item[T any] struct {
	Object T
	// Flaw says why the item cannot stand for its object (it names
	// another client than the list's filter, or lacks a field the object
	// has); "" when it can.
	Flaw string
}

// Notice says that the reads of one client stopped using its list.
type Notice struct {
	Client int64
	// Err is the list's failure when the API would not serve it; nil
	// when the list was served but too many of its items could not be
	// used (Unusable of them).
	Err      error
	Unusable int
}

// ListError is the failure of a client's list, which every read of the
// client that needs the list shares: a list that cannot be walked is not
// asked again for each object.
type ListError struct {
	Client int64
	Page   int
	Err    error
}

func (e *ListError) Error() string {
	return fmt.Sprintf("listing page %d of client %d: %v", e.Page, e.Client, e.Err)
}

func (e *ListError) Unwrap() error { return e.Err }

// ErrInconsistent is a list whose pages contradict each other: a page
// before the last one that lists only objects of earlier pages.
var ErrInconsistent = errors.New("the list is inconsistent")

// Reader serves reads by id of objects of one kind, each read naming the
// client company its object belongs to. The first read of a client fetches
// the first page of that client's list; a read whose id lies beyond the
// pages fetched is served by its own GET, until such reads outnumber the
// pages still unread, when the rest of the list is fetched. A client with
// many objects in the plan therefore costs about a request per page, and
// a large client with few of them one page besides their GETs.
//
// A page is a hint, the object is the truth: an object is read by its own
// GET when the pages miss it (a list that changed between two pages, or an
// object that moved, never reads as gone), when its item is flawed (see
// Item.Flaw), when two pages list it with different values, and when its
// item is older than what the caller already holds. A client with many
// such items, or whose list the API will not serve, stops using its list.
// Safe for concurrent use; reads of one client wait for one fetch, and
// share its failure.
type Reader[T any] struct {
	src Source[T]

	mu      sync.Mutex
	clients map[int64]*clientList[T]
}

// New returns a Reader over src that has read nothing yet.
func New[T any](src Source[T]) *Reader[T] {
	return &Reader[T]{src: src, clients: map[int64]*clientList[T]{}}
}

// distrustLimit is how many unusable items a client's list may hold before
// its reads stop using the list, once they are also at least as many as
// the usable ones: past that, the list costs requests and saves none.
const distrustLimit = 10

// clientList is what was read of one client's list. Its lock is held
// while a page is fetched, so reads of the client wait for that fetch.
type clientList[T any] struct {
	mu sync.Mutex
	// items holds the usable objects of the pages fetched, by id.
	items map[int64]T
	// distrusted holds the ids whose items were flawed or listed twice
	// with different values: they are read by their own GET.
	distrusted map[int64]struct{}
	// byKey indexes items by Source.Key, so that Find costs a lookup and
	// not a pass over every object of the list; an id whose item was
	// since distrusted stays in it, and find skips it.
	byKey map[string][]int64
	// covered is the highest id the fetched pages reach: an id up to it
	// that is not in items is read by its own GET.
	covered int64
	// fetched is how many pages were read, lastPage how many there are
	// (known after the first, never more than the first said).
	fetched, lastPage int
	// beyond counts the reads served by their own GET because their id lay
	// past the pages fetched.
	beyond int
	// unusable counts the items not used: distrusted, or older than the
	// reader's state.
	unusable int
	// single is set once the client's reads stop using the list, err once
	// its list failed for all of them.
	single bool
	err    error
}

// Held is what the caller of a read already holds of the object.
type Held[T any] struct {
	// Updated is the object's update time it holds; "" when none. An
	// item older than that is not used.
	Updated string
	// Same reports whether an item agrees with what it holds; nil when
	// it holds nothing to compare. An item that does not is confirmed by
	// the object's own GET: a page may lag behind a change (a contact's
	// rename moves its portal user's name, not its update time), so only
	// the object itself may show a difference.
	Same func(T) bool
}

// Read returns the object id of client clientID, from the client's list
// where it holds a usable item that agrees with held, otherwise from its
// own GET.
func (r *Reader[T]) Read(ctx context.Context, clientID, id int64, held Held[T]) (*T, error) {
	cl := r.list(clientID)
	obj, listed, err := r.lookup(ctx, cl, clientID, id, held.Updated)
	if err != nil {
		return nil, err
	}
	if listed && (held.Same == nil || held.Same(*obj)) {
		return obj, nil
	}
	return r.src.Get(ctx, id)
}

// Invalidate forgets what was read of the client's list: every write that
// touches one of its objects calls it, so nothing read before a write is
// served after it.
func (r *Reader[T]) Invalidate(clientID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.clients, clientID)
}

func (r *Reader[T]) list(clientID int64) *clientList[T] {
	r.mu.Lock()
	defer r.mu.Unlock()
	cl := r.clients[clientID]
	if cl == nil {
		cl = &clientList[T]{items: map[int64]T{}, distrusted: map[int64]struct{}{}, byKey: map[string][]int64{}}
		r.clients[clientID] = cl
	}
	return cl
}

// lookup finds id in the client's list, fetching pages as the rule above
// says. listed is false when the caller must GET the object itself.
func (r *Reader[T]) lookup(ctx context.Context, cl *clientList[T], clientID, id int64, since string) (obj *T, listed bool, err error) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.err != nil {
		return nil, false, cl.err
	}
	if cl.fetched == 0 && !cl.single {
		if err := r.fetch(ctx, cl, clientID); err != nil {
			return nil, false, r.failed(ctx, cl, clientID, err)
		}
	}
	if id > cl.covered && !cl.complete() && !cl.single {
		cl.beyond++
		if cl.beyond <= cl.lastPage-cl.fetched {
			return nil, false, nil
		}
		for !cl.complete() && !cl.single {
			if err := r.fetch(ctx, cl, clientID); err != nil {
				return nil, false, r.failed(ctx, cl, clientID, err)
			}
		}
	}
	it, ok := cl.items[id]
	if !ok {
		return nil, false, nil
	}
	if older(r.src.Updated(it), since) {
		// A cached or lagging page: the caller already holds a later
		// version of the object than this item.
		cl.unusable++
		r.checkTrust(cl, clientID)
		return nil, false, nil
	}
	return &it, true, nil
}

// failed settles a failed page fetch (a *ListError): the client's reads
// fall back to their own GETs, or share the failure. A failure of this
// read's own context is left to the next read to try again.
func (r *Reader[T]) failed(ctx context.Context, cl *clientList[T], clientID int64, err error) error {
	if ctx.Err() != nil {
		return errors.Unwrap(err)
	}
	if !errors.Is(err, ErrInconsistent) && r.src.FallBack != nil && r.src.FallBack(errors.Unwrap(err)) {
		cl.single = true
		r.notice(Notice{Client: clientID, Err: err})
		return nil
	}
	cl.err = err
	return err
}

// complete reports whether every page of the list was fetched.
func (cl *clientList[T]) complete() bool { return cl.fetched > 0 && cl.fetched >= cl.lastPage }

// fetch reads the next page of the list.
func (r *Reader[T]) fetch(ctx context.Context, cl *clientList[T], clientID int64) error {
	page := cl.fetched + 1
	p, err := r.src.ListPage(ctx, clientID, page)
	if err != nil {
		return &ListError{Client: clientID, Page: page, Err: err}
	}
	if page == 1 {
		cl.lastPage = max(p.LastPage, 1)
	} else {
		// A later page may say the list shrank, never that it goes on
		// further: a list that always announces another page ends.
		cl.lastPage = min(cl.lastPage, max(p.LastPage, page))
	}
	cl.fetched = page
	fresh := 0
	for _, it := range p.Items {
		if r.add(cl, it) {
			fresh++
		}
	}
	if len(p.Items) == 0 {
		// A page past the end: the list is shorter than it was.
		cl.lastPage = cl.fetched
	} else if fresh == 0 && !cl.complete() {
		return &ListError{Client: clientID, Page: page,
			Err: fmt.Errorf("%w: page %d of %d lists only objects of earlier pages", ErrInconsistent, page, cl.lastPage)}
	}
	r.checkTrust(cl, clientID)
	return nil
}

// add takes one item of a page into the client's list; it reports whether
// the item's id is new to the list.
func (r *Reader[T]) add(cl *clientList[T], it Item[T]) (fresh bool) {
	id := r.src.ID(it.Object)
	cl.covered = max(cl.covered, id)
	prior, listed := cl.items[id]
	_, distrusted := cl.distrusted[id]
	switch {
	case distrusted:
	case it.Flaw != "" || listed && !reflect.DeepEqual(prior, it.Object):
		// A flawed item, or an object listed twice with different values
		// (as offset pages show when objects are added or removed while
		// they are walked): neither copy is used.
		delete(cl.items, id)
		cl.distrusted[id] = struct{}{}
		cl.unusable++
	case !listed:
		cl.items[id] = it.Object
		if r.src.Key != nil {
			key := r.src.Key(it.Object)
			cl.byKey[key] = append(cl.byKey[key], id)
		}
	}
	return !listed && !distrusted
}

// checkTrust stops the client's use of its list once it holds too many
// unusable items.
func (r *Reader[T]) checkTrust(cl *clientList[T], clientID int64) {
	if cl.single || cl.unusable < distrustLimit || cl.unusable < len(cl.items) {
		return
	}
	cl.single = true
	r.notice(Notice{Client: clientID, Unusable: cl.unusable})
}

func (r *Reader[T]) notice(n Notice) {
	if r.src.Notice != nil {
		r.src.Notice(n)
	}
}

// older reports whether an item updated at updated is older than since,
// the version the caller holds. An item whose time cannot be read is
// older than any version the caller holds.
func older(updated, since string) bool {
	if since == "" {
		return false
	}
	held, err := time.Parse(time.RFC3339Nano, since)
	if err != nil {
		return false
	}
	at, err := time.Parse(time.RFC3339Nano, updated)
	return err != nil || at.Before(held)
}

// Find returns an object of client clientID whose Source.Key is key,
// answering only from the pages already fetched: it never makes a request.
// known is false when no fetched object has it and the list was not
// fetched completely, so the answer is not known without asking the API.
func (r *Reader[T]) Find(clientID int64, key string) (obj *T, known bool) {
	r.mu.Lock()
	cl := r.clients[clientID]
	r.mu.Unlock()
	if cl == nil {
		return nil, false
	}
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if it, ok := r.find(cl, key); ok {
		return &it, true
	}
	return nil, cl.complete()
}

// FindAny returns an object of any client whose Source.Key is key, from
// the pages already fetched; nil when none of them holds one. It never
// makes a request, and costs a lookup per client read.
func (r *Reader[T]) FindAny(key string) *T {
	r.mu.Lock()
	lists := make([]*clientList[T], 0, len(r.clients))
	for _, cl := range r.clients {
		lists = append(lists, cl)
	}
	r.mu.Unlock()
	for _, cl := range lists {
		cl.mu.Lock()
		it, ok := r.find(cl, key)
		cl.mu.Unlock()
		if ok {
			return &it
		}
	}
	return nil
}

func (r *Reader[T]) find(cl *clientList[T], key string) (T, bool) {
	for _, id := range cl.byKey[key] {
		if it, ok := cl.items[id]; ok {
			return it, true
		}
	}
	var zero T
	return zero, false
}

// InvalidateAll forgets what was read of every client's list, for a write
// whose client is not known.
func (r *Reader[T]) InvalidateAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	clear(r.clients)
}
