// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// The plan-time checks of contacts_portal_user: those of the configuration
// alone (ValidateConfig) and those that need the prior state or the server
// (ModifyPlan).

// privateKeyPlannedUser names the private-state entry that an update plan
// leaves for a replacement's create plan (Terraform passes the first plan's
// private data to the second): it tells the create plan which existing
// portal user is about to be deleted, so the one-user-per-contact check does
// not refuse the replacement of that very user.
const privateKeyPlannedUser = "planned_user"

// plannedUser is the private-state record of privateKeyPlannedUser.
type plannedUser struct {
	ID        string `json:"id"`
	ContactID int64  `json:"contact_id"`
}

// ValidateConfig holds the rules that involve more than one attribute; they
// apply whenever the values are known, so a plan fails before any API call.
func (r *portalUserResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// Only the attributes the rules read: decoding the whole configuration
	// into the model would cost more than the checks.
	var cfg struct {
		PasswordWO, AuthMethod types.String
		PasswordWOVersion      types.Int64
		Roles                  types.Set
	}
	resp.Diagnostics.Append(getAttributes(ctx, req.Config.GetAttribute, map[string]any{
		"password_wo": &cfg.PasswordWO, "password_wo_version": &cfg.PasswordWOVersion,
		"auth_method": &cfg.AuthMethod, "roles": &cfg.Roles,
	})...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !cfg.PasswordWOVersion.IsNull() && cfg.PasswordWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("password_wo_version"), "Password Version Without Password",
			"Attribute password_wo_version is set but password_wo is not, so there is no password to send. Set password_wo (for example from an ephemeral variable) or remove password_wo_version.")
	}
	if !cfg.PasswordWO.IsNull() && cfg.AuthMethod.ValueString() == client.AuthAzure {
		resp.Diagnostics.AddAttributeError(path.Root("password_wo"), "Password Not Allowed With Azure Sign-In",
			`A portal user with auth_method = "azure" signs in through single sign-on and has no password. Remove password_wo (and password_wo_version), or use auth_method = "local".`)
	}
	roles, diags := rolesOf(ctx, cfg.Roles)
	resp.Diagnostics.Append(diags...)
	seen := map[string]bool{}
	for _, role := range roles {
		if role.Reference.IsUnknown() {
			continue
		}
		ref := role.Reference.ValueString()
		if seen[ref] {
			resp.Diagnostics.AddAttributeError(path.Root("roles"), "Duplicate Access Role",
				fmt.Sprintf("The access role %q is listed more than once. A user holds a role once; keep a single entry with the expiry you want.", ref))
		}
		seen[ref] = true
	}
}

