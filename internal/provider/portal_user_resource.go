// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/batchread"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// The contacts_portal_user resource. Its schema, plan checks and update
// steps have files of their own (portal_user_schema.go, portal_user_plan.go,
// portal_user_update.go with portal_user_actions.go).

var (
	_ resource.Resource                   = (*portalUserResource)(nil)
	_ resource.ResourceWithConfigure      = (*portalUserResource)(nil)
	_ resource.ResourceWithImportState    = (*portalUserResource)(nil)
	_ resource.ResourceWithValidateConfig = (*portalUserResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*portalUserResource)(nil)
	_ resource.ResourceWithIdentity       = (*portalUserResource)(nil)
)

// NewPortalUserResource returns the contacts_portal_user resource.
func NewPortalUserResource() resource.Resource {
	return &portalUserResource{now: time.Now}
}

type portalUserResource struct {
	client *client.Client
	// data holds what this provider process records across resources.
	data *providerData
	// now is the clock that decides whether a role's expiry has passed.
	now func() time.Time
}

func (r *portalUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	r.client = r.data.apiClient()
}

func (r *portalUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan portalUserResourceModel
	resp.Diagnostics.Append(getPlan(ctx, req.Plan, &plan)...)
	// Write-only values are null in the plan; only the configuration has them.
	var password types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	roles, diags := rolesOf(ctx, plan.Roles)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "create", plan.Timeouts.Create, defaultCreateTimeout)
	defer finish()
	contactID := plan.ContactID.ValueInt64()
	what := fmt.Sprintf("the portal user of contact %d", contactID)
	body := client.PortalUserCreateRequest{
		ContactID:  contactID,
		Username:   plan.Username.ValueString(), // "" while unknown: the API defaults it to the contact's email
		AuthMethod: plan.AuthMethod.ValueString(),
		Password:   password.ValueString(),
		SendInvite: plan.SendInvite.ValueBool(),
		Roles:      roleGrants(roles, r.now()),
	}
	// From now on the contact may have a login: later plans ask the server.
	r.data.fresh.forget(contactID)
	var user *client.PortalUser
	// The client is the new user's; unknown when the create failed.
	defer func() {
		if user != nil {
			r.data.wrote(user.ClientID)
		} else {
			r.data.wrote(plan.ClientID.ValueInt64())
		}
	}()
	user = create(ctx, &resp.Diagnostics, r.createRequest(ctx, body, what))
	if user == nil {
		return
	}
	r.data.plans().markCreated(createdPortalUser, user.ID)
	id := user.ID
	state := r.stateFrom(ctx, user, plan, plan.Roles, &resp.Diagnostics)
	// Save at once: the user exists even if a step below fails, and the
	// state must say what the server holds.
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Status.ValueString() != client.StatusTerminated {
		return
	}
	user, err := r.actions(id).setStatus(ctx, client.StatusTerminated)
	if err != nil {
		r.undoCreate(ctx, resp, id, contactID, "Error Revoking Portal User Access", "its access could not be revoked", err)
		return
	}
	state = r.stateFrom(ctx, user, plan, plan.Roles, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// createRequest is the create request of body and how to settle its lost
// answer: the contact's portal user, if any, is looked up.
func (r *portalUserResource) createRequest(ctx context.Context, body client.PortalUserCreateRequest, what string) createCall[client.PortalUser] {
	contactID := body.ContactID
	return createCall[client.PortalUser]{
		summary:      "Error Creating Portal User",
		what:         what,
		kind:         "portal user",
		resourceType: "contacts_portal_user",
		key:          fmt.Sprintf("contact_id %d", contactID),
		takenField:   "contact_id",
		send:         func(ctx context.Context) (*client.PortalUser, error) { return r.client.CreatePortalUser(ctx, body) },
		find: func(ctx context.Context) (*client.PortalUser, error) {
			return r.client.FindPortalUserByContact(ctx, contactID)
		},
		id:       func(found *client.PortalUser) int64 { return found.ID },
		heldHere: r.data.portalUserHeldHere,
		report: func(diags *diag.Diagnostics, err error) {
			addPortalUserError(ctx, r.client, diags, "Error Creating Portal User", what, contactID, err)
		},
	}
}

// undoCreate deletes a portal user that Create made (or adopted) but could
// not finish, so that neither a login in a state other than the declared
// one nor a tainted object (whose replacement the one-user-per-contact
// check would refuse) is left behind. It runs even when the operation's
// context has ended.
func (r *portalUserResource) undoCreate(ctx context.Context, resp *resource.CreateResponse, id, contactID int64, summary, why string, err error) {
	addPortalUserError(ctx, r.client, &resp.Diagnostics, summary, fmt.Sprintf("new portal user %d", id), contactID, err)
	undoCtx, cancel := afterLoss(ctx)
	defer cancel()
	if derr := r.client.DeletePortalUser(undoCtx, id); derr != nil && !errors.Is(derr, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Error Removing Portal User After Failed Create",
			fmt.Sprintf("portal user %d, which stays active and in the state", id), derr, nil)
		return
	}
	resp.State.RemoveResource(ctx)
	resp.Diagnostics.AddWarning("Portal User Creation Undone",
		fmt.Sprintf("Portal user %d was deleted again because %s; the next apply creates it afresh.", id, why))
}

