// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestAccOrphans_namedWithTheirImport: an object that exists on the server
// but in no state — what a Terraform killed mid-apply leaves behind, since
// it had no time to record the create — makes the next apply fail, for
// every kind, with the object's id and the import that adopts it; after
// that import the plan is empty.
func TestAccOrphans_namedWithTheirImport(t *testing.T) {
	tests := map[string]struct {
		addr   string
		config func(clientID, contactID int64) string
		// orphan creates the object out of band and returns its id.
		orphan func(t *testing.T, c *client.Client, clientID, contactID int64) int64
		want   func(id int64) []string
	}{
		"client": {
			addr: "contacts_client.o",
			config: func(int64, int64) string {
				return `
resource "contacts_client" "o" {
  company_name = "Orphan Ltd"
}
`
			},
			orphan: func(t *testing.T, c *client.Client, _, _ int64) int64 {
				return mustCreateClient(t, c, "Orphan Ltd").ID
			},
			want: func(id int64) []string {
				return []string{"Error Creating Client", `company_name = "Orphan Ltd"`, "The company name has already been taken.",
					fmt.Sprintf(`already holds a client with the company name "Orphan Ltd" (id %d)`, id), fmt.Sprintf("terraform import contacts_client.<name> %d", id)}
			},
		},
		"contact": {
			addr: "contacts_contact.o",
			config: func(clientID, _ int64) string {
				return fmt.Sprintf(`
resource "contacts_contact" "o" {
  client_id  = %d
  first_name = "Pat"
  last_name  = "Portal"
  email      = "orphan@acme.example"
}
`, clientID)
			},
			orphan: func(t *testing.T, c *client.Client, clientID, _ int64) int64 {
				return portalUserSeedContact(t, c, clientID, "orphan@acme.example").ID
			},
			want: func(id int64) []string {
				return []string{"Error Creating Contact", `email      = "orphan@acme.example"`, "The email has already been taken.",
					fmt.Sprintf(`already holds a contact with the email address "orphan@acme.example" (id %d)`, id), fmt.Sprintf("terraform import contacts_contact.<name> %d", id)}
			},
		},
		"portal user": {
			addr: "contacts_portal_user.o",
			config: func(_, contactID int64) string {
				return fmt.Sprintf(`
resource "contacts_portal_user" "o" {
  contact_id = %d
}
`, contactID)
			},
			orphan: func(t *testing.T, c *client.Client, _, contactID int64) int64 {
				u, err := c.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: contactID})
				if err != nil {
					t.Fatal(err)
				}
				return u.ID
			},
			want: func(id int64) []string {
				return []string{"Contact Already Has a Portal User", fmt.Sprintf("already has portal user %d", id), fmt.Sprintf("terraform import contacts_portal_user.<name> %d", id)}
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv, c, ct := portalUserSetup(t, "pat@acme.example")
			id := tc.orphan(t, c, ct.Client.ID, ct.ID)
			cfg := testAccProviderBlock(srv) + tc.config(ct.Client.ID, ct.ID)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: cfg, ExpectError: testErrorRegexp(tc.want(id)...)},
					{
						Config:        cfg,
						ResourceName:  tc.addr,
						ImportState:   true,
						ImportStateId: formatID(id),
						// The import step writes nothing to the state: the
						// plan after it is checked by the step below.
						ImportStatePersist: true,
					},
					{
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}
