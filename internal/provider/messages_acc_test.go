// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccMessages_planTime pins the wording of plan-time diagnostics: each
// names its attribute and says what to do.
func TestAccMessages_planTime(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "msg@acme.example")
	contactCfg := func(extra string) string {
		return contactTestConfig(srv, contact.Client.ID, "Jane", "Doe", "jane.msg@acme.example", extra)
	}
	cases := map[string]struct {
		config string
		want   []string
	}{
		"empty phone": {
			config: contactCfg(`  phone = ""`),
			want:   []string{"Empty String Not Allowed", "Attribute phone is an empty string.", "leave phone out of the configuration or set it to null"},
		},
		"empty job_position": {
			config: contactCfg(`  job_position = ""`),
			want:   []string{"Empty String Not Allowed", "Attribute job_position is an empty string. To clear the job position", "set it to null"},
		},
		"chinese username": {
			config: portalUserConfig(srv, contact.ID, `  username = "李雷"`),
			want:   []string{"Invalid Portal Username", `Attribute username contains "李", "雷"`, "ASCII letters a-z and A-Z, digits 0-9 and the characters . @ + _ -"},
		},
		"empty username": {
			config: portalUserConfig(srv, contact.ID, `  username = ""`),
			want:   []string{"Invalid Portal Username", "Attribute username is an empty string.", "leave username out"},
		},
		"version without password": {
			config: portalUserConfig(srv, contact.ID, `  password_wo_version = 1`),
			want:   []string{"Password Version Without Password", "Attribute password_wo_version is set but password_wo is not"},
		},
		"empty role reference": {
			config: portalUserConfig(srv, contact.ID, `  roles = [{ reference = "" }]`),
			want:   []string{"Empty String Not Allowed", "access role reference is an empty string", "contacts_access_roles"},
		},
		"empty contacts search": {
			config: testAccProviderBlock(srv) + `
data "contacts_contacts" "all" {
  search = ""
}
`,
			want: []string{"Empty String Not Allowed", "Attribute search is an empty string. To list contacts without this filter"},
		},
		"empty portal users search": {
			config: testAccProviderBlock(srv) + `
data "contacts_portal_users" "all" {
  search = ""
}
`,
			want: []string{"Empty String Not Allowed", "Attribute search is an empty string."},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.config,
					PlanOnly:    true,
					ExpectError: testErrorRegexp(tc.want...),
				}},
			})
		})
	}
}
