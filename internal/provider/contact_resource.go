// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/batchread"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

// Limits the Contacts API enforces on contact fields.
const (
	contactMaxString = 191
	contactMaxPhone  = 32
)

var (
	_ resource.Resource                = (*contactResource)(nil)
	_ resource.ResourceWithConfigure   = (*contactResource)(nil)
	_ resource.ResourceWithImportState = (*contactResource)(nil)
	_ resource.ResourceWithIdentity    = (*contactResource)(nil)
)

// NewContactResource returns the contacts_contact resource.
func NewContactResource() resource.Resource {
	return &contactResource{}
}

type contactResource struct {
	client *client.Client
	// data holds what this provider process records across resources.
	data *providerData
}

// contactResourceModel adds the write-only welcome-email switch to the
// attributes every contact has. The framework always stores it as null.
type contactResourceModel struct {
	contactModel
	SendWelcomeEmail types.Bool     `tfsdk:"send_welcome_email"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (r *contactResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a contact: a person who belongs to a client account. " +
			"Destroying it soft-deletes the contact on the server, which also deletes its portal user and frees its email address.\n\n" +
			"If the answer to a create is lost (network failure, server error or time limit after all retries), the provider repeats the request " +
			"with its `Idempotency-Key`, so the server answers it as it answered the first. A contact with the planned email that cannot be proven to be " +
			"this request's (another configuration's, or one an interrupted apply left behind) is never adopted: the error names its id and the " +
			"`terraform import` that adopts it on purpose.\n\n" +
			"**One contact, one resource.** A plan fails when two resources of the configuration declare the same `email` (compared ignoring case, as the API does): " +
			"both would be the same contact. The error names the other by its values; remove one of the two. A swap of emails between two contacts fails too, " +
			"because the API refuses an address another contact still holds whatever the order: give one of them a temporary address in a first apply.\n\n" +
			"Import accepts the contact's numeric id or its email address, and on Terraform 1.12 or later (OpenTofu 1.12 or later) an import block takes " +
			"the contact's identity, its id: `identity = { id = 45 }`. The email is not part of the identity because it can change in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the contact, assigned by the API.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the client account the contact belongs to. The API cannot move a contact to another client, so changing it replaces the contact.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"first_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("First name, 1 to %d characters, without surrounding whitespace.", contactMaxString),
				Required:            true,
				Validators:          contactNameValidators(),
			},
			"last_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Last name, 1 to %d characters, without surrounding whitespace.", contactMaxString),
				Required:            true,
				Validators:          contactNameValidators(),
			},
			"email": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Email address, at most %d characters. It must be unique, ignoring case, across all contacts and portal usernames.", contactMaxString),
				Required:            true,
				Validators: []validator.String{
					validators.Email(),
					stringvalidator.UTF8LengthAtMost(contactMaxString),
				},
			},
			"phone": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Phone number, at most %d characters. Removing it from the configuration (or setting it to `null`) clears it on the server; an empty string is refused.", contactMaxPhone),
				Optional:            true,
				Validators:          contactOptionalValidators(contactMaxPhone, "clear the phone number"),
			},
			"job_position": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Job title, at most %d characters. Removing it from the configuration (or setting it to `null`) clears it on the server; an empty string is refused.", contactMaxString),
				Optional:            true,
				Validators:          contactOptionalValidators(contactMaxString, "clear the job position"),
			},
			"send_welcome_email": schema.BoolAttribute{
				MarkdownDescription: "Queue the API's welcome email when the contact is created. " +
					"Write-only (requires Terraform 1.11 or later): the value is used only by the create call and is never stored in plan or state, " +
					"so changing or removing it later never shows a difference, later applies never send the email again, and imported contacts have no value for it.",
				Optional:  true,
				WriteOnly: true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Full name as the API composes it from `first_name` and `last_name`.",
				Computed:            true,
				PlanModifiers: []planmodifier.String{
					contactUseStateWhileUnchanged(path.Root("first_name"), path.Root("last_name")),
				},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Contact status, `active` for every contact the API still serves.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_owner": schema.StringAttribute{
				// Kept from state: no change of this resource alters it.
				// Another resource can in the same apply (see Update); the
				// next refresh shows that.
				MarkdownDescription: "`yes` when the contact is its client's account owner, else `no`. Managed outside this resource " +
					"(`contacts_account_owner`): a change made in the same apply shows in this attribute after the next refresh.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "Name of the contact's user role, e.g. `Client`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"portal_user_id": schema.Int64Attribute{
				// Kept from state like account_owner: only a
				// contacts_portal_user changes it.
				MarkdownDescription: "Id of the contact's portal user, or null when the contact has no portal login. Managed outside this resource " +
					"(`contacts_portal_user`): a login created or deleted in the same apply shows in this attribute after the next refresh.",
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"created": schema.StringAttribute{
				MarkdownDescription: "When the contact was created (UTC, RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated": schema.StringAttribute{
				MarkdownDescription: "When the contact was last changed (UTC, RFC 3339).",
				Computed:            true,
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

// contactNameValidators are the plan-time checks of a required name:
// non-empty, bounded in characters (as the API counts), and trimmed.
func contactNameValidators() []validator.String {
	return []validator.String{
		stringvalidator.UTF8LengthBetween(1, contactMaxString),
		validators.Trimmed(),
	}
}

// contactOptionalValidators are the plan-time checks of an optional
// free-text field, which the API clears when given "": the empty string is
// refused with the advice to use null (nullMeans says what null does), and the
// length is counted in characters, as the API counts it.
func contactOptionalValidators(maxLen int, nullMeans string) []validator.String {
	return []validator.String{
		validators.NotEmptyUseNull(nullMeans),
		stringvalidator.UTF8LengthAtMost(maxLen),
		validators.Trimmed(),
	}
}

func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema("The contact's numeric id, assigned by the API; it never changes while the contact exists. " +
		"The email is not part of the identity: it can change (a new address is an in-place update).")
}

func (r *contactResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	r.client = r.data.apiClient()
}

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan contactResourceModel
	resp.Diagnostics.Append(getPlan(ctx, req.Plan, &plan)...)
	// Write-only values are null in the plan; only the configuration has them.
	var sendEmail types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("send_welcome_email"), &sendEmail)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "create", plan.Timeouts.Create, defaultCreateTimeout)
	defer finish()

	body := client.ContactCreateRequest{
		FirstName: plan.FirstName.ValueString(),
		LastName:  plan.LastName.ValueString(),
		Email:     plan.Email.ValueString(),
		ClientID:  plan.ClientID.ValueInt64(),
		Phone:     plan.Phone.ValueStringPointer(),
		Position:  plan.JobPosition.ValueStringPointer(),
		SendEmail: sendEmail.ValueBool(),
	}
	defer r.data.wrote(body.ClientID)
	created := create(ctx, &resp.Diagnostics, createCall[client.Contact]{
		summary:      "Error Creating Contact",
		what:         contactLabel(body.Email),
		kind:         "contact",
		resourceType: "contacts_contact",
		key:          fmt.Sprintf("the email address %q", body.Email),
		takenField:   "email",
		send:         func(ctx context.Context) (*client.Contact, error) { return r.client.CreateContact(ctx, body) },
		find: func(ctx context.Context) (*client.Contact, error) {
			return r.client.FindContactByEmail(ctx, body.Email)
		},
		id:       func(found *client.Contact) int64 { return found.ID },
		heldHere: r.data.contactHeldHere,
		report: func(diags *diag.Diagnostics, err error) {
			addAPIError(diags, "Error Creating Contact", contactLabel(body.Email), err, contactFieldPaths())
		},
	})
	if created == nil {
		return
	}
	r.data.plans().markCreated(createdContact, created.ID)
	if created.PortalUserID == nil {
		r.data.fresh.mark(created.ID)
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, contactResourceModel{contactModel: contactModelFrom(created), SendWelcomeEmail: types.BoolNull(), Timeouts: plan.Timeouts})...)
	setIdentity(ctx, resp.Identity, created.ID, &resp.Diagnostics)
}

func (r *contactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state contactResourceModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "read", state.Timeouts.Read, defaultReadTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "contact", &resp.Diagnostics)
	if !ok {
		return
	}
	// Before the request, as in the client's Read.
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)

	c, err := r.data.readContact(ctx, state.ClientID.ValueInt64(), id, batchread.Held[client.Contact]{Updated: state.Updated.ValueString()})
	r.data.notices.flush(&resp.Diagnostics)
	if errors.Is(err, client.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addReadError(&resp.Diagnostics, "Error Reading Contact", "contact "+state.ID.ValueString(), contactsList, err)
		return
	}
	r.data.readContacts.Store(id, mirrorOf(c))
	next := contactResourceModel{contactModel: contactModelFrom(c), SendWelcomeEmail: types.BoolNull(), Timeouts: state.Timeouts}
	if sameModel(next, state) {
		return // the response already holds the prior state
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, next)...)
}

func (r *contactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state contactResourceModel
	resp.Diagnostics.Append(getPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "update", plan.Timeouts.Update, defaultUpdateTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "contact", &resp.Diagnostics)
	if !ok {
		return
	}
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)

	defer r.data.wrote(state.ClientID.ValueInt64())
	updated, err := r.client.UpdateContact(ctx, id, client.ContactUpdateRequest{
		FirstName: plan.FirstName.ValueString(),
		LastName:  plan.LastName.ValueString(),
		Email:     plan.Email.ValueString(),
		// Always sent, as null when unset, so removing the attribute from
		// the configuration clears the value on the server.
		Phone:    client.SetOrNull(plan.Phone.ValueStringPointer()),
		Position: client.SetOrNull(plan.JobPosition.ValueStringPointer()),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Updating Contact", contactLabel(plan.Email.ValueString()), err, contactFieldPaths())
		return
	}
	next := contactModelFrom(updated)
	// The plan kept these from state: an update of the contact cannot
	// change them, and a change by another resource in this apply is the
	// next refresh's to record.
	if !plan.AccountOwner.IsUnknown() {
		next.AccountOwner = plan.AccountOwner
	}
	if !plan.PortalUserID.IsUnknown() {
		next.PortalUserID = plan.PortalUserID
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, contactResourceModel{contactModel: next, SendWelcomeEmail: types.BoolNull(), Timeouts: plan.Timeouts})...)
}

func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactResourceModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "delete", state.Timeouts.Delete, defaultDeleteTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "contact", &resp.Diagnostics)
	if !ok {
		return
	}

	// The contact's portal user goes with it.
	defer r.data.wrote(state.ClientID.ValueInt64())
	err := r.client.DeleteContact(ctx, id)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Error Deleting Contact", contactLabel(state.Email.ValueString()), err, nil)
	}
}

// ImportState accepts a contact's numeric id or its email address, or the
// identity.
func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importer{
		noun:     "contact",
		forms:    "Import a contact by its numeric id (e.g. 45) or by its email address (e.g. jane@acme.example).",
		lookupOK: importByEmail,
		find: func(ctx context.Context, email string) (int64, error) {
			c, err := r.client.FindContactByEmail(ctx, email)
			if err != nil {
				return 0, err
			}
			return c.ID, nil
		},
		notFound: "No contact has the email address %q (compared ignoring case). Check the address, or import by the contact's numeric id.",
		// Through the batched reads, so that the page that answers the
		// check also serves the Read that follows the import.
		get: func(ctx context.Context, id int64) error {
			_, err := r.data.readContact(ctx, 0, id, batchread.Held[client.Contact]{})
			return err
		},
		list: contactsList,
	}.importState(ctx, req, resp)
}

// contactLabel names a contact in diagnostics.
func contactLabel(email string) string {
	if email == "" {
		return "the contact"
	}
	return "contact " + email
}

// contactUseStateWhileUnchanged keeps a computed value from state while the
// attributes it is derived from keep their values, and leaves it unknown
// (to be recomputed by the API) once any of them changes.
func contactUseStateWhileUnchanged(sources ...path.Path) planmodifier.String {
	return contactStateWhileUnchanged{sources: sources}
}

type contactStateWhileUnchanged struct {
	sources []path.Path
}

func (m contactStateWhileUnchanged) Description(context.Context) string {
	names := make([]string, len(m.sources))
	for i, p := range m.sources {
		names[i] = p.String()
	}
	return "keeps the prior value unless " + strings.Join(names, " or ") + " changes"
}

func (m contactStateWhileUnchanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m contactStateWhileUnchanged) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, p := range m.sources {
		var planned, prior types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, p, &planned)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, p, &prior)...)
		if resp.Diagnostics.HasError() || !planned.Equal(prior) {
			return
		}
	}
	resp.PlanValue = req.StateValue
}
