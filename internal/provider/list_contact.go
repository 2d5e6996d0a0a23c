// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

var _ list.ListResourceWithConfigure = (*contactList)(nil)

// NewContactListResource returns the contacts_contact list resource.
func NewContactListResource() list.ListResource { return &contactList{} }

type contactList struct{ listResourceBase }

type contactListModel struct {
	ClientID types.Int64  `tfsdk:"client_id"`
	Search   types.String `tfsdk:"search"`
}

func (l *contactList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

// listClientIDAttribute is the client_id filter of the list resources.
func listClientIDAttribute(what string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "Only " + what + " of the client with this numeric id. A client that does not exist fails the query with an error " +
			"naming it. Unset lists those of every client.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
}

func (l *contactList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists contacts, for `terraform query` (Terraform 1.14 and later). Each result's identity is the contact's id " +
			"and its display name `First Last <email>`; with `include_resource = true` it carries the `contacts_contact` resource as a read " +
			"would build it, from the list pages alone (100 contacts per request).",
		Attributes: map[string]schema.Attribute{
			"client_id": listClientIDAttribute("the contacts"),
			"search": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only contacts whose name, email or phone contains this text (case does not matter).",
			},
		},
	}
}

func (l *contactList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg contactListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	c := l.data.apiClient()
	filter := client.ContactListFilter{ClientID: cfg.ClientID.ValueInt64(), Search: cfg.Search.ValueString()}
	stream.Results = contactsSource(c, filter, "contact").withResult(func(ctx context.Context, ct *client.Contact, res *list.ListResult) bool {
		newListResult(ctx, req, ct.ID, res)
		res.DisplayName = contactDisplayName(ct)
		if req.IncludeResource {
			next := contactResourceModel{contactModel: contactModelFrom(ct), SendWelcomeEmail: types.BoolNull(), Timeouts: nullTimeouts(ctx, req)}
			res.Diagnostics.Append(res.Resource.Set(ctx, next)...)
		}
		return true
	}).stream(ctx, req.Limit)
}

// contactsSource reads the contacts of filter, page by page.
func contactsSource(c *client.Client, filter client.ContactListFilter, noun string) listSource[client.Contact] {
	return listSource[client.Contact]{
		noun: noun,
		request: listRequest("/api/contacts", "client_id", strconv.FormatInt(filter.ClientID, 10),
			"account_owner", filter.AccountOwner, "search", filter.Search),
		keys: listContactKeys,
		page: func(ctx context.Context, p client.Page) ([]client.Listed[client.Contact], client.Meta, error) {
			return c.ListedContactsPage(ctx, filter, p)
		},
		get: c.GetContact,
		id:  func(ct client.Contact) int64 { return ct.ID },
		onEmpty: func(ctx context.Context, diags *diag.Diagnostics) {
			checkClientExists(ctx, c, filter.ClientID, diags)
		},
	}
}

// withResult is s with its result function.
func (s listSource[T]) withResult(result func(context.Context, *T, *list.ListResult) bool) listSource[T] {
	s.result = result
	return s
}

// contactDisplayName is `First Last <email>`.
func contactDisplayName(ct *client.Contact) string {
	return fmt.Sprintf("%s %s <%s>", ct.FirstName, ct.LastName, ct.Email)
}
