// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contactsapi/terraform-provider-contacts/internal/provider"
)

// mirrorListResources returns, for each list resource of the contacts
// provider, a floor list resource of the same shape: the same config
// attributes (without validators), the identity of its floor resource, a
// display name of the same form and, with include_resource, an object of
// the floor resource's schema. It answers from the floor's fixed list
// (fixture.go) and calls nothing, as the floor's Read does: the difference
// from the contacts provider is the requests and the mapping.
func mirrorListResources(ctx context.Context) []func() list.ListResource {
	withLists, ok := provider.New("floor")().(fwprovider.ProviderWithListResources)
	if !ok {
		return nil
	}
	var out []func() list.ListResource
	for _, newList := range withLists.ListResources(ctx) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "contacts"}, &meta)
		var sch list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &sch)
		m := &mirrorList{
			typeName: floorTypeName(meta.TypeName),
			schema:   lschema.Schema{Attributes: stripListAttributes(sch.Schema.Attributes)},
		}
		out = append(out, func() list.ListResource { return m })
	}
	return out
}

type mirrorList struct {
	typeName string
	schema   lschema.Schema
}

func (l *mirrorList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.typeName
}

func (l *mirrorList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.schema
}

// listFilter is the config of any of the list resources; an attribute a
// list resource does not have stays null.
type listFilter struct {
	ClientID types.Int64
	Search   types.String
	Status   types.String
}

func (l *mirrorList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var filter listFilter
	for name, dst := range map[string]any{"client_id": &filter.ClientID, "search": &filter.Search, "status": &filter.Status} {
		if _, ok := l.schema.Attributes[name]; !ok {
			continue
		}
		if diags := req.Config.GetAttribute(ctx, path.Root(name), dst); diags.HasError() {
			stream.Results = list.ListResultsStreamDiagnostics(diags)
			return
		}
	}
	m := mirrorByType(l.typeName)
	if m == nil {
		stream.Results = list.NoListResults
		return
	}
	f := loadFixture()
	stream.Results = func(push func(list.ListResult) bool) {
		pushed := int64(0)
		for id := range l.candidates(f, filter) {
			if req.Limit > 0 && pushed >= req.Limit {
				return
			}
			name := displayName(l.typeName, id)
			if s := filter.Search.ValueString(); s != "" && !strings.Contains(strings.ToLower(name), strings.ToLower(s)) {
				continue
			}
			res := req.NewListResult(ctx)
			res.DisplayName = name
			res.Diagnostics.Append(res.Identity.SetAttribute(ctx, path.Root("id"), id)...)
			if req.IncludeResource {
				obj, err := floorObject(ctx, m, id)
				if err != nil {
					res.Diagnostics.AddError("Floor List", err.Error())
				}
				res.Resource.Raw = obj
			}
			pushed++
			if !push(res) {
				return
			}
		}
	}
}

// candidates are the ids the filter's client and status allow, in order.
func (l *mirrorList) candidates(f fixture, filter listFilter) func(func(int64) bool) {
	return func(yield func(int64) bool) {
		if filter.Status.ValueString() == "terminated" {
			return // every portal user of the fixed list is active
		}
		client := filter.ClientID.ValueInt64()
		switch l.typeName {
		case "floor_client", "floor_account_owner":
			for id := int64(1); id <= f.Clients; id++ {
				if (client == 0 || id == client) && !yield(id) {
					return
				}
			}
		default:
			for id := int64(1); id <= f.Objects; id++ {
				if (client == 0 || f.clientOf(id) == client) && !yield(id) {
					return
				}
			}
		}
	}
}

// displayName has the form of the contacts list resources' display names.
func displayName(typeName string, id int64) string {
	contact := func(id int64) string { return fmt.Sprintf("Bench Person%05d <bench%05d@example.test>", id, id) }
	switch typeName {
	case "floor_client":
		return fmt.Sprintf("Bench Client %03d", id)
	case "floor_portal_user":
		return fmt.Sprintf("bench%05d@example.test (active)", id)
	case "floor_account_owner":
		return fmt.Sprintf("Bench Client %03d: %s", id, contact(id))
	}
	return contact(id)
}

// stripListAttributes copies list config attributes without validators.
// An attribute type the contacts list resources start using has to be
// added here: the floor refuses to start rather than mirror it wrongly.
func stripListAttributes(in map[string]lschema.Attribute) map[string]lschema.Attribute {
	out := make(map[string]lschema.Attribute, len(in))
	for name, a := range in {
		switch a := a.(type) {
		case lschema.StringAttribute:
			a.Validators = nil
			out[name] = a
		case lschema.Int64Attribute:
			a.Validators = nil
			out[name] = a
		case lschema.BoolAttribute:
			a.Validators = nil
			out[name] = a
		default:
			panic(fmt.Sprintf("floor: list attribute %q is a %T, which mirrorListResources does not strip yet", name, a))
		}
	}
	return out
}
