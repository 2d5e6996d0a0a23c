// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestUsername(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		value     types.String
		wantError string
	}{
		"null":             {value: types.StringNull()},
		"unknown":          {value: types.StringUnknown()},
		"email":            {value: types.StringValue("jane.doe+crm@acme.example")},
		"all symbols":      {value: types.StringValue("a.b@c+d_e-f")},
		"three":            {value: types.StringValue("abc")},
		"max":              {value: types.StringValue(strings.Repeat("x", 191))},
		"empty":            {value: types.StringValue(""), wantError: "Attribute username is an empty string. The Contacts API accepts 3 to 191 characters"},
		"too short":        {value: types.StringValue("ab"), wantError: "Attribute username is 2 characters long, fewer than 3."},
		"too long":         {value: types.StringValue(strings.Repeat("x", 192)), wantError: "is 192 characters long, more than 191"},
		"chinese":          {value: types.StringValue("李雷"), wantError: `Attribute username contains "李", "雷", which the API does not accept in a username. The Contacts API accepts 3 to 191 characters, each one of the ASCII letters a-z and A-Z, digits 0-9 and the characters . @ + _ -.`},
		"accented letter":  {value: types.StringValue("josé"), wantError: `contains "é"`},
		"space once":       {value: types.StringValue("jane doe  x"), wantError: `contains " ", which`},
		"fullwidth digits": {value: types.StringValue("abc１"), wantError: `contains "１"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var resp validator.StringResponse
			Username().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("username"), ConfigValue: tc.value}, &resp)
			if tc.wantError == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected error: %v", resp.Diagnostics)
				}
				return
			}
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("want one error containing %q, got %v", tc.wantError, resp.Diagnostics)
			}
			if d := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(d, tc.wantError) {
				t.Errorf("detail %q does not contain %q", d, tc.wantError)
			}
		})
	}
}
