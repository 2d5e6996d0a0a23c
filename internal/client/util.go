package client

import (
	"encoding/json"
	"strings"
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

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// notFound builds the error a lookup returns when a list holds no match.
func notFound(method, path, message string) error {
	return &APIError{Method: method, Path: path, StatusCode: 404, Message: message, kind: ErrNotFound}
}
