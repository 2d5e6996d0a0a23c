// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

var _ list.ListResourceWithConfigure = (*accountOwnerList)(nil)

// NewAccountOwnerListResource returns the contacts_account_owner list resource.
func NewAccountOwnerListResource() list.ListResource { return &accountOwnerList{} }

type accountOwnerList struct{ listResourceBase }

type accountOwnerListModel struct {
	ClientID types.Int64 `tfsdk:"client_id"`
}

func (l *accountOwnerList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_owner"
}

func (l *accountOwnerList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists account owners, for `terraform query` (Terraform 1.14 and later): one result per client that has an owner. " +
			"Each result's identity is the client's id, as the `contacts_account_owner` resource's, and its display name " +
			"`Company: First Last <email>`; with `include_resource = true` it carries the resource as a read would build it, " +
			"from the list of owning contacts alone (100 per request).",
		Attributes: map[string]schema.Attribute{
			"client_id": listClientIDAttribute("the account owner"),
		},
	}
}

func (l *accountOwnerList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg accountOwnerListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	c := l.data.apiClient()
	filter := client.ContactListFilter{ClientID: cfg.ClientID.ValueInt64(), AccountOwner: "yes"}
	stream.Results = contactsSource(c, filter, "account owner").withResult(func(ctx context.Context, owner *client.Contact, res *list.ListResult) bool {
		if owner.AccountOwner != "yes" {
			return false // the filter's answer, checked as Read checks it
		}
		newListResult(ctx, req, owner.Client.ID, res)
		res.DisplayName = owner.Client.CompanyName + ": " + contactDisplayName(owner)
		if req.IncludeResource {
			next := accountOwnerModelFrom(owner, accountOwnerModel{Timeouts: nullTimeouts(ctx, req)})
			res.Diagnostics.Append(res.Resource.Set(ctx, &next)...)
		}
		return true
	}).stream(ctx, req.Limit)
}
