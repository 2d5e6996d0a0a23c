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

func TestPassword(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		value     types.String
		wantError string
	}{
		"null":                {value: types.StringNull()},
		"unknown":             {value: types.StringUnknown()},
		"eight with digit":    {value: types.StringValue("abcdefg1")},
		"max length":          {value: types.StringValue("a1" + strings.Repeat("x", 126))},
		"unicode letters":     {value: types.StringValue("пароль12")},
		"symbols allowed":     {value: types.StringValue("p@ss w0rd!")},
		"seven":               {value: types.StringValue("abcdef1"), wantError: "The password in password_wo is too short (7 characters; at least 8). Portal passwords"},
		"multibyte counted":   {value: types.StringValue("éééééé1"), wantError: "is too short (7 characters; at least 8)."},
		"too long":            {value: types.StringValue("a1" + strings.Repeat("x", 127)), wantError: "is too long (129 characters; at most 128)."},
		"no digit":            {value: types.StringValue("abcdefgh"), wantError: "The password in password_wo has no number. Portal"},
		"no letter":           {value: types.StringValue("12345678"), wantError: "The password in password_wo has no letter. Portal"},
		"empty":               {value: types.StringValue(""), wantError: "The password in password_wo is empty. Portal passwords must be 8 to 128 characters long and contain at least one letter and one number."},
		"short, no number":    {value: types.StringValue("abc"), wantError: "is too short (3 characters; at least 8) and has no number."},
		"short, neither":      {value: types.StringValue("!!!"), wantError: "is too short (3 characters; at least 8) and has neither a letter nor a number."},
		"symbols only digits": {value: types.StringValue("!!!!!!!1"), wantError: "The password in password_wo has no letter."},
		"symbols only":        {value: types.StringValue("!!!!!!!!"), wantError: "The password in password_wo has neither a letter nor a number."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			req := validator.StringRequest{Path: path.Root("password_wo"), ConfigValue: tc.value}
			var resp validator.StringResponse
			Password().ValidateString(context.Background(), req, &resp)
			if tc.wantError == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected error: %v", resp.Diagnostics)
				}
				return
			}
			if !resp.Diagnostics.HasError() {
				t.Fatalf("expected an error containing %q", tc.wantError)
			}
			detail := resp.Diagnostics.Errors()[0].Detail()
			if !strings.Contains(detail, tc.wantError) {
				t.Errorf("detail %q does not contain %q", detail, tc.wantError)
			}
			problem, _, _ := strings.Cut(detail, ". Portal passwords")
			if strings.Count(problem, " and ") > 1 || strings.Contains(problem, ", fewer than") {
				t.Errorf("detail %q does not say what is wrong in one plain sentence", detail)
			}
			if v := tc.value.ValueString(); v != "" && strings.Contains(detail, v) {
				t.Errorf("detail repeats the password: %q", detail)
			}
		})
	}
}