// ModifyPlan runs the checks that need the server or the prior state, and
// keeps known every computed value that the planned change cannot alter.
func (r *portalUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.data.warnReadOnlyKey(ctx, req, &resp.Diagnostics)
	if req.State.Raw.IsNull() {
		if !req.Plan.Raw.IsNull() {
			r.modifyCreatePlan(ctx, req, resp)
		}
		return
	}
	r.markKept(ctx, req, resp)
	// Nothing more to check on a destroy, nor on a plan that changes
	// nothing: the framework leaves the prior state as the plan then (the
	// common case of every refresh, where decoding both would cost more
	// than the rest of the plan).
	if req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var plan portalUserResourceModel
	resp.Diagnostics.Append(getPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state portalUserResourceModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ch := plannedChanges(plan, state)
	checkUpdatePlan(plan, state, ch, &resp.Diagnostics)
	r.checkNewRoles(ctx, plan.Roles, state.Roles, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	keepUnalterable(ctx, plan, state, ch, resp)
}

// checkUpdatePlan refuses an invitation that the API would refuse, and warns
// of what an update plan does not do: send an adopted invite_version, or
// leave a user switched to local sign-in with a password.
func checkUpdatePlan(plan, state portalUserResourceModel, ch portalUserChanges, diags *diag.Diagnostics) {
	if ch.invite && plan.Status.ValueString() == client.StatusTerminated {
		diags.AddAttributeError(path.Root("invite_version"), "Cannot Invite a Terminated Portal User",
			fmt.Sprintf("Attribute invite_version changed, which sends an invitation, but portal user %s is declared terminated and the API invites only active users. "+
				"Set status = \"active\" in the same change, or leave invite_version as it was.", state.ID.ValueString()))
	}
	if inviteVersionAdopted(state.InviteVersion, plan.InviteVersion) {
		diags.AddAttributeWarning(path.Root("invite_version"), "Invitation Version Recorded, Not Sent",
			fmt.Sprintf("Portal user %s has no invite_version in the state yet (it was imported, or the attribute is new), so this apply records invite_version = %d and no invitation is sent. "+
				"Change invite_version again to send an invitation.", state.ID.ValueString(), plan.InviteVersion.ValueInt64()))
	}
	if ch.auth && plan.AuthMethod.ValueString() == client.AuthLocal && !ch.password && !ch.invite {
		diags.AddAttributeWarning(path.Root("auth_method"), "Portal User Will Have No Password",
			fmt.Sprintf("Switching portal user %s to local sign-in leaves it without a usable password. Change password_wo_version (with password_wo) or invite_version in the same apply, or nobody can log in.", state.ID.ValueString()))
	}
}

// keepUnalterable sets in the plan the computed values that the planned
// change cannot alter, from the state.
func keepUnalterable(ctx context.Context, plan, state portalUserResourceModel, ch portalUserChanges, resp *resource.ModifyPlanResponse) {
	// The API changes each of these only through the actions named; the
	// contact's email and name, the last login and an accepted invitation
	// change outside this resource, and the next refresh records them.
	plan.ClientID, plan.Email, plan.Name, plan.LastLoginAt = state.ClientID, state.Email, state.Name, state.LastLoginAt
	if !ch.invite {
		plan.InvitationStatus, plan.InvitationSentAt = state.InvitationStatus, state.InvitationSentAt
	}
	if !ch.password && !ch.auth {
		plan.PasswordUpdatedAt = state.PasswordUpdatedAt
	}
	if !ch.server() {
		plan.Updated = state.Updated
	}
	for name, v := range map[string]attr.Value{
		"client_id": plan.ClientID, "email": plan.Email, "name": plan.Name, "last_login_at": plan.LastLoginAt,
		"invitation_status": plan.InvitationStatus, "invitation_sent_at": plan.InvitationSentAt,
		"password_updated_at": plan.PasswordUpdatedAt, "updated": plan.Updated,
	} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
	}
}

// markKept records, for a plan with a prior state, the portal user that
// this instance updates, keeps or destroys, and the username and contact it
// claims unless it is destroyed, and leaves the replacement marker for a
// create plan that may follow (-replace).
func (r *portalUserResource) markKept(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var id types.String
	var contactID types.Int64
	resp.Diagnostics.Append(getAttributes(ctx, req.State.GetAttribute, map[string]any{"id": &id, "contact_id": &contactID})...)
	if resp.Diagnostics.HasError() {
		return
	}
	n, ok := parseID(id.ValueString())
	if ok && r.client != nil && !req.Plan.Raw.IsNull() {
		// Before markKept: a create plan that sees this user kept then
		// also sees its claims.
		r.claim(ctx, req.Plan, n, &resp.Diagnostics)
	}
	if ok && r.client != nil {
		r.data.walk.markKept(n)
	}
	if req.Plan.Raw.IsNull() {
		return
	}
	marker, _ := json.Marshal(plannedUser{ID: id.ValueString(), ContactID: contactID.ValueInt64()})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyPlannedUser, marker)...)
}

