// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

var _ list.ListResourceWithConfigure = (*portalUserList)(nil)

// NewPortalUserListResource returns the contacts_portal_user list resource.
func NewPortalUserListResource() list.ListResource { return &portalUserList{now: time.Now} }

type portalUserList struct {
	listResourceBase
	// now decides whether a role's expiry has passed, as in the resource.
	now func() time.Time
}

type portalUserListModel struct {
	ClientID types.Int64  `tfsdk:"client_id"`
	Status   types.String `tfsdk:"status"`
	Search   types.String `tfsdk:"search"`
}

// portalUserListStatuses are the values of the status filter; all is the
// default, so that an import sees revoked logins too.
var portalUserListStatuses = []string{client.StatusActive, client.StatusTerminated, "all"}

func (l *portalUserList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user"
}

func (l *portalUserList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists portal users (client-portal logins), for `terraform query` (Terraform 1.14 and later). Each result's identity " +
			"is the portal user's id and its display name `username (status)`; with `include_resource = true` it carries the " +
			"`contacts_portal_user` resource as a read after an import would build it, from the list pages alone (100 per request): " +
			"no password, `deletion_policy = \"delete\"` and `send_invite = false`, so importing it changes nothing and sends no email.",
		Attributes: map[string]schema.Attribute{
			"client_id": listClientIDAttribute("the portal users"),
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`active`, `terminated` (revoked logins) or `all`. Defaults to `all`, so that an import brings revoked " +
					"logins under Terraform too.",
				Validators: []validator.String{stringvalidator.OneOf(portalUserListStatuses...)},
			},
			"search": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only portal users whose username, email or name contains this text (case does not matter).",
			},
		},
	}
}

func (l *portalUserList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg portalUserListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	status := cfg.Status.ValueString()
	if status == "" {
		status = "all"
	}
	c := l.data.apiClient()
	filter := client.PortalUserListFilter{ClientID: cfg.ClientID.ValueInt64(), Status: status, Search: cfg.Search.ValueString()}
	now := l.now()
	stream.Results = listSource[client.PortalUser]{
		noun: "portal user",
		request: listRequest("/api/portal-users", "client_id", strconv.FormatInt(filter.ClientID, 10),
			"status", filter.Status, "search", filter.Search),
		keys: listPortalUserKeys,
		page: func(ctx context.Context, p client.Page) ([]client.Listed[client.PortalUser], client.Meta, error) {
			return c.ListedPortalUsersPage(ctx, filter, p)
		},
		get: c.GetPortalUser,
		id:  func(u client.PortalUser) int64 { return u.ID },
		onEmpty: func(ctx context.Context, diags *diag.Diagnostics) {
			checkClientExists(ctx, c, filter.ClientID, diags)
		},
		result: func(ctx context.Context, u *client.PortalUser, res *list.ListResult) bool {
			newListResult(ctx, req, u.ID, res)
			res.DisplayName = fmt.Sprintf("%s (%s)", u.Username, u.Status)
			if req.IncludeResource {
				next := portalUserStateFrom(ctx, u, importedPortalUserBase(nullTimeouts(ctx, req)), types.SetNull(portalUserRoleType), now, &res.Diagnostics)
				res.Diagnostics.Append(res.Resource.Set(ctx, next)...)
			}
			return true
		},
	}.stream(ctx, req.Limit)
}

// importedPortalUserBase holds the settings that the API never reports as
// Read gives them to a portal user just imported: no password version, no
// invitation, deletion_policy delete. A list result carries the same, so
// configuration generated from it plans no change.
func importedPortalUserBase(t timeouts.Value) portalUserResourceModel {
	return portalUserResourceModel{
		PasswordWOVersion: types.Int64Null(),
		SendInvite:        types.BoolValue(false),
		InviteVersion:     types.Int64Null(),
		DeletionPolicy:    types.StringValue(deletionPolicyDelete),
		Timeouts:          t,
	}
}
