// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"encoding/json"
	"reflect"
)

// Field is a PATCH field with three states: absent (the zero value; the
// server keeps what it has), null (the server clears it) and a value. Use it
// with the `omitzero` JSON option.
type Field[T any] struct {
	set   bool
	value *T
}

// Set returns a field that sends v.
func Set[T any](v T) Field[T] { return Field[T]{set: true, value: &v} }

// Null returns a field that sends JSON null, clearing the value.
func Null[T any]() Field[T] { return Field[T]{set: true} }

// SetOrNull sends *v, or null when v is nil.
func SetOrNull[T any](v *T) Field[T] {
	if v == nil {
		return Null[T]()
	}
	return Set(*v)
}

// IsZero reports an absent field, which `omitzero` leaves out of the body.
func (f Field[T]) IsZero() bool { return !f.set }

// MarshalJSON writes the value or null. A set nil slice is written as [],
// because Set says "this list", and only Null means null.
func (f Field[T]) MarshalJSON() ([]byte, error) {
	if f.value == nil {
		return []byte("null"), nil
	}
	if v := reflect.ValueOf(*f.value); v.Kind() == reflect.Slice && v.IsNil() {
		return []byte("[]"), nil
	}
	return json.Marshal(*f.value)
}
