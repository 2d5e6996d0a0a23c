// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// portalUserActions are the API's actions on one existing portal user. Each
// settles a failure that may hide an applied call (a lost answer) in its own
// way and returns either the user and no error, when the action took
// effect, or the error with the user as the server holds it (nil when even
// reading it back failed), so that the state never records an action the
// server did not take.
type portalUserActions struct {
	client *client.Client
	id     int64
}

// patch changes the attributes. After a lost answer the user is read back
// so that the state records what the server holds, but the patch still
// counts as failed: the next plan shows whatever differs.
func (a portalUserActions) patch(ctx context.Context, body client.PortalUserUpdateRequest) (*client.PortalUser, error) {
	user, err := a.client.UpdatePortalUser(ctx, a.id, body)
	return a.settle(ctx, user, err, func(*client.PortalUser) bool { return false })
}

// setPassword sends a password through the administrator reset. It took
// effect when the server's password time has moved from before.
func (a portalUserActions) setPassword(ctx context.Context, password string, before types.String) (*client.PortalUser, error) {
	user, err := a.client.SetPassword(ctx, a.id, password)
	return a.settle(ctx, user, err, func(u *client.PortalUser) bool {
		return u.PasswordUpdatedAt != nil && !types.StringPointerValue(u.PasswordUpdatedAt).Equal(before)
	})
}

// sendInvite sends the invitation. It took effect when the server's
// invitation time has moved from before.
func (a portalUserActions) sendInvite(ctx context.Context, before types.String) (*client.PortalUser, error) {
	user, err := a.client.SendInvite(ctx, a.id)
	return a.settle(ctx, user, err, func(u *client.PortalUser) bool {
		return u.Invitation.SentAt != nil && !types.StringPointerValue(u.Invitation.SentAt).Equal(before)
	})
}

// setStatus grants or revokes access. A 409 means the server already holds
// some other status than expected, and a lost answer may hide an action
// that was applied: in both cases a fresh read decides, and shows success
// when the server holds the wanted status.
func (a portalUserActions) setStatus(ctx context.Context, want string) (*client.PortalUser, error) {
	action := a.client.GrantAccess
	if want == client.StatusTerminated {
		action = a.client.RevokeAccess
	}
	user, err := action(ctx, a.id)
	if err == nil || !errors.Is(err, client.ErrConflict) && !mayHaveApplied(err) {
		return user, err
	}
	return a.confirm(ctx, err, func(u *client.PortalUser) bool { return u.Status == want })
}

// settle passes on the outcome of a call, except that a failure that may
// hide an applied call is confirmed by reading the user back.
func (a portalUserActions) settle(ctx context.Context, user *client.PortalUser, err error, applied func(*client.PortalUser) bool) (*client.PortalUser, error) {
	if err != nil && mayHaveApplied(err) {
		return a.confirm(ctx, err, applied)
	}
	return user, err
}

// confirm reads the user back after an action failed with err. When the
// server shows that the action took effect (applied), the action counts as
// done: it returns the user and no error. Otherwise it returns err, with
// the user as the server holds it when the read worked, so that the state
// records what the server holds and not what the action would have done.
// The read runs even when the operation's context has ended.
func (a portalUserActions) confirm(ctx context.Context, err error, applied func(*client.PortalUser) bool) (*client.PortalUser, error) {
	checkCtx, cancel := afterLoss(ctx)
	defer cancel()
	fresh, getErr := a.client.GetPortalUser(checkCtx, a.id)
	if getErr != nil {
		return nil, err
	}
	if applied(fresh) {
		tflog.Info(ctx, "portal user action confirmed by reading the user back", map[string]any{"id": a.id, "error": err.Error()})
		return fresh, nil
	}
	return fresh, err
}
