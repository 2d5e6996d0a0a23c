// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

var (
	_ datasource.DataSource                     = (*contactDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*contactDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*contactDataSource)(nil)
)

// NewContactDataSource returns the contacts_contact data source.
func NewContactDataSource() datasource.DataSource {
	return &contactDataSource{}
}

type contactDataSource struct {
	client *client.Client
}

func (d *contactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := contactDataSourceAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Numeric id of the contact to look up. Set exactly one of `id` and `email`.",
		Optional:            true,
		Computed:            true,
		Validators: []validator.String{
			idValidator("contact", "45"),
		},
	}
	attrs["email"] = schema.StringAttribute{
		MarkdownDescription: "Email address of the contact to look up, compared ignoring case. Set exactly one of `id` and `email`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{validators.Email()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one contact by id or by email address.",
		Attributes:          attrs,
	}
}

// contactDataSourceAttributes describes every contact attribute as computed;
// the contact data source and each element of contacts_contacts use it.
func contactDataSourceAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":             schema.StringAttribute{MarkdownDescription: "Numeric id of the contact.", Computed: true},
		"client_id":      schema.Int64Attribute{MarkdownDescription: "Id of the client account the contact belongs to.", Computed: true},
		"first_name":     schema.StringAttribute{MarkdownDescription: "First name.", Computed: true},
		"last_name":      schema.StringAttribute{MarkdownDescription: "Last name.", Computed: true},
		"name":           schema.StringAttribute{MarkdownDescription: "Full name as the API composes it.", Computed: true},
		"email":          schema.StringAttribute{MarkdownDescription: "Email address.", Computed: true},
		"phone":          schema.StringAttribute{MarkdownDescription: "Phone number, or null.", Computed: true},
		"job_position":   schema.StringAttribute{MarkdownDescription: "Job title, or null.", Computed: true},
		"status":         schema.StringAttribute{MarkdownDescription: "Contact status, e.g. `active`.", Computed: true},
		"account_owner":  schema.StringAttribute{MarkdownDescription: "`yes` when the contact is its client's account owner, else `no`.", Computed: true},
		"role":           schema.StringAttribute{MarkdownDescription: "Name of the contact's user role, e.g. `Client`.", Computed: true},
		"portal_user_id": schema.Int64Attribute{MarkdownDescription: "Id of the contact's portal user, or null when it has none.", Computed: true},
		"created":        schema.StringAttribute{MarkdownDescription: "When the contact was created (UTC, RFC 3339).", Computed: true},
		"updated":        schema.StringAttribute{MarkdownDescription: "When the contact was last changed (UTC, RFC 3339).", Computed: true},
	}
}

func (d *contactDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
	}
}

func (d *contactDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerDataFrom(req.ProviderData, &resp.Diagnostics).apiClient()
}

func (d *contactDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg contactModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var (
		c    *client.Contact
		err  error
		what string
	)
	if !cfg.ID.IsNull() {
		what = "contact " + cfg.ID.ValueString()
		id, ok := parseStateID(cfg.ID, "contact", &resp.Diagnostics)
		if !ok {
			return
		}
		c, err = d.client.GetContact(ctx, id)
	} else {
		what = "contact " + cfg.Email.ValueString()
		c, err = d.client.FindContactByEmail(ctx, cfg.Email.ValueString())
	}
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddError("Contact Not Found",
			fmt.Sprintf("The Contacts API has no %s (deleted contacts are not served). Check the id or email address.", what))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading Contact", what, err, nil)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, contactModelFrom(c))...)
}
