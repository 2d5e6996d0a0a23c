// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

func TestAccPortalUserDataSource(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "ds@acme.example")
	ctx := context.Background()
	user, err := api.CreatePortalUser(ctx, client.PortalUserCreateRequest{
		ContactID: contact.ID, Username: "ds.user", Password: "Data-s0urce",
		Roles: []client.RoleGrant{{Reference: "billing"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A terminated user is found too.
	if _, err := api.RevokeAccess(ctx, user.ID); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(user.ID, 10)
	expect := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("contact_id"), knownvalue.Int64Exact(contact.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_id"), knownvalue.Int64Exact(contact.Client.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("username"), knownvalue.StringExact("ds.user")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact("ds@acme.example")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("terminated")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("auth_method"), knownvalue.StringExact("local")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("password_updated_at"), portalUserTimestamp),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{"reference": knownvalue.StringExact("billing"), "expires": knownvalue.Null()}),
			})),
		}
	}
	var checks []statecheck.StateCheck
	for _, addr := range []string{"data.contacts_portal_user.by_id", "data.contacts_portal_user.by_contact", "data.contacts_portal_user.by_username"} {
		checks = append(checks, expect(addr)...)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// The failing steps come first: the post-test destroy uses the
		// last configuration.
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_portal_user" "missing" {
  username = "nobody"
}
`,
				ExpectError: regexp.MustCompile(`Portal User Not Found`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_portal_user" "two" {
  id       = "1"
  username = "x"
}
`,
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			{
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
data "contacts_portal_user" "by_id" {
  id = %q
}

data "contacts_portal_user" "by_contact" {
  contact_id = %d
}

data "contacts_portal_user" "by_username" {
  username = "DS.USER"
}
`, id, contact.ID),
				ConfigStateChecks: checks,
			},
		},
	})
}