func (r *portalUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state portalUserResourceModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "read", state.Timeouts.Read, defaultReadTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "portal user", &resp.Diagnostics)
	if !ok {
		return
	}
	// Before the request, as in the client's Read.
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	prior := state
	// After an import only the id is known: the settings that the API does
	// not report take their defaults.
	if state.DeletionPolicy.IsNull() {
		state.DeletionPolicy = types.StringValue(deletionPolicyDelete)
	}
	if state.SendInvite.IsNull() {
		state.SendInvite = types.BoolValue(false)
	}
	user, err := r.data.readPortalUser(ctx, prior.ClientID.ValueInt64(), id, batchread.Held[client.PortalUser]{
		Updated: prior.Updated.ValueString(),
		Same:    r.data.agreesWithContact,
	})
	r.data.notices.flush(&resp.Diagnostics)
	if errors.Is(err, client.ErrNotFound) {
		// Deleted outside Terraform, directly or with its contact.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addReadError(&resp.Diagnostics, "Error Reading Portal User", fmt.Sprintf("portal user %d", id), portalUsersList, err)
		return
	}
	r.data.walk.markRead(id)
	newState := r.stateFrom(ctx, user, state, state.Roles, &resp.Diagnostics)
	if sameModel(newState, prior) {
		return // the response already holds the prior state
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, newState)...)
}

// Update applies the changes in a fixed order: attributes (PATCH), password,
// status, invitation. A failed step ends the update with the state the
// server holds (see portalUserUpdate).
func (r *portalUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior portalUserResourceModel
	resp.Diagnostics.Append(getPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(getState(ctx, req.State, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "update", plan.Timeouts.Update, defaultUpdateTimeout)
	defer finish()
	id, ok := parseStateID(prior.ID, "portal user", &resp.Diagnostics)
	if !ok {
		return
	}
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	defer r.data.wrote(prior.ClientID.ValueInt64())
	u := newPortalUserUpdate(r.client, r.now, id, plan, prior, resp)
	if !u.patch(ctx) || !u.password(ctx, req.Config) || !u.status(ctx) || !u.invite(ctx) {
		return
	}
	u.finish(ctx)
}

func (r *portalUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state portalUserResourceModel
	resp.Diagnostics.Append(getState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, finish := withTimeout(ctx, &resp.Diagnostics, "delete", state.Timeouts.Delete, defaultDeleteTimeout)
	defer finish()
	id, ok := parseStateID(state.ID, "portal user", &resp.Diagnostics)
	if !ok {
		return
	}
	what := fmt.Sprintf("portal user %d", id)
	defer r.data.wrote(state.ClientID.ValueInt64())
	if state.DeletionPolicy.ValueString() == deletionPolicyRevoke {
		_, err := r.actions(id).setStatus(ctx, client.StatusTerminated)
		if err != nil && !errors.Is(err, client.ErrNotFound) {
			addAPIError(&resp.Diagnostics, "Error Revoking Portal User Access", what, err, nil)
		}
		return
	}
	if err := r.client.DeletePortalUser(ctx, id); err != nil && !errors.Is(err, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Error Deleting Portal User", what, err, nil)
	}
}

// ImportState accepts a numeric id, a username or the contact's email, or
// the identity; Read fills in the rest. The password is left alone.
func (r *portalUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importer{
		noun:  "portal user",
		forms: "Import a portal user by its numeric id, its username or its contact's email, e.g. `terraform import contacts_portal_user.example 301`.",
		find: func(ctx context.Context, login string) (int64, error) {
			user, err := r.findByLogin(ctx, login)
			if err != nil {
				return 0, err
			}
			return user.ID, nil
		},
		notFound: "No portal user, active or terminated, has the username or email %q. Check the spelling, or import by numeric id.",
		// As the contact's: the page serves the check and the Read.
		get: func(ctx context.Context, id int64) error {
			_, err := r.data.readPortalUser(ctx, 0, id, batchread.Held[client.PortalUser]{Same: r.data.agreesWithContact})
			return err
		},
		list: portalUsersList,
	}.importState(ctx, req, resp)
}

// findByLogin finds a portal user of any status by username, then by the
// contact's email, both ignoring case.
func (r *portalUserResource) findByLogin(ctx context.Context, login string) (*client.PortalUser, error) {
	return r.client.FindPortalUserByLogin(ctx, login)
}

// actions returns the API's actions on portal user id.
func (r *portalUserResource) actions(id int64) portalUserActions {
	return portalUserActions{client: r.client, id: id}
}

// stateFrom maps the API object and keeps the settings only Terraform knows
// from base.
func (r *portalUserResource) stateFrom(ctx context.Context, u *client.PortalUser, base portalUserResourceModel, priorRoles types.Set, diags *diag.Diagnostics) portalUserResourceModel {
	return portalUserStateFrom(ctx, u, base, priorRoles, r.now(), diags)
}
