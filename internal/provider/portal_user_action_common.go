// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// The portal-user actions (Terraform 1.14 and later) run one operation on
// demand and write nothing to state: the portal user's own resource, if
// any, sees the result on its next refresh. They go through the same
// client, and so the same retries, idempotency keys, pacing and redaction,
// and through the same portalUserActions as the resource's in-place
// updates, so that a lost answer is settled by reading the user back
// instead of by sending again.

// portalUserActionTimeout bounds one invocation, retries included, as the
// resource's update timeout does by default.
const portalUserActionTimeout = defaultUpdateTimeout

// portalUserActionBase holds what both portal-user actions share: the
// provider's data and its client.
type portalUserActionBase struct {
	data   *providerData
	client *client.Client
}

func (a *portalUserActionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	a.client = a.data.apiClient()
}

// ModifyPlan warns, as a resource's plan does, when the provider's API key
// cannot write: the plan of an invocation passes review, its apply gets 403.
func (a *portalUserActionBase) ModifyPlan(ctx context.Context, _ action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.data.warnReadOnlyKeyForWrite(ctx, &resp.Diagnostics)
}

// portalUserIDAttribute is the portal_user_id of both actions.
func portalUserIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Numeric id of the portal user, as a string: `contacts_portal_user.NAME.id` for a user that Terraform manages, " +
			"or the id itself (such as `\"301\"`) for one it does not.",
		Required:   true,
		Validators: []validator.String{idValidator("portal user", "301")},
	}
}

// start readies one invocation: the API's id of the user, the client
// (with a diagnostic when the provider was not configured) and the user as
// the server holds it before the action, which names the login in the
// progress lines and lets a lost answer be settled. ok is false when an
// error was added.
func (a *portalUserActionBase) start(ctx context.Context, raw types.String, summary string, diags *diag.Diagnostics) (*client.PortalUser, bool) {
	id, valid := parseID(raw.ValueString())
	if !valid {
		diags.AddAttributeError(path.Root("portal_user_id"), summary,
			fmt.Sprintf("Attribute portal_user_id: %q is not a portal user id: ids are %s.", raw.ValueString(), idRule))
		return nil, false
	}
	if a.client == nil {
		diags.AddError(summary, "The contacts provider is not configured, so the action cannot reach the Contacts API. Check the provider block.")
		return nil, false
	}
	user, err := a.client.GetPortalUser(ctx, id)
	if err != nil {
		addPortalUserActionError(ctx, a.client, diags, summary, id, nil, err)
		return nil, false
	}
	return user, true
}

// addPortalUserActionError reports a failed action. An unknown id lands on
// portal_user_id, and a refusal of the user's state (409) says what to
// change; everything else reads as it does for the resource. user is the
// user as read before the action, or nil.
func addPortalUserActionError(ctx context.Context, c *client.Client, diags *diag.Diagnostics, summary string, id int64, user *client.PortalUser, err error) {
	what := fmt.Sprintf("portal user %d", id)
	if user != nil {
		what = fmt.Sprintf("portal user %d (login %q)", id, user.Username)
	}
	var apiErr *client.APIError
	message := ""
	if errors.As(err, &apiErr) {
		message = apiErr.Message
	}
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("portal_user_id"), summary,
			fmt.Sprintf("The Contacts API has no portal user with id %d (404: %s). Check portal_user_id: the user may have been deleted, or the id belongs to another kind of object.", id, message))
	case errors.Is(err, client.ErrConflict) && user != nil && user.Status == client.StatusTerminated:
		diags.AddError(summary, fmt.Sprintf("The Contacts API refused the action on %s because its access is revoked (409: %s). "+
			"Grant it access again first (status = \"active\" on its contacts_portal_user, then terraform apply), and invoke the action again.", what, message))
	case errors.Is(err, client.ErrConflict) && user != nil && user.AuthMethod == client.AuthAzure:
		diags.AddError(summary, fmt.Sprintf("The Contacts API refused the action on %s because it signs in with Azure single sign-on and has no password (409: %s). "+
			"Its password belongs to Azure; to give it a password, switch it to auth_method = \"local\" first.", what, message))
	default:
		addPortalUserError(ctx, c, diags, summary, what, 0, err)
	}
}
