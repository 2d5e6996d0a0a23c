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

func TestNotEmptyUseNull(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		value     types.String
		wantError bool
	}{
		"null":        {value: types.StringNull()},
		"unknown":     {value: types.StringUnknown()},
		"one char":    {value: types.StringValue("x")},
		"multibyte":   {value: types.StringValue("é")},
		"whitespace":  {value: types.StringValue(" ")}, // left to Trimmed
		"empty":       {value: types.StringValue(""), wantError: true},
		"empty again": {value: types.StringValue(""), wantError: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var resp validator.StringResponse
			NotEmptyUseNull("clear it on the server").ValidateString(context.Background(),
				validator.StringRequest{Path: path.Root("phone"), ConfigValue: tc.value}, &resp)
			if got := resp.Diagnostics.HasError(); got != tc.wantError {
				t.Fatalf("error = %v, want %v: %v", got, tc.wantError, resp.Diagnostics)
			}
			if !tc.wantError {
				return
			}
			d := resp.Diagnostics.Errors()[0]
			want := "Attribute phone is an empty string. To clear it on the server, leave phone out of the configuration or set it to null"
			if !strings.HasPrefix(d.Detail(), want) {
				t.Errorf("detail %q does not start with %q", d.Detail(), want)
			}
			if d.Summary() != "Empty String Not Allowed" {
				t.Errorf("summary %q", d.Summary())
			}
		})
	}
}
