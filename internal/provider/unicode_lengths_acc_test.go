// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// Names the API takes (it counts characters) but that are longer than its
// limits in bytes.
var (
	unicodeFirstName = strings.Repeat("é", 100) // 200 bytes
	unicodeLastName  = strings.Repeat("李", 191) // 573 bytes, the API's maximum
)

// TestAccContactResource_unicodeLengths: lengths count characters, so a
// contact with long accented and CJK names can be created and is planned
// as unchanged afterwards.
func TestAccContactResource_unicodeLengths(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{{
			Config: contactTestConfig(srv, acme.ID, unicodeFirstName, unicodeLastName, "unicode@acme.example",
				`  job_position = "`+strings.Repeat("ж", 191)+`"
  phone        = "`+strings.Repeat("٠", 32)+`"`),
			Check: contactCheckServer(srv, contactCheckFields(acme.ID, unicodeFirstName, unicodeLastName, "unicode@acme.example", strings.Repeat("٠", 32), strings.Repeat("ж", 191))),
		}},
	})
}

// TestAccContactResource_unicodeImportGeneratedConfig: the configuration
// that -generate-config-out writes for such a contact passes its own plan.
func TestAccContactResource_unicodeImportGeneratedConfig(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	ct := contactSeed(t, api, client.ContactCreateRequest{
		FirstName: unicodeFirstName, LastName: unicodeLastName, Email: "unicode@acme.example", ClientID: acme.ID,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          testAccProviderBlock(srv),
				ResourceName:    contactTestAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   ct.Email,
				GenerateConfig:  true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("first_name"), knownvalue.StringExact(unicodeFirstName)),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("last_name"), knownvalue.StringExact(unicodeLastName)),
					},
				},
			},
		},
	})
}

// TestAccClientResource_unicodeImportGeneratedConfig: the same for a client
// whose company name is longer in bytes than the API's limit in characters.
func TestAccClientResource_unicodeImportGeneratedConfig(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Société Générale "+strings.Repeat("株", 150))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          testAccProviderBlock(srv),
				ResourceName:    "contacts_client.test",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   acme.CompanyName,
				GenerateConfig:  true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("contacts_client.test", plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}