// claim records the planned portal user's claims on its contact's one login
// and on its username (plannedClaims), and fails the plan when another
// instance of this configuration claimed either first. id is the user's,
// or the replaced user's, or 0 for a plain create. It reports whether both
// claims held.
func (r *portalUserResource) claim(ctx context.Context, plan tfsdk.Plan, id int64, diags *diag.Diagnostics) bool {
	var username types.String
	var contactID types.Int64
	diags.Append(getAttributes(ctx, plan.GetAttribute, map[string]any{"username": &username, "contact_id": &contactID})...)
	if diags.HasError() {
		return false
	}
	self := claimant{id: id, what: portalUserWhat(id, username, contactID)}
	claims := r.data.plans()
	held := true
	if !contactID.IsUnknown() && !contactID.IsNull() {
		if first, twice := claims.claim(loginKey(contactID.ValueInt64()), self); twice {
			diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User",
				fmt.Sprintf("Another contacts_portal_user in this configuration also declares the portal user of contact %d: %s, and a contact can have only one. "+
					"Both resources would be the same login: the configuration declares it twice. Remove one of the two resources, or give this one the id of another contact.",
					contactID.ValueInt64(), first.what))
			held = false
		}
	}
	if !username.IsUnknown() && !username.IsNull() && username.ValueString() != "" {
		if first, twice := claims.claim(usernameKey(username.ValueString()), self); twice {
			diags.AddAttributeError(path.Root("username"), "Portal Username Declared Twice",
				fmt.Sprintf("Another contacts_portal_user in this configuration also has the username %q: %s. "+
					"The API keeps usernames unique, ignoring case, so both resources would be the same login: the configuration declares it twice. "+
					"Remove one of the two resources, or give this one another username.", username.ValueString(), first.what))
			held = false
		}
	}
	return held
}

// portalUserWhat names a planned portal user by what the provider knows of it.
func portalUserWhat(id int64, username types.String, contactID types.Int64) string {
	what := "a new portal user"
	if id != 0 {
		what = "portal user " + formatID(id)
	}
	if !username.IsUnknown() && !username.IsNull() && username.ValueString() != "" {
		what += fmt.Sprintf(" with username %q", username.ValueString())
	}
	if !contactID.IsUnknown() && !contactID.IsNull() {
		what += fmt.Sprintf(" of contact %d", contactID.ValueInt64())
	}
	if id == 0 {
		what += ", which this run creates"
	}
	return what
}

// portalUserChanges says which API calls an update plan makes.
type portalUserChanges struct {
	patch, auth, password, status, invite bool
}

// server reports whether the update changes anything on the server (and
// so moves updated).
func (c portalUserChanges) server() bool {
	return c.patch || c.auth || c.password || c.status || c.invite
}

func plannedChanges(plan, state portalUserResourceModel) portalUserChanges {
	return portalUserChanges{
		patch:    plan.Username.IsUnknown() || !plan.Username.Equal(state.Username) || !plan.Roles.Equal(state.Roles),
		auth:     !plan.AuthMethod.Equal(state.AuthMethod),
		password: versionChanged(state.PasswordWOVersion, plan.PasswordWOVersion),
		status:   !plan.Status.Equal(state.Status),
		invite:   inviteVersionChanged(state.InviteVersion, plan.InviteVersion),
	}
}

func (r *portalUserResource) modifyCreatePlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	// Only the attributes the checks read, as in ValidateConfig: a create
	// is planned twice per portal user (at plan time and at apply time).
	var status types.String
	var sendInvite types.Bool
	var contactID types.Int64
	var roles types.Set
	var username types.String
	resp.Diagnostics.Append(getAttributes(ctx, req.Plan.GetAttribute, map[string]any{
		"status": &status, "send_invite": &sendInvite, "contact_id": &contactID, "roles": &roles, "username": &username,
	})...)
	if resp.Diagnostics.HasError() {
		return
	}
	if status.ValueString() == client.StatusTerminated && sendInvite.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("send_invite"), "Cannot Invite a Terminated Portal User",
			"The portal user is declared terminated, so an invitation would let nobody in and the API refuses it for terminated users. Remove send_invite or set status = \"active\".")
	}
	replacing := r.replacing(ctx, req, &resp.Diagnostics)
	if r.client != nil && !r.claim(ctx, req.Plan, replacing.id, &resp.Diagnostics) {
		// Declared twice: one error says it, whatever the server holds.
		r.checkNewRoles(ctx, roles, types.SetNull(portalUserRoleType), &resp.Diagnostics)
		return
	}
	r.checkContactFree(ctx, replacing.existing, contactID, &resp.Diagnostics)
	r.checkUsernameFree(ctx, username, &resp.Diagnostics)
	r.checkNewRoles(ctx, roles, types.SetNull(portalUserRoleType), &resp.Diagnostics)
}

// replacedUser is the portal user whose replacement a create plan is.
type replacedUser struct {
	id       int64  // 0 for a plain create
	existing string // the id as the private marker holds it
}

