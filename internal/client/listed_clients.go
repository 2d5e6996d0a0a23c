// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import "context"

// ListedClientsPage is one page of GET /api/clients with each item's checks
// and keys (see Listed).
func (c *Client) ListedClientsPage(ctx context.Context, f ClientListFilter, p Page) ([]Listed[ClientAccount], Meta, error) {
	return listPage[Listed[ClientAccount]](ctx, c, clientsPath, f.values(), p)
}
