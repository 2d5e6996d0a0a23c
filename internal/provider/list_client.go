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

var _ list.ListResourceWithConfigure = (*clientList)(nil)

// NewClientListResource returns the contacts_client list resource.
func NewClientListResource() list.ListResource { return &clientList{} }

type clientList struct{ listResourceBase }

type clientListModel struct {
	Search types.String `tfsdk:"search"`
}

func (l *clientList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client"
}

func (l *clientList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists client companies, for `terraform query` (Terraform 1.14 and later). Each result's identity is the client's id " +
			"and its display name the company name; with `include_resource = true` it carries the `contacts_client` resource as a read would " +
			"build it, from the list pages alone (100 clients per request).",
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only clients whose company name contains this text (case does not matter). Unset lists every client.",
			},
		},
	}
}

func (l *clientList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg clientListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	c := l.data.apiClient()
	filter := client.ClientListFilter{Search: cfg.Search.ValueString()}
	stream.Results = listSource[client.ClientAccount]{
		noun:    "client",
		request: listRequest("/api/clients", "search", filter.Search),
		keys:    listClientKeys,
		page: func(ctx context.Context, p client.Page) ([]client.Listed[client.ClientAccount], client.Meta, error) {
			return c.ListedClientsPage(ctx, filter, p)
		},
		get: c.GetClient,
		id:  func(a client.ClientAccount) int64 { return a.ID },
		result: func(ctx context.Context, a *client.ClientAccount, res *list.ListResult) bool {
			newListResult(ctx, req, a.ID, res)
			res.DisplayName = a.CompanyName
			if req.IncludeResource {
				res.Diagnostics.Append(res.Resource.Set(ctx, clientResourceModel{clientModel: clientModelFrom(a), Timeouts: nullTimeouts(ctx, req)})...)
			}
			return true
		},
	}.stream(ctx, req.Limit)
}
