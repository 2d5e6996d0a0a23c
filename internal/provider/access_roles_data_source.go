// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

var (
	_ datasource.DataSource              = (*accessRolesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*accessRolesDataSource)(nil)
)

// NewAccessRolesDataSource returns the contacts_access_roles data source.
func NewAccessRolesDataSource() datasource.DataSource {
	return &accessRolesDataSource{}
}

type accessRolesDataSource struct {
	client *client.Client
}

type accessRolesDataSourceModel struct {
	AccessRoles []accessRoleModel `tfsdk:"access_roles"`
}

type accessRoleModel struct {
	Reference   types.String `tfsdk:"reference"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

func (d *accessRolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_roles"
}

func (d *accessRolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the access roles the server defines; their references are what `contacts_portal_user` accepts in `roles`. " +
			"References are case-sensitive: use them exactly as listed (`billing`, not `Billing`).",
		Attributes: map[string]schema.Attribute{
			"access_roles": schema.ListNestedAttribute{
				MarkdownDescription: "Every access role, in the server's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"reference":   schema.StringAttribute{MarkdownDescription: "Reference used in `roles`, e.g. `billing` (case-sensitive).", Computed: true},
					"name":        schema.StringAttribute{MarkdownDescription: "Display name.", Computed: true},
					"description": schema.StringAttribute{MarkdownDescription: "What the role allows.", Computed: true},
				}},
			},
		},
	}
}

func (d *accessRolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerDataFrom(req.ProviderData, &resp.Diagnostics).apiClient()
}

func (d *accessRolesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	roles, err := d.client.ListAccessRoles(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Listing Access Roles", "the access role list", err, nil)
		return
	}
	out := accessRolesDataSourceModel{AccessRoles: make([]accessRoleModel, 0, len(roles))}
	for _, r := range roles {
		out.AccessRoles = append(out.AccessRoles, accessRoleModel{
			Reference:   types.StringValue(r.Reference),
			Name:        types.StringValue(r.Name),
			Description: types.StringValue(r.Description),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}
