// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"slices"
	"strings"
	"time"
)

// Record statuses and auth methods.
const (
	statusActive     = "active"
	statusDeleted    = "deleted"
	statusTerminated = "terminated"
	authLocal        = "local"
	authAzure        = "azure"
	inviteNone       = "none"
	invitePending    = "pending"
	inviteAccepted   = "accepted"
)

var (
	roleClient = Role{ID: 2, Name: "Client"}
	roleStaff  = Role{ID: 1, Name: "Staff"}
)

// The record types are the stored form (also the persisted form) of each
// entity; they hold what the API must never return, such as password hashes.

type clientRecord struct {
	ID          int64     `json:"id"`
	CompanyName string    `json:"company_name"`
	Deleted     bool      `json:"deleted,omitempty"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}

type contactRecord struct {
	ID           int64     `json:"id"`
	ClientID     int64     `json:"client_id"`
	FirstName    string    `json:"first_name"`
	LastName     string    `json:"last_name"`
	Email        string    `json:"email"`
	Phone        *string   `json:"phone"`
	JobPosition  *string   `json:"job_position"`
	AccountOwner bool      `json:"account_owner"`
	Status       string    `json:"status"`
	Role         Role      `json:"role"`
	PortalUserID int64     `json:"portal_user_id,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

type roleRecord struct {
	Reference string     `json:"reference"`
	Expires   *time.Time `json:"expires"`
}

type portalUserRecord struct {
	ID                int64        `json:"id"`
	ContactID         int64        `json:"contact_id"`
	Username          string       `json:"username"`
	AuthMethod        string       `json:"auth_method"`
	Status            string       `json:"status"`
	PasswordHash      []byte       `json:"password_hash,omitempty"`
	InvitationStatus  string       `json:"invitation_status"`
	InvitationSentAt  *time.Time   `json:"invitation_sent_at"`
	Roles             []roleRecord `json:"roles"`
	PasswordUpdatedAt *time.Time   `json:"password_updated_at"`
	LastLoginAt       *time.Time   `json:"last_login_at"`
	Created           time.Time    `json:"created"`
	Updated           time.Time    `json:"updated"`
}

// sequences hands out ids per entity; ids are never reused because the
// counters only grow and are persisted with the data.
type sequences struct {
	Client     int64 `json:"client"`
	Contact    int64 `json:"contact"`
	PortalUser int64 `json:"portal_user"`
}

// store is the whole data set. It has no lock of its own: Server.mu guards it.
type store struct {
	Seq         sequences                   `json:"seq"`
	Clients     map[int64]*clientRecord     `json:"clients"`
	Contacts    map[int64]*contactRecord    `json:"contacts"`
	PortalUsers map[int64]*portalUserRecord `json:"portal_users"`
	Outbox      []OutboxEmail               `json:"outbox"`
	StaffID     int64                       `json:"staff_contact_id"`
	// names indexes emails and usernames (names.go); not persisted.
	names names
}

func newStore() *store {
	return &store{
		Clients:     map[int64]*clientRecord{},
		Contacts:    map[int64]*contactRecord{},
		PortalUsers: map[int64]*portalUserRecord{},
	}
}

// seedFixtures creates the staff fixture: a client account holding one user
// whose role is not Client, so the account-owner conflict can be exercised.
func (st *store) seedFixtures(now time.Time, demo bool) {
	c := st.addClient("Internal Staff", now)
	st.Seq.Contact++
	staff := &contactRecord{
		ID: st.Seq.Contact, ClientID: c.ID, FirstName: "Sam", LastName: "Staff",
		Email: "staff@internal.example", Status: statusActive, Role: roleStaff,
		Created: now, Updated: now,
	}
	st.Contacts[staff.ID] = staff
	st.noteContact(staff)
	st.StaffID = staff.ID
	if demo {
		st.addClient("Acme Inc", now)
	}
}

func (st *store) addClient(name string, now time.Time) *clientRecord {
	st.Seq.Client++
	c := &clientRecord{ID: st.Seq.Client, CompanyName: name, Created: now, Updated: now}
	st.Clients[c.ID] = c
	return c
}

func (st *store) client(id int64) *clientRecord {
	if c := st.Clients[id]; c != nil && !c.Deleted {
		return c
	}
	return nil
}

func (st *store) contact(id int64) *contactRecord {
	if c := st.Contacts[id]; c != nil && c.Status != statusDeleted {
		return c
	}
	return nil
}

// companyTaken reports whether another live client has the name.
func (st *store) companyTaken(name string, except int64) bool {
	for _, c := range st.Clients {
		if !c.Deleted && c.ID != except && strings.EqualFold(c.CompanyName, name) {
			return true
		}
	}
	return false
}

// emailTaken reports whether an address is used by another live contact or
// as the username of a portal user other than that contact's own.
func (st *store) emailTaken(email string, exceptContact int64) bool {
	return st.nameTaken(email,
		func(c *contactRecord) bool { return c.ID != exceptContact },
		func(p *portalUserRecord) bool { return p.ContactID != exceptContact })
}

// usernameTaken reports whether a username is used by another portal user or
// is the email of a contact other than the user's own.
func (st *store) usernameTaken(username string, exceptUser, ownContact int64) bool {
	return st.nameTaken(username,
		func(c *contactRecord) bool { return c.ID != ownContact },
		func(p *portalUserRecord) bool { return p.ID != exceptUser })
}

// nameTaken reports whether a live contact's email or a portal user's
// username is name, ignoring case, on a record that other* says is not the
// one asking.
func (st *store) nameTaken(name string, otherContact func(*contactRecord) bool, otherUser func(*portalUserRecord) bool) bool {
	return slices.ContainsFunc(st.contactsNamed(name), otherContact) ||
		slices.ContainsFunc(st.portalUsersNamed(name), otherUser)
}

func (st *store) queue(kind string, c *contactRecord, portalUserID int64, now time.Time) {
	st.Outbox = append(st.Outbox, OutboxEmail{
		Kind: kind, To: c.Email, ContactID: c.ID, PortalUserID: portalUserID, QueuedAt: now,
	})
}

func (st *store) renderClient(c *clientRecord) Client {
	return Client{
		ID: c.ID, CompanyName: c.CompanyName, Status: statusActive,
		Dates: Dates{Created: stamp(c.Created), Updated: stamp(c.Updated)},
	}
}

func (st *store) renderContact(c *contactRecord) Contact {
	out := Contact{
		ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, Name: fullName(c),
		Email: c.Email, Phone: cloneString(c.Phone), JobPosition: cloneString(c.JobPosition),
		AccountOwner: yesNo(c.AccountOwner), Status: c.Status,
		Client: ClientRef{ID: c.ClientID}, Role: c.Role,
		Dates: Dates{Created: stamp(c.Created), Updated: stamp(c.Updated)},
	}
	// Clients are only ever soft-deleted, so a deleted contact can still
	// name the company it belonged to.
	if cl := st.Clients[c.ClientID]; cl != nil {
		out.Client.CompanyName = cl.CompanyName
	}
	if c.PortalUserID != 0 {
		id := c.PortalUserID
		out.PortalUserID = &id
	}
	return out
}

// renderPortalUser drops roles whose expiry has passed at now.
func (st *store) renderPortalUser(p *portalUserRecord, now time.Time) PortalUser {
	out := PortalUser{
		ID: p.ID, ContactID: p.ContactID, Username: p.Username,
		AuthMethod: p.AuthMethod, Status: p.Status,
		Invitation:        Invitation{Status: p.InvitationStatus, SentAt: stampPtr(p.InvitationSentAt)},
		Roles:             []RoleGrant{},
		PasswordUpdatedAt: stampPtr(p.PasswordUpdatedAt),
		LastLoginAt:       stampPtr(p.LastLoginAt),
		Dates:             Dates{Created: stamp(p.Created), Updated: stamp(p.Updated)},
	}
	if c := st.Contacts[p.ContactID]; c != nil {
		out.ClientID, out.Email, out.Name = c.ClientID, c.Email, fullName(c)
	}
	for _, r := range liveRoles(p.Roles, now) {
		out.Roles = append(out.Roles, RoleGrant{Reference: r.Reference, Expires: stampPtr(r.Expires)})
	}
	return out
}

func liveRoles(roles []roleRecord, now time.Time) []roleRecord {
	var out []roleRecord
	for _, r := range roles {
		if r.Expires == nil || r.Expires.After(now) {
			out = append(out, r)
		}
	}
	return out
}

func fullName(c *contactRecord) string {
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func cloneString(s *string) *string {
	if s == nil {
		return nil
	}
	v := *s
	return &v
}
