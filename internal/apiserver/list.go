// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"cmp"
	"slices"
	"strings"
)

const (
	defaultLimit = 25
	maxLimit     = 100
)

// listQuery is the validated page/sort part of a list request.
type listQuery struct {
	page, limit int
	sort        string // "" means by id
	desc        bool
}

// parseListQuery validates page, limit, sort and order; sorts lists the
// sort keys the resource allows (nil: the resource takes no sort).
func parseListQuery(v *validator, sorts []string) listQuery {
	q := listQuery{page: 1, limit: defaultLimit}
	if n, ok := v.integer("page", false); ok {
		if n < 1 {
			v.add("page", "The page field must be at least 1.")
		} else {
			q.page = int(min(n, 1<<31))
		}
	}
	if n, ok := v.integer("limit", false); ok {
		if n < 1 || n > maxLimit {
			v.add("limit", "The limit field must be between 1 and %d.", maxLimit)
		} else {
			q.limit = int(n)
		}
	}
	if sorts != nil {
		q.sort = v.oneOf("sort", "", sorts...)
		q.desc = v.oneOf("order", "asc", "asc", "desc") == "desc"
	}
	return q
}

// sortBy orders items by the key (case-insensitively, ties by id ascending)
// or by id when key is nil.
func sortBy[T any](items []T, id func(T) int64, key func(T) string, desc bool) {
	slices.SortFunc(items, func(a, b T) int {
		c := 0
		if key != nil {
			c = strings.Compare(strings.ToLower(key(a)), strings.ToLower(key(b)))
		} else {
			c = cmp.Compare(id(a), id(b))
		}
		if desc {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(id(a), id(b))
		}
		return c
	})
}

// paginate cuts one page out of items; a page past the end is empty.
func paginate[T any](items []T, q listQuery) ([]T, Meta) {
	total := len(items)
	meta := Meta{
		CurrentPage: q.page, PerPage: q.limit, Total: total,
		LastPage: max(1, (total+q.limit-1)/q.limit),
	}
	start := (q.page - 1) * q.limit
	if start >= total || start < 0 {
		return []T{}, meta
	}
	return items[start:min(start+q.limit, total)], meta
}

// containsFold reports whether any of the fields contains needle, ignoring case.
func containsFold(needle string, fields ...string) bool {
	needle = strings.ToLower(needle)
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), needle) {
			return true
		}
	}
	return false
}
