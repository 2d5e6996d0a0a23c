// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"encoding/json"
	"strings"
)

// Listed is one item of a list page for a caller that would use it in
// place of the object's own answer (the provider's batched reads): a list
// item may be sparser than the object, so the caller needs to know which
// keys it carried, and a bad item must not fail the page's other items.
type Listed[T any] struct {
	Item T
	// Invalid says why the item fails the checks an object's own answer
	// passes (see validateOut); nil when it passes.
	Invalid error
	raw     json.RawMessage
}

// UnmarshalJSON decodes the item and keeps its JSON to answer Lacks.
func (l *Listed[T]) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &l.Item); err != nil {
		return err
	}
	l.raw = append(json.RawMessage(nil), b...)
	l.Invalid = validateOut(&l.Item)
	return nil
}

// Lacks returns those of keys that the item's JSON object does not carry.
// A dotted key ("dates.updated") is a key of an object-valued key. A key
// present with a null value is carried: null is a value.
func (l Listed[T]) Lacks(keys ...string) []string {
	var top map[string]json.RawMessage
	_ = json.Unmarshal(l.raw, &top)
	var missing []string
	for _, k := range keys {
		if !hasKey(top, strings.Split(k, ".")) {
			missing = append(missing, k)
		}
	}
	return missing
}

func hasKey(obj map[string]json.RawMessage, path []string) bool {
	v, ok := obj[path[0]]
	if !ok || len(path) == 1 {
		return ok
	}
	var inner map[string]json.RawMessage
	if json.Unmarshal(v, &inner) != nil {
		return false
	}
	return hasKey(inner, path[1:])
}

// ListedContactsPage is ListContactsPage with each item's checks and keys.
func (c *Client) ListedContactsPage(ctx context.Context, f ContactListFilter, p Page) ([]Listed[Contact], Meta, error) {
	return listPage[Listed[Contact]](ctx, c, contactsPath, f.values(), p)
}

// ListedPortalUsersPage is ListPortalUsersPage with each item's checks and keys.
func (c *Client) ListedPortalUsersPage(ctx context.Context, f PortalUserListFilter, p Page) ([]Listed[PortalUser], Meta, error) {
	return listPage[Listed[PortalUser]](ctx, c, portalUsersPath, f.values(), p)
}
