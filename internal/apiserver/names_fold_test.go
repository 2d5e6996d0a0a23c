// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver

import (
	"strings"
	"testing"
)

// TestFoldNameAgreesWithEqualFold: two values share an index key exactly
// when strings.EqualFold, the API's comparison, calls them equal.
func TestFoldNameAgreesWithEqualFold(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ a, b string }{
		"ASCII case":         {"Jane.Doe@Acme.example", "jane.doe@acme.EXAMPLE"},
		"long s":             {"ſam@x.example", "SAM@x.example"},
		"Kelvin sign":        {"\u212aate@x.example", "kate@x.example"},
		"Greek final sigma":  {"ΣΊΣΥΦΟΣ", "σίσυφος"},
		"different letters":  {"anna@x.example", "anne@x.example"},
		"surrounding spaces": {" anna@x.example", "anna@x.example"},
		"dotless i":          {"ı@x.example", "I@x.example"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if same, want := foldName(tc.a) == foldName(tc.b), strings.EqualFold(tc.a, tc.b); same != want {
				t.Errorf("foldName(%q) == foldName(%q) is %v, strings.EqualFold says %v", tc.a, tc.b, same, want)
			}
		})
	}
}
