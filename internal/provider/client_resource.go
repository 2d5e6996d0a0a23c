// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

var (
	_ resource.Resource                = (*clientResource)(nil)
	_ resource.ResourceWithConfigure   = (*clientResource)(nil)
	_ resource.ResourceWithImportState = (*clientResource)(nil)
	_ resource.ResourceWithIdentity    = (*clientResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*clientResource)(nil)
)

// NewClientResource returns the contacts_client resource.
func NewClientResource() resource.Resource {
	return &clientResource{}
}

type clientResource struct {
	data   *providerData
	client *client.Client
}

// clientResourceModel adds the resource's own settings to the attributes
// every client has.
type clientResourceModel struct {
	clientModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *clientResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client"
}

func (r *clientResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A client company in the Contacts API: the account that contacts belong to.\n\n" +
			"A client cannot be destroyed while it still has contacts: the API refuses with " +
			"\"The client still has contacts.\" Destroy the client's contacts first: a contact cannot move to another client " +
			"(a new `client_id` replaces it).\n\n" +
			"Import accepts the client's numeric id or its exact company name (compared without regard to case), and on Terraform 1.12 or later " +
			"(OpenTofu 1.12 or later) an import block takes the client's identity, its id: `identity = { id = 12 }`. The company name is not part of the identity because a rename changes it in place.\n\n" +
			"If the answer to a create is lost (network failure, server error or time limit after all retries), the provider repeats the request " +
			"with its `Idempotency-Key`, so the server answers it as it answered the first. A client with the planned name that cannot be proven to be " +
			"this request's is never adopted: the error names its id and the `terraform import` that adopts it on purpose.\n\n" +
			"When the same run deletes the client's contacts, as `terraform destroy` does for a configuration written by `-generate-config-out` " +
			"(whose literal `client_id` values give Terraform no order, so it deletes the client and its contacts in parallel), the client's delete " +
			"waits while the number of its contacts goes down and succeeds once they are gone. It fails with the API's refusal when " +
			fmt.Sprintf("no contact has gone for %s, or when the delete timeout ends.", defaultContactsGoneWait.stall),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The client's numeric id, as a string.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"company_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The company's name: 1 to %d characters, unique among clients regardless of case. Changing it renames the client in place.", clientCompanyNameMaxLength),
				Required:            true,
				Validators:          clientCompanyNameValidators(),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The client's status as the API reports it, e.g. `active`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created": schema.StringAttribute{
				MarkdownDescription: "When the client was created, UTC, e.g. `2026-06-15T09:30:00.000000Z`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated": schema.StringAttribute{
				MarkdownDescription: "When the client was last changed, UTC.",
				Computed:            true,
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

func (r *clientResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema("The client's numeric id, assigned by the API; it never changes while the client exists. " +
		"The company name is not part of the identity: it can change (a rename is an in-place update).")
}

func (r *clientResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	r.client = r.data.apiClient()
}

// ModifyPlan only warns when the plan changes the client and the API key
// cannot write.
func (r *clientResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.data.warnReadOnlyKey(ctx, req, &resp.Diagnostics)
}

func (r *clientResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clientResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "create", plan.Timeouts.Create, defaultCreateTimeout)
	defer finish()
	name := plan.CompanyName.ValueString()
	what := fmt.Sprintf("client %q", name)
	acct := create(ctx, &resp.Diagnostics, createCall[client.ClientAccount]{
		summary:      "Error Creating Client",
		what:         what,
		kind:         "client",
		resourceType: "contacts_client",
		key:          fmt.Sprintf("the company name %q", name),
		takenField:   "company_name",
		send: func(ctx context.Context) (*client.ClientAccount, error) {
			return r.client.CreateClient(ctx, client.ClientCreateRequest{CompanyName: name})
		},
		find: func(ctx context.Context) (*client.ClientAccount, error) { return r.client.FindClientByName(ctx, name) },
		id:   func(found *client.ClientAccount) int64 { return found.ID },
		report: func(diags *diag.Diagnostics, err error) {
			addAPIError(diags, "Error Creating Client", what, err, clientFieldPaths())
		},
	})
	if acct == nil {
		return
	}
	state := clientResourceModel{clientModel: clientModelFrom(acct), Timeouts: plan.Timeouts}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, acct.ID, &resp.Diagnostics)
}

func (r *clientResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clientResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "read", state.Timeouts.Read, defaultReadTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "client", &resp.Diagnostics)
	if !ok {
		return
	}
	// Before the request: a state without identity (written by an engine
	// or a provider version without it) gets one even when Read drops
	// the resource, which the framework requires.
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	acct, err := r.client.GetClient(ctx, id)
	if errors.Is(err, client.ErrNotFound) {
		// Deleted outside Terraform: drop it so the plan re-creates it.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading Client", fmt.Sprintf("client %d", id), err, clientFieldPaths())
		return
	}
	next := state
	next.clientModel = clientModelFrom(acct)
	if sameModel(next, state) {
		return // the response already holds the prior state
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *clientResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clientResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "update", plan.Timeouts.Update, defaultUpdateTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "client", &resp.Diagnostics)
	if !ok {
		return
	}
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	name := plan.CompanyName.ValueString()
	acct, err := r.client.UpdateClient(ctx, id, client.ClientUpdateRequest{CompanyName: client.Set(name)})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Updating Client", fmt.Sprintf("client %d (renaming it to %q)", id, name), err, clientFieldPaths())
		return
	}
	state = clientResourceModel{clientModel: clientModelFrom(acct), Timeouts: plan.Timeouts}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *clientResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clientResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "delete", state.Timeouts.Delete, defaultDeleteTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "client", &resp.Diagnostics)
	if !ok {
		return
	}
	wait := defaultContactsGoneWait
	left, err := wait.deleteClient(ctx, r.client, id)
	var apiErr *client.APIError
	switch {
	case err == nil, errors.Is(err, client.ErrNotFound):
		return
	case errors.Is(err, client.ErrConflict) && errors.As(err, &apiErr):
		resp.Diagnostics.AddError("Error Deleting Client",
			fmt.Sprintf("The Contacts API refused to delete client %q (id %d): %s "+
				"Destroy the client's contacts first (a contact cannot move to another client: a new client_id replaces it), then run the destroy again.%s",
				state.CompanyName.ValueString(), id, apiErr.Message, wait.stallNote(left)))
	default:
		addAPIError(&resp.Diagnostics, "Error Deleting Client", fmt.Sprintf("client %q (id %d)", state.CompanyName.ValueString(), id), err, clientFieldPaths())
	}
}

// ImportState accepts a numeric id or an exact company name, or the
// identity.
func (r *clientResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importer{
		noun:  "client",
		forms: "Import a client by its numeric id (e.g. 12) or by its exact company name (case does not matter; partial names do not match).",
		find: func(ctx context.Context, name string) (int64, error) {
			acct, err := r.client.FindClientByName(ctx, name)
			if err != nil {
				return 0, err
			}
			return acct.ID, nil
		},
		notFound: "No client has the company name %q. Import takes a numeric client id or the exact company name (case does not matter; partial names do not match).",
		get: func(ctx context.Context, id int64) error {
			_, err := r.client.GetClient(ctx, id)
			return err
		},
	}.importState(ctx, req, resp)
}
