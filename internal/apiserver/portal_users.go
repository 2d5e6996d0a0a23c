// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"net/http"
	"regexp"
	"slices"
	"time"
)

var (
	errPortalUserNotFound = fail(http.StatusNotFound, "Portal user not found.")
	usernamePattern       = regexp.MustCompile(`^[A-Za-z0-9.@+_-]+$`)
)

func (s *Server) listPortalUsers(c *call) reply {
	v := newValidator(c.query)
	q := parseListQuery(v, nil)
	status := v.oneOf("status", statusActive, statusActive, statusTerminated, "all")
	clientID, byClient := v.integer("client_id", false)
	contactID, byContact := v.integer("contact_id", false)
	search, _ := v.str("search", false, 0)
	if !v.valid() {
		return v.reply()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []PortalUser
	for _, p := range s.st.PortalUsers {
		u := s.st.renderPortalUser(p, c.now)
		switch {
		case status != "all" && u.Status != status,
			byClient && u.ClientID != clientID,
			byContact && u.ContactID != contactID,
			search != "" && !containsFold(search, u.Username, u.Email, u.Name):
			continue
		}
		out = append(out, u)
	}
	sortBy(out, func(u PortalUser) int64 { return u.ID }, nil, false)
	page, meta := paginate(out, q)
	return listed(page, meta, "Portal users retrieved successfully.")
}

func (s *Server) portalUserFromPath(c *call) *portalUserRecord {
	id, valid := c.pathID()
	if !valid {
		return nil
	}
	return s.st.PortalUsers[id]
}

func (s *Server) getPortalUser(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.portalUserFromPath(c)
	if p == nil {
		return errPortalUserNotFound
	}
	return ok(http.StatusOK, s.st.renderPortalUser(p, c.now), "Portal user retrieved successfully.")
}

// checkUsername applies the username rules; self is the portal user being
// updated (0 on create) and contactID the contact it belongs to.
func (s *Server) checkUsername(v *validator, raw any, self, contactID int64) string {
	u := v.checkString("username", raw, true, 3, maxString)
	if v.has("username") {
		return u
	}
	if !usernamePattern.MatchString(u) {
		v.add("username", "The username field format is invalid.")
	} else if s.st.usernameTaken(u, self, contactID) {
		v.taken("username")
	}
	return u
}

func (s *Server) createPortalUser(c *call) (rep reply) {
	v := newValidator(c.in)
	auth := v.oneOf("auth_method", authLocal, authLocal, authAzure)
	sendInvite := v.boolean("send_invite")
	roles := validateRoles(v, c.in["roles"], c.now)
	rawPassword := c.in["password"]
	var password string
	switch {
	case rawPassword != nil && auth == authAzure:
		v.add("password", "The password field is prohibited when auth method is azure.")
	case rawPassword != nil:
		password = v.password("password", rawPassword)
	}
	// Hash before taking the store lock: bcrypt is slow by design.
	var hash []byte
	if v.valid() && auth == authLocal {
		var err error
		switch {
		case rawPassword != nil:
			hash, err = s.hashPassword(password)
		case !sendInvite:
			hash, err = s.randomPasswordHash()
		}
		if err != nil {
			return errServer
		}
	}

	defer s.lockWrite(c, &rep)()
	var ct *contactRecord
	if id, valid := v.integer("contact_id", true); valid {
		ct = s.st.contact(id)
		switch {
		case ct == nil || ct.Role != roleClient:
			v.invalidSelection("contact_id")
			ct = nil
		case ct.PortalUserID != 0:
			v.add("contact_id", "The contact already has a portal user.")
			ct = nil
		}
	}
	var username string
	if ct != nil {
		raw := c.in["username"]
		if raw == nil {
			raw = ct.Email
		}
		username = s.checkUsername(v, raw, 0, ct.ID)
	} else if raw := c.in["username"]; raw != nil {
		// Without a contact only the username's own form can be checked.
		u := v.checkString("username", raw, true, 3, maxString)
		if !v.has("username") && !usernamePattern.MatchString(u) {
			v.add("username", "The username field format is invalid.")
		}
	}
	if !v.valid() {
		return v.reply()
	}

	s.st.Seq.PortalUser++
	p := &portalUserRecord{
		ID: s.st.Seq.PortalUser, ContactID: ct.ID, Username: username,
		AuthMethod: auth, Status: statusActive, PasswordHash: hash,
		InvitationStatus: inviteNone, Roles: roles, Created: c.now, Updated: c.now,
	}
	if rawPassword != nil {
		p.PasswordUpdatedAt = &c.now
	}
	if sendInvite {
		s.invite(p, ct, c.now)
	}
	s.st.PortalUsers[p.ID] = p
	s.st.notePortalUser(p)
	ct.PortalUserID = p.ID
	return ok(http.StatusCreated, s.st.renderPortalUser(p, c.now), "Portal user created successfully.")
}

func (s *Server) invite(p *portalUserRecord, ct *contactRecord, now time.Time) {
	p.InvitationStatus = invitePending
	p.InvitationSentAt = &now
	s.st.queue(EmailInvitation, ct, p.ID, now)
}

func (s *Server) updatePortalUser(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.portalUserFromPath(c)
	if p == nil {
		return errPortalUserNotFound
	}
	v := newValidator(c.in)
	username, auth, roles := p.Username, p.AuthMethod, p.Roles
	if raw, sent := c.in["username"]; sent {
		username = s.checkUsername(v, raw, p.ID, p.ContactID)
	}
	if raw, sent := c.in["auth_method"]; sent {
		if raw == nil {
			v.required("auth_method")
		} else {
			auth = v.oneOf("auth_method", p.AuthMethod, authLocal, authAzure)
		}
	}
	if raw, sent := c.in["roles"]; sent {
		roles = validateRoles(v, raw, c.now)
	}
	if !v.valid() {
		return v.reply()
	}
	changed := username != p.Username || auth != p.AuthMethod || !slices.EqualFunc(roles, p.Roles, sameRole)
	if auth != p.AuthMethod {
		// Neither switch keeps a usable password: azure users have none, and
		// a user switched to local must get one from set-password or an
		// invitation.
		p.PasswordHash, p.PasswordUpdatedAt = nil, nil
	}
	p.Username, p.AuthMethod, p.Roles = username, auth, roles
	s.st.notePortalUser(p)
	if changed {
		p.Updated = c.now
	}
	return ok(http.StatusOK, s.st.renderPortalUser(p, c.now), "Portal user updated successfully.")
}

func sameRole(a, b roleRecord) bool {
	if a.Reference != b.Reference || (a.Expires == nil) != (b.Expires == nil) {
		return false
	}
	return a.Expires == nil || a.Expires.Equal(*b.Expires)
}

func (s *Server) deletePortalUser(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.portalUserFromPath(c)
	if p == nil {
		return errPortalUserNotFound
	}
	delete(s.st.PortalUsers, p.ID)
	if ct := s.st.Contacts[p.ContactID]; ct != nil {
		ct.PortalUserID = 0
	}
	return ok(http.StatusOK, map[string]int64{"id": p.ID}, "Portal user deleted successfully.")
}

func (s *Server) grantAccess(c *call) reply {
	return s.setStatus(c, statusActive, "Access granted successfully.",
		"Unable to grant access to a portal user, please make sure the portal user is inactive.")
}

func (s *Server) revokeAccess(c *call) reply {
	return s.setStatus(c, statusTerminated, "Access revoked successfully.",
		"Unable to revoke access from a portal user, please make sure the portal user is active.")
}

func (s *Server) setStatus(c *call, status, done, conflict string) (rep reply) {
	defer s.lockWrite(c, &rep)()
	p := s.portalUserFromPath(c)
	if p == nil {
		return errPortalUserNotFound
	}
	if p.Status == status {
		return fail(http.StatusConflict, conflict)
	}
	p.Status = status
	p.Updated = c.now
	return ok(http.StatusOK, s.st.renderPortalUser(p, c.now), done)
}

// setPassword is an administrator's reset: no old password.
// The password is checked and hashed before the lock, but its 422 is only
// reported after the 404 and the azure 409 (api/README.md §7).
func (s *Server) setPassword(c *call) (rep reply) {
	v := newValidator(c.in)
	password := v.password("password", c.in["password"])
	var hash []byte
	if v.valid() {
		var err error
		if hash, err = s.hashPassword(password); err != nil {
			return errServer
		}
	}
	defer s.lockWrite(c, &rep)()
	p := s.portalUserFromPath(c)
	if p == nil {
		return errPortalUserNotFound
	}
	if p.AuthMethod == authAzure {
		return fail(http.StatusConflict,
			"Unable to set a password for a portal user, please make sure the portal user signs in with a local password.")
	}
	if !v.valid() {
		return v.reply()
	}
	p.PasswordHash = hash
	p.PasswordUpdatedAt = &c.now
	p.Updated = c.now
	return ok(http.StatusOK, s.st.renderPortalUser(p, c.now), "Password set successfully.")
}

func (s *Server) sendInvite(c *call) (rep reply) {
	defer s.lockWrite(c, &rep)()
	p := s.portalUserFromPath(c)
	if p == nil {
		return errPortalUserNotFound
	}
	if p.Status != statusActive {
		return fail(http.StatusConflict,
			"Unable to send an invitation to a portal user, please make sure the portal user is active.")
	}
	ct := s.st.Contacts[p.ContactID]
	s.invite(p, ct, c.now)
	p.Updated = c.now
	return ok(http.StatusAccepted, s.st.renderPortalUser(p, c.now), "Invitation sent successfully.")
}
