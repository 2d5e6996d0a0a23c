// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// sameModel reports whether two models hold equal values, field by field
// (embedded models included). Read uses it to leave the state alone when
// the server holds what it already says: the framework starts a read's
// response from the prior state, and encoding a whole model into it is a
// large share of a refresh's provider time (DESIGN.md).
func sameModel[T any](a, b T) bool {
	return sameValue(reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem())
}

// sameValue compares two values of the same type. The models embed
// unexported model types: such an embedded struct cannot be read as a
// whole, but reflect reads its exported fields, and those are all a model
// has. A value it cannot read (an unexported field of a model) counts as a
// difference, so that Read saves the state rather than skip a change.
func sameValue(a, b reflect.Value) bool {
	if !a.CanInterface() {
		if a.Kind() != reflect.Struct {
			return false
		}
		return sameFields(a, b)
	}
	if av, ok := a.Interface().(attr.Value); ok {
		bv, ok := b.Interface().(attr.Value)
		return ok && av.Equal(bv)
	}
	if a.Kind() != reflect.Struct {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	return sameFields(a, b)
}

func sameFields(a, b reflect.Value) bool {
	for i := range a.NumField() {
		if !sameValue(a.Field(i), b.Field(i)) {
			return false
		}
	}
	return true
}

// getAttributes reads top-level attributes into their targets, by name,
// from a configuration, plan or state (its GetAttribute method). For the
// checks that need a few attributes of a large schema, it costs less than
// decoding the whole model.
func getAttributes(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics, targets map[string]any) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, target := range targets {
		diags.Append(get(ctx, path.Root(name), target)...)
	}
	return diags
}
