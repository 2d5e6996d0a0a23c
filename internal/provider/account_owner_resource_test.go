// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

const accountOwnerAddr = "contacts_account_owner.test"

// accountOwnerSeed creates a client with n contacts out of band.
func accountOwnerSeed(t *testing.T, api *client.Client, company string, n int) (*client.ClientAccount, []*client.Contact) {
	t.Helper()
	acct := mustCreateClient(t, api, company)
	contacts := make([]*client.Contact, n)
	for i := range contacts {
		ct, err := api.CreateContact(context.Background(), client.ContactCreateRequest{
			FirstName: "Person", LastName: strconv.Itoa(i + 1), ClientID: acct.ID,
			Email: fmt.Sprintf("person%d@client%d.example", i+1, acct.ID),
		})
		if err != nil {
			t.Fatalf("seeding contact %d of %q: %v", i+1, company, err)
		}
		contacts[i] = ct
	}
	return acct, contacts
}

func testAccAccountOwnerConfig(srv *apiservertest.Server, clientID, contactID int64) string {
	return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_account_owner" "test" {
  client_id  = %d
  contact_id = %d
}
`, clientID, contactID)
}

// accountOwnerCheckServer checks which of the contacts the server marks as
// account owner: exactly want, and none of the others.
func accountOwnerCheckServer(srv *apiservertest.Server, want int64, contacts ...*client.Contact) error {
	for _, ct := range contacts {
		got, ok := srv.Contact(ct.ID)
		if !ok {
			return fmt.Errorf("contact %d is not on the server", ct.ID)
		}
		expect := "no"
		if ct.ID == want {
			expect = "yes"
		}
		if got.AccountOwner != expect {
			return fmt.Errorf("contact %d: account_owner is %q on the server, want %q", ct.ID, got.AccountOwner, expect)
		}
	}
	return nil
}

func TestAccAccountOwnerResource_lifecycle(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct, cts := accountOwnerSeed(t, api, "Owned Inc", 3)
	clientID := strconv.FormatInt(acct.ID, 10)
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccAccountOwnerConfig(srv, acct.ID, cts[0].ID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountOwnerAddr, tfjsonpath.New("id"), knownvalue.StringExact(clientID)),
					statecheck.ExpectKnownValue(accountOwnerAddr, tfjsonpath.New("client_id"), knownvalue.Int64Exact(acct.ID)),
					statecheck.ExpectKnownValue(accountOwnerAddr, tfjsonpath.New("contact_id"), knownvalue.Int64Exact(cts[0].ID)),
					sameID.AddStateValue(accountOwnerAddr, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error { return accountOwnerCheckServer(srv, cts[0].ID, cts...) },
			},
			{
				ResourceName:      accountOwnerAddr,
				ImportState:       true,
				ImportStateId:     clientID,
				ImportStateVerify: true,
			},
			{
				// Another contact: promoted in place, the previous owner turns "no".
				Config: testAccAccountOwnerConfig(srv, acct.ID, cts[1].ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountOwnerAddr, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountOwnerAddr, tfjsonpath.New("contact_id"), knownvalue.Int64Exact(cts[1].ID)),
					sameID.AddStateValue(accountOwnerAddr, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error { return accountOwnerCheckServer(srv, cts[1].ID, cts...) },
			},
			{
				// Someone promotes a third contact out of band: refresh shows it.
				PreConfig: func() {
					if _, err := api.SetAccountOwner(context.Background(), cts[2].ID); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountOwnerAddr, plancheck.ResourceActionUpdate),
					},
				},
				Check: resource.TestCheckResourceAttr(accountOwnerAddr, "contact_id", strconv.FormatInt(cts[2].ID, 10)),
			},
			{
				// ... and the next apply restores the configured owner in place.
				Config: testAccAccountOwnerConfig(srv, acct.ID, cts[1].ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountOwnerAddr, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountOwnerAddr, tfjsonpath.New("contact_id"), knownvalue.Int64Exact(cts[1].ID)),
					sameID.AddStateValue(accountOwnerAddr, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error { return accountOwnerCheckServer(srv, cts[1].ID, cts...) },
			},
			{
				// Removing the resource leaves the owner as it is.
				Config: testAccProviderBlock(srv),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountOwnerAddr, plancheck.ResourceActionDestroy),
					},
				},
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[accountOwnerAddr]; ok {
						return fmt.Errorf("%s is still in state", accountOwnerAddr)
					}
					return accountOwnerCheckServer(srv, cts[1].ID, cts...)
				},
			},
		},
	})
}

func TestAccAccountOwnerResource_clientChangeReplaces(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	first, firstContacts := accountOwnerSeed(t, api, "First Co", 1)
	second, secondContacts := accountOwnerSeed(t, api, "Second Co", 1)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// Destroy makes no API call: both owners stay.
			if err := accountOwnerCheckServer(srv, firstContacts[0].ID, firstContacts...); err != nil {
				return err
			}
			return accountOwnerCheckServer(srv, secondContacts[0].ID, secondContacts...)
		},
		Steps: []resource.TestStep{
			{
				Config: testAccAccountOwnerConfig(srv, first.ID, firstContacts[0].ID),
			},
			{
				Config: testAccAccountOwnerConfig(srv, second.ID, secondContacts[0].ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountOwnerAddr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountOwnerAddr, tfjsonpath.New("id"), knownvalue.StringExact(strconv.FormatInt(second.ID, 10))),
				},
				Check: func(*terraform.State) error {
					return accountOwnerCheckServer(srv, secondContacts[0].ID, secondContacts...)
				},
			},
		},
	})
}

func TestAccAccountOwnerResource_ownerDeletedOutOfBand(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct, cts := accountOwnerSeed(t, api, "Vanishing Owner Ltd", 2)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccAccountOwnerConfig(srv, acct.ID, cts[0].ID),
			},
			{
				// The owner is deleted, so the client has no owner: the
				// resource leaves state and a new owner is created.
				PreConfig: func() {
					if err := api.DeleteContact(context.Background(), cts[0].ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccAccountOwnerConfig(srv, acct.ID, cts[1].ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountOwnerAddr, plancheck.ResourceActionCreate),
					},
				},
				Check: func(*terraform.State) error { return accountOwnerCheckServer(srv, cts[1].ID, cts[1]) },
			},
		},
	})
}

func TestAccAccountOwnerResource_importBlockGenerateConfig(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct, cts := accountOwnerSeed(t, api, "Imported Owner GmbH", 2)
	if _, err := api.SetAccountOwner(context.Background(), cts[1].ID); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ResourceName:    "contacts_account_owner.imported",
				ImportStateId:   strconv.FormatInt(acct.ID, 10),
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
				Config: testAccProviderBlock(srv) + fmt.Sprintf(`
