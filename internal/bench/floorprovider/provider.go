// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"crypto/rand"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ provider.Provider                  = (*floorProvider)(nil)
	_ provider.ProviderWithListResources = (*floorProvider)(nil)
	_ resource.Resource                  = (*itemResource)(nil)
)

func newProvider() provider.Provider { return &floorProvider{} }

type floorProvider struct{}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (p *floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{MarkdownDescription: "A no-op provider: the benchmark's floor."}
}

func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

// Resources are the minimal floor_item and the mirrors of the contacts
// provider's resources (see mirrorResources).
func (p *floorProvider) Resources(ctx context.Context) []func() resource.Resource {
	return append([]func() resource.Resource{func() resource.Resource { return &itemResource{} }}, mirrorResources(ctx)...)
}

// ListResources mirror the contacts provider's list resources (see
// mirrorListResources).
func (p *floorProvider) ListResources(ctx context.Context) []func() list.ListResource {
	return mirrorListResources(ctx)
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}

// itemResource stores its input in the state and nothing anywhere else.
type itemResource struct{}

type itemModel struct {
	ID    types.String `tfsdk:"id"`
	Input types.Map    `tfsdk:"input"`
}

func (r *itemResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_item"
}

func (r *itemResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{
		MarkdownDescription: "Keeps `input` in the state; calls nothing.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{
				MarkdownDescription: "Random id chosen at create.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"input": rschema.MapAttribute{
				MarkdownDescription: "Any strings; changing them is an in-place update.",
				ElementType:         types.StringType,
				Optional:            true,
			},
		},
	}
}

func (r *itemResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m itemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(rand.Text())
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Read keeps the state as it is: there is nothing to refresh from.
func (r *itemResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *itemResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m itemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Delete has nothing to remove; the framework drops the state.
func (r *itemResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
