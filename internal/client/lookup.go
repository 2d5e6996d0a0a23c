// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"iter"
	"strings"
)

// The lookups by natural key. The API's search is a substring match, so
// every lookup filters what it lists with sameKey: an object is never
// picked because its key merely contains the one asked for. A lookup that
// matches nothing returns notFound's error, which is ErrNotFound.

// sameKey is the one equality rule for natural keys (company names,
// emails, usernames): the API trims what it stores and keeps each of them
// unique without regard to case, so two keys are the same when they are
// equal trimmed, ignoring case.
func sameKey(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// notFound is the error of a lookup that matched nothing: the 404 the API
// gives for the object of path, so that it reads as a missing object does.
func notFound(path string) error {
	r := request{method: "GET", path: path}
	return &APIError{Method: r.method, Path: r.path, StatusCode: 404, Message: r.notFoundMessage(), kind: ErrNotFound}
}

// first is the first item of seq that match accepts, or notFound(path).
func first[T any](seq iter.Seq2[T, error], path string, match func(T) bool) (*T, error) {
	for it, err := range seq {
		if err != nil {
			return nil, err
		}
		if match(it) {
			return &it, nil
		}
	}
	return nil, notFound(path)
}

// FindClientByName returns the client whose company name is name (sameKey),
// or ErrNotFound.
func (c *Client) FindClientByName(ctx context.Context, name string) (*ClientAccount, error) {
	return first(c.AllClients(ctx, ClientListFilter{Search: name}), clientsPath, func(a ClientAccount) bool {
		return sameKey(a.CompanyName, name)
	})
}

// FindContactByEmail returns the contact whose email is email (sameKey),
// or ErrNotFound.
func (c *Client) FindContactByEmail(ctx context.Context, email string) (*Contact, error) {
	return first(c.AllContacts(ctx, ContactListFilter{Search: email}), contactsPath, func(ct Contact) bool {
		return sameKey(ct.Email, email)
	})
}

// FindAccountOwner returns the account owner of client clientID, or
// ErrNotFound when the client does not exist or nobody owns it.
func (c *Client) FindAccountOwner(ctx context.Context, clientID int64) (*Contact, error) {
	if _, err := c.GetClient(ctx, clientID); err != nil {
		return nil, err
	}
	owners := c.AllContacts(ctx, ContactListFilter{ClientID: clientID, AccountOwner: "yes"})
	return first(owners, contactsPath, func(ct Contact) bool {
		return ct.Client.ID == clientID && ct.AccountOwner == "yes"
	})
}

// FindPortalUserByUsername returns the portal user (any status) whose
// username is username (sameKey), or ErrNotFound.
func (c *Client) FindPortalUserByUsername(ctx context.Context, username string) (*PortalUser, error) {
	users := c.AllPortalUsers(ctx, PortalUserListFilter{Status: "all", Search: username})
	return first(users, portalUsersPath, func(u PortalUser) bool {
		return sameKey(u.Username, username)
	})
}

// FindPortalUserByLogin returns the portal user (any status) whose username
// is login or, when none has it, the first whose email is login (sameKey
// both), or ErrNotFound. The API's search covers both fields, so one walk
// of the list answers either.
func (c *Client) FindPortalUserByLogin(ctx context.Context, login string) (*PortalUser, error) {
	var byEmail *PortalUser
	for u, err := range c.AllPortalUsers(ctx, PortalUserListFilter{Status: "all", Search: login}) {
		if err != nil {
			return nil, err
		}
		if sameKey(u.Username, login) {
			return &u, nil
		}
		if byEmail == nil && sameKey(u.Email, login) {
			byEmail = &u
		}
	}
	if byEmail != nil {
		return byEmail, nil
	}
	return nil, notFound(portalUsersPath)
}

// FindPortalUserByContact returns the portal user (any status) of a
// contact, or ErrNotFound.
func (c *Client) FindPortalUserByContact(ctx context.Context, contactID int64) (*PortalUser, error) {
	users := c.AllPortalUsers(ctx, PortalUserListFilter{Status: "all", ContactID: contactID})
	return first(users, portalUsersPath, func(u PortalUser) bool {
		return u.ContactID == contactID
	})
}
