// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
)

// KeyCanWrite tells whether the API key has the write scope, without
// writing. The API reports no key's scope, so it asks for a client with
// no company name: the API checks the key's scope (403 for a read key)
// before it validates the body (422: the name is required), so the request
// never creates anything. Any other failure is returned as it is.
func (c *Client) KeyCanWrite(ctx context.Context) (bool, error) {
	_, err := c.do(ctx, request{method: "POST", path: clientsPath, body: struct{}{}}, nil)
	switch {
	case errors.Is(err, ErrForbidden):
		return false, nil
	case err == nil, errors.Is(err, ErrValidation):
		// A success would be a server that does not require the name; it
		// too accepted the key's write.
		return true, nil
	}
	return false, err
}
