// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import "context"

type portalLoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type portalLoginResponse struct {
	Token string `json:"token"`
}

// PortalLogin signs in as a portal user (no API key) and returns the session
// token: ErrUnauthorized for wrong credentials, ErrForbidden once access is revoked.
func (c *Client) PortalLogin(ctx context.Context, username, password string) (string, error) {
	var out portalLoginResponse
	if _, err := c.do(ctx, request{method: "POST", path: "/api/portal/login", body: portalLoginRequest{username, password}, noAuth: true, secrets: []string{password}}, &out); err != nil {
		return "", err
	}
	return out.Token, nil
}
