// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/validators"
)

var (
	_ datasource.DataSource                     = (*portalUserDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*portalUserDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*portalUserDataSource)(nil)
)

// NewPortalUserDataSource returns the contacts_portal_user data source.
func NewPortalUserDataSource() datasource.DataSource {
	return &portalUserDataSource{now: time.Now}
}

type portalUserDataSource struct {
	client *client.Client
	// now is the clock that decides whether a role's expiry has passed.
	now func() time.Time
}

func (d *portalUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_portal_user"
}

func (d *portalUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := portalUserDataSourceAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The portal user's numeric id, as a string. Set exactly one of `id`, `contact_id` and `username`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{idValidator("portal user", "301")},
	}
	attrs["contact_id"] = schema.Int64Attribute{
		MarkdownDescription: "Id of the contact whose portal user to read. Set exactly one of `id`, `contact_id` and `username`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["username"] = schema.StringAttribute{
		MarkdownDescription: "Username to look up, ignoring case. Set exactly one of `id`, `contact_id` and `username`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{validators.NotEmptyUseNull("look the portal user up by `id` or `contact_id` instead")},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one portal user, active or terminated, by its id, its contact's id or its username. Passwords are never readable.",
		Attributes:          attrs,
	}
}

// portalUserDataSourceAttributes is the all-computed schema of a portal
// user, shared by contacts_portal_user and the elements of contacts_portal_users.
func portalUserDataSourceAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"id":                  str("Numeric id of the portal user."),
		"contact_id":          schema.Int64Attribute{MarkdownDescription: "Id of the contact who logs in.", Computed: true},
		"client_id":           schema.Int64Attribute{MarkdownDescription: "Id of the contact's client account.", Computed: true},
		"username":            str("Login name."),
		"email":               str("The contact's email."),
		"name":                str("The contact's full name."),
		"auth_method":         str("`local` (password) or `azure` (single sign-on)."),
		"status":              str("`active` or `terminated`."),
		"invitation_status":   str("`none`, `pending` or `accepted`."),
		"invitation_sent_at":  str("When the last invitation was sent (UTC), or null."),
		"password_updated_at": str("When a password was last set through the API (UTC), or null."),
		"last_login_at":       str("When the user last logged in (UTC), or null."),
		"created":             str("When the portal user was created (UTC)."),
		"updated":             str("When the portal user was last changed (UTC)."),
		"roles": schema.SetNestedAttribute{
			MarkdownDescription: "Access roles the user holds now (expired ones are not listed).",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"reference": str("Reference of the access role."),
				"expires":   str("When the role ends (UTC), or null for no end."),
			}},
		},
	}
}

func (d *portalUserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("contact_id"), path.MatchRoot("username")),
	}
}

func (d *portalUserDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerDataFrom(req.ProviderData, &resp.Diagnostics).apiClient()
}

func (d *portalUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg portalUserModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		user *client.PortalUser
		err  error
		at   path.Path
		what string
	)
	switch {
	case !cfg.ID.IsNull():
		at, what = path.Root("id"), "portal user id "+cfg.ID.ValueString()
		id, ok := parseStateID(cfg.ID, "portal user", &resp.Diagnostics)
		if !ok {
			return
		}
		user, err = d.client.GetPortalUser(ctx, id)
	case !cfg.ContactID.IsNull():
		at, what = path.Root("contact_id"), fmt.Sprintf("the portal user of contact %d", cfg.ContactID.ValueInt64())
		user, err = d.client.FindPortalUserByContact(ctx, cfg.ContactID.ValueInt64())
	default:
		at, what = path.Root("username"), fmt.Sprintf("username %q", cfg.Username.ValueString())
		user, err = d.client.FindPortalUserByUsername(ctx, cfg.Username.ValueString())
	}
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(at, "Portal User Not Found",
			fmt.Sprintf("No portal user, active or terminated, matches %s. Check the value; the contacts_portal_users data source lists them.", what))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Reading Portal User", what, err, nil)
		return
	}
	m, diags := portalUserModelFrom(ctx, user, portalUserEmptyRoles(), d.now())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// portalUserEmptyRoles makes data sources report no roles as an empty set, not null.
func portalUserEmptyRoles() types.Set {
	return types.SetValueMust(portalUserRoleType, []attr.Value{})
}
