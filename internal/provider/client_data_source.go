// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

var (
	_ datasource.DataSource                     = (*clientDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*clientDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*clientDataSource)(nil)
)

// NewClientDataSource returns the contacts_client data source.
func NewClientDataSource() datasource.DataSource {
	return &clientDataSource{}
}

type clientDataSource struct {
	client *client.Client
}

func (d *clientDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client"
}

func (d *clientDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one client company by its id or by its exact company name. Set exactly one of `id` and `company_name`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The client's numeric id, as a string. Set exactly one of `id` and `company_name`.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					idValidator("client", "12"),
				},
			},
			"company_name": schema.StringAttribute{
				MarkdownDescription: "The company name to look up, matched exactly but without regard to case or surrounding spaces (a partial name matches nothing). Set exactly one of `id` and `company_name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, clientCompanyNameMaxLength)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The client's status as the API reports it, e.g. `active`.",
				Computed:            true,
			},
			"created": schema.StringAttribute{
				MarkdownDescription: "When the client was created, UTC, e.g. `2026-06-15T09:30:00.000000Z`.",
				Computed:            true,
			},
			"updated": schema.StringAttribute{
				MarkdownDescription: "When the client was last changed, UTC.",
				Computed:            true,
			},
		},
	}
}

func (d *clientDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("company_name")),
	}
}

func (d *clientDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerDataFrom(req.ProviderData, &resp.Diagnostics).apiClient()
}

func (d *clientDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg clientModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var (
		acct *client.ClientAccount
		err  error
		attr path.Path
		what string
	)
	if !cfg.ID.IsNull() {
		attr, what = path.Root("id"), fmt.Sprintf("client id %s", cfg.ID.ValueString())
		id, ok := parseStateID(cfg.ID, "client", &resp.Diagnostics)
		if !ok {
			return
		}
		acct, err = d.client.GetClient(ctx, id)
	} else {
		attr, what = path.Root("company_name"), fmt.Sprintf("company name %q", cfg.CompanyName.ValueString())
		acct, err = d.client.FindClientByName(ctx, cfg.CompanyName.ValueString())
	}
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(attr, "Client Not Found",
			fmt.Sprintf("No client matches %s. Check the value; company names must match in full (case does not matter).", what))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading Client", what, err, nil)
		return
	}
	state := clientModelFrom(acct)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
