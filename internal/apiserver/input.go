// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/url"
	"strings"
)

// input is a decoded request body. Values are nil, string, json.Number, bool,
// []any or map[string]any, after Laravel's TrimStrings and
// ConvertEmptyStringsToNull middleware have been applied.
type input map[string]any

var (
	errMalformedJSON = errors.New("malformed JSON body")
	errMalformedForm = errors.New("malformed form body")
)

// parseBody decodes a JSON or form body. Any content type other than a form
// is read as JSON, which is what clients that omit the header mean.
func parseBody(contentType string, body []byte) (input, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return input{}, nil
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "application/x-www-form-urlencoded" {
		return parseForm(body)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, errMalformedJSON
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errMalformedJSON // trailing data after the object
	}
	return normalizeInput(m), nil
}

// parseForm reads plain fields and "name[]" lists; other bracketed keys
// (such as roles[0][reference]) are ignored, see api/README.md §1.
func parseForm(body []byte) (input, error) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errMalformedForm
	}
	m := map[string]any{}
	for k, vs := range vals {
		switch {
		case strings.HasSuffix(k, "[]") && !strings.Contains(strings.TrimSuffix(k, "[]"), "["):
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = v
			}
			m[strings.TrimSuffix(k, "[]")] = list
		case !strings.Contains(k, "["):
			m[k] = vs[len(vs)-1] // PHP keeps the last of repeated fields
		}
	}
	return normalizeInput(m), nil
}

// normalizeInput trims strings (except passwords, as Laravel's TrimStrings
// does) and turns empty strings into null, recursively, in place.
func normalizeInput(m map[string]any) input {
	for k, e := range m {
		m[k] = normalizeField(k, e)
	}
	return m
}

func normalizeField(key string, v any) any {
	switch t := v.(type) {
	case string:
		if key != "password" {
			t = strings.TrimSpace(t)
		}
		if t == "" {
			return nil
		}
		return t
	case map[string]any:
		for k, e := range t {
			t[k] = normalizeField(k, e)
		}
		return t
	case []any:
		for i, e := range t {
			t[i] = normalizeField("", e)
		}
		return t
	}
	return v
}

// queryInput reads the first value of each query parameter with the same
// trimming and empty-to-null rules as bodies.
func queryInput(q url.Values) input {
	m := input{}
	for k, vs := range q {
		if len(vs) > 0 {
			m[k] = normalizeField(k, vs[0])
		}
	}
	return m
}
