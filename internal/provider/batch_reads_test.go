// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestBatchReadsSetting: batch_reads is on unless the attribute or
// CONTACTS_BATCH_READS says false; the attribute wins; a bad variable is an
// error on the attribute. t.Setenv rules out t.Parallel.
func TestBatchReadsSetting(t *testing.T) {
	tests := map[string]struct {
		attr    types.Bool
		env     string
		want    bool
		wantErr string
	}{
		"default":                {attr: types.BoolNull(), want: true},
		"attribute off":          {attr: types.BoolValue(false), want: false},
		"attribute on":           {attr: types.BoolValue(true), want: true},
		"variable off":           {attr: types.BoolNull(), env: "false", want: false},
		"variable 0":             {attr: types.BoolNull(), env: "0", want: false},
		"variable on":            {attr: types.BoolNull(), env: "TRUE", want: true},
		"attribute over env":     {attr: types.BoolValue(true), env: "false", want: true},
		"bad variable":           {attr: types.BoolNull(), env: "maybe", wantErr: `CONTACTS_BATCH_READS must be true or false, got "maybe"`},
		"bad variable, attr set": {attr: types.BoolValue(false), env: "maybe", want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv(envBatchReads, tc.env)
			var diags diag.Diagnostics
			got := batchReads(providerModel{BatchReads: tc.attr}, &diags)
			if tc.wantErr != "" {
				if !diags.HasError() || !strings.Contains(diags[0].Detail(), tc.wantErr) {
					t.Fatalf("diagnostics %v, want an error containing %q", diags, tc.wantErr)
				}
				if p := diags[0].(diag.DiagnosticWithPath).Path().String(); p != "batch_reads" {
					t.Errorf("error on %q, want batch_reads", p)
				}
				return
			}
			if diags.HasError() || got != tc.want {
				t.Errorf("batchReads = %v (%v), want %v", got, diags, tc.want)
			}
		})
	}
}
