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

func TestRFC3339(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		value   types.String
		wantErr bool
	}{
		"null":          {value: types.StringNull()},
		"unknown":       {value: types.StringUnknown()},
		"utc":           {value: types.StringValue("2027-01-31T00:00:00Z")},
		"offset":        {value: types.StringValue("2027-01-31T09:30:00+02:00")},
		"api format":    {value: types.StringValue("2027-01-31T09:30:00.000000Z")},
		"date only":     {value: types.StringValue("2027-01-31"), wantErr: true},
		"no zone":       {value: types.StringValue("2027-01-31T09:30:00"), wantErr: true},
		"space":         {value: types.StringValue("2027-01-31 09:30:00Z"), wantErr: true},
		"garbage":       {value: types.StringValue("tomorrow"), wantErr: true},
		"invalid month": {value: types.StringValue("2027-13-01T00:00:00Z"), wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var resp validator.StringResponse
			RFC3339().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("expires"), ConfigValue: tc.value}, &resp)
			if got := resp.Diagnostics.HasError(); got != tc.wantErr {
				t.Fatalf("error = %v, want %v: %v", got, tc.wantErr, resp.Diagnostics)
			}
		})
	}
}
