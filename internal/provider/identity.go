// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every resource's identity is one attribute, id: the numeric id that the
// API assigned to the object, which it keeps for the object's whole life.
// Names, emails and usernames are not part of it: each can change in
// place, and an identity never changes (DESIGN.md).

// identityIDPath is the identity's one attribute.
var identityIDPath = path.Root("id")

// identitySchema is a resource's identity schema; description says what
// the id is the id of and why nothing else is part of the identity.
func identitySchema(description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.Int64Attribute{
				RequiredForImport: true,
				Description:       description,
			},
		},
	}
}

// setIdentity records id as the resource's identity. Create, Read, Update
// and ImportState call it whenever they know the object's id. The
// framework hands every operation of a resource with an identity schema a
// non-nil identity, whichever the engine; only a direct call (a unit test)
// has none, and then there is nothing to record.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id int64, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	// As setState writes a state (model_codec.go): SetAttribute walks the
	// schema by path, a noticeable share of a create.
	if raw, ok := encodeModel(ctx, identity.Schema.Type(), identityModel{ID: types.Int64Value(id)}); ok {
		identity.Raw = raw
		return
	}
	diags.Append(identity.SetAttribute(ctx, identityIDPath, id)...)
}

// identityModel is the identity's one attribute, for setIdentity.
type identityModel struct {
	ID types.Int64 `tfsdk:"id"`
}

// identityID checks the id of an import by identity, given as Terraform
// sent it. Terraform has checked that it is a number, but not that it is
// whole or fits an int64 (`id = 1.5`, `id = 1e19`), and the framework's
// conversion to the attribute's Int64 fails on those with an error that
// blames the provider; so the raw number is checked here, and must be one
// that an id attribute can hold (idPattern). The error says what is wrong
// in words fit for a diagnostic's detail.
func identityID(v tftypes.Value) (int64, error) {
	var f *big.Float
	if !v.IsKnown() || v.IsNull() || v.As(&f) != nil || f == nil {
		return 0, fmt.Errorf("the identity has no known id")
	}
	n, acc := f.Int64()
	if !f.IsInt() || acc != big.Exact {
		return 0, fmt.Errorf("the identity has the id %s, but ids are %s", f.Text('g', -1), identityIDRule)
	}
	if _, ok := parseID(formatID(n)); !ok {
		return 0, fmt.Errorf("the identity has the id %d, but ids are %s", n, identityIDRule)
	}
	return n, nil
}

// identityIDRule says in words which numbers an identity's id can be.
const identityIDRule = "whole numbers from 1 with at most 18 digits"

// rawIdentityID is the identity's id as Terraform sent it, before any
// conversion to the attribute's type (see identityID).
func rawIdentityID(identity *tfsdk.ResourceIdentity) (tftypes.Value, error) {
	v, _, err := tftypes.WalkAttributePath(identity.Raw, tftypes.NewAttributePath().WithAttributeName("id"))
	if err != nil {
		return tftypes.Value{}, err
	}
	id, ok := v.(tftypes.Value)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("the identity's id is a %T, not a value", v)
	}
	return id, nil
}
