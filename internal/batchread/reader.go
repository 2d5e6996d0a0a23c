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
	"sync"
)

// Source is how a Reader reaches the API for one kind of object.
type Source[T any] struct {
	// ListPage fetches page (from 1) of the objects of clientID, in
	// ascending id order, with the number of pages the list has.
	ListPage func(ctx context.Context, clientID int64, page int) (items []T, lastPage int, err error)
	// Get reads one object by id; it reports a deleted object as the
	// client does (client.ErrNotFound).
	Get func(ctx context.Context, id int64) (*T, error)
	// ID is an object's id.
	ID func(T) int64
}

// Reader serves reads by id of objects of one kind, each read naming the
// client company its object belongs to. The first read of a client fetches
// the first page of that client's list; a read whose id lies beyond the
// pages fetched is served by its own GET, until such reads outnumber the
// pages still unread, when the rest of the list is fetched. A client with
// many objects in the plan therefore costs about a request per page, and
// a large client with few of them one page besides their GETs. An object
// missing from the fetched pages is confirmed by its own GET: a list that
// changed between two pages, or an object that moved, never reads as gone.
// Safe for concurrent use; reads of one client wait for one fetch.
type Reader[T any] struct {
	src Source[T]

	mu      sync.Mutex
	clients map[int64]*clientList[T]
}

// New returns a Reader over src that has read nothing yet.
func New[T any](src Source[T]) *Reader[T] {
	return &Reader[T]{src: src, clients: map[int64]*clientList[T]{}}
}

// clientList is what was read of one client's list. Its lock is held
// while a page is fetched, so reads of the client wait for that fetch.
type clientList[T any] struct {
	mu sync.Mutex
	// items holds the objects of the pages fetched, by id.
	items map[int64]T
	// covered is the highest id the fetched pages reach: an id up to it
	// that is not in items was not on the list.
	covered int64
	// fetched is how many pages were read, lastPage how many there are
	// (known after the first).
	fetched, lastPage int
	// beyond counts the reads served by their own GET because their id lay
	// past the pages fetched.
	beyond int
}

// Read returns the object id of client clientID, from the client's list
// where it holds it, otherwise from its own GET.
func (r *Reader[T]) Read(ctx context.Context, clientID, id int64) (*T, error) {
	cl := r.list(clientID)
	obj, listed, err := cl.lookup(ctx, r.src, clientID, id)
	if err != nil {
		return nil, err
	}
	if listed {
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
		cl = &clientList[T]{items: map[int64]T{}}
		r.clients[clientID] = cl
	}
	return cl
}

// lookup finds id in the client's list, fetching pages as the rule above
// says. listed is false when the caller must GET the object itself: it was
// not on the pages fetched, or lies beyond them.
func (cl *clientList[T]) lookup(ctx context.Context, src Source[T], clientID, id int64) (obj *T, listed bool, err error) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.fetched == 0 {
		if err := cl.fetch(ctx, src, clientID); err != nil {
			return nil, false, err
		}
	}
	if id > cl.covered && !cl.complete() {
		cl.beyond++
		if cl.beyond <= cl.lastPage-cl.fetched {
			return nil, false, nil
		}
		for !cl.complete() {
			if err := cl.fetch(ctx, src, clientID); err != nil {
				return nil, false, err
			}
		}
	}
	if it, ok := cl.items[id]; ok {
		return &it, true, nil
	}
	return nil, false, nil
}

// complete reports whether every page of the list was fetched.
func (cl *clientList[T]) complete() bool { return cl.fetched > 0 && cl.fetched >= cl.lastPage }

// fetch reads the next page of the list.
func (cl *clientList[T]) fetch(ctx context.Context, src Source[T], clientID int64) error {
	items, lastPage, err := src.ListPage(ctx, clientID, cl.fetched+1)
	if err != nil {
		return err
	}
	cl.fetched++
	cl.lastPage = max(lastPage, cl.fetched)
	for _, it := range items {
		id := src.ID(it)
		cl.items[id] = it
		cl.covered = max(cl.covered, id)
	}
	if len(items) == 0 {
		// A page past the end: the list is shorter than it was.
		cl.lastPage = cl.fetched
	}
	return nil
}

// Find returns an object of client clientID that match accepts, answering
// only from the pages already fetched: it never makes a request. known is
// false when no fetched object matches and the list was not fetched
// completely, so the answer is not known without asking the API.
func (r *Reader[T]) Find(clientID int64, match func(T) bool) (obj *T, known bool) {
	r.mu.Lock()
	cl := r.clients[clientID]
	r.mu.Unlock()
	if cl == nil {
		return nil, false
	}
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if it, ok := cl.find(match); ok {
		return &it, true
	}
	return nil, cl.complete()
}

// FindAny returns an object of any client that match accepts, from the
// pages already fetched; nil when none of them holds one. It never makes a
// request.
func (r *Reader[T]) FindAny(match func(T) bool) *T {
	r.mu.Lock()
	lists := make([]*clientList[T], 0, len(r.clients))
	for _, cl := range r.clients {
		lists = append(lists, cl)
	}
	r.mu.Unlock()
	for _, cl := range lists {
		cl.mu.Lock()
		it, ok := cl.find(match)
		cl.mu.Unlock()
		if ok {
			return &it
		}
	}
	return nil
}

func (cl *clientList[T]) find(match func(T) bool) (T, bool) {
	for _, it := range cl.items {
		if match(it) {
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
