// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestAccPortalUsersDataSource reads more than one page (the API serves at
// most 100 per page) and applies every filter.
func TestAccPortalUsersDataSource(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	ctx := context.Background()
	acme := mustCreateClient(t, api, "Acme Inc")
	other := mustCreateClient(t, api, "Other Ltd")
	const many, terminated = 105, 5
	var lastContact int64
	for i := range many {
		ct := portalUserSeedContact(t, api, acme.ID, fmt.Sprintf("user%03d@acme.example", i))
		u, err := api.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: ct.ID})
		if err != nil {
			t.Fatal(err)
		}
		if i < terminated {
			if _, err := api.RevokeAccess(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		lastContact = ct.ID
	}
	otherContact := portalUserSeedContact(t, api, other.ID, "solo@other.example")
	if _, err := api.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: otherContact.ID, Username: "solo.user"}); err != nil {
		t.Fatal(err)
	}
	count := func(name string, n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.contacts_portal_users."+name, tfjsonpath.New("portal_users"), knownvalue.ListSizeExact(n))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
data "contacts_portal_users" "active" {}

data "contacts_portal_users" "all" {
  status = "all"
}

data "contacts_portal_users" "terminated" {
  status = "terminated"
}

data "contacts_portal_users" "acme_all" {
  status    = "all"
  client_id = %d
}

data "contacts_portal_users" "by_contact" {
  contact_id = %d
}

data "contacts_portal_users" "search" {
  search = "SOLO"
}
`, acme.ID, lastContact),
				ConfigStateChecks: []statecheck.StateCheck{
					count("active", many-terminated+1),
					count("all", many+1),
					count("terminated", terminated),
					count("acme_all", many),
					count("by_contact", 1),
					count("search", 1),
					statecheck.ExpectKnownValue("data.contacts_portal_users.search", tfjsonpath.New("portal_users").AtSliceIndex(0).AtMapKey("username"), knownvalue.StringExact("solo.user")),
					statecheck.ExpectKnownValue("data.contacts_portal_users.all", tfjsonpath.New("portal_users").AtSliceIndex(many).AtMapKey("email"), knownvalue.StringExact("solo@other.example")),
					statecheck.ExpectKnownValue("data.contacts_portal_users.by_contact", tfjsonpath.New("portal_users").AtSliceIndex(0).AtMapKey("contact_id"), knownvalue.Int64Exact(lastContact)),
				},
			},
		},
	})
}
