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

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

const contactTestAddr = "contacts_contact.test"

// contactTestConfig renders a contacts_contact "test" resource after the
// provider block; extra holds further attribute lines.
func contactTestConfig(srv *apiservertest.Server, clientID int64, first, last, email, extra string) string {
	return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_contact" "test" {
  client_id  = %d
  first_name = %q
  last_name  = %q
  email      = %q
%s
}
`, clientID, first, last, email, extra)
}

// contactCheckServer runs check on what the server holds for the contact
// in state at contactTestAddr.
func contactCheckServer(srv *apiservertest.Server, check func(apiserver.Contact) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := testStateID(s, contactTestAddr)
		if err != nil {
			return err
		}
		ct, ok := srv.Contact(id)
		if !ok {
			return fmt.Errorf("server has no contact %d", id)
		}
		if ct.Status != "active" {
			return fmt.Errorf("server contact %d has status %q, want active", id, ct.Status)
		}
		return check(ct)
	}
}

// contactCheckDestroyed asserts that every contact in state was deleted on the server.
func contactCheckDestroyed(srv *apiservertest.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			if rs.Type != "contacts_contact" {
				continue
			}
			id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: bad id %q", addr, rs.Primary.ID)
			}
			if ct, ok := srv.Contact(id); !ok || ct.Status != "deleted" {
				return fmt.Errorf("%s: contact %d still exists on the server (status %q)", addr, id, ct.Status)
			}
		}
		return nil
	}
}

// contactCheckWelcomeEmails counts the welcome emails queued for the contact.
func contactCheckWelcomeEmails(srv *apiservertest.Server, want int) resource.TestCheckFunc {
	return testCheckOutbox(srv, contactTestAddr, apiserver.EmailWelcome, want, func(m apiserver.OutboxEmail) int64 { return m.ContactID })
}

func contactStrPtrEqual(got *string, want string) bool {
	if want == "" {
		return got == nil
	}
	return got != nil && *got == want
}

// contactCheckFields compares the server's contact with expected values;
// an empty phone or position means null.
func contactCheckFields(clientID int64, first, last, email, phone, position string) func(apiserver.Contact) error {
	return func(ct apiserver.Contact) error {
		switch {
		case ct.Client.ID != clientID:
			return fmt.Errorf("client id %d, want %d", ct.Client.ID, clientID)
		case ct.FirstName != first || ct.LastName != last:
			return fmt.Errorf("name %q %q, want %q %q", ct.FirstName, ct.LastName, first, last)
		case ct.Email != email:
			return fmt.Errorf("email %q, want %q", ct.Email, email)
		case !contactStrPtrEqual(ct.Phone, phone):
			return fmt.Errorf("phone %v, want %q", ct.Phone, phone)
		case !contactStrPtrEqual(ct.JobPosition, position):
			return fmt.Errorf("job position %v, want %q", ct.JobPosition, position)
		}
		return nil
	}
}

func TestAccContactResource_createWithWelcomeEmail(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	extra := `
  phone              = "+1 555 0100"
  job_position       = "CFO"
  send_welcome_email = true
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", extra),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[1-9][0-9]*$`))),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("client_id"), knownvalue.Int64Exact(acme.ID)),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("name"), knownvalue.StringExact("Jane Doe")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("phone"), knownvalue.StringExact("+1 555 0100")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("job_position"), knownvalue.StringExact("CFO")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("account_owner"), knownvalue.StringExact("no")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("role"), knownvalue.StringExact("Client")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("portal_user_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("created"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("updated"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					// Write-only: never stored.
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("send_welcome_email"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					contactCheckServer(srv, contactCheckFields(acme.ID, "Jane", "Doe", "jane@acme.example", "+1 555 0100", "CFO")),
					contactCheckWelcomeEmails(srv, 1),
				),
			},
			{
				// Dropping or flipping the write-only switch is not a change.
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", `
  phone              = "+1 555 0100"
  job_position       = "CFO"
  send_welcome_email = false
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: contactCheckWelcomeEmails(srv, 1),
			},
			{
				// An update with the switch still on does not send it again.
				Config: contactTestConfig(srv, acme.ID, "Jane", "Dough", "jane@acme.example", extra),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionUpdate)},
				},
				Check: contactCheckWelcomeEmails(srv, 1),
			},
		},
	})
}

