// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

func testAccClientConfig(srv *apiservertest.Server, name string) string {
	return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_client" "test" {
  company_name = %q
}
`, name)
}

// clientOnServer returns the live client with the company name, or fails.
func clientOnServer(srv *apiservertest.Server, name string) (int64, error) {
	for _, c := range srv.Clients() {
		if c.CompanyName == name {
			return c.ID, nil
		}
	}
	return 0, fmt.Errorf("the server holds no client named %q; it holds %v", name, srv.Clients())
}

// clientCheckOnServer checks that the server holds a client with exactly
// this name, under the id in state.
func clientCheckOnServer(srv *apiservertest.Server, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources["contacts_client.test"]
		if !ok {
			return fmt.Errorf("contacts_client.test is not in state")
		}
		id, err := clientOnServer(srv, name)
		if err != nil {
			return err
		}
		if strconv.FormatInt(id, 10) != rs.Primary.ID {
			return fmt.Errorf("server holds %q as client %d, state has id %s", name, id, rs.Primary.ID)
		}
		return nil
	}
}

// clientCheckDestroy asks the server whether every contacts_client that was
// in state is gone.
func clientCheckDestroy(srv *apiservertest.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "contacts_client" {
				continue
			}
			id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
			if err != nil {
				return err
			}
			if c, found := srv.Client(id); found {
				return fmt.Errorf("client %d (%q) still exists on the server after destroy", id, c.CompanyName)
			}
		}
		return nil
	}
}

func TestAccClientResource_lifecycle(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	const addr = "contacts_client.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             clientCheckDestroy(srv),
		Steps: []resource.TestStep{
			{
				Config: testAccClientConfig(srv, "Acme Inc"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_name"), knownvalue.StringExact("Acme Inc")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated"), knownvalue.NotNull()),
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
				},
				Check: clientCheckOnServer(srv, "Acme Inc"),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// By company name, in another case: the match ignores case.
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     "ACME INC",
				ImportStateVerify: true,
			},
			{
				Config: testAccClientConfig(srv, "Acme Corporation"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("updated")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company_name"), knownvalue.StringExact("Acme Corporation")),
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
				},
				Check: clientCheckOnServer(srv, "Acme Corporation"),
			},
			{
				// Renamed behind Terraform's back: an in-place update restores it.
				PreConfig: func() {
					id, err := clientOnServer(srv, "Acme Corporation")
					if err != nil {
						t.Fatal(err)
					}
					if _, err := api.UpdateClient(context.Background(), id, client.ClientUpdateRequest{CompanyName: client.Set("Renamed Elsewhere")}); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccClientConfig(srv, "Acme Corporation"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					newID.AddStateValue(addr, tfjsonpath.New("id")),
				},
				Check: clientCheckOnServer(srv, "Acme Corporation"),
			},
			{
				// Deleted behind Terraform's back: dropped from state, re-created.
				PreConfig: func() {
					id, err := clientOnServer(srv, "Acme Corporation")
					if err != nil {
						t.Fatal(err)
					}
					if err := api.DeleteClient(context.Background(), id); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccClientConfig(srv, "Acme Corporation"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, tfjsonpath.New("id")),
				},
				Check: clientCheckOnServer(srv, "Acme Corporation"),
			},
		},
	})
}

func TestAccClientResource_outOfBandDeletePlansCreate(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             clientCheckDestroy(srv),
		Steps: []resource.TestStep{
			{
				Config: testAccClientConfig(srv, "Gone Ltd"),
			},
			{
				PreConfig: func() {
					id, err := clientOnServer(srv, "Gone Ltd")
					if err != nil {
						t.Fatal(err)
					}
					if err := api.DeleteClient(context.Background(), id); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources["contacts_client.test"]; ok {
						return fmt.Errorf("contacts_client.test is still in state after its client was deleted")
					}
					return nil
				},
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("contacts_client.test", plancheck.ResourceActionCreate),
					},
				},
			},
		},
	})
}

func TestAccClientResource_destroyWithContacts(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	var contactID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             clientCheckDestroy(srv),
		Steps: []resource.TestStep{
			{
				Config: testAccClientConfig(srv, "Busy Co"),
			},
			{
				PreConfig: func() {
					id, err := clientOnServer(srv, "Busy Co")
					if err != nil {
						t.Fatal(err)
					}
					ct, err := api.CreateContact(context.Background(), client.ContactCreateRequest{
						FirstName: "Bea", LastName: "Busy", Email: "bea@busy.example", ClientID: id,
					})
					if err != nil {
						t.Fatal(err)
					}
					contactID = ct.ID
				},
				Config:      testAccProviderBlock(srv),
				ExpectError: testErrorRegexp(`The client still has contacts. Destroy the client's contacts first (a contact cannot move to another client: a new client_id replaces it), then run the destroy again.`),
			},
			{
				// The refused destroy left the client in place; without its
				// contact it goes.
				PreConfig: func() {
					if _, err := clientOnServer(srv, "Busy Co"); err != nil {
						t.Fatalf("after the refused destroy: %v", err)
					}
					if err := api.DeleteContact(context.Background(), contactID); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccProviderBlock(srv),
				Check: func(*terraform.State) error {
					if _, err := clientOnServer(srv, "Busy Co"); err == nil {
						return fmt.Errorf("client Busy Co still exists after its contacts were removed and it was destroyed")
					}
					return nil
				},
			},
		},
	})
}

