// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contactsapi/terraform-provider-contacts/internal/provider"
)

// mirrorResources returns, for each resource of the contacts provider, a
// floor resource with the same schema (floor_contact for contacts_contact,
// and so on) stripped of everything that is the provider's own work:
// validators, plan modifiers and defaults. Terraform and the framework then
// handle objects of the same shape as the contacts provider's, and the
// difference between the two is what the provider adds. The schemas are
// read from internal/provider, so the floor follows the provider as it
// changes.
func mirrorResources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, m := range allMirrors() {
		if m.identity != nil {
			out = append(out, func() resource.Resource { return &mirrorWithIdentity{m} })
			continue
		}
		out = append(out, func() resource.Resource { return m })
	}
	return out
}

// allMirrors builds the mirrors once per process: the list resources
// (list.go) look theirs up by type name, since their results carry objects
// of its schema.
var allMirrors = sync.OnceValue(func() []*mirrorResource {
	ctx := context.Background()
	var out []*mirrorResource
	for _, newResource := range provider.New("floor")().Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "contacts"}, &meta)
		var sch resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sch)
		m := &mirrorResource{
			typeName: floorTypeName(meta.TypeName),
			schema:   schema.Schema{Attributes: stripAttributes(sch.Schema.Attributes), Version: sch.Schema.Version},
		}
		if withIdentity, ok := r.(resource.ResourceWithIdentity); ok {
			var id resource.IdentitySchemaResponse
			withIdentity.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
			m.identity = &id.IdentitySchema
		}
		out = append(out, m)
	}
	return out
})

// mirrorByType returns the mirror resource named typeName, or nil.
func mirrorByType(typeName string) *mirrorResource {
	for _, m := range allMirrors() {
		if m.typeName == typeName {
			return m
		}
	}
	return nil
}

// floorTypeName is the floor's name for a contacts type: floor_contact for
// contacts_contact.
func floorTypeName(contactsType string) string {
	return "floor_" + strings.TrimPrefix(contactsType, "contacts_")
}

// mirrorResource keeps its configuration in the state and makes up a value
// for every computed attribute Terraform leaves unknown; it calls nothing.
type mirrorResource struct {
	typeName string
	schema   schema.Schema
	// identity is the contacts resource's identity schema, nil for a
	// resource without one.
	identity *identityschema.Schema
}

// mirrorWithIdentity is a mirror whose contacts resource has an identity:
// Terraform then needs the identity after every create and can import by
// it, as the list resources' generated import blocks do.
type mirrorWithIdentity struct{ *mirrorResource }

func (r *mirrorWithIdentity) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = *r.identity
}

func (r *mirrorWithIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	keepPlan(req.Plan, &resp.State, &resp.Diagnostics)
	setIdentityFromState(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Read keeps the state and records its id as the identity, which the
// framework requires after every read of a resource with an identity (a
// CLI older than Terraform 1.12 sends none), as the contacts resources do.
func (r *mirrorWithIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	setIdentityFromState(ctx, req.State, resp.Identity, &resp.Diagnostics)
}

func (r *mirrorWithIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	keepPlan(req.Plan, &resp.State, &resp.Diagnostics)
	setIdentityFromState(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// ImportState builds the whole object from the floor's fixed list
// (fixture.go), as the floor's Read keeps the state instead of reading
// it: importing costs the floor no request, and the imported object is the
// one its list resource returned, so the generated configuration plans
// clean.
func (r *mirrorWithIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id int64
	if req.ID == "" && req.Identity != nil {
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &id)...)
	} else {
		n, err := strconv.ParseInt(req.ID, 10, 64)
		if err != nil {
			resp.Diagnostics.AddError("Floor Import", fmt.Sprintf("%s: the import id %q is not a number", r.typeName, req.ID))
			return
		}
		id = n
	}
	if resp.Diagnostics.HasError() {
		return
	}
	obj, err := floorObject(ctx, r.mirrorResource, id)
	if err != nil {
		resp.Diagnostics.AddError("Floor Import", err.Error())
		return
	}
	resp.State.Raw = obj
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
}

// setIdentityFromState records the state's numeric id as the identity, as
// the contacts resources do.
func setIdentityFromState(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || diags.HasError() {
		return
	}
	var raw types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &raw)...)
	id, err := strconv.ParseInt(raw.ValueString(), 10, 64)
	if err != nil {
		diags.AddError("Floor Identity", fmt.Sprintf("the id %q is not a number", raw.ValueString()))
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *mirrorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *mirrorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

func (r *mirrorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	keepPlan(req.Plan, &resp.State, &resp.Diagnostics)
}

// Read keeps the state as it is: there is nothing to refresh from.
func (r *mirrorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *mirrorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	keepPlan(req.Plan, &resp.State, &resp.Diagnostics)
}

// keepPlan stores the plan with its unknown values made known.
func keepPlan(plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	known, err := tftypes.Transform(plan.Raw, fillUnknown)
	if err != nil {
		diags.AddError("Floor resource", err.Error())
		return
	}
	state.Raw = known
}

// Delete has nothing to remove; the framework drops the state.
func (r *mirrorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

var lastID atomic.Int64

// fillUnknown gives an unknown value a known one of about the size the
// API's answers have: a fresh number for an id, a timestamp-long string,
// a number, false; an unknown collection or object becomes null.
func fillUnknown(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
	if v.IsKnown() {
		return v, nil
	}
	steps := p.Steps()
	isID := len(steps) > 0 && steps[len(steps)-1] == tftypes.AttributeName("id")
	switch t := v.Type(); {
	case t.Is(tftypes.String) && isID:
		return tftypes.NewValue(t, strconv.FormatInt(lastID.Add(1), 10)), nil
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "2026-11-23T06:00:00Z"), nil
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, big.NewFloat(float64(lastID.Add(1)))), nil
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false), nil
	default:
		return tftypes.NewValue(t, nil), nil
	}
}

// stripAttributes copies attributes without validators, plan modifiers
// and defaults, through nested attributes. An attribute type the contacts
// provider starts using has to be added here: the floor refuses to start
// rather than mirror it wrongly.
func stripAttributes(in map[string]schema.Attribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(in))
	for name, a := range in {
		switch a := a.(type) {
		case schema.StringAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			out[name] = a
		case schema.Int64Attribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			out[name] = a
		case schema.BoolAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			out[name] = a
		case schema.ListAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			out[name] = a
		case schema.SetAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			out[name] = a
		case schema.MapAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			out[name] = a
		case schema.SingleNestedAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			a.Attributes = stripAttributes(a.Attributes)
			out[name] = a
		case schema.ListNestedAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			a.NestedObject = stripObject(a.NestedObject)
			out[name] = a
		case schema.SetNestedAttribute:
			a.Validators, a.PlanModifiers, a.Default = nil, nil, nil
			a.NestedObject = stripObject(a.NestedObject)
			out[name] = a
		default:
			panic(fmt.Sprintf("floor: attribute %q is a %T, which mirrorResources does not strip yet", name, a))
		}
	}
	return out
}

func stripObject(o schema.NestedAttributeObject) schema.NestedAttributeObject {
	o.Validators, o.PlanModifiers = nil, nil
	o.Attributes = stripAttributes(o.Attributes)
	return o
}
