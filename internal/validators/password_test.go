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
		"seven":               {value: types.StringValue("abcdef1"), wantError: "is 7 characters long, fewer than 8"},
		"multibyte counted":   {value: types.StringValue("éééééé1"), wantError: "is 7 characters long"},
		"too long":            {value: types.StringValue("a1" + strings.Repeat("x", 127)), wantError: "is 129 characters long, more than 128"},
		"no digit":            {value: types.StringValue("abcdefgh"), wantError: "has no number"},
		"no letter":           {value: types.StringValue("12345678"), wantError: "has no letter"},
		"empty breaks all":    {value: types.StringValue(""), wantError: "is 0 characters long, fewer than 8 and has no letter and has no number"},
		"symbols only digits": {value: types.StringValue("!!!!!!!1"), wantError: "has no letter"},
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
			if v := tc.value.ValueString(); v != "" && strings.Contains(detail, v) {
				t.Errorf("detail repeats the password: %q", detail)
			}
		})
	}
}
