// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestAccPortalUserResource_createRequestsWithNewContact pins the create
// target of `make bench`: a contact and its portal user created in one
// apply cost one POST each, with no "does the contact already have a
// login" GET for a contact that this apply has just created. Each provider
// process (the plan's and the apply's) checks the endpoint once and, as it
// plans changes, the key's write scope once (a create that the API refuses
// for its missing name: nothing is written).
func TestAccPortalUserResource_createRequestsWithNewContact(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	srv.ResetRequestLog()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_contact" "jane" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
}

resource "contacts_portal_user" "jane" {
  contact_id          = contacts_contact.jane.id
  password_wo         = "Portal-pass-1"
  password_wo_version = 1
}
`, acme.ID),
			// Checks run right after the apply, before any refresh.
			Check: func(*terraform.State) error {
				want := map[string]int{"GET /api/access-roles": 2, "POST /api/clients": 2, "POST /api/contacts": 1, "POST /api/portal-users": 1}
				if got := srv.RequestCounts(); !maps.Equal(got, want) {
					return fmt.Errorf("the apply sent %v, want exactly %v", got, want)
				}
				return nil
			},
		}},
	})
}
