// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"fmt"
)

// AccessRole is a role a portal user can be granted.
type AccessRole struct {
	Reference   string `json:"reference"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// ListAccessRoles returns the roles the server defines.
func (c *Client) ListAccessRoles(ctx context.Context) ([]AccessRole, error) {
	var out []AccessRole
	if _, err := c.do(ctx, request{method: "GET", path: "/api/access-roles"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CheckEndpoint makes one cheap read to learn whether the endpoint and key
// reach the Contacts API, before any real request: ErrUnauthorized for a
// wrong key, ErrWrongEndpoint when the answer is not the API's (a 404 of
// an unknown route, an HTML page, another JSON), ErrRedirect, and
// ErrTransport (with ErrNotSent) for a server it cannot reach, after at
// most one quick retry.
func (c *Client) CheckEndpoint(ctx context.Context) error {
	var roles []AccessRole
	_, err := c.do(ctx, request{method: "GET", path: "/api/access-roles", probe: true}, &roles)
	if errors.Is(err, ErrUnexpected) && !errors.Is(err, ErrWrongEndpoint) {
		// The Contacts API answers this read with its list of roles;
		// anything else came from somewhere else.
		return fmt.Errorf("%w; %w: GET /api/access-roles did not answer the Contacts API's list of access roles", err, ErrWrongEndpoint)
	}
	return err
}
