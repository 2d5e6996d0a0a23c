// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"reflect"
	"strconv"
)

// MaxPageSize is the largest page the API serves.
const MaxPageSize = 100

// ErrInconsistentList is a list whose pages contradict the request or
// each other: the page asked for is not the one answered, a page holds
// more items than its per_page or lies past its last_page, last_page is
// more than total fills, or a page repeats the one before it. Walking such
// a list could go on forever, so the walk ends with this error.
var ErrInconsistentList = errors.New("the list is inconsistent")

// Meta is a list response's pagination block.
type Meta struct {
	CurrentPage int `json:"current_page"`
	PerPage     int `json:"per_page"`
	Total       int `json:"total"`
	LastPage    int `json:"last_page"`
}

// Page selects one page of a list; zero values take the API's defaults.
type Page struct {
	Number int
	Limit  int
}

func (p Page) apply(q url.Values) {
	if p.Number != 0 {
		q.Set("page", strconv.Itoa(p.Number))
	}
	if p.Limit != 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
}

// listPage fetches one page of path with query q.
func listPage[T any](ctx context.Context, c *Client, path string, q url.Values, p Page) ([]T, Meta, error) {
	q = cloneValues(q)
	p.apply(q)
	var items []T
	meta, err := c.do(ctx, request{method: "GET", path: path, query: q}, &items)
	if err != nil {
		return nil, Meta{}, err
	}
	if meta == nil {
		// A list without pagination: all of it, whatever the page.
		return items, Meta{CurrentPage: max(p.Number, 1), PerPage: len(items), Total: len(items), LastPage: 1}, nil
	}
	if err := checkMeta(max(p.Number, 1), *meta, len(items)); err != nil {
		return nil, Meta{}, fmt.Errorf("GET %s?%s: %w: %s", path, q.Encode(), ErrInconsistentList, err)
	}
	return items, *meta, nil
}

// checkMeta says how a page's meta contradicts the page asked for, the
// items it holds or itself; nil when it does not. Fields the API left out
// (zero) are not checked.
func checkMeta(page int, m Meta, items int) error {
	switch {
	case m.CurrentPage != 0 && m.CurrentPage != page:
		return fmt.Errorf("page %d was asked for and page %d answered", page, m.CurrentPage)
	case m.LastPage < 0 || m.Total < 0 || m.PerPage < 0:
		return fmt.Errorf("its meta holds a negative number (%+v)", m)
	case m.PerPage > 0 && items > m.PerPage:
		return fmt.Errorf("page %d holds %d items, more than its per_page of %d", page, items, m.PerPage)
	case m.LastPage > 0 && page > m.LastPage && items > 0:
		return fmt.Errorf("page %d holds items although the last page is %d", page, m.LastPage)
	case m.PerPage > 0 && m.LastPage > max(1, (m.Total+m.PerPage-1)/m.PerPage):
		return fmt.Errorf("last_page is %d, but a total of %d at %d per page fills %d", m.LastPage, m.Total, m.PerPage, max(1, (m.Total+m.PerPage-1)/m.PerPage))
	}
	return nil
}

// listAll yields every item of every page, largest pages first to spend few
// requests. The walk ends at the last page the first page announced (a
// list that grows while it is walked does not make it longer), at an empty
// page, or with ErrInconsistentList at a page that repeats the one before
// it, so a list that never ends cannot keep it going.
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var prev []T
		lastPage := 0
		for page := 1; ; page++ {
			items, meta, err := listPage[T](ctx, c, path, q, Page{Number: page, Limit: MaxPageSize})
			if err == nil && page > 1 && len(items) > 0 && reflect.DeepEqual(items, prev) {
				err = fmt.Errorf("GET %s: %w: page %d repeats page %d", path, ErrInconsistentList, page, page-1)
			}
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if page == 1 {
				lastPage = meta.LastPage
			}
			if page >= min(lastPage, meta.LastPage) || len(items) == 0 {
				return
			}
			prev = items
		}
	}
}

// collect drains an iterator into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	out := []T{}
	for it, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func setIf(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}

func setIDIf(q url.Values, key string, id int64) {
	if id != 0 {
		q.Set(key, strconv.FormatInt(id, 10))
	}
}
