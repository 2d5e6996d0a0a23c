// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// portalUserUpdate carries one Update of a portal user through its steps.
// After each failure the state is what the server holds at that point, so
// a failed step is planned again next time and nothing is recorded as done
// that was not.
type portalUserUpdate struct {
	act         portalUserActions
	now         func() time.Time
	plan, prior portalUserResourceModel
	// current is what the server holds, as far as this apply knows.
	current   portalUserResourceModel
	what      string
	contactID int64
	resp      *resource.UpdateResponse
}

func newPortalUserUpdate(c *client.Client, now func() time.Time, id int64, plan, prior portalUserResourceModel, resp *resource.UpdateResponse) *portalUserUpdate {
	current := prior
	current.DeletionPolicy, current.SendInvite = plan.DeletionPolicy, plan.SendInvite
	return &portalUserUpdate{
		act: portalUserActions{client: c, id: id}, now: now,
		plan: plan, prior: prior, current: current,
		what: fmt.Sprintf("portal user %d", id), contactID: prior.ContactID.ValueInt64(),
		resp: resp,
	}
}

// record takes the outcome of one action: the user the server showed, if
// any, becomes the current state, and an error is reported and ends the
// update with that state saved.
func (u *portalUserUpdate) record(ctx context.Context, summary string, user *client.PortalUser, err error) bool {
	if user != nil {
		u.current = portalUserStateFrom(ctx, user, u.current, u.plan.Roles, u.now(), &u.resp.Diagnostics)
	}
	if err != nil {
		addPortalUserError(ctx, u.act.client, &u.resp.Diagnostics, summary, u.what, u.contactID, err)
		u.save(ctx)
		return false
	}
	return true
}

func (u *portalUserUpdate) save(ctx context.Context) {
	u.resp.Diagnostics.Append(setState(ctx, &u.resp.State, u.current)...)
}

// patch sends the attributes that changed: username, auth_method, roles.
func (u *portalUserUpdate) patch(ctx context.Context) bool {
	body, changed := patchFor(ctx, u.plan, u.prior, u.now, &u.resp.Diagnostics)
	if !changed {
		return true
	}
	user, err := u.act.patch(ctx, body)
	return u.record(ctx, "Error Updating Portal User", user, err)
}

// password sends password_wo, read from the configuration, when
// password_wo_version changed.
func (u *portalUserUpdate) password(ctx context.Context, config tfsdk.Config) bool {
	if versionChanged(u.prior.PasswordWOVersion, u.plan.PasswordWOVersion) {
		diags := &u.resp.Diagnostics
		var password types.String
		diags.Append(config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
		if password.IsNull() || password.IsUnknown() {
			diags.AddAttributeError(path.Root("password_wo"), "Missing Password",
				"Attribute password_wo_version changed but password_wo has no value, so no password was sent. Set password_wo and apply again.")
		}
		if diags.HasError() {
			u.save(ctx)
			return false
		}
		user, err := u.act.setPassword(ctx, password.ValueString(), u.current.PasswordUpdatedAt)
		if !u.record(ctx, "Error Setting Portal User Password", user, err) {
			return false
		}
	}
	// Either the password was sent, or the version changed to null and
	// there was nothing to send.
	u.current.PasswordWOVersion = u.plan.PasswordWOVersion
	return true
}

// status grants or revokes access when the server holds another status.
func (u *portalUserUpdate) status(ctx context.Context) bool {
	want := u.plan.Status.ValueString()
	if want == u.current.Status.ValueString() {
		return true
	}
	user, err := u.act.setStatus(ctx, want)
	return u.record(ctx, "Error Changing Portal User Status", user, err)
}

// invite sends the invitation again when invite_version changed.
func (u *portalUserUpdate) invite(ctx context.Context) bool {
	if !inviteVersionChanged(u.prior.InviteVersion, u.plan.InviteVersion) {
		return true
	}
	user, err := u.act.sendInvite(ctx, u.current.InvitationSentAt)
	return u.record(ctx, "Error Sending Portal User Invitation", user, err)
}

// finish records the settings that only Terraform knows and saves the state.
func (u *portalUserUpdate) finish(ctx context.Context) {
	u.current.InviteVersion = u.plan.InviteVersion
	u.current.Timeouts = u.plan.Timeouts
	keepPlannedComputed(&u.current, u.plan)
	u.save(ctx)
}

// patchFor builds the PATCH body for what changed between state and plan.
func patchFor(ctx context.Context, plan, prior portalUserResourceModel, now func() time.Time, diags *diag.Diagnostics) (client.PortalUserUpdateRequest, bool) {
	var patch client.PortalUserUpdateRequest
	changed := false
	if !plan.Username.IsUnknown() && !plan.Username.Equal(prior.Username) {
		patch.Username, changed = client.Set(plan.Username.ValueString()), true
	}
	if !plan.AuthMethod.Equal(prior.AuthMethod) {
		patch.AuthMethod, changed = client.Set(plan.AuthMethod.ValueString()), true
	}
	if !plan.Roles.Equal(prior.Roles) {
		roles, d := rolesOf(ctx, plan.Roles)
		diags.Append(d...)
		patch.Roles, changed = client.Set(roleGrants(roles, now())), true
	}
	return patch, changed
}

// keepPlannedComputed keeps the computed values that the plan predicted
// (those the update cannot alter, see ModifyPlan). The server may report
// others by now, changed outside this resource (the contact's email in the
// same apply, a login accepting an invitation); the next refresh records
// them, as it would have had the change come a moment later.
func keepPlannedComputed(current *portalUserResourceModel, plan portalUserResourceModel) {
	for _, f := range []struct{ state, planned *types.String }{
		{&current.Email, &plan.Email},
		{&current.Name, &plan.Name},
		{&current.InvitationStatus, &plan.InvitationStatus},
		{&current.InvitationSentAt, &plan.InvitationSentAt},
		{&current.PasswordUpdatedAt, &plan.PasswordUpdatedAt},
		{&current.LastLoginAt, &plan.LastLoginAt},
		{&current.Updated, &plan.Updated},
	} {
		if !f.planned.IsUnknown() {
			*f.state = *f.planned
		}
	}
	if !plan.ClientID.IsUnknown() {
		current.ClientID = plan.ClientID
	}
}
