// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

var (
	_ datasource.DataSource              = (*portalUsersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*portalUsersDataSource)(nil)
)

// NewPortalUsersDataSource returns the contacts_portal_users data source.
func NewPortalUsersDataSource() datasource.DataSource {
	return &portalUsersDataSource{now: time.Now}
}

type portalUsersDataSource struct {
	client *client.Client
	// now is the clock that decides whether a role's expiry has passed.
	now func() time.Time
}

type portalUsersDataSourceModel struct {
	Status      types.String      `tfsdk:"status"`
	ClientID    types.Int64       `tfsdk:"client_id"`
	ContactID   types.Int64       `tfsdk:"contact_id"`
	Search      types.String      `tfsdk:"search"`
	PortalUsers []portalUserModel `tfsdk:"portal_users"`
}

func (d *portalUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_users"
}

func (d *portalUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the portal users that match every filter given, across all pages, ordered by id.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "`active` (the default), `terminated`, or `all` for both.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(client.StatusActive, client.StatusTerminated, "all")},
			},
			"client_id": schema.Int64Attribute{
				MarkdownDescription: "Only portal users of contacts of this client account.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"contact_id": schema.Int64Attribute{
				MarkdownDescription: "Only the portal user of this contact.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "Only portal users whose username, email or name contains this text, ignoring case.",
				Optional:            true,
				Validators:          []validator.String{validators.NotEmptyUseNull("list portal users without this filter")},
			},
			"portal_users": schema.ListNestedAttribute{
				MarkdownDescription: "The matching portal users.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: portalUserDataSourceAttributes()},
			},
		},
	}
}

func (d *portalUsersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerDataFrom(req.ProviderData, &resp.Diagnostics).apiClient()
}

func (d *portalUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg portalUsersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	users, err := d.client.ListPortalUsers(ctx, client.PortalUserListFilter{
		Status:    cfg.Status.ValueString(),
		ClientID:  cfg.ClientID.ValueInt64(),
		ContactID: cfg.ContactID.ValueInt64(),
		Search:    cfg.Search.ValueString(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing Portal Users", "the portal user list", err, nil)
		return
	}
	cfg.PortalUsers = make([]portalUserModel, 0, len(users))
	now := d.now()
	for i := range users {
		m, diags := portalUserModelFrom(ctx, &users[i], portalUserEmptyRoles(), now)
		resp.Diagnostics.Append(diags...)
		cfg.PortalUsers = append(cfg.PortalUsers, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
