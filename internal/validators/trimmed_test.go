// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package validators

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestTrimmed(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		value   types.String
		wantErr bool
	}{
		"plain":           {value: types.StringValue("Jane"), wantErr: false},
		"inner space":     {value: types.StringValue("Mary Ann"), wantErr: false},
		"null":            {value: types.StringNull(), wantErr: false},
		"unknown":         {value: types.StringUnknown(), wantErr: false},
		"leading space":   {value: types.StringValue(" Jane"), wantErr: true},
		"trailing tab":    {value: types.StringValue("Jane\t"), wantErr: true},
		"trailing line":   {value: types.StringValue("Jane\n"), wantErr: true},
		"only whitespace": {value: types.StringValue("   "), wantErr: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resp := &validator.StringResponse{}
			Trimmed().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: tc.value}, resp)
			if got := resp.Diagnostics.HasError(); got != tc.wantErr {
				t.Fatalf("error = %v, want %v: %v", got, tc.wantErr, resp.Diagnostics)
			}
		})
	}
}
