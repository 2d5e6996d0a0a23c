// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
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
// most one quick retry. A 429 (ErrRateLimited) is returned at once: the
// API counts only the requests of a key it accepted. The whole check,
// retries included, takes at most CheckBudget.
func (c *Client) CheckEndpoint(ctx context.Context) error {
	budget := c.CheckBudget()
	bctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	var roles []AccessRole
	_, err := c.do(bctx, request{method: "GET", path: "/api/access-roles", probe: true}, &roles)
	if errors.Is(err, ErrUnexpected) && !errors.Is(err, ErrWrongEndpoint) {
		// The Contacts API answers this read with its list of roles;
		// anything else came from somewhere else.
		return fmt.Errorf("%w; %w: GET /api/access-roles did not answer the Contacts API's list of access roles", err, ErrWrongEndpoint)
	}
	if err != nil && ctx.Err() == nil && bctx.Err() != nil {
		return &budgetError{err: err, budget: budget}
	}
	return err
}

// budgetError is a check that ran out of its budget: the last attempt's
// error, on one line, and the budget.
type budgetError struct {
	err    error
	budget time.Duration
}

func (e *budgetError) Error() string {
	last, _, _ := strings.Cut(e.err.Error(), "\n")
	return fmt.Sprintf("%s; the check gave up after %s, its whole budget", last, e.budget)
}

func (e *budgetError) Unwrap() error { return e.err }

// CheckBudget is how long CheckEndpoint may take in all: one attempt's
// RequestTimeout and one wait of MaxRetryWait, so a server that hangs,
// fails or asks for long waits holds a plan up for at most that, not for
// every retry's worth.
func (c *Client) CheckBudget() time.Duration { return c.timeout + c.maxWait }