// replacing reads the marker that the plan with a prior state left for the
// create plan of the same instance's replacement.
func (r *portalUserResource) replacing(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) replacedUser {
	raw, d := req.Private.GetKey(ctx, privateKeyPlannedUser)
	diags.Append(d...)
	var marker plannedUser
	if len(raw) == 0 || json.Unmarshal(raw, &marker) != nil {
		return replacedUser{}
	}
	id, _ := parseID(marker.ID)
	return replacedUser{id: id, existing: marker.ID}
}

// checkContactFree fails the plan when the contact is known and cannot take
// a new portal user: it does not exist, it is not a client's contact, or it
// already has one that this plan neither replaces nor keeps under another
// resource (that one, claim reports). replacing is the id of the user this
// create replaces, if any.
func (r *portalUserResource) checkContactFree(ctx context.Context, replacing string, contactID types.Int64, diags *diag.Diagnostics) {
	if r.client == nil || contactID.IsUnknown() || contactID.IsNull() {
		return
	}
	id := contactID.ValueInt64()
	if r.data.fresh.has(id) {
		return
	}
	contact, err := r.client.GetContact(ctx, id)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("contact_id"), "Contact Not Found",
			fmt.Sprintf("Contact %d does not exist or was deleted, so it cannot get a portal user. Use the id of an existing contact, for example contacts_contact.<name>.id.", id))
		return
	case err != nil:
		addAPIError(diags, "Error Checking Contact", fmt.Sprintf("contact %d", id), err, nil)
		return
	case contact.Role.Name != accountOwnerRole:
		diags.AddAttributeError(path.Root("contact_id"), "Contact Cannot Have a Portal User",
			fmt.Sprintf("Contact %d has the %q role; only contacts with the %s role, a client's contacts, can have a portal user (the API answers \"The selected contact_id is invalid.\"). "+
				"Use the id of one of a client's contacts.", id, contact.Role.Name, accountOwnerRole))
		return
	case contact.PortalUserID == nil:
		return
	}
	existing := *contact.PortalUserID
	if replacing == formatID(existing) {
		return // this plan replaces that very user; it is deleted first
	}
	if r.data.walk.replacedAsTainted(ctx, existing) {
		return // the tainted object being replaced; it is deleted first
	}
	if r.data.plans().claimedBy(loginKey(id), existing) {
		return // another resource keeps that user, and its plan said so
	}
	diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User", duplicateUserDetail(id, formatID(existing)))
}

// checkNewRoles checks the roles the plan adds: an expiry must lie in the
// future, and the reference must exist on the server.
func (r *portalUserResource) checkNewRoles(ctx context.Context, planned, prior types.Set, diags *diag.Diagnostics) {
	if planned.IsUnknown() || planned.IsNull() {
		return
	}
	plannedRoles, d := rolesOf(ctx, planned)
	diags.Append(d...)
	priorRoles, d := rolesOf(ctx, prior)
	diags.Append(d...)
	now := r.now()
	var added []portalUserRoleModel
	for _, p := range plannedRoles {
		if p.Reference.IsUnknown() || p.Expires.IsUnknown() {
			continue
		}
		held := false
		for _, q := range priorRoles {
			held = held || (q.Reference.Equal(p.Reference) && sameInstant(q.Expires, p.Expires))
		}
		if held {
			continue
		}
		added = append(added, p)
		if roleExpired(p, now) {
			diags.AddAttributeError(path.Root("roles"), "Access Role Expiry In the Past",
				fmt.Sprintf("The access role %q would be granted with expires = %q, which has already passed. Use a future time, or leave expires out for no end.",
					p.Reference.ValueString(), p.Expires.ValueString()))
		}
	}
	if len(added) == 0 || r.client == nil {
		return
	}
	known, err := knownRoles(ctx, r.client)
	if err != nil {
		addAPIError(diags, "Error Reading Access Roles", "the list of access roles", err, nil)
		return
	}
	for _, p := range added {
		if !known[p.Reference.ValueString()] {
			diags.AddAttributeError(path.Root("roles"), "Unknown Access Role", unknownRoleDetail(p.Reference.ValueString(), known))
		}
	}
}