func TestAccContactResource_createWithoutWelcomeEmail(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("phone"), knownvalue.Null()),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("job_position"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					contactCheckServer(srv, contactCheckFields(acme.ID, "Jane", "Doe", "jane@acme.example", "", "")),
					contactCheckWelcomeEmails(srv, 0),
				),
			},
			{
				// Turning the switch on after creation sends nothing.
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", "  send_welcome_email = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: contactCheckWelcomeEmails(srv, 0),
			},
		},
	})
}

func TestAccContactResource_import(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", `
  phone              = "+1 555 0100"
  job_position       = "CFO"
  send_welcome_email = true
`),
			},
			{
				ResourceName:            contactTestAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"send_welcome_email"},
			},
			{
				ResourceName:            contactTestAddr,
				ImportState:             true,
				ImportStateId:           "Jane@ACME.example",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"send_welcome_email"},
			},
			{
				ResourceName:  contactTestAddr,
				ImportState:   true,
				ImportStateId: "nobody@acme.example",
				ExpectError:   testErrorRegexp(`Contact Not Found for Import ID "nobody@acme.example"`, `No contact has the email address "nobody@acme.example"`, `Nothing was imported`),
			},
			{
				ResourceName:  contactTestAddr,
				ImportState:   true,
				ImportStateId: "jane",
				ExpectError:   testErrorRegexp(`Invalid Contact Import ID "jane" is not a form this resource can be imported by. Import a contact by its numeric id (e.g. 45) or by its email address`),
			},
			{
				ResourceName:  contactTestAddr,
				ImportState:   true,
				ImportStateId: "-45",
				ExpectError:   testErrorRegexp(`Invalid Contact Import ID "-45" is not a valid id: ids are a whole number from 1 with at most 18 digits, written without sign`),
			},
		},
	})
}

// contactTestImportBlock imports a contact made out of band with an import
// block and -generate-config-out; the step fails unless the plan with the
// generated configuration is a no-op import. importID picks the import id.
func contactTestImportBlock(t *testing.T, importID func(*client.Contact) string) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	phone := "+1 555 0100"
	ct := contactSeed(t, api, client.ContactCreateRequest{
		FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: acme.ID, Phone: &phone,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          testAccProviderBlock(srv),
				ResourceName:    contactTestAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   importID(ct),
				GenerateConfig:  true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("id"), knownvalue.StringExact(strconv.FormatInt(ct.ID, 10))),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("client_id"), knownvalue.Int64Exact(acme.ID)),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("email"), knownvalue.StringExact("jane@acme.example")),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("phone"), knownvalue.StringExact(phone)),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("job_position"), knownvalue.Null()),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("send_welcome_email"), knownvalue.Null()),
					},
				},
			},
		},
	})
}

func TestAccContactResource_importBlockByIDGeneratedConfig(t *testing.T) {
	contactTestImportBlock(t, func(ct *client.Contact) string { return strconv.FormatInt(ct.ID, 10) })
}

func TestAccContactResource_importBlockByEmailGeneratedConfig(t *testing.T) {
	contactTestImportBlock(t, func(*client.Contact) string { return "JANE@acme.example" })
}

func TestAccContactResource_updateInPlace(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", `  phone = "+1 555 0100"`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(contactTestAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: contactTestConfig(srv, acme.ID, "Janet", "Smith", "janet.smith@acme.example", `
  phone        = "+1 555 0199"
  job_position = "Controller"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionUpdate),
						// Derived values are recomputed, not carried over from state.
						plancheck.ExpectUnknownValue(contactTestAddr, tfjsonpath.New("name")),
						plancheck.ExpectUnknownValue(contactTestAddr, tfjsonpath.New("updated")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(contactTestAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("name"), knownvalue.StringExact("Janet Smith")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("email"), knownvalue.StringExact("janet.smith@acme.example")),
				},
				Check: contactCheckServer(srv,
					contactCheckFields(acme.ID, "Janet", "Smith", "janet.smith@acme.example", "+1 555 0199", "Controller")),
			},
			{
				// A change that leaves the names alone keeps name known at plan time.
				Config: contactTestConfig(srv, acme.ID, "Janet", "Smith", "janet.smith@acme.example", `
  phone        = "+1 555 0199"
  job_position = "CFO"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("name"), knownvalue.StringExact("Janet Smith")),
						plancheck.ExpectUnknownValue(contactTestAddr, tfjsonpath.New("updated")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(contactTestAddr, tfjsonpath.New("id")),
				},
				Check: contactCheckServer(srv,
					contactCheckFields(acme.ID, "Janet", "Smith", "janet.smith@acme.example", "+1 555 0199", "CFO")),
			},
		},
	})
}

func TestAccContactResource_removeOptionalClearsServer(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", `
  phone        = "+1 555 0100"
  job_position = "CFO"
`),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(contactTestAddr, tfjsonpath.New("id"))},
				Check: contactCheckServer(srv,
					contactCheckFields(acme.ID, "Jane", "Doe", "jane@acme.example", "+1 555 0100", "CFO")),
			},
			{
				Config: contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(contactTestAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("phone"), knownvalue.Null()),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("job_position"), knownvalue.Null()),
				},
				Check: contactCheckServer(srv,
					contactCheckFields(acme.ID, "Jane", "Doe", "jane@acme.example", "", "")),
			},
		},
	})
}

func TestAccContactResource_outOfBandEdit(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	cfg := contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", `  phone = "+1 555 0100"`)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(contactTestAddr, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() {
					ct, ok := srv.ContactByEmail("jane@acme.example")
					if !ok {
						t.Fatal("contact missing before the out-of-band edit")
					}
					if _, err := api.UpdateContact(context.Background(), ct.ID, client.ContactUpdateRequest{
						FirstName: "Jane", LastName: "Changed", Email: "jane@acme.example",
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(contactTestAddr, tfjsonpath.New("name")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(contactTestAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("last_name"), knownvalue.StringExact("Doe")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("name"), knownvalue.StringExact("Jane Doe")),
				},
				Check: contactCheckServer(srv,
					contactCheckFields(acme.ID, "Jane", "Doe", "jane@acme.example", "+1 555 0100", "")),
			},
		},
	})
}

func TestAccContactResource_outOfBandDelete(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	cfg := contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", "")
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	var deleted int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(contactTestAddr, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() {
					ct, ok := srv.ContactByEmail("jane@acme.example")
					if !ok {
						t.Fatal("contact missing before the out-of-band delete")
					}
					deleted = ct.ID
					if err := api.DeleteContact(context.Background(), ct.ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(contactTestAddr, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					contactCheckServer(srv, contactCheckFields(acme.ID, "Jane", "Doe", "jane@acme.example", "", "")),
					func(s *terraform.State) error {
						if ct, _ := srv.Contact(deleted); ct.Status != "deleted" {
							return fmt.Errorf("old contact %d has status %q, want deleted", deleted, ct.Status)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccContactResource_clientIDReplaces(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	globex := mustCreateClient(t, api, "Globex Corp")
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config:            contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", ""),
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(contactTestAddr, tfjsonpath.New("id"))},
			},
			{
				// Destroy-before-create frees the address for the new contact.
				Config: contactTestConfig(srv, globex.ID, "Jane", "Doe", "jane@acme.example", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(contactTestAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(contactTestAddr, tfjsonpath.New("client_id"), knownvalue.Int64Exact(globex.ID)),
				},
				Check: contactCheckServer(srv, contactCheckFields(globex.ID, "Jane", "Doe", "jane@acme.example", "", "")),
			},
		},
	})
}

func TestAccContactResource_duplicateEmail(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	if _, err := api.CreateContact(context.Background(), client.ContactCreateRequest{
		FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: acme.ID,
	}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: contactTestConfig(srv, acme.ID, "Janet", "Doe", "JANE@acme.example", ""),
				// The source line quoted in the diagnostic shows it is attached to email.
				ExpectError: regexp.MustCompile(`(?s)Error Creating Contact.*email\s+= "JANE@acme\.example".*The email has\s+already\s+been\s+taken`),
			},
		},
	})
	if n := len(srv.Contacts()); n != 2 { // the staff fixture and Jane
		t.Fatalf("server holds %d contacts, want 2", n)
	}
}

func TestAccContactResource_unknownClient(t *testing.T) {
	srv := testAccServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      contactTestConfig(srv, 999999, "Jane", "Doe", "jane@acme.example", ""),
				ExpectError: regexp.MustCompile(`(?s)Error Creating Contact.*client_id\s+= 999999.*The selected\s+clientid\s+is\s+invalid`),
			},
		},
	})
	if _, ok := srv.ContactByEmail("jane@acme.example"); ok {
		t.Fatal("the server created a contact for an unknown client")
	}
}

func TestAccContactResource_invalidEmailAtPlan(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	srv.ResetRequestLog()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      contactTestConfig(srv, acme.ID, "Jane", "Doe", "Jane Doe <jane@acme.example>", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Invalid Email Address`),
			},
			{
				Config:      contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane-at-acme.example", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`"jane-at-acme.example" is not a valid email address`),
			},
			{
				Config:      contactTestConfig(srv, acme.ID, "Jane", "Doe", strings.Repeat("j", 180)+"@acme.example", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute email UTF-8 character count must be at most 191`),
			},
		},
	})
	if n := srv.RequestCounts()["POST /api/contacts"]; n != 0 {
		t.Fatalf("a bad email reached the API %d times; it must be rejected at plan time", n)
	}
}

func TestAccContactResource_invalidValuesAtPlan(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	srv.ResetRequestLog()
	long := strings.Repeat("x", 192)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      contactTestConfig(srv, acme.ID, long, "Doe", "jane@acme.example", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute first_name UTF-8 character count must be between 1 and 191, got: 192`),
			},
			{
				Config:      contactTestConfig(srv, acme.ID, "Jane", long, "jane@acme.example", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute last_name UTF-8 character count must be between 1 and 191, got: 192`),
			},
			{
				Config:      contactTestConfig(srv, acme.ID, "", "Doe", "jane@acme.example", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute first_name UTF-8 character count must be between 1 and 191, got: 0`),
			},
			{
				Config:      contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", `  phone = "`+strings.Repeat("5", 33)+`"`),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute phone UTF-8 character count must be at most 32, got: 33`),
			},
			{
				Config:      contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", `  job_position = "`+long+`"`),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute job_position UTF-8 character count must be at most 191, got: 192`),
			},
			{
				Config:      contactTestConfig(srv, acme.ID, " Jane", "Doe", "jane@acme.example", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Value Has Surrounding Whitespace`),
			},
			{
				Config:      contactTestConfig(srv, 0, "Jane", "Doe", "jane@acme.example", ""),
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`Attribute client_id value must be at least 1, got: 0`),
			},
			{
				Config: testAccProviderBlock(srv) + `
resource "contacts_contact" "test" {
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
}
`,
				PlanOnly:    true,
				ExpectError: testErrorRegexp(`The argument "client_id" is required`),
			},
		},
	})
	if n := srv.RequestCounts()["POST /api/contacts"]; n != 0 {
		t.Fatalf("invalid values reached the API %d times; they must be rejected at plan time", n)
	}
}
