// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ action.Action               = (*portalUserSendInviteAction)(nil)
	_ action.ActionWithConfigure  = (*portalUserSendInviteAction)(nil)
	_ action.ActionWithModifyPlan = (*portalUserSendInviteAction)(nil)
)

// NewPortalUserSendInviteAction is the contacts_portal_user_send_invite action.
func NewPortalUserSendInviteAction() action.Action { return &portalUserSendInviteAction{} }

type portalUserSendInviteAction struct {
	portalUserActionBase
}

type portalUserSendInviteModel struct {
	PortalUserID types.String `tfsdk:"portal_user_id"`
}

func (a *portalUserSendInviteAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user_send_invite"
}

func (a *portalUserSendInviteAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends a portal user's invitation email again, once, each time the action runs: with " +
			"`terraform apply -invoke=action.contacts_portal_user_send_invite.NAME`, or from a resource's `lifecycle { action_trigger { ... } }`. " +
			"Requires Terraform 1.14 or later; OpenTofu and older Terraform releases have no actions, and use the portal user's `invite_version` instead.\n\n" +
			"Works on a portal user that Terraform manages (`contacts_portal_user.NAME.id`) and on one it does not (its id). " +
			"Nothing is written to the state: the user's `invitation_status` and `invitation_sent_at` follow on its next refresh, with no planned change. " +
			"The Contacts API invites only active users: a terminated user is refused (409). " +
			"If the answer is lost, the provider retries with the same `Idempotency-Key` and then reads the user back, so one invocation never sends two emails.",
		Attributes: map[string]schema.Attribute{
			"portal_user_id": portalUserIDAttribute(),
		},
	}
}

func (a *portalUserSendInviteAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	const summary = "Error Sending Portal User Invitation"
	var cfg portalUserSendInviteModel
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
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Sending the portal invitation of login %q (portal user %d)", before.Username, before.ID)})
	acts := portalUserActions{client: a.client, id: before.ID}
	user, err := acts.sendInvite(ctx, types.StringPointerValue(before.Invitation.SentAt))
	if err != nil {
		addPortalUserActionError(ctx, a.client, &resp.Diagnostics, summary, before.ID, before, err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Sent the portal invitation of login %q to %s", user.Username, user.Email)})
}
