// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"time"
)

// The tests' own lists: the provider looks clients up by name only.

// ListClients returns every client on every page.
func (c *Client) ListClients(ctx context.Context, f ClientListFilter) ([]ClientAccount, error) {
	return collect(c.AllClients(ctx, f))
}

// ListClientsPage returns one page of clients.
func (c *Client) ListClientsPage(ctx context.Context, f ClientListFilter, p Page) ([]ClientAccount, Meta, error) {
	return listPage[ClientAccount](ctx, c, clientsPath, f.values(), p)
}

// PaceOn puts the client's pacer on a test's clock: sleep moves it, and
// maxWait caps one wait on it (MaxRetryWait caps the client's real ones).
func (c *Client) PaceOn(now func() time.Time, sleep func(context.Context, time.Duration) error, maxWait time.Duration) {
	c.pacer.now, c.pacer.sleep, c.pacer.maxWait = now, sleep, maxWait
}

// WithoutPacer turns the pacer off, to compare with a client that has one.
func (c *Client) WithoutPacer() { c.pacer = nil }
