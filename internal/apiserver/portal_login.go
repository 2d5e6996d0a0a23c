// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"bytes"
	"crypto/rand"
	"net/http"
	"strings"
)

var errBadCredentials = fail(http.StatusUnauthorized, "These credentials do not match our records.")

// portalLogin is the portal's own login (api/README.md §6). It exists so tests
// can prove that a password set through the API works and that revoking
// access locks the user out. The token it returns is not accepted anywhere
// else: this server implements no portal beyond the login.
func (s *Server) portalLogin(c *call) reply {
	v := newValidator(c.in)
	username, _ := v.str("username", true, 0)
	password := v.checkString("password", c.in["password"], true, 0, 0)
	if !v.valid() {
		return v.reply()
	}

	s.mu.Lock()
	var id int64
	var hash []byte
	var terminated bool
	for _, p := range s.st.PortalUsers {
		if strings.EqualFold(p.Username, username) && p.AuthMethod == authLocal {
			id, hash, terminated = p.ID, p.PasswordHash, p.Status == statusTerminated
			break
		}
	}
	s.mu.Unlock()

	// bcrypt runs outside the lock; unknown users cost the same time.
	if !s.checkPassword(hash, password) {
		return errBadCredentials
	}
	if terminated {
		return fail(http.StatusForbidden, "Portal access has been revoked.")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.PortalUsers[id]
	// The user may have changed while the password was being checked.
	if p == nil || !bytes.Equal(p.PasswordHash, hash) || p.AuthMethod != authLocal {
		return errBadCredentials
	}
	if p.Status == statusTerminated {
		return fail(http.StatusForbidden, "Portal access has been revoked.")
	}
	p.LastLoginAt = &c.now
	if p.InvitationStatus == invitePending {
		p.InvitationStatus = inviteAccepted
	}
	return ok(http.StatusOK, map[string]string{"token": rand.Text()}, "Logged in successfully.")
}
