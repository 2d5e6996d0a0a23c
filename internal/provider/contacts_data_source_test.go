// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// contactsListed checks a contacts_contacts result by first names, in order.
func contactsListed(addr string, firstNames ...string) statecheck.StateCheck {
	items := make([]knownvalue.Check, len(firstNames))
	for i, n := range firstNames {
		items[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"first_name": knownvalue.StringExact(n)})
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("contacts"), knownvalue.ListExact(items))
}

func TestAccContactsDataSource_allPages(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	const n = 130 // more than one page of client.MaxPageSize
	var first, last *client.Contact
	for i := range n {
		ct := contactSeed(t, api, client.ContactCreateRequest{
			FirstName: fmt.Sprintf("Person%03d", i), LastName: "Bulk",
			Email: fmt.Sprintf("person%03d@acme.example", i), ClientID: acme.ID,
		})
		if i == 0 {
			first = ct
		}
		last = ct
	}
	srv.ResetRequestLog()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
data "contacts_contacts" "test" {
  client_id = %d
}

data "contacts_contacts" "everyone" {
}
`, acme.ID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.contacts_contacts.test", tfjsonpath.New("contacts"), knownvalue.ListSizeExact(n)),
					// The staff fixture is a contact too.
					statecheck.ExpectKnownValue("data.contacts_contacts.everyone", tfjsonpath.New("contacts"), knownvalue.ListSizeExact(n+1)),
					statecheck.ExpectKnownValue("data.contacts_contacts.test", tfjsonpath.New("contacts").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":             knownvalue.StringExact(strconv.FormatInt(first.ID, 10)),
						"client_id":      knownvalue.Int64Exact(acme.ID),
						"first_name":     knownvalue.StringExact("Person000"),
						"last_name":      knownvalue.StringExact("Bulk"),
						"name":           knownvalue.StringExact("Person000 Bulk"),
						"email":          knownvalue.StringExact("person000@acme.example"),
						"phone":          knownvalue.Null(),
						"job_position":   knownvalue.Null(),
						"status":         knownvalue.StringExact("active"),
						"account_owner":  knownvalue.StringExact("no"),
						"role":           knownvalue.StringExact("Client"),
						"portal_user_id": knownvalue.Null(),
						"created":        knownvalue.StringExact(first.Dates.Created),
						"updated":        knownvalue.StringExact(first.Dates.Updated),
					})),
					statecheck.ExpectKnownValue("data.contacts_contacts.test", tfjsonpath.New("contacts").AtSliceIndex(n-1).AtMapKey("id"),
						knownvalue.StringExact(strconv.FormatInt(last.ID, 10))),
				},
			},
		},
	})
	if got := srv.RequestCounts()["GET /api/contacts"]; got < 2 {
		t.Fatalf("GET /api/contacts answered %d times; listing %d contacts needs at least two pages", got, n)
	}
}

func TestAccContactsDataSource_filters(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	globex := mustCreateClient(t, api, "Globex Corp")
	phone := "+1 555 0100"
	contactSeed(t, api, client.ContactCreateRequest{FirstName: "Alice", LastName: "Smith", Email: "alice@acme.example", ClientID: acme.ID, Phone: &phone})
	bob := contactSeed(t, api, client.ContactCreateRequest{FirstName: "Bob", LastName: "Jones", Email: "bob@acme.example", ClientID: acme.ID})
	contactSeed(t, api, client.ContactCreateRequest{FirstName: "Carol", LastName: "Smith", Email: "carol@globex.example", ClientID: globex.ID})
	if _, err := api.SetAccountOwner(context.Background(), bob.ID); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Plan-time checks first: the last step's configuration is the one destroyed.
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contacts" "test" {
  sort = "phone"
}
`,
				ExpectError: testErrorRegexp(`Attribute sort value must be one of`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contacts" "test" {
  account_owner = "maybe"
}
`,
				ExpectError: testErrorRegexp(`Attribute account_owner value must be one of`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contacts" "test" {
  order = "up"
}
`,
				ExpectError: testErrorRegexp(`Attribute order value must be one of`),
			},
			{
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
data "contacts_contacts" "acme" {
  client_id = %[1]d
}

data "contacts_contacts" "smiths" {
  search = "SMITH"
}

data "contacts_contacts" "by_phone" {
  search = "555 01"
}

data "contacts_contacts" "owners" {
  account_owner = "yes"
}

data "contacts_contacts" "acme_non_owners" {
  client_id     = %[1]d
  account_owner = "no"
}

data "contacts_contacts" "acme_smiths" {
  client_id = %[1]d
  search    = "smith"
}

data "contacts_contacts" "acme_desc" {
  client_id = %[1]d
  sort      = "first_name"
  order     = "desc"
}

data "contacts_contacts" "active_globex" {
  client_id = %[2]d
  status    = "active"
}

data "contacts_contacts" "nothing" {
  search = "zzz-no-match"
}
`, acme.ID, globex.ID),
				ConfigStateChecks: []statecheck.StateCheck{
					contactsListed("data.contacts_contacts.acme", "Alice", "Bob"),
					contactsListed("data.contacts_contacts.smiths", "Alice", "Carol"),
					contactsListed("data.contacts_contacts.by_phone", "Alice"),
					contactsListed("data.contacts_contacts.owners", "Bob"),
					statecheck.ExpectKnownValue("data.contacts_contacts.owners", tfjsonpath.New("contacts").AtSliceIndex(0).AtMapKey("account_owner"), knownvalue.StringExact("yes")),
					contactsListed("data.contacts_contacts.acme_non_owners", "Alice"),
					contactsListed("data.contacts_contacts.acme_smiths", "Alice"),
					contactsListed("data.contacts_contacts.acme_desc", "Bob", "Alice"),
					contactsListed("data.contacts_contacts.active_globex", "Carol"),
					contactsListed("data.contacts_contacts.nothing"),
				},
			},
		},
	})
}