func TestAccClientResource_importBlockByName(t *testing.T) {
	srv := testAccServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             clientCheckDestroy(srv),
		Steps: []resource.TestStep{
			{
				Config: testAccClientConfig(srv, "Blocky GmbH"),
			},
			{
				// terraform plan with an import {} block naming the company;
				// the import must plan no changes.
				ResourceName:    "contacts_client.test",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "blocky gmbh",
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("contacts_client.test", plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue("contacts_client.test", tfjsonpath.New("company_name"), knownvalue.StringExact("Blocky GmbH")),
					},
				},
			},
		},
	})
}

func TestAccClientResource_importBlockGenerateConfig(t *testing.T) {
	srv := testAccServer(t)
	acct := mustCreateClient(t, testAPIClient(t, srv), "Generated Pty")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// terraform plan -generate-config-out: the written resource
				// block must plan as a no-op import, i.e. no changes.
				ResourceName:    "contacts_client.imported",
				ImportStateId:   strconv.FormatInt(acct.ID, 10),
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
import {
  to = contacts_client.imported
  id = "%d"
}
`, acct.ID),
				ImportStateConfigExact: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("contacts_client.imported", plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue("contacts_client.imported", tfjsonpath.New("company_name"), knownvalue.StringExact("Generated Pty")),
						plancheck.ExpectKnownValue("contacts_client.imported", tfjsonpath.New("id"), knownvalue.StringExact(strconv.FormatInt(acct.ID, 10))),
					},
				},
			},
		},
	})
}

func TestAccClientResource_importErrors(t *testing.T) {
	srv := testAccServer(t)
	mustCreateClient(t, testAPIClient(t, srv), "Substring Holdings")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A partial company name must not import the client that contains it.
				Config:        testAccClientConfig(srv, "Substring"),
				ResourceName:  "contacts_client.test",
				ImportState:   true,
				ImportStateId: "Substring",
				ExpectError:   testErrorRegexp(`Client Not Found for Import ID "Substring"`, `No client has the company name "Substring"`, `Nothing was imported`),
			},
			{
				// A leading zero is refused, not read as id 7 nor looked up as a name.
				Config:        testAccClientConfig(srv, "Nobody"),
				ResourceName:  "contacts_client.test",
				ImportState:   true,
				ImportStateId: "007",
				ExpectError: testErrorRegexp(`Invalid Client Import ID`, `"007" is not a valid id`, `without sign or leading zeros`,
					`Import a client by its numeric id (e.g. 12) or by its exact company name`),
			},
			{
				Config:        testAccClientConfig(srv, "Nobody"),
				ResourceName:  "contacts_client.test",
				ImportState:   true,
				ImportStateId: "999",
				ExpectError:   testErrorRegexp(`Cannot import non-existent remote object`),
			},
		},
	})
}

func TestAccClientResource_validation(t *testing.T) {
	srv := testAccServer(t)
	mustCreateClient(t, testAPIClient(t, srv), "Taken Inc")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccClientConfig(srv, ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute company_name UTF-8 character count must be between 1 and 191, got: 0`),
			},
			{
				Config:      testAccClientConfig(srv, strings.Repeat("x", 192)),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute company_name UTF-8 character count must be between 1 and 191, got: 192`),
			},
			{
				Config:      testAccClientConfig(srv, " Padded Inc"),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`must not start or end with whitespace`),
			},
			{
				Config:      testAccProviderBlock(srv) + `resource "contacts_client" "test" {}`,
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`The argument "company_name" is required`),
			},
			{
				// The API's 422 lands on company_name: Terraform quotes that
				// line of the configuration before the detail.
				Config:      testAccClientConfig(srv, "taken inc"),
				ExpectError: testErrorRegexp(`company_name = "taken inc"`, `The Contacts API rejected client "taken inc": The company name has already been taken.`),
			},
		},
	})
	if n := len(srv.Clients()); n != 2 {
		t.Errorf("server holds %d clients, want the fixture client and Taken Inc only: %v", n, srv.Clients())
	}
}