import {
  to = contacts_account_owner.imported
  id = "%d"
}
`, acct.ID),
				ImportStateConfigExact: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("contacts_account_owner.imported", plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue("contacts_account_owner.imported", tfjsonpath.New("client_id"), knownvalue.Int64Exact(acct.ID)),
						plancheck.ExpectKnownValue("contacts_account_owner.imported", tfjsonpath.New("contact_id"), knownvalue.Int64Exact(cts[1].ID)),
					},
				},
			},
		},
	})
}

func TestAccAccountOwnerResource_importErrors(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	ownerless, _ := accountOwnerSeed(t, api, "Ownerless Co", 1)

	steps := map[string]struct {
		id   string
		want string
	}{
		"not an id":    {id: "Ownerless Co", want: `Invalid Account Owner Import ID "Ownerless Co" is not a form this resource can be imported by. contacts_account_owner is imported by its client's id`},
		"leading zero": {id: fmt.Sprintf("0%d", ownerless.ID), want: fmt.Sprintf(`Invalid Account Owner Import ID "0%d" is not a valid id`, ownerless.ID)},
		"no owner":     {id: strconv.FormatInt(ownerless.ID, 10), want: fmt.Sprintf(`No Account Owner to Import for Client %d The import ID "%d" names client %d, which does not exist or has no account owner.`, ownerless.ID, ownerless.ID, ownerless.ID)},
		"no client":    {id: "999", want: `No Account Owner to Import for Client 999 The import ID "999" names client 999, which does not exist or has no account owner.`},
	}
	for name, tc := range steps {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:        testAccAccountOwnerConfig(srv, ownerless.ID, 1),
					ResourceName:  accountOwnerAddr,
					ImportState:   true,
					ImportStateId: tc.id,
					ExpectError:   testErrorRegexp(tc.want),
				}},
			})
		})
	}
}

