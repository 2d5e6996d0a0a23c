// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccAccessRolesDataSource(t *testing.T) {
	srv := testAccServer(t)
	var roles []knownvalue.Check
	for _, r := range srv.AccessRoles() {
		roles = append(roles, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"reference":   knownvalue.StringExact(r.Reference),
			"name":        knownvalue.StringExact(r.Name),
			"description": knownvalue.StringExact(r.Description),
		}))
	}
	if len(roles) < 4 {
		t.Fatalf("the server defines %d access roles, want at least 4", len(roles))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_access_roles" "all" {}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.contacts_access_roles.all", tfjsonpath.New("access_roles"), knownvalue.ListExact(roles)),
				},
			},
		},
	})
}
