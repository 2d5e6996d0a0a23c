// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// MaxPageSize is the largest page the API serves.
const MaxPageSize = 100

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
		meta = &Meta{CurrentPage: max(p.Number, 1), PerPage: len(items), Total: len(items), LastPage: 1}
	}
	return items, *meta, nil
}

// listAll yields every item of every page, largest pages first to spend few requests.
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := 1; ; page++ {
			items, meta, err := listPage[T](ctx, c, path, q, Page{Number: page, Limit: MaxPageSize})
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
			if page >= meta.LastPage || len(items) == 0 {
				return
			}
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
