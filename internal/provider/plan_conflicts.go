// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithModifyPlan = (*contactResource)(nil)

// ModifyPlan fails a planned contact whose email another contact, one that
// no state in this walk holds, already has, when the batched reads already
// fetched the client's contacts: the check costs no request, and without
// the pages the apply reports the conflict instead.
func (r *contactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.data.warnReadOnlyKey(ctx, req, &resp.Diagnostics)
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var email types.String
	var clientID types.Int64
	resp.Diagnostics.Append(getAttributes(ctx, req.Plan.GetAttribute, map[string]any{"email": &email, "client_id": &clientID})...)
	if resp.Diagnostics.HasError() || email.IsUnknown() || email.IsNull() || clientID.IsUnknown() || clientID.IsNull() {
		return
	}
	found := r.data.contactWithEmail(ctx, clientID.ValueInt64(), email.ValueString())
	if found == nil {
		return
	}
	addTakenAtPlan(&resp.Diagnostics, "email", "Contact Email Already Taken",
		fmt.Sprintf("Contact %d of client %d already has the email address %q (compared ignoring case), and it is not in this Terraform state, so creating %s would fail.",
			found.ID, clientID.ValueInt64(), found.Email, contactLabel(email.ValueString())),
		"contacts_contact", found.ID)
}

// checkUsernameFree fails a planned portal user whose username another
// portal user, one that no state in this walk holds, already has, when the
// batched reads already fetched that user's page.
func (r *portalUserResource) checkUsernameFree(ctx context.Context, username types.String, diags *diag.Diagnostics) {
	if r.data == nil || username.IsUnknown() || username.IsNull() || username.ValueString() == "" {
		return
	}
	found := r.data.portalUserWithUsername(ctx, username.ValueString())
	if found == nil {
		return
	}
	addTakenAtPlan(diags, "username", "Portal Username Already Taken",
		fmt.Sprintf("Portal user %d (of contact %d) already has the username %q (compared ignoring case), and it is not in this Terraform state, so this portal user cannot be created with it.",
			found.ID, found.ContactID, found.Username),
		"contacts_portal_user", found.ID)
}

// addTakenAtPlan adds the plan-time error on attr naming object id, which
// holds the key, with the import that brings it under this configuration.
func addTakenAtPlan(diags *diag.Diagnostics, attr, summary, detail, resourceType string, id int64) {
	diags.AddAttributeError(path.Root(attr), summary, fmt.Sprintf("%s\n\n"+
		"If this configuration should manage it, import it with an import block and plan again:\n\n"+
		"  import {\n    to = %s.<name>\n    id = \"%d\"\n  }\n\n"+
		"Otherwise choose another %s.", detail, resourceType, id, attr))
}
