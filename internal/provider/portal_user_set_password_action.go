// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

var (
	_ action.Action               = (*portalUserSetPasswordAction)(nil)
	_ action.ActionWithConfigure  = (*portalUserSetPasswordAction)(nil)
	_ action.ActionWithModifyPlan = (*portalUserSetPasswordAction)(nil)
)

// NewPortalUserSetPasswordAction is the contacts_portal_user_set_password action.
func NewPortalUserSetPasswordAction() action.Action { return &portalUserSetPasswordAction{} }

type portalUserSetPasswordAction struct {
	portalUserActionBase
}

type portalUserSetPasswordModel struct {
	PortalUserID types.String `tfsdk:"portal_user_id"`
	PasswordWO   types.String `tfsdk:"password_wo"`
}

func (a *portalUserSetPasswordAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user_set_password"
}

func (a *portalUserSetPasswordAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets a portal user's password now, without the old one (the API's administrator password reset), each time the action runs: with " +
			"`terraform apply -invoke=action.contacts_portal_user_set_password.NAME`, or from a resource's `lifecycle { action_trigger { ... } }`. " +
			"Requires Terraform 1.14 or later; OpenTofu and older Terraform releases have no actions, and use the portal user's " +
			"`password_wo` with a new `password_wo_version` instead.\n\n" +
			"Works on a portal user that Terraform manages (`contacts_portal_user.NAME.id`) and on one it does not (its id). " +
			"The password is never written to the plan, the state, the logs or the progress lines. " +
			"Nothing is written to the state: the user's `password_updated_at` follows on its next refresh, with no planned change. " +
			"A user that signs in with Azure (`auth_method = \"azure\"`) has no password and is refused (409).",
		Attributes: map[string]schema.Attribute{
			"portal_user_id": portalUserIDAttribute(),
			"password_wo": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The new password: %d to %d characters with at least one letter and one number, checked at plan time when its value is known. "+
					"Write-only: never stored in the plan or the state. Take it from an `ephemeral` input variable or an ephemeral resource: "+
					"a literal stays in the configuration's files, and a variable that is not ephemeral is saved in a plan file.", validators.PasswordMinLength, validators.PasswordMaxLength),
				Required:   true,
				WriteOnly:  true,
				Validators: []validator.String{validators.Password()},
			},
		},
	}
}

// ModifyPlan checks the password at plan time, besides the key's scope. Terraform validates an
// action's configuration before variables are known (an ephemeral or
// sensitive variable is unknown then), so the schema's validator alone
// would let a weak password reach the API at apply.
func (a *portalUserSetPasswordAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.portalUserActionBase.ModifyPlan(ctx, req, resp)
	var password types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	if password.IsNull() || password.IsUnknown() {
		return
	}
	check := validator.StringResponse{}
	validators.Password().ValidateString(ctx, validator.StringRequest{Path: path.Root("password_wo"), ConfigValue: password}, &check)
	resp.Diagnostics.Append(check.Diagnostics...)
}

func (a *portalUserSetPasswordAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	const summary = "Error Setting Portal User Password"
	var cfg portalUserSetPasswordModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, portalUserActionTimeout)
	defer cancel()
	before, ok := a.start(ctx, cfg.PortalUserID, summary, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Setting the password of login %q (portal user %d)", before.Username, before.ID)})
	acts := portalUserActions{client: a.client, id: before.ID}
	user, err := acts.setPassword(ctx, cfg.PasswordWO.ValueString(), types.StringPointerValue(before.PasswordUpdatedAt))
	if err != nil {
		addPortalUserActionError(ctx, a.client, &resp.Diagnostics, summary, before.ID, before, err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Set the password of login %q", user.Username)})
}
