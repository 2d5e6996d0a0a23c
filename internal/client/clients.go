// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"iter"
	"net/url"
)

// clientsPath is the clients' collection.
const clientsPath = "/api/clients"

// ClientAccount is a client company that contacts belong to.
type ClientAccount struct {
	ID          int64  `json:"id"`
	CompanyName string `json:"company_name"`
	Status      string `json:"status"`
	Dates       Dates  `json:"dates"`
}

// ClientCreateRequest is the body of POST /api/clients.
type ClientCreateRequest struct {
	CompanyName string `json:"company_name"`
}

// ClientUpdateRequest is the body of PATCH /api/clients/{id}; an absent field is kept.
type ClientUpdateRequest struct {
	CompanyName Field[string] `json:"company_name,omitzero"`
}

// ClientListFilter narrows GET /api/clients.
type ClientListFilter struct {
	// Search matches the company name, substring, case-insensitive.
	Search string
	// Sort is company_name or created; Order is asc or desc.
	Sort  string
	Order string
}

func (f ClientListFilter) values() url.Values {
	q := url.Values{}
	setIf(q, "search", f.Search)
	setIf(q, "sort", f.Sort)
	setIf(q, "order", f.Order)
	return q
}

// AllClients iterates over every client on every page.
func (c *Client) AllClients(ctx context.Context, f ClientListFilter) iter.Seq2[ClientAccount, error] {
	return listAll[ClientAccount](ctx, c, clientsPath, f.values())
}

// GetClient returns one client.
func (c *Client) GetClient(ctx context.Context, id int64) (*ClientAccount, error) {
	var out ClientAccount
	_, err := c.do(ctx, request{method: "GET", path: idPath("/api/clients/%d", id)}, &out)
	return ptrOrNil(&out, err)
}

// CreateClient creates a client.
func (c *Client) CreateClient(ctx context.Context, r ClientCreateRequest) (*ClientAccount, error) {
	var out ClientAccount
	_, err := c.do(ctx, request{method: "POST", path: clientsPath, body: r}, &out)
	return ptrOrNil(&out, err)
}

// UpdateClient changes a client.
func (c *Client) UpdateClient(ctx context.Context, id int64, r ClientUpdateRequest) (*ClientAccount, error) {
	var out ClientAccount
	_, err := c.do(ctx, request{method: "PATCH", path: idPath("/api/clients/%d", id), body: r}, &out)
	return ptrOrNil(&out, err)
}

// DeleteClient deletes a client; ErrConflict while it still has contacts.
func (c *Client) DeleteClient(ctx context.Context, id int64) error {
	_, err := c.do(ctx, request{method: "DELETE", path: idPath("/api/clients/%d", id)}, nil)
	return err
}

func ptrOrNil[T any](v *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}
