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

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// contactSeed creates a contact out of band.
func contactSeed(t *testing.T, api *client.Client, req client.ContactCreateRequest) *client.Contact {
	t.Helper()
	ct, err := api.CreateContact(context.Background(), req)
	if err != nil {
		t.Fatalf("seeding contact %s: %v", req.Email, err)
	}
	return ct
}

// contactSeedJane seeds the contact the data source tests look up.
func contactSeedJane(t *testing.T, srv *apiservertest.Server) *client.Contact {
	t.Helper()
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	phone := "+1 555 0100"
	return contactSeed(t, api, client.ContactCreateRequest{
		FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: acme.ID, Phone: &phone,
	})
}

// contactDataSourceChecks asserts every attribute of data.contacts_contact.test against ct.
func contactDataSourceChecks(ct *client.Contact) []statecheck.StateCheck {
	addr := "data.contacts_contact.test"
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(strconv.FormatInt(ct.ID, 10))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_id"), knownvalue.Int64Exact(ct.Client.ID)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Jane")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("Doe")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Jane Doe")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact("jane@acme.example")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone"), knownvalue.StringExact("+1 555 0100")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("job_position"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_owner"), knownvalue.StringExact("no")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact("Client")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("portal_user_id"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.StringExact(ct.Dates.Created)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated"), knownvalue.StringExact(ct.Dates.Updated)),
	}
}

func TestAccContactDataSource_byID(t *testing.T) {
	srv := testAccServer(t)
	jane := contactSeedJane(t, srv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
data "contacts_contact" "test" {
  id = "%d"
}
`, jane.ID),
				ConfigStateChecks: contactDataSourceChecks(jane),
			},
		},
	})
}

func TestAccContactDataSource_byEmail(t *testing.T) {
	srv := testAccServer(t)
	jane := contactSeedJane(t, srv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
  email = "jane@acme.example"
}
`,
				ConfigStateChecks: contactDataSourceChecks(jane),
			},
			{
				// The address compares ignoring case; the result holds the stored form.
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
  email = "JANE@Acme.Example"
}
`,
				ConfigStateChecks: contactDataSourceChecks(jane),
			},
		},
	})
}

func TestAccContactDataSource_errors(t *testing.T) {
	srv := testAccServer(t)
	contactSeedJane(t, srv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
  id = "999999"
}
`,
				ExpectError: testErrorRegexp(`The Contacts API has no contact 999999`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
  email = "nobody@acme.example"
}
`,
				ExpectError: testErrorRegexp(`The Contacts API has no contact nobody@acme.example`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
  id    = "1"
  email = "jane@acme.example"
}
`,
				ExpectError: testErrorRegexp(`Invalid Attribute Combination`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
}
`,
				ExpectError: testErrorRegexp(`Missing Attribute Configuration`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
  id = "jane"
}
`,
				ExpectError: testErrorRegexp(`must be a contact id: a whole number from 1 with at most 18 digits, written without sign or leading zeros, such as "45"`),
			},
			{
				Config: testAccProviderBlock(srv) + `
data "contacts_contact" "test" {
  email = "not an address"
}
`,
				ExpectError: testErrorRegexp(`Invalid Email Address`),
			},
		},
	})
}
