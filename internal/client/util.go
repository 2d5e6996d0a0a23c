// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"encoding/json"
)

// marshalWith encodes v (a struct) and adds one more key.
func marshalWith(v any, key string, value any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if m[key], err = json.Marshal(value); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}
