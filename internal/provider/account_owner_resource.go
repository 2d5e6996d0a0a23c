// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

var (
	_ resource.Resource                = (*accountOwnerResource)(nil)
	_ resource.ResourceWithConfigure   = (*accountOwnerResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accountOwnerResource)(nil)
	_ resource.ResourceWithImportState = (*accountOwnerResource)(nil)
	_ resource.ResourceWithIdentity    = (*accountOwnerResource)(nil)
)

// NewAccountOwnerResource returns the contacts_account_owner resource.
func NewAccountOwnerResource() resource.Resource {
	return &accountOwnerResource{}
}

// accountOwnerRole is the only contact role the API lets own a client account.
const accountOwnerRole = "Client"

type accountOwnerResource struct {
	client *client.Client
	// data forgets what was read of the client's contacts after a promotion.
	data *providerData
}

type accountOwnerModel struct {
	ID        types.String   `tfsdk:"id"`
	ClientID  types.Int64    `tfsdk:"client_id"`
	ContactID types.Int64    `tfsdk:"contact_id"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

// accountOwnerModelFrom maps the owning contact to the resource's
// attributes; the resource is keyed by the contact's client. The timeouts
// setting, which only the configuration knows, comes from base.
func accountOwnerModelFrom(owner *client.Contact, base accountOwnerModel) accountOwnerModel {
	return accountOwnerModel{
		ID:        types.StringValue(formatID(owner.Client.ID)),
		ClientID:  types.Int64Value(owner.Client.ID),
		ContactID: types.Int64Value(owner.ID),
		Timeouts:  base.Timeouts,
	}
}

func (r *accountOwnerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_owner"
}

func (r *accountOwnerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account owner of a client: the one contact the client's account is run by.\n\n" +
			"There is one `contacts_account_owner` per client, so ownership lives in one place and two contacts " +
			"can never contend for it. Setting `contact_id` promotes that contact through the API's account-owner " +
			"action, which also turns the previous owner's `account_owner` to `no`. If someone promotes another " +
			"contact outside Terraform, the next plan shows `contact_id` changing back.\n\n" +
			"**Destroying this resource leaves the owner as it is.** The Contacts API has no way to unset an account " +
			"owner (only to promote another contact), so destroy makes no API call and only stops Terraform from managing ownership: " +
			"the contact stays the client's account owner until another contact is promoted or the contact itself is deleted " +
			"(deleting a contact clears its ownership, so the client then has no owner).\n\n" +
			"**Moving the owner's contact.** A contact cannot move to another client: a new `client_id` replaces it. For the contact that owns its client, " +
			"the plan fails, because the apply would delete the owner and could not promote its replacement, a contact of another client. " +
			"Make another of the client's contacts its owner first, or let this resource follow the contact: `client_id = contacts_contact.<name>.client_id`.\n\n" +
			"Import takes the client's id, and on Terraform 1.12 or later (OpenTofu 1.12 or later) an import block takes the resource's identity, " +
			"which is also the client's id: `identity = { id = 12 }`. The owning contact is not part of the identity because promoting another one changes it in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The client's id, as a string (one account owner per client).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_id": schema.Int64Attribute{
				MarkdownDescription: "The id of the client whose account owner this is. Changing it replaces the resource; the old client keeps its owner.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"contact_id": schema.Int64Attribute{
				MarkdownDescription: "The id of the contact to make account owner. It must belong to `client_id` and have the `Client` role. Changing it promotes the new contact in place.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

func (r *accountOwnerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema("The numeric id of the client whose account owner this is (a client has one): a new `client_id` replaces the resource, so it never changes. " +
		"The owning contact is not part of the identity: `contact_id` can change (promoting another contact is an in-place update).")
}

func (r *accountOwnerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	r.client = r.data.apiClient()
}

// ModifyPlan checks at plan time, when both ids are known and one of them
// changes, that the contact can own the client, so a wrong pairing fails
// the plan rather than half-way through an apply. The apply checks again:
// ids known only then, and changes made in between, still need catching.
// It also fails a plan that replaces the owning contact with one of another
// client (checkOwnerMoves), which Terraform plans as an in-place update.
func (r *accountOwnerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.data.warnReadOnlyKey(ctx, req, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan accountOwnerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.ClientID.IsUnknown() {
		return
	}
	var state accountOwnerModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if r.checkOwnerMoves(plan, state, &resp.Diagnostics); resp.Diagnostics.HasError() || plan.ContactID.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() && state.ClientID.Equal(plan.ClientID) && state.ContactID.Equal(plan.ContactID) {
		return
	}
	clientID, contactID := plan.ClientID.ValueInt64(), plan.ContactID.ValueInt64()
	ct := r.checkContact(ctx, clientID, contactID, state.ContactID.ValueInt64(), &resp.Diagnostics)
	if ct != nil && ct.Role.Name != accountOwnerRole {
		resp.Diagnostics.AddAttributeError(path.Root("contact_id"), "Contact Cannot Own a Client Account",
			fmt.Sprintf("Contact %d has the %q role; only contacts with the %s role can be a client's account owner. Choose another of client %d's contacts.",
				contactID, ct.Role.Name, accountOwnerRole, clientID))
	}
}

// checkOwnerMoves fails the plan when the owning contact (the planned one,
// or while that is unknown the current one) is replaced by a contact of
// another client: its client_id changed, and the API cannot move a
// contact. Terraform then plans the contact's replacement and an in-place
// update of this resource with an unknown contact_id, and the apply would
// delete the owner and fail to promote its replacement, leaving the client
// without an owner. When this plan also creates a contact in the client,
// the unknown contact_id may be that one, so it only warns.
func (r *accountOwnerResource) checkOwnerMoves(plan, state accountOwnerModel, diags *diag.Diagnostics) {
	owner := plan.ContactID
	if owner.IsUnknown() {
		owner = state.ContactID
	}
	if owner.IsNull() || owner.IsUnknown() {
		return
	}
	clientID, contactID := plan.ClientID.ValueInt64(), owner.ValueInt64()
	to, moved := r.data.plans().movedTo(contactID)
	if !moved || to == clientID {
		return
	}
	what := fmt.Sprintf("Contact %d, the account owner of client %d, is replaced because its client_id changes to %d (the API cannot move a contact to another client). "+
		"The apply deletes contact %d, which leaves client %d without an account owner, and the new contact it creates belongs to client %d, so it cannot own client %d's account.",
		contactID, clientID, to, contactID, clientID, to, clientID)
	fix := fmt.Sprintf("Either make another of client %d's contacts its owner first (set contact_id here and apply, then change the contact's client_id), "+
		"or let this resource follow the contact to client %d: client_id = contacts_contact.<name>.client_id.", clientID, to)
	if plan.ContactID.IsUnknown() && r.data.plans().newContactsIn(clientID) > 0 {
		diags.AddAttributeWarning(path.Root("contact_id"), "Account Owner's Contact Moves to Another Client",
			fmt.Sprintf("%s Unless contact_id names a new contact of client %d that this plan also creates, the apply fails after that deletion. %s", what, clientID, fix))
		return
	}
	diags.AddAttributeError(path.Root("contact_id"), "Account Owner's Contact Moves to Another Client", what+" "+fix)
}

func (r *accountOwnerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan accountOwnerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "create", plan.Timeouts.Create, defaultCreateTimeout)
	defer finish()
	if r.promote(ctx, plan, 0, &resp.State, &resp.Diagnostics) {
		setIdentity(ctx, resp.Identity, plan.ClientID.ValueInt64(), &resp.Diagnostics)
	}
}

func (r *accountOwnerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state accountOwnerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "read", state.Timeouts.Read, defaultReadTimeout)
	defer finish()
	clientID := state.ClientID.ValueInt64()
	// Before the request, as in the client's Read.
	setIdentity(ctx, resp.Identity, clientID, &resp.Diagnostics)
	owner, err := r.client.FindAccountOwner(ctx, clientID)
	if errors.Is(err, client.ErrNotFound) {
		// The client is gone or nobody owns it any more: there is nothing
		// to manage, so the next plan promotes the configured contact again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading Account Owner", fmt.Sprintf("the account owner of client %d", clientID), err, nil)
		return
	}
	next := accountOwnerModelFrom(owner, state)
	if sameModel(next, state) {
		return // the response already holds the prior state
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *accountOwnerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior accountOwnerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "update", plan.Timeouts.Update, defaultUpdateTimeout)
	defer finish()
	if r.promote(ctx, plan, prior.ContactID.ValueInt64(), &resp.State, &resp.Diagnostics) {
		setIdentity(ctx, resp.Identity, plan.ClientID.ValueInt64(), &resp.Diagnostics)
	}
}

// Delete makes no API call: the API can promote a contact but cannot leave
// a client without an owner, so ownership stays as it is. It warns about
// nothing either: whether the contact stays the owner depends on what the
// rest of the apply does next (a destroyed contact loses the role), which
// Delete cannot see; the resource's documentation explains the behaviour.
func (r *accountOwnerResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState takes the client's id, as the import id or the identity.
func (r *accountOwnerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	clientID, ok := importer{
		noun:     "account owner",
		forms:    "contacts_account_owner is imported by its client's id, e.g. 12: a client has one account owner.",
		lookupOK: importByIDOnly,
		idOf:     "client",
	}.target(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	owner, err := r.client.FindAccountOwner(ctx, clientID)
	if errors.Is(err, client.ErrNotFound) {
		// Named as the import block has it: Terraform shows no address.
		asked := fmt.Sprintf("The import ID %q", req.ID)
		if req.ID == "" {
			asked = "The import block's identity"
		}
		resp.Diagnostics.AddError(fmt.Sprintf("No Account Owner to Import for Client %d", clientID),
			fmt.Sprintf("%s names client %d, which does not exist or has no account owner. Check the client id, or create a contacts_account_owner for it instead of importing one. Nothing was imported.", asked, clientID))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Importing Account Owner", fmt.Sprintf("the account owner of client %d", clientID), err, nil)
		return
	}
	// Only the ids: the timeouts setting stays null, as the configuration
	// of an import has none yet.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), formatID(owner.Client.ID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("client_id"), owner.Client.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("contact_id"), owner.ID)...)
	setIdentity(ctx, resp.Identity, owner.Client.ID, &resp.Diagnostics)
}

// promote checks the contact and makes it the account owner, then records
// the result in state and says whether it did. Create and Update share it;
// priorOwner is the owning contact in the state (0 on create).
func (r *accountOwnerResource) promote(ctx context.Context, plan accountOwnerModel, priorOwner int64, state *tfsdk.State, diags *diag.Diagnostics) bool {
	clientID, contactID := plan.ClientID.ValueInt64(), plan.ContactID.ValueInt64()
	if r.checkContact(ctx, clientID, contactID, priorOwner, diags) == nil {
		return false
	}
	// The new owner and the former one both change.
	defer r.data.wrote(clientID)
	owner, err := r.client.SetAccountOwner(ctx, contactID)
	if mayHaveApplied(err) {
		// The promotion may have happened with its answer lost: the
		// server's current owner decides.
		owner = r.confirmOwner(ctx, clientID, contactID, err)
		if owner != nil {
			err = nil
		}
	}
	var apiErr *client.APIError
	switch {
	case errors.Is(err, client.ErrConflict) && errors.As(err, &apiErr):
		diags.AddAttributeError(path.Root("contact_id"), "Error Setting Account Owner",
			fmt.Sprintf("The Contacts API refused to make contact %d the account owner of client %d: %s Only contacts with the Client role can own a client account; choose another contact.",
				contactID, clientID, apiErr.Message))
		return false
	case err != nil:
		addAPIError(diags, "Error Setting Account Owner", fmt.Sprintf("contact %d as account owner of client %d", contactID, clientID), err, nil)
		return false
	}
	m := accountOwnerModelFrom(owner, plan)
	d := state.Set(ctx, &m)
	diags.Append(d...)
	return !d.HasError()
}

// confirmOwner returns the contact when the server shows it as the client's
// account owner after a promotion failed with err, a failure that may hide
// an applied promotion; otherwise nil.
func (r *accountOwnerResource) confirmOwner(ctx context.Context, clientID, contactID int64, err error) *client.Contact {
	checkCtx, cancel := afterLoss(ctx)
	defer cancel()
	owner, getErr := r.client.FindAccountOwner(checkCtx, clientID)
	if getErr != nil || owner.ID != contactID {
		return nil
	}
	tflog.Warn(ctx, "account owner promotion confirmed on the server after its answer was lost", map[string]any{"error": err.Error()})
	return owner
}

// checkContact returns the contact when it exists and belongs to the
// client, and otherwise adds an error on contact_id and returns nil.
// priorOwner is the owning contact in the state (0 when none), which the
// error names when this run replaced it.
func (r *accountOwnerResource) checkContact(ctx context.Context, clientID, contactID, priorOwner int64, diags *diag.Diagnostics) *client.Contact {
	ct, err := r.client.GetContact(ctx, contactID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("contact_id"), "Contact Not Found",
			fmt.Sprintf("Contact %d does not exist (or was deleted), so it cannot become the account owner of client %d. Use the id of one of the client's contacts.", contactID, clientID))
		return nil
	case err != nil:
		addAPIError(diags, "Error Reading Contact", fmt.Sprintf("contact %d", contactID), err, nil)
		return nil
	case ct.Client.ID != clientID && r.data.plans().wasCreated(createdContact, contactID):
		diags.AddAttributeError(path.Root("contact_id"), "Contact Belongs to Another Client",
			fmt.Sprintf("Contact %d belongs to client %d, not to client %d: this run created it there. A contact whose client_id changes is replaced, because the API cannot move a contact to another client, "+
				"so it cannot become client %d's account owner.%s "+
				"To make it the owner of client %d instead, set client_id = %d here (client_id = contacts_contact.<name>.client_id); to keep client %d's ownership, set contact_id to one of client %d's contacts.",
				contactID, ct.Client.ID, clientID, clientID, r.formerOwnerGone(ctx, clientID, priorOwner), ct.Client.ID, ct.Client.ID, clientID, clientID))
		return nil
	case ct.Client.ID != clientID:
		diags.AddAttributeError(path.Root("contact_id"), "Contact Belongs to Another Client",
			fmt.Sprintf("Contact %d belongs to client %d, not to client %d, so it cannot become client %d's account owner. Use one of client %d's contacts.",
				contactID, ct.Client.ID, clientID, clientID, clientID))
		return nil
	}
	return ct
}

// formerOwnerGone says, as a sentence, that the client's former owner is
// gone and the client has no owner, when the server no longer has that
// contact; "" otherwise. It costs a request, on the error path only.
func (r *accountOwnerResource) formerOwnerGone(ctx context.Context, clientID, priorOwner int64) string {
	if priorOwner == 0 {
		return ""
	}
	if _, err := r.client.GetContact(ctx, priorOwner); !errors.Is(err, client.ErrNotFound) {
		return ""
	}
	return fmt.Sprintf(" Client %d's account owner was contact %d, which is deleted, so client %d has no account owner now.", clientID, priorOwner, clientID)
}
