// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestProtocolServer_validatesActionConfigs: the provider's protocol
// server serves the action RPCs (tf6server answers "Not Implemented" to a
// server without them), and a set-password configuration with a
// password is judged by the password rules alone, not refused as a
// write-only value the framework thinks the client cannot take.
func TestProtocolServer_validatesActionConfigs(t *testing.T) {
	t.Parallel()
	setPassword := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"portal_user_id": tftypes.String, "password_wo": tftypes.String}}
	sendInvite := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"portal_user_id": tftypes.String}}
	tests := map[string]struct {
		action string
		typ    tftypes.Object
		values map[string]tftypes.Value
		want   []string // error summaries
	}{
		"good password": {
			action: "contacts_portal_user_set_password", typ: setPassword,
			values: map[string]tftypes.Value{"portal_user_id": tftypes.NewValue(tftypes.String, "301"), "password_wo": tftypes.NewValue(tftypes.String, "G00d-Passw0rd")},
		},
		"unknown password": {
			action: "contacts_portal_user_set_password", typ: setPassword,
			values: map[string]tftypes.Value{"portal_user_id": tftypes.NewValue(tftypes.String, "301"), "password_wo": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)},
		},
		"weak password": {
			action: "contacts_portal_user_set_password", typ: setPassword,
			values: map[string]tftypes.Value{"portal_user_id": tftypes.NewValue(tftypes.String, "301"), "password_wo": tftypes.NewValue(tftypes.String, "weakpass")},
			want:   []string{"Invalid Portal Password"},
		},
		"bad id": {
			action: "contacts_portal_user_send_invite", typ: sendInvite,
			values: map[string]tftypes.Value{"portal_user_id": tftypes.NewValue(tftypes.String, "0301")},
			want:   []string{"Invalid Attribute Value Match"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, ok := NewProtocol6Server("test")().(tfprotov6.ActionServer)
			if !ok {
				t.Fatal("the protocol server does not serve actions")
			}
			config, err := tfprotov6.NewDynamicValue(tc.typ, tftypes.NewValue(tc.typ, tc.values))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := srv.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: tc.action, Config: &config})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					got = append(got, d.Summary)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("errors %q, want %q", got, tc.want)
			}
		})
	}
}
