// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithModifyPlan = (*contactResource)(nil)

// privateKeyPlannedContact names the private-state entry that a plan with a
// prior state leaves for a replacement's create plan (Terraform passes the
// first plan's private data to the second): the id of the contact being
// replaced, so that the create claims its email as the same instance.
const privateKeyPlannedContact = "planned_contact"

// contactPlan is what the plan-time checks of a contact read.
type contactPlan struct {
	ID, Email, FirstName, LastName types.String
	ClientID                       types.Int64
}

// ModifyPlan fails a planned contact whose email another instance of this
// configuration also claims (plannedClaims), or that a swap of emails
// between existing contacts would need while the other still holds it,
// and a create whose email another contact, one that no state in this walk
// holds, already has, when the batched reads already fetched the client's
// contacts: the checks cost no request, and what they cannot see the
// apply reports. It also records the moves and creates of contacts that
// contacts_account_owner checks.
func (r *contactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.data.warnReadOnlyKey(ctx, req, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, prior contactPlan
	resp.Diagnostics.Append(getAttributes(ctx, req.Plan.GetAttribute, map[string]any{
		"email": &plan.Email, "client_id": &plan.ClientID, "first_name": &plan.FirstName, "last_name": &plan.LastName,
	})...)
	create := req.State.Raw.IsNull()
	if !create {
		resp.Diagnostics.Append(getAttributes(ctx, req.State.GetAttribute, map[string]any{
			"id": &prior.ID, "email": &prior.Email, "client_id": &prior.ClientID,
		})...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	claims := r.data.plans()
	var self claimant
	if create {
		self.id = replacedID(ctx, req.Private, privateKeyPlannedContact, &resp.Diagnostics)
		if !plan.ClientID.IsUnknown() {
			claims.newContact(plan.ClientID.ValueInt64())
		}
	} else {
		self.id, _ = parseID(prior.ID.ValueString())
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyPlannedContact, []byte(prior.ID.ValueString()))...)
		if !plan.ClientID.IsUnknown() && !plan.ClientID.Equal(prior.ClientID) {
			claims.move(self.id, plan.ClientID.ValueInt64())
		}
	}
	if plan.Email.IsUnknown() || plan.Email.IsNull() {
		return
	}
	email := plan.Email.ValueString()
	self.what = contactWhat(self.id, plan, true)
	if first, twice := claims.claim(emailKey(email), self); twice {
		resp.Diagnostics.AddAttributeError(path.Root("email"), "Email Address Declared Twice",
			fmt.Sprintf("Another contacts_contact in this configuration also has the email address %q: %s. "+
				"The API keeps emails unique, ignoring case, so both resources would be the same contact: the configuration declares it twice. "+
				"Remove one of the two resources, or give this one another email address.", email, first.what))
		return
	}
	if from := prior.Email.ValueString(); !create && sameEmail(from) != sameEmail(email) {
		if cycle := claims.leave(from, email, claimant{id: self.id, what: contactWhat(self.id, plan, false)}); cycle != nil {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Contact Emails Swapped", swapDetail(from, email, cycle))
			return
		}
	}
	if !create || plan.ClientID.IsUnknown() || plan.ClientID.IsNull() {
		return
	}
	clientID := plan.ClientID.ValueInt64()
	found := r.data.contactWithEmail(ctx, clientID, email)
	if found == nil {
		return
	}
	addTakenAtPlan(&resp.Diagnostics, "email", "Contact Email Already Taken",
		fmt.Sprintf("Contact %d of client %d already has the email address %q (compared ignoring case), and it is not in this Terraform state, so creating %s would fail.",
			found.ID, clientID, found.Email, contactLabel(email)),
		"contacts_contact", found.ID)
}

// contactWhat names a planned contact by what the provider knows of it,
// with its planned email or without.
func contactWhat(id int64, plan contactPlan, withEmail bool) string {
	name := strings.TrimSpace(plan.FirstName.ValueString() + " " + plan.LastName.ValueString())
	if plan.FirstName.IsUnknown() || plan.LastName.IsUnknown() {
		name = ""
	}
	what := "a new contact"
	if id != 0 {
		what = "contact " + formatID(id)
	}
	if name != "" {
		what += fmt.Sprintf(" %q", name)
	}
	if withEmail {
		what += fmt.Sprintf(" <%s>", plan.Email.ValueString())
	}
	switch {
	case id == 0:
		what += ", which this run creates"
	case !plan.ClientID.IsUnknown():
		what += fmt.Sprintf(" of client %d", plan.ClientID.ValueInt64())
	}
	return what
}

// swapDetail explains a cycle of email changes that the API cannot apply:
// this contact changes from one address to another, and each of the cycle
// gives up the address the one before it takes.
func swapDetail(from, to string, cycle []emailMove) string {
	steps := make([]string, 0, len(cycle))
	held := to
	for _, m := range cycle {
		steps = append(steps, fmt.Sprintf("%s holds %q and changes to %q", m.what, held, m.to))
		held = m.to
	}
	return fmt.Sprintf("This contact changes its email from %q to %q, but %s. "+
		"The API keeps emails unique and refuses an address that another contact still holds, so none of these changes can be applied first, and the apply would fail. "+
		"Make the change in two applies: first give one of these contacts a temporary address and apply, then set the addresses you want and apply again.",
		from, to, strings.Join(steps, ", and "))
}

// replacedID returns the id that a plan with a prior state left under key
// for the create plan of the same instance's replacement; 0 for a plain
// create.
func replacedID(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}, key string, diags *diag.Diagnostics) int64 {
	raw, d := private.GetKey(ctx, key)
	diags.Append(d...)
	id, _ := parseID(string(raw))
	return id
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
