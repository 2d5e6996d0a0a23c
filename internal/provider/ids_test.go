// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestParseStateID(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		raw  types.String
		want int64
		ok   bool
	}{
		"id":            {raw: types.StringValue("45"), want: 45, ok: true},
		"largest":       {raw: types.StringValue("999999999999999999"), want: 999999999999999999, ok: true},
		"19 digits":     {raw: types.StringValue("1000000000000000000")},
		"zero":          {raw: types.StringValue("0")},
		"leading zero":  {raw: types.StringValue("045")},
		"signed":        {raw: types.StringValue("+45")},
		"negative":      {raw: types.StringValue("-45")},
		"spaces":        {raw: types.StringValue(" 45")},
		"not a number":  {raw: types.StringValue("jane@acme.example")},
		"empty":         {raw: types.StringValue("")},
		"null":          {raw: types.StringNull()},
		"unknown":       {raw: types.StringUnknown()},
		"arabic digits": {raw: types.StringValue("١٢٣")},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			got, ok := parseStateID(tc.raw, "portal user", &diags)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("parseStateID(%s) = %d, %t; want %d, %t", tc.raw, got, ok, tc.want, tc.ok)
			}
			if ok {
				if diags.HasError() {
					t.Fatalf("a valid id came with errors: %v", diags)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %v", diags)
			}
			d, isAttr := diags[0].(diag.DiagnosticWithPath)
			if !isAttr || !d.Path().Equal(path.Root("id")) {
				t.Errorf("the error is not on id: %v", diags[0])
			}
			if got := diags[0].Summary(); got != "Invalid Portal User ID" {
				t.Errorf("summary %q", got)
			}
			for _, want := range []string{"is not a valid portal user id", "at most 18 digits", "import it again"} {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail %q lacks %q", diags[0].Detail(), want)
				}
			}
		})
	}
}

func TestParseIDAgreesWithValidator(t *testing.T) {
	t.Parallel()
	v := idValidator("contact", "45")
	for _, raw := range []string{"1", "45", "999999999999999999", "1000000000000000000", "0", "045", "+45", "-1", "4 5", "abc", ""} {
		t.Run(raw, func(t *testing.T) {
			t.Parallel()
			var resp validator.StringResponse
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("id"), ConfigValue: types.StringValue(raw)}, &resp)
			_, ok := parseID(raw)
			if ok == resp.Diagnostics.HasError() {
				t.Fatalf("parseID(%q) ok = %t, but the validator says %v", raw, ok, resp.Diagnostics)
			}
			if !ok && !strings.Contains(resp.Diagnostics[0].Detail(), `must be a contact id: a whole number from 1 with at most 18 digits, written without sign or leading zeros, such as "45"`) {
				t.Errorf("validator detail %q", resp.Diagnostics[0].Detail())
			}
		})
	}
}

func TestParseImportIDDiagnostics(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		raw      string
		lookupOK func(string) bool
		want     []string
	}{
		"signed":       {raw: "+45", want: []string{`"+45" is not a valid id: ids are a whole number`, "without sign", "Import a thing by"}},
		"leading zero": {raw: "007", want: []string{`"007" is not a valid id`, "leading zeros"}},
		"empty":        {raw: " ", want: []string{"The import id is empty. Import a thing by"}},
		"key refused":  {raw: "Acme", lookupOK: importByIDOnly, want: []string{`"Acme" is not a form this resource can be imported by. Import a thing by`}},
		"not an email": {raw: "jane", lookupOK: importByEmail, want: []string{`"jane" is not a form`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			im := importer{noun: "account owner", forms: "Import a thing by its id, e.g. 12.", lookupOK: tc.lookupOK}
			if _, ok := im.parse(tc.raw, &diags); ok || len(diags) != 1 {
				t.Fatalf("parse(%q) = %t with %v; want one error", tc.raw, ok, diags)
			}
			if got := diags[0].Summary(); got != "Invalid Account Owner Import ID" {
				t.Errorf("summary %q", got)
			}
			for _, want := range tc.want {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail %q lacks %q", diags[0].Detail(), want)
				}
			}
		})
	}
}

func TestTitleCaseAndCapitalize(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ in, title, capital string }{
		"empty":          {in: "", title: "", capital: ""},
		"one word":       {in: "client", title: "Client", capital: "Client"},
		"two words":      {in: "portal user", title: "Portal User", capital: "Portal user"},
		"extra spaces":   {in: "account  owner", title: "Account Owner", capital: "Account  owner"},
		"already capped": {in: "TLS certificate", title: "TLS Certificate", capital: "TLS certificate"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := titleCase(tc.in); got != tc.title {
				t.Errorf("titleCase(%q) = %q, want %q", tc.in, got, tc.title)
			}
			if got := capitalize(tc.in); got != tc.capital {
				t.Errorf("capitalize(%q) = %q, want %q", tc.in, got, tc.capital)
			}
		})
	}
}
