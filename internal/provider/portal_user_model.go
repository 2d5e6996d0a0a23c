// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// portalUserModel holds every attribute the API reports for a portal user.
// The contacts_portal_user resource embeds it, the contacts_portal_user data
// source uses it as is, and it is the element type of contacts_portal_users.
type portalUserModel struct {
	ID                types.String `tfsdk:"id"`
	ContactID         types.Int64  `tfsdk:"contact_id"`
	ClientID          types.Int64  `tfsdk:"client_id"`
	Username          types.String `tfsdk:"username"`
	Email             types.String `tfsdk:"email"`
	Name              types.String `tfsdk:"name"`
	AuthMethod        types.String `tfsdk:"auth_method"`
	Status            types.String `tfsdk:"status"`
	InvitationStatus  types.String `tfsdk:"invitation_status"`
	InvitationSentAt  types.String `tfsdk:"invitation_sent_at"`
	Roles             types.Set    `tfsdk:"roles"`
	PasswordUpdatedAt types.String `tfsdk:"password_updated_at"`
	LastLoginAt       types.String `tfsdk:"last_login_at"`
	Created           types.String `tfsdk:"created"`
	Updated           types.String `tfsdk:"updated"`
}

// portalUserResourceModel adds the settings that only Terraform knows (the
// API never reports them) to the attributes every portal user has.
type portalUserResourceModel struct {
	portalUserModel
	// PasswordWO is write-only: the framework always stores it as null, and
	// its value is read from the configuration only.
	PasswordWO        types.String   `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64    `tfsdk:"password_wo_version"`
	SendInvite        types.Bool     `tfsdk:"send_invite"`
	InviteVersion     types.Int64    `tfsdk:"invite_version"`
	DeletionPolicy    types.String   `tfsdk:"deletion_policy"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// portalUserRoleModel is one element of roles.
type portalUserRoleModel struct {
	Reference types.String `tfsdk:"reference"`
	Expires   types.String `tfsdk:"expires"`
}

// portalUserRoleType is the object type of a roles element.
var portalUserRoleType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"reference": types.StringType,
	"expires":   types.StringType,
}}

// portalUserModelFrom maps an API portal user to its Terraform attributes.
// It is the only place that does so. priorRoles is the roles value Terraform
// already holds (plan or state; a null set when there is none): it keeps the
// configuration's spelling of equal expiry instants, keeps roles that expired
// as declared (see rolesFrom), and decides between a null and an empty set.
func portalUserModelFrom(ctx context.Context, u *client.PortalUser, priorRoles types.Set, now time.Time) (portalUserModel, diag.Diagnostics) {
	roles, diags := rolesFrom(ctx, u.Roles, priorRoles, now)
	return portalUserModel{
		ID:                types.StringValue(formatID(u.ID)),
		ContactID:         types.Int64Value(u.ContactID),
		ClientID:          types.Int64Value(u.ClientID),
		Username:          types.StringValue(u.Username),
		Email:             types.StringValue(u.Email),
		Name:              types.StringValue(u.Name),
		AuthMethod:        types.StringValue(u.AuthMethod),
		Status:            types.StringValue(u.Status),
		InvitationStatus:  types.StringValue(u.Invitation.Status),
		InvitationSentAt:  types.StringPointerValue(u.Invitation.SentAt),
		Roles:             roles,
		PasswordUpdatedAt: types.StringPointerValue(u.PasswordUpdatedAt),
		LastLoginAt:       types.StringPointerValue(u.LastLoginAt),
		Created:           types.StringValue(u.Dates.Created),
		Updated:           types.StringValue(u.Dates.Updated),
	}, diags
}

// rolesFrom builds the roles set from the server's grants.
//
// The server drops a grant once its expiry has passed. A prior role that the
// server no longer holds and whose expiry is already past therefore expired
// exactly as declared: it stays in the result, so an unchanged configuration
// plans no change, and a configuration that extends or removes the expiry
// plans to grant the role again. A prior role missing with a future (or no)
// expiry was removed behind Terraform's back and shows as drift.
func rolesFrom(ctx context.Context, grants []client.RoleGrant, priorRoles types.Set, now time.Time) (types.Set, diag.Diagnostics) {
	prior, diags := rolesOf(ctx, priorRoles)
	if diags.HasError() {
		return types.SetNull(portalUserRoleType), diags
	}
	out := make([]portalUserRoleModel, 0, len(grants))
	held := map[string]bool{}
	for _, g := range grants {
		held[g.Reference] = true
		m := portalUserRoleModel{Reference: types.StringValue(g.Reference), Expires: types.StringPointerValue(g.Expires)}
		for _, p := range prior {
			if p.Reference.ValueString() == g.Reference && sameInstant(p.Expires, m.Expires) {
				m.Expires = p.Expires
			}
		}
		out = append(out, m)
	}
	for _, p := range prior {
		if !held[p.Reference.ValueString()] && roleExpired(p, now) {
			out = append(out, p)
		}
	}
	if len(out) == 0 && (priorRoles.IsNull() || priorRoles.IsUnknown()) {
		return types.SetNull(portalUserRoleType), diags
	}
	set, d := types.SetValueFrom(ctx, portalUserRoleType, out)
	diags.Append(d...)
	return set, diags
}

// rolesOf decodes a roles set; null and unknown give none.
func rolesOf(ctx context.Context, roles types.Set) ([]portalUserRoleModel, diag.Diagnostics) {
	var out []portalUserRoleModel
	if roles.IsNull() || roles.IsUnknown() {
		return out, nil
	}
	diags := roles.ElementsAs(ctx, &out, false)
	return out, diags
}

// roleGrants is the API form of the roles that are still to be held at now:
// roles that expired as declared are not sent again (the API refuses past
// expiries and has already dropped them).
func roleGrants(roles []portalUserRoleModel, now time.Time) []client.RoleGrant {
	out := []client.RoleGrant{}
	for _, r := range roles {
		if roleExpired(r, now) {
			continue
		}
		out = append(out, client.RoleGrant{Reference: r.Reference.ValueString(), Expires: r.Expires.ValueStringPointer()})
	}
	return out
}

// roleExpired reports a role whose expiry is known and not after now.
func roleExpired(r portalUserRoleModel, now time.Time) bool {
	t, ok := parseExpiry(r.Expires)
	return ok && !t.After(now)
}

func parseExpiry(v types.String) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v.ValueString())
	return t, err == nil
}

// sameInstant compares two expiries as instants: the API answers
// 2027-01-31T00:00:00.000000Z for a configured 2027-01-31T01:00:00+01:00.
func sameInstant(a, b types.String) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	ta, okA := parseExpiry(a)
	tb, okB := parseExpiry(b)
	if !okA || !okB {
		return a.Equal(b)
	}
	return ta.Equal(tb)
}

// portalUserFieldPaths maps the API's portal-user field names, as they appear
// in a 422's errors, to the attributes that hold them.
func portalUserFieldPaths() fieldPaths {
	return fieldPaths{
		"contact_id":  path.Root("contact_id"),
		"username":    path.Root("username"),
		"auth_method": path.Root("auth_method"),
		"password":    path.Root("password_wo"),
		"send_invite": path.Root("send_invite"),
		"roles":       path.Root("roles"),
	}
}
