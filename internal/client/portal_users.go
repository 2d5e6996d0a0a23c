// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"iter"
	"net/url"
)

// portalUsersPath is the portal users' collection.
const portalUsersPath = "/api/portal-users"

// PortalUser is a contact's login to the client portal.
type PortalUser struct {
	ID                int64       `json:"id"`
	ContactID         int64       `json:"contact_id"`
	ClientID          int64       `json:"client_id"`
	Username          string      `json:"username"`
	Email             string      `json:"email"`
	Name              string      `json:"name"`
	AuthMethod        string      `json:"auth_method"`
	Status            string      `json:"status"`
	Invitation        Invitation  `json:"invitation"`
	Roles             []RoleGrant `json:"roles"`
	PasswordUpdatedAt *string     `json:"password_updated_at"`
	LastLoginAt       *string     `json:"last_login_at"`
	Dates             Dates       `json:"dates"`
}

// Portal user statuses and auth methods.
const (
	StatusActive     = "active"
	StatusTerminated = "terminated"
	AuthLocal        = "local"
	AuthAzure        = "azure"
)

// Invitation is the state of a portal user's invitation email.
type Invitation struct {
	// Status is none, pending or accepted.
	Status string  `json:"status"`
	SentAt *string `json:"sent_at"`
}

// RoleGrant gives a portal user an access role, optionally until Expires (RFC 3339).
type RoleGrant struct {
	Reference string  `json:"reference"`
	Expires   *string `json:"expires"`
}

// PortalUserCreateRequest is the body of POST /api/portal-users.
type PortalUserCreateRequest struct {
	ContactID  int64  `json:"contact_id"`
	Username   string `json:"username,omitempty"`
	AuthMethod string `json:"auth_method,omitempty"`
	// Password is sent once and never logged or returned.
	Password   string      `json:"password,omitempty"`
	SendInvite bool        `json:"send_invite,omitempty"`
	Roles      []RoleGrant `json:"roles,omitempty"`
}

// PortalUserUpdateRequest is the body of PATCH /api/portal-users/{id}; an
// absent field is kept, and Roles replaces the whole list when present.
type PortalUserUpdateRequest struct {
	Username   Field[string]      `json:"username,omitzero"`
	AuthMethod Field[string]      `json:"auth_method,omitzero"`
	Roles      Field[[]RoleGrant] `json:"roles,omitzero"`
}

// PortalUserListFilter narrows GET /api/portal-users.
type PortalUserListFilter struct {
	// Status is active (the API's default), terminated or all.
	Status    string
	ClientID  int64
	ContactID int64
	// Search matches username, email and name.
	Search string
}

func (f PortalUserListFilter) values() url.Values {
	q := url.Values{}
	setIf(q, "status", f.Status)
	setIDIf(q, "client_id", f.ClientID)
	setIDIf(q, "contact_id", f.ContactID)
	setIf(q, "search", f.Search)
	return q
}

// AllPortalUsers iterates over every matching portal user on every page.
func (c *Client) AllPortalUsers(ctx context.Context, f PortalUserListFilter) iter.Seq2[PortalUser, error] {
	return listAll[PortalUser](ctx, c, portalUsersPath, f.values())
}

// ListPortalUsersPage returns one page of portal users.
func (c *Client) ListPortalUsersPage(ctx context.Context, f PortalUserListFilter, p Page) ([]PortalUser, Meta, error) {
	return listPage[PortalUser](ctx, c, portalUsersPath, f.values(), p)
}

// ListPortalUsers returns every matching portal user on every page.
func (c *Client) ListPortalUsers(ctx context.Context, f PortalUserListFilter) ([]PortalUser, error) {
	return collect(c.AllPortalUsers(ctx, f))
}

// GetPortalUser returns one portal user, whatever its status.
func (c *Client) GetPortalUser(ctx context.Context, id int64) (*PortalUser, error) {
	var out PortalUser
	_, err := c.do(ctx, request{method: "GET", path: idPath("/api/portal-users/%d", id)}, &out)
	return ptrOrNil(&out, err)
}

// CreatePortalUser creates a contact's portal user, active at once.
func (c *Client) CreatePortalUser(ctx context.Context, r PortalUserCreateRequest) (*PortalUser, error) {
	var out PortalUser
	_, err := c.do(ctx, request{method: "POST", path: portalUsersPath, body: r, secrets: []string{r.Password}}, &out)
	return ptrOrNil(&out, err)
}

// UpdatePortalUser changes username, auth method or roles.
func (c *Client) UpdatePortalUser(ctx context.Context, id int64, r PortalUserUpdateRequest) (*PortalUser, error) {
	var out PortalUser
	_, err := c.do(ctx, request{method: "PATCH", path: idPath("/api/portal-users/%d", id), body: r}, &out)
	return ptrOrNil(&out, err)
}

// DeletePortalUser removes the login; the contact stays.
func (c *Client) DeletePortalUser(ctx context.Context, id int64) error {
	_, err := c.do(ctx, request{method: "DELETE", path: idPath("/api/portal-users/%d", id)}, nil)
	return err
}

// GrantAccess makes a terminated portal user active; ErrConflict if already active.
func (c *Client) GrantAccess(ctx context.Context, id int64) (*PortalUser, error) {
	return c.portalUserAction(ctx, id, "grant-access", nil, nil)
}

// RevokeAccess terminates a portal user; ErrConflict if already terminated.
func (c *Client) RevokeAccess(ctx context.Context, id int64) (*PortalUser, error) {
	return c.portalUserAction(ctx, id, "revoke-access", nil, nil)
}

// SetPassword sets a new password without the old one (an administrator's reset).
func (c *Client) SetPassword(ctx context.Context, id int64, password string) (*PortalUser, error) {
	return c.portalUserAction(ctx, id, "set-password", setPasswordRequest{Password: password}, []string{password})
}

// SendInvite queues an invitation email; ErrConflict for terminated users.
func (c *Client) SendInvite(ctx context.Context, id int64) (*PortalUser, error) {
	return c.portalUserAction(ctx, id, "send-invite", nil, nil)
}

type setPasswordRequest struct {
	Password string `json:"password"`
}

func (c *Client) portalUserAction(ctx context.Context, id int64, action string, body any, secrets []string) (*PortalUser, error) {
	var out PortalUser
	_, err := c.do(ctx, request{method: "POST", path: idPath("/api/portal-users/%d/actions/", id) + action, body: body, secrets: secrets}, &out)
	return ptrOrNil(&out, err)
}
