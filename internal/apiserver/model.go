// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"encoding/json"
	"time"
)

// TimeLayout is the wire format of every timestamp: UTC with microseconds,
// the way Laravel serialises Carbon dates.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Timestamp is a time that marshals in TimeLayout.
type Timestamp struct{ time.Time }

// MarshalJSON renders the time in UTC using TimeLayout.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return json.Marshal(t.UTC().Format(TimeLayout))
}

// UnmarshalJSON accepts TimeLayout and any RFC 3339 time.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	t.Time = v.UTC()
	return nil
}

func stamp(t time.Time) Timestamp { return Timestamp{t.UTC()} }

func stampPtr(t *time.Time) *Timestamp {
	if t == nil {
		return nil
	}
	s := stamp(*t)
	return &s
}

// Dates is the "dates" member of every object.
type Dates struct {
	Created Timestamp `json:"created"`
	Updated Timestamp `json:"updated"`
}

// Client is a company that contacts belong to, as the API renders it.
type Client struct {
	ID          int64  `json:"id"`
	CompanyName string `json:"company_name"`
	Status      string `json:"status"`
	Dates       Dates  `json:"dates"`
}

// ClientRef is the short client object embedded in a contact.
type ClientRef struct {
	ID          int64  `json:"id"`
	CompanyName string `json:"company_name"`
}

// Role is a contact's user role; client contacts have {2, "Client"}.
type Role struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Social holds a contact's social handles; the API never sets them.
type Social struct {
	Facebook *string `json:"facebook"`
	Twitter  *string `json:"twitter"`
	Linkedin *string `json:"linkedin"`
	Github   *string `json:"github"`
	Dribbble *string `json:"dribbble"`
}

// Contact is a contact as the API renders it.
type Contact struct {
	ID           int64     `json:"id"`
	FirstName    string    `json:"first_name"`
	LastName     string    `json:"last_name"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Phone        *string   `json:"phone"`
	JobPosition  *string   `json:"job_position"`
	AccountOwner string    `json:"account_owner"`
	Status       string    `json:"status"`
	Client       ClientRef `json:"client"`
	Role         Role      `json:"role"`
	Social       Social    `json:"social"`
	PortalUserID *int64    `json:"portal_user_id"`
	Dates        Dates     `json:"dates"`
}

// Invitation is a portal user's invitation state.
type Invitation struct {
	Status string     `json:"status"`
	SentAt *Timestamp `json:"sent_at"`
}

// RoleGrant is one access role granted to a portal user.
type RoleGrant struct {
	Reference string     `json:"reference"`
	Expires   *Timestamp `json:"expires"`
}

// PortalUser is a contact's portal login as the API renders it.
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
	PasswordUpdatedAt *Timestamp  `json:"password_updated_at"`
	LastLoginAt       *Timestamp  `json:"last_login_at"`
	Dates             Dates       `json:"dates"`
}

// AccessRole is a portal access role from the server's fixtures.
type AccessRole struct {
	Reference   string `json:"reference"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Meta is the pagination member of list responses.
type Meta struct {
	CurrentPage int `json:"current_page"`
	PerPage     int `json:"per_page"`
	Total       int `json:"total"`
	LastPage    int `json:"last_page"`
}

// Email kinds in the outbox.
const (
	EmailWelcome    = "welcome"
	EmailInvitation = "invitation"
)

// OutboxEmail is a queued email. It never carries a password.
type OutboxEmail struct {
	Kind         string    `json:"kind"`
	To           string    `json:"to"`
	ContactID    int64     `json:"contact_id"`
	PortalUserID int64     `json:"portal_user_id,omitempty"`
	QueuedAt     time.Time `json:"queued_at"`
}
