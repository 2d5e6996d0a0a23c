// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"iter"
	"net/url"
)

// contactsPath is the contacts' collection.
const contactsPath = "/api/contacts"

// Contact is a person who belongs to a client account.
type Contact struct {
	ID           int64              `json:"id"`
	FirstName    string             `json:"first_name"`
	LastName     string             `json:"last_name"`
	Name         string             `json:"name"`
	Email        string             `json:"email"`
	Phone        *string            `json:"phone"`
	JobPosition  *string            `json:"job_position"`
	AccountOwner string             `json:"account_owner"`
	Status       string             `json:"status"`
	Client       ContactClient      `json:"client"`
	Role         ContactRole        `json:"role"`
	Social       map[string]*string `json:"social"`
	PortalUserID *int64             `json:"portal_user_id"`
	Dates        Dates              `json:"dates"`
}

// ContactClient is the client a contact belongs to, as embedded in a contact.
type ContactClient struct {
	ID          int64  `json:"id"`
	CompanyName string `json:"company_name"`
}

// ContactRole is a contact's user role, e.g. {2, "Client"}.
type ContactRole struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ContactCreateRequest is the body of POST /api/contacts.
type ContactCreateRequest struct {
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Email     string  `json:"email"`
	ClientID  int64   `json:"clientid"`
	Phone     *string `json:"phone,omitempty"`
	Position  *string `json:"position,omitempty"`
	// SendEmail queues the welcome email when true.
	SendEmail bool `json:"-"`
}

// MarshalJSON sends send_email as the API's yes/no.
func (r ContactCreateRequest) MarshalJSON() ([]byte, error) {
	type plain ContactCreateRequest
	sendEmail := "no"
	if r.SendEmail {
		sendEmail = "yes"
	}
	return marshalWith(plain(r), "send_email", sendEmail)
}

// ContactUpdateRequest is the body of PATCH /api/contacts/{id}. Names and
// email are required by the API; Phone and Position are kept when absent
// and cleared when null.
type ContactUpdateRequest struct {
	FirstName string        `json:"first_name"`
	LastName  string        `json:"last_name"`
	Email     string        `json:"email"`
	Phone     Field[string] `json:"phone,omitzero"`
	Position  Field[string] `json:"position,omitzero"`
}

// ContactListFilter narrows GET /api/contacts.
type ContactListFilter struct {
	Status   string
	ClientID int64
	// AccountOwner is yes or no.
	AccountOwner string
	// Search matches first/last name, email and phone.
	Search string
	// Sort is first_name, last_name, email, created or updated; Order asc or desc.
	Sort  string
	Order string
}

func (f ContactListFilter) values() url.Values {
	q := url.Values{}
	setIf(q, "status", f.Status)
	setIDIf(q, "client_id", f.ClientID)
	setIf(q, "account_owner", f.AccountOwner)
	setIf(q, "search", f.Search)
	setIf(q, "sort", f.Sort)
	setIf(q, "order", f.Order)
	return q
}

// AllContacts iterates over every matching contact on every page.
func (c *Client) AllContacts(ctx context.Context, f ContactListFilter) iter.Seq2[Contact, error] {
	return listAll[Contact](ctx, c, contactsPath, f.values())
}

// ListContacts returns every matching contact on every page.
func (c *Client) ListContacts(ctx context.Context, f ContactListFilter) ([]Contact, error) {
	return collect(c.AllContacts(ctx, f))
}

// ListContactsPage returns one page of contacts.
func (c *Client) ListContactsPage(ctx context.Context, f ContactListFilter, p Page) ([]Contact, Meta, error) {
	return listPage[Contact](ctx, c, contactsPath, f.values(), p)
}

// GetContact returns one contact; ErrNotFound once it is deleted.
func (c *Client) GetContact(ctx context.Context, id int64) (*Contact, error) {
	var out Contact
	_, err := c.do(ctx, request{method: "GET", path: idPath("/api/contacts/%d", id)}, &out)
	return ptrOrNil(&out, err)
}

// CreateContact creates a contact.
func (c *Client) CreateContact(ctx context.Context, r ContactCreateRequest) (*Contact, error) {
	var out Contact
	_, err := c.do(ctx, request{method: "POST", path: contactsPath, body: r}, &out)
	return ptrOrNil(&out, err)
}

// UpdateContact changes a contact.
func (c *Client) UpdateContact(ctx context.Context, id int64, r ContactUpdateRequest) (*Contact, error) {
	var out Contact
	_, err := c.do(ctx, request{method: "PATCH", path: idPath("/api/contacts/%d", id), body: r}, &out)
	return ptrOrNil(&out, err)
}

// DeleteContact soft-deletes a contact and its portal user.
func (c *Client) DeleteContact(ctx context.Context, id int64) error {
	_, err := c.do(ctx, request{method: "DELETE", path: idPath("/api/contacts/%d", id)}, nil)
	return err
}

// SetAccountOwner makes the contact its client's account owner, demoting the previous one.
func (c *Client) SetAccountOwner(ctx context.Context, id int64) (*Contact, error) {
	var out Contact
	_, err := c.do(ctx, request{method: "PUT", path: idPath("/api/contacts/%d/account-owner", id)}, &out)
	return ptrOrNil(&out, err)
}
