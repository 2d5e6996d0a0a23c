// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// getState, getPlan and setState do what tfsdk's State.Get, Plan.Get and
// State.Set do with a whole model, for the models of the resources that
// scale (contacts and portal users), on every RPC of a large plan or apply.
// The framework looks up a struct's tfsdk tags on every call and compiles
// a regular expression for each field it finds; these look the fields up
// once per model type and convert each value with its schema type, as the
// framework does. A model or value they do not expect goes to the
// framework's own method, which also reports what is wrong with it
// (DESIGN.md, "Models decoded without the framework's reflection").
func getState(ctx context.Context, s tfsdk.State, target any) diag.Diagnostics {
	if decodeModel(ctx, s.Schema.Type(), s.Raw, target) {
		return nil
	}
	return s.Get(ctx, target)
}

func getPlan(ctx context.Context, p tfsdk.Plan, target any) diag.Diagnostics {
	if decodeModel(ctx, p.Schema.Type(), p.Raw, target) {
		return nil
	}
	return p.Get(ctx, target)
}

func setState(ctx context.Context, s *tfsdk.State, model any) diag.Diagnostics {
	if raw, ok := encodeModel(ctx, s.Schema.Type(), model); ok {
		s.Raw = raw
		return nil
	}
	return s.Set(ctx, model)
}

// modelField is one attribute of a model: its tfsdk name and where the
// struct holds it (through embedded models).
type modelField struct {
	name  string
	index []int
}

// modelFieldsByType caches modelFields: reflect.Type → []modelField, or nil
// for a type that is not a model of attr.Value fields.
var modelFieldsByType sync.Map

var attrValueType = reflect.TypeFor[attr.Value]()

// modelFields returns the attributes of a model struct type, or nil when a
// field is neither a tagged attr.Value nor an embedded model.
func modelFields(t reflect.Type) []modelField {
	if cached, ok := modelFieldsByType.Load(t); ok {
		fields, _ := cached.([]modelField)
		return fields
	}
	fields, ok := collectFields(t, nil)
	if !ok {
		fields = nil
	}
	modelFieldsByType.Store(t, fields)
	return fields
}

func collectFields(t reflect.Type, at []int) ([]modelField, bool) {
	var out []modelField
	for i := range t.NumField() {
		f := t.Field(i)
		index := append(append([]int(nil), at...), i)
		tag, tagged := f.Tag.Lookup("tfsdk")
		switch {
		case tag == "-":
		case tagged && f.Type.Implements(attrValueType):
			out = append(out, modelField{name: tag, index: index})
		case !tagged && f.Anonymous && f.Type.Kind() == reflect.Struct:
			inner, ok := collectFields(f.Type, index)
			if !ok {
				return nil, false
			}
			out = append(out, inner...)
		default:
			return nil, false
		}
	}
	return out, true
}

// objectAttributes returns the attribute types of a schema's object type.
func objectAttributes(schemaType attr.Type) (map[string]attr.Type, bool) {
	obj, ok := schemaType.(attr.TypeWithAttributeTypes)
	if !ok {
		return nil, false
	}
	return obj.AttributeTypes(), true
}

// decodeModel sets the fields of *target from raw, an object of schemaType;
// false when it cannot, and target is left for the framework to fill.
func decodeModel(ctx context.Context, schemaType attr.Type, raw tftypes.Value, target any) bool {
	ptr := reflect.ValueOf(target)
	if ptr.Kind() != reflect.Pointer || ptr.Elem().Kind() != reflect.Struct || !raw.IsKnown() || raw.IsNull() {
		return false
	}
	fields := modelFields(ptr.Elem().Type())
	types, ok := objectAttributes(schemaType)
	if !ok || fields == nil || len(fields) != len(types) {
		return false
	}
	var values map[string]tftypes.Value
	if err := raw.As(&values); err != nil {
		return false
	}
	decoded := make([]reflect.Value, len(fields))
	for i, f := range fields {
		typ, known := types[f.name]
		value, present := values[f.name]
		if !known || !present {
			return false
		}
		v, err := typ.ValueFromTerraform(ctx, value)
		if err != nil {
			return false
		}
		rv := reflect.ValueOf(v)
		if rv.Type() != ptr.Elem().FieldByIndex(f.index).Type() {
			return false
		}
		decoded[i] = rv
	}
	model := ptr.Elem()
	for i, f := range fields {
		model.FieldByIndex(f.index).Set(decoded[i])
	}
	return true
}

// encodeModel returns model, a struct of attr.Value fields, as an object
// of schemaType; false when it cannot.
func encodeModel(ctx context.Context, schemaType attr.Type, model any) (tftypes.Value, bool) {
	v := reflect.ValueOf(model)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return tftypes.Value{}, false
	}
	fields := modelFields(v.Type())
	types, ok := objectAttributes(schemaType)
	if !ok || fields == nil || len(fields) != len(types) {
		return tftypes.Value{}, false
	}
	values := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		typ, known := types[f.name]
		value, isValue := v.FieldByIndex(f.index).Interface().(attr.Value)
		if !known || !isValue || value == nil || !value.Type(ctx).Equal(typ) {
			return tftypes.Value{}, false
		}
		tv, err := value.ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, false
		}
		values[f.name] = tv
	}
	objectType := schemaType.TerraformType(ctx)
	if err := tftypes.ValidateValue(objectType, values); err != nil {
		return tftypes.Value{}, false
	}
	return tftypes.NewValue(objectType, values), true
}