func TestAccAccountOwnerResource_wrongContact(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct, _ := accountOwnerSeed(t, api, "Right Co", 1)
	other, otherContacts := accountOwnerSeed(t, api, "Other Co", 1)
	staffID := srv.StaffContactID()
	staff, ok := srv.Contact(staffID)
	if !ok {
		t.Fatal("the server has no staff fixture contact")
	}
	staffClientID := staff.Client.ID

	// unknownAtPlan routes an id through terraform_data, so it is known only
	// at apply: the first plan cannot check it, the apply must.
	unknownAtPlan := func(clientID, contactID int64) string {
		return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "terraform_data" "contact" {
  input = %d
}

resource "contacts_account_owner" "test" {
  client_id  = %d
  contact_id = terraform_data.contact.output
}
`, contactID, clientID)
	}

	steps := map[string]struct {
		config string
		want   string
		// planOnly proves the error comes from the plan, before any apply.
		planOnly bool
	}{
		"other client at plan": {
			config:   testAccAccountOwnerConfig(srv, acct.ID, otherContacts[0].ID),
			want:     fmt.Sprintf("Contact %d belongs to client %d, not to client %d", otherContacts[0].ID, other.ID, acct.ID),
			planOnly: true,
		},
		"other client at apply": {
			config: unknownAtPlan(acct.ID, otherContacts[0].ID),
			want:   fmt.Sprintf("Contact %d belongs to client %d, not to client %d", otherContacts[0].ID, other.ID, acct.ID),
		},
		"missing contact at plan": {
			config:   testAccAccountOwnerConfig(srv, acct.ID, 999),
			want:     "Contact 999 does not exist",
			planOnly: true,
		},
		"staff role at plan": {
			config:   testAccAccountOwnerConfig(srv, staffClientID, staffID),
			want:     `only contacts with the Client role can be a client's account owner`,
			planOnly: true,
		},
		"staff role at apply": {
			config: unknownAtPlan(staffClientID, staffID),
			want:   `only contacts with the Client role can be a client's account owner`,
		},
		"zero contact id": {
			config:   testAccAccountOwnerConfig(srv, acct.ID, 0),
			want:     "Attribute contact_id value must be at least 1",
			planOnly: true,
		},
	}
	// Cleanup runs after the parallel subtests: nobody was promoted.
	t.Cleanup(func() {
		if err := accountOwnerCheckServer(srv, 0, append(otherContacts, &client.Contact{ID: staffID})...); err != nil {
			t.Error(err)
		}
	})
	for name, tc := range steps {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:   tc.config,
					PlanOnly: tc.planOnly,
					// An attribute error quotes the attribute's line of the
					// configuration before its detail.
					ExpectError: testErrorRegexp("contact_id =", tc.want),
				}},
			})
		})
	}
}

// TestAccountOwnerResource_promoteConflict pins the mapping of the API's 409
// for a contact that cannot own an account. Terraform's plans catch that
// case before the apply, so only a direct call reaches the API's answer.
func TestAccountOwnerResource_promoteConflict(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	staff, ok := srv.Contact(srv.StaffContactID())
	if !ok {
		t.Fatal("the server has no staff fixture contact")
	}
	r := &accountOwnerResource{client: testAPIClient(t, srv)}
	var diags diag.Diagnostics
	var state tfsdk.State
	r.promote(context.Background(), accountOwnerModel{
		ClientID:  types.Int64Value(staff.Client.ID),
		ContactID: types.Int64Value(staff.ID),
	}, 0, &state, &diags)

	if diags.ErrorsCount() != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	d, ok := diags.Errors()[0].(diag.DiagnosticWithPath)
	if !ok || !d.Path().Equal(path.Root("contact_id")) {
		t.Fatalf("want the error on contact_id, got %#v", diags.Errors()[0])
	}
	if want := "The contact does not belong to a client account."; !strings.Contains(d.Detail(), want) {
		t.Errorf("detail %q does not carry the API's reason %q", d.Detail(), want)
	}
	if got, _ := srv.Contact(staff.ID); got.AccountOwner != "no" {
		t.Errorf("staff contact account_owner = %q on the server, want no", got.AccountOwner)
	}
}

// TestAccountOwnerResource_deleteLeavesOwner pins that destroy makes no API
// call (the resource has no client here, so any call would panic) and
// reports nothing: Delete cannot know whether the contact is destroyed next,
// so a warning that it stays the owner could be false.
func TestAccountOwnerResource_deleteLeavesOwner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := &accountOwnerResource{}
	var schemaResp fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema}
	if diags := state.Set(ctx, &accountOwnerModel{
		ID: types.StringValue("7"), ClientID: types.Int64Value(7), ContactID: types.Int64Value(42), Timeouts: testNullTimeouts(),
	}); diags.HasError() {
		t.Fatal(diags)
	}

	resp := fwresource.DeleteResponse{State: state}
	r.Delete(ctx, fwresource.DeleteRequest{State: state}, &resp)

	if len(resp.Diagnostics) != 0 {
		t.Fatalf("want no diagnostics, got %v", resp.Diagnostics)
	}
	if !strings.Contains(schemaResp.Schema.MarkdownDescription, "no way to unset an account owner") {
		t.Error("the resource's documentation does not explain that destroy leaves the owner in place")
	}
}
