// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import "context"

// The tests' own lists: the provider looks clients up by name only.

// ListClients returns every client on every page.
func (c *Client) ListClients(ctx context.Context, f ClientListFilter) ([]ClientAccount, error) {
	return collect(c.AllClients(ctx, f))
}

// ListClientsPage returns one page of clients.
func (c *Client) ListClientsPage(ctx context.Context, f ClientListFilter, p Page) ([]ClientAccount, Meta, error) {
	return listPage[ClientAccount](ctx, c, clientsPath, f.values(), p)
}
