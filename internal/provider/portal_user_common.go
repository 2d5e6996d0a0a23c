// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// What the plan checks, the actions and the resource's operations of
// contacts_portal_user all use: the mapping to state, the error details,
// and the rules of the version triggers.

// duplicateUserDetail explains a second login for a contact, which both
// the plan and the API refuse.
func duplicateUserDetail(contactID int64, existingID string) string {
	return fmt.Sprintf("Contact %d already has portal user %s, and a contact can have only one. Manage that user instead: "+
		"import it with `terraform import contacts_portal_user.<name> %s` (or an import block), or choose another contact. "+
		"If this plan replaces a tainted portal user of this contact, plan with refresh (the default, not -refresh=false), so that the provider recognises it.", contactID, existingID, existingID)
}

// knownRoles lists the references of the server's access roles.
func knownRoles(ctx context.Context, c *client.Client) (map[string]bool, error) {
	roles, err := c.ListAccessRoles(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(roles))
	for _, role := range roles {
		known[role.Reference] = true
	}
	return known, nil
}

func unknownRoleDetail(ref string, known map[string]bool) string {
	return fmt.Sprintf("The access role %q does not exist on this server. Known roles: %s. The contacts_access_roles data source lists them.", ref, strings.Join(sortedKeys(known), ", "))
}

// addPortalUserError reports an API error, adding what the API's own message lacks:
// the known access roles, and the portal user that already holds the contact.
func addPortalUserError(ctx context.Context, c *client.Client, diags *diag.Diagnostics, summary, what string, contactID int64, err error) {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrValidation) {
		addAPIError(diags, summary, what, err, portalUserFieldPaths())
		return
	}
	// The contact's existing login says all the API's refusal says, and
	// more: one error, not two, when it is the only reason.
	if msgs := apiErr.FieldErrors["contact_id"]; len(apiErr.FieldErrors) == 1 && strings.Contains(strings.Join(msgs, " "), "already has a portal user") {
		if existing, ferr := c.FindPortalUserByContact(ctx, contactID); ferr == nil {
			diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User",
				duplicateUserDetail(contactID, formatID(existing.ID)))
			return
		}
	}
	addAPIError(diags, summary, what, err, portalUserFieldPaths())
	for field, msgs := range apiErr.FieldErrors {
		switch {
		case strings.HasPrefix(field, "roles.") && strings.HasSuffix(strings.Join(msgs, " "), "is invalid."):
			if known, kerr := knownRoles(ctx, c); kerr == nil {
				diags.AddAttributeError(path.Root("roles"), "Unknown Access Role",
					fmt.Sprintf("The API refused %s. Known roles: %s.", field, strings.Join(sortedKeys(known), ", ")))
			}
		case field == "contact_id" && strings.Contains(strings.Join(msgs, " "), "already has a portal user"):
			if existing, ferr := c.FindPortalUserByContact(ctx, contactID); ferr == nil {
				diags.AddAttributeError(path.Root("contact_id"), "Contact Already Has a Portal User",
					duplicateUserDetail(contactID, formatID(existing.ID)))
			}
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// versionChanged reports a trigger that must act: a new non-null value.
// Setting a version back to null only forgets it.
func versionChanged(prior, planned types.Int64) bool {
	return !planned.IsNull() && !planned.Equal(prior)
}

// inviteVersionChanged reports an invite_version change that sends an
// invitation: from one number to another. The first value an existing user
// gets (after an import, or when the attribute is added) is only recorded,
// so that writing the configuration of an imported login emails nobody.
func inviteVersionChanged(prior, planned types.Int64) bool {
	return !prior.IsNull() && versionChanged(prior, planned)
}

// inviteVersionAdopted reports the first invite_version of an existing
// user, which is recorded without sending anything.
func inviteVersionAdopted(prior, planned types.Int64) bool {
	return prior.IsNull() && !planned.IsNull() && !planned.IsUnknown()
}

// portalUserStateFrom maps the API object and keeps the settings only
// Terraform knows from base. The write-only password is never carried into
// state.
func portalUserStateFrom(ctx context.Context, u *client.PortalUser, base portalUserResourceModel, priorRoles types.Set, now time.Time, diags *diag.Diagnostics) portalUserResourceModel {
	m, d := portalUserModelFrom(ctx, u, priorRoles, now)
	diags.Append(d...)
	return portalUserResourceModel{
		portalUserModel:   m,
		PasswordWO:        types.StringNull(),
		PasswordWOVersion: base.PasswordWOVersion,
		SendInvite:        base.SendInvite,
		InviteVersion:     base.InviteVersion,
		DeletionPolicy:    base.DeletionPolicy,
		Timeouts:          base.Timeouts,
	}
}
