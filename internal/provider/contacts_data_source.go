// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

var (
	_ datasource.DataSource              = (*contactsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*contactsDataSource)(nil)
)

// NewContactsDataSource returns the contacts_contacts data source.
func NewContactsDataSource() datasource.DataSource {
	return &contactsDataSource{}
}

type contactsDataSource struct {
	client *client.Client
}

type contactsDataSourceModel struct {
	Status       types.String   `tfsdk:"status"`
	ClientID     types.Int64    `tfsdk:"client_id"`
	AccountOwner types.String   `tfsdk:"account_owner"`
	Search       types.String   `tfsdk:"search"`
	Sort         types.String   `tfsdk:"sort"`
	Order        types.String   `tfsdk:"order"`
	Contacts     []contactModel `tfsdk:"contacts"`
}

func (d *contactsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contacts"
}

func (d *contactsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the contacts that match every filter given, following all pages of the API's list. Deleted contacts never appear.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Only contacts with this status, e.g. `active`. An unknown status matches nothing.",
				Optional:            true,
				Validators:          []validator.String{validators.NotEmptyUseNull("list contacts of any status")},
			},
			"client_id": schema.Int64Attribute{
				MarkdownDescription: "Only contacts of this client account.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"account_owner": schema.StringAttribute{
				MarkdownDescription: "`yes` for account owners only, `no` for everyone else.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("yes", "no")},
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "Only contacts whose first name, last name, email or phone contains this text, ignoring case.",
				Optional:            true,
				Validators:          []validator.String{validators.NotEmptyUseNull("list contacts without this filter")},
			},
			"sort": schema.StringAttribute{
				MarkdownDescription: "Field to sort by: `first_name`, `last_name`, `email`, `created` or `updated` (sorting ignores case). Default: by id.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("first_name", "last_name", "email", "created", "updated")},
			},
			"order": schema.StringAttribute{
				MarkdownDescription: "Sort direction, `asc` (default) or `desc`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("asc", "desc")},
			},
			"contacts": schema.ListNestedAttribute{
				MarkdownDescription: "The matching contacts, in the requested order.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: contactDataSourceAttributes()},
			},
		},
	}
}

func (d *contactsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerDataFrom(req.ProviderData, &resp.Diagnostics).apiClient()
}

func (d *contactsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg contactsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	list, err := d.client.ListContacts(ctx, client.ContactListFilter{
		Status:       cfg.Status.ValueString(),
		ClientID:     cfg.ClientID.ValueInt64(),
		AccountOwner: cfg.AccountOwner.ValueString(),
		Search:       cfg.Search.ValueString(),
		Sort:         cfg.Sort.ValueString(),
		Order:        cfg.Order.ValueString(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing Contacts", "the contact list", err, fieldPaths{
			"status":        path.Root("status"),
			"client_id":     path.Root("client_id"),
			"account_owner": path.Root("account_owner"),
			"search":        path.Root("search"),
			"sort":          path.Root("sort"),
			"order":         path.Root("order"),
		})
		return
	}
	cfg.Contacts = make([]contactModel, len(list))
	for i := range list {
		cfg.Contacts[i] = contactModelFrom(&list[i])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
