// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// batchModes are the two ways the provider refreshes contacts and portal
// users: from list pages (the default) and one GET per object. The tests
// below run in both and expect the same answers.
var batchModes = map[string]bool{"batched": true, "unbatched": false}

// batchProviderBlock is the provider block for srv in the given mode.
func batchProviderBlock(srv *apiservertest.Server, batched bool) string {
	if batched {
		return testAccProviderBlock(srv)
	}
	return fmt.Sprintf(`
provider "contacts" {
  endpoint    = %q
  api_key     = %q
  batch_reads = false
}
`, srv.URL, srv.WriteKey)
}

// batchSetup starts a server with one client holding a few contacts that no
// configuration manages, so the client's list is more than the managed ones.
func batchSetup(t *testing.T) (*apiservertest.Server, *client.Client, int64) {
	t.Helper()
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct := mustCreateClient(t, api, "Batch Ltd")
	for i := range 3 {
		portalUserSeedContact(t, api, acct.ID, fmt.Sprintf("other%d@batch.example", i))
	}
	return srv, api, acct.ID
}

const (
	batchContactAddr = "contacts_contact.test"
	batchUserAddr    = "contacts_portal_user.test"
)

func batchDriftConfig(srv *apiservertest.Server, batched bool, clientID int64) string {
	return batchProviderBlock(srv, batched) + fmt.Sprintf(`
resource "contacts_contact" "test" {
  first_name = "Dana"
  last_name  = "Drift"
  email      = "drift@batch.example"
  client_id  = %d
  phone      = "555-0100"
}

resource "contacts_portal_user" "test" {
  contact_id = contacts_contact.test.id
  roles      = [{ reference = "technical" }]
}
`, clientID)
}

// TestAccBatchReads_drift: out-of-band changes of a contact's field, a
// portal user's status and roles, and deletions of a portal user and of a
// contact (with its login) are planned exactly as with one GET per object.
func TestAccBatchReads_drift(t *testing.T) {
	t.Parallel()
	for name, batched := range batchModes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, api, clientID := batchSetup(t)
			cfg := batchDriftConfig(srv, batched, clientID)
			ctx := context.Background()
			var contactID, userID int64
			ids := func(s *terraform.State) (err error) {
				if contactID, err = testStateID(s, batchContactAddr); err != nil {
					return err
				}
				userID, err = testStateID(s, batchUserAddr)
				return err
			}
			expect := func(actions map[string]plancheck.ResourceActionType) resource.ConfigPlanChecks {
				var checks []plancheck.PlanCheck
				for addr, a := range actions {
					checks = append(checks, plancheck.ExpectResourceAction(addr, a))
				}
				return resource.ConfigPlanChecks{PreApply: checks}
			}
			user := func(check func(apiserver.PortalUser) error) resource.TestCheckFunc {
				return func(*terraform.State) error {
					u, ok := srv.PortalUser(userID)
					if !ok {
						return fmt.Errorf("portal user %d is not on the server", userID)
					}
					return check(u)
				}
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             portalUserCheckDestroyed(srv),
				Steps: []resource.TestStep{
					{Config: cfg, Check: ids},
					{
						PreConfig: func() {
							phone := "555-0199"
							if _, err := api.UpdateContact(ctx, contactID, client.ContactUpdateRequest{
								FirstName: "Dana", LastName: "Drift", Email: "drift@batch.example", Phone: client.SetOrNull(&phone),
							}); err != nil {
								t.Fatalf("changing the phone out of band: %v", err)
							}
						},
						Config:           cfg,
						ConfigPlanChecks: expect(map[string]plancheck.ResourceActionType{batchContactAddr: plancheck.ResourceActionUpdate, batchUserAddr: plancheck.ResourceActionNoop}),
						Check: func(*terraform.State) error {
							if c, _ := srv.Contact(contactID); c.Phone == nil || *c.Phone != "555-0100" {
								return fmt.Errorf("server phone %v, want 555-0100 restored", c.Phone)
							}
							return nil
						},
					},
					{
						PreConfig: func() {
							if _, err := api.RevokeAccess(ctx, userID); err != nil {
								t.Fatalf("revoking out of band: %v", err)
							}
						},
						Config:           cfg,
						ConfigPlanChecks: expect(map[string]plancheck.ResourceActionType{batchUserAddr: plancheck.ResourceActionUpdate, batchContactAddr: plancheck.ResourceActionNoop}),
						Check: user(func(u apiserver.PortalUser) error {
							if u.Status != client.StatusActive {
								return fmt.Errorf("server status %q, want active restored", u.Status)
							}
							return nil
						}),
					},
					{
						PreConfig: func() {
							if _, err := api.UpdatePortalUser(ctx, userID, client.PortalUserUpdateRequest{
								Roles: client.Set([]client.RoleGrant{{Reference: "billing"}}),
							}); err != nil {
								t.Fatalf("changing roles out of band: %v", err)
							}
						},
						Config:           cfg,
						ConfigPlanChecks: expect(map[string]plancheck.ResourceActionType{batchUserAddr: plancheck.ResourceActionUpdate}),
						Check: user(func(u apiserver.PortalUser) error {
							var got []string
							for _, r := range u.Roles {
								got = append(got, r.Reference)
							}
							if !slices.Equal(got, []string{"technical"}) {
								return fmt.Errorf("server roles %v, want [technical] restored", got)
							}
							return nil
						}),
					},
					{
						PreConfig: func() {
							if err := api.DeletePortalUser(ctx, userID); err != nil {
								t.Fatalf("deleting the portal user out of band: %v", err)
							}
						},
						Config:           cfg,
						ConfigPlanChecks: expect(map[string]plancheck.ResourceActionType{batchUserAddr: plancheck.ResourceActionCreate, batchContactAddr: plancheck.ResourceActionNoop}),
						Check: func(s *terraform.State) error {
							old := userID
							if err := ids(s); err != nil {
								return err
							}
							if _, ok := srv.PortalUser(userID); !ok || userID == old {
								return fmt.Errorf("want a new portal user on the server, have %d (was %d)", userID, old)
							}
							return nil
						},
					},
					{
						PreConfig: func() {
							if err := api.DeleteContact(ctx, contactID); err != nil {
								t.Fatalf("deleting the contact out of band: %v", err)
							}
						},
						Config:           cfg,
						ConfigPlanChecks: expect(map[string]plancheck.ResourceActionType{batchContactAddr: plancheck.ResourceActionCreate, batchUserAddr: plancheck.ResourceActionCreate}),
						Check: func(*terraform.State) error {
							c, ok := srv.ContactByEmail("drift@batch.example")
							if !ok || c.ID == contactID {
								return fmt.Errorf("want a new contact drift@batch.example, have %+v (old id %d)", c, contactID)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// TestAccBatchReads_importThenEmptyPlan: objects adopted with import blocks
// are read by id, and the next plan, from the list, is empty.
func TestAccBatchReads_importThenEmptyPlan(t *testing.T) {
	t.Parallel()
	for name, batched := range batchModes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, api, clientID := batchSetup(t)
			contact := portalUserSeedContact(t, api, clientID, "adopt@batch.example")
			user, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: contact.ID, Username: "adopt.login"})
			if err != nil {
				t.Fatal(err)
			}
			cfg := batchProviderBlock(srv, batched) + fmt.Sprintf(`
import {
  to = contacts_contact.test
  id = "%d"
}

resource "contacts_contact" "test" {
  first_name = "Pat"
  last_name  = "Portal"
  email      = "adopt@batch.example"
  client_id  = %d
}

import {
  to = contacts_portal_user.test
  id = "%d"
}

resource "contacts_portal_user" "test" {
  contact_id = contacts_contact.test.id
  username   = "adopt.login"
}
`, contact.ID, clientID, user.ID)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             portalUserCheckDestroyed(srv),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(batchContactAddr, plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction(batchUserAddr, plancheck.ResourceActionNoop),
						}},
					},
					{Config: cfg, PlanOnly: true},
				},
			})
		})
	}
}

// TestAccBatchReads_planTimeConflicts: with batching on, a planned contact
// whose email, or portal user whose username, an object outside the state
// already holds fails at plan on that attribute, naming the object and its
// import block, without a create request; with batching off the apply
// reports the same conflict as before.
func TestAccBatchReads_planTimeConflicts(t *testing.T) {
	t.Parallel()
	for name, batched := range batchModes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, api, clientID := batchSetup(t)
			taken := portalUserSeedContact(t, api, clientID, "taken@batch.example")
			takenUser, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: taken.ID, Username: "taken.login"})
			if err != nil {
				t.Fatal(err)
			}
			base := batchDriftConfig(srv, batched, clientID)
			withContact := base + fmt.Sprintf(`
resource "contacts_contact" "dup" {
  first_name = "Dup"
  last_name  = "Licate"
  email      = "Taken@Batch.example"
  client_id  = %d

  # Planned after the refresh that fetches the client's contacts: the
  # check uses only pages at hand.
  depends_on = [contacts_contact.test]
}
`, clientID)
			withUser := base + fmt.Sprintf(`
resource "contacts_contact" "fresh" {
  first_name = "Fresh"
  last_name  = "Login"
  email      = "fresh@batch.example"
  client_id  = %d
}

resource "contacts_portal_user" "dup" {
  contact_id = contacts_contact.fresh.id
  username   = "TAKEN.login"
  depends_on = [contacts_portal_user.test]
}
`, clientID)
			contactStep := resource.TestStep{
				Config:      withContact,
				ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Error Creating Contact.*already holds a contact.*\(id %d\).*contacts_contact.<name>`, taken.ID)),
			}
			userStep := resource.TestStep{
				Config:      withUser,
				ExpectError: regexp.MustCompile(`(?s)Error Creating Portal User.*username`),
			}
			if batched {
				contactStep = resource.TestStep{
					PreConfig: srv.ResetRequestLog,
					Config:    withContact,
					ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Contact Email Already Taken.*with contacts_contact.dup.*Contact %d of client %d already has.*"taken@batch.example".*`+
						`import \{\s+to = contacts_contact.<name>\s+id = "%d"\s+\}`, taken.ID, clientID, taken.ID)),
				}
				userStep = resource.TestStep{
					Config: withUser,
					ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Portal Username Already Taken.*with contacts_portal_user.dup.*Portal user %d \(of contact %d\) already has.*"taken.login".*`+
						`import \{\s+to = contacts_portal_user.<name>\s+id = "%d"\s+\}`, takenUser.ID, taken.ID, takenUser.ID)),
				}
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: base},
					contactStep,
					{
						// Nothing was created at plan; the state's own objects
						// never conflict with themselves.
						PreConfig: func() {
							if batched && srv.RequestCounts()["POST /api/contacts"] != 0 {
								t.Errorf("the plan-time check let a create through")
							}
						},
						Config:   base,
						PlanOnly: true,
					},
					userStep,
				},
			})
		})
	}
}

// TestAccBatchReads_requestCounts: a no-op plan over many contacts and
// portal users in two clients costs a few list requests with batching on,
// and exactly one GET per object with it off.
func TestAccBatchReads_requestCounts(t *testing.T) {
	t.Parallel()
	const perClient = 75 // contacts per client, each with a portal user
	const objects = 2 * 2 * perClient
	for name, batched := range batchModes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testAccServer(t)
			api := testAPIClient(t, srv)
			cfg := batchProviderBlock(srv, batched)
			for i := range 2 {
				acct := mustCreateClient(t, api, fmt.Sprintf("Count %d Ltd", i))
				cfg += fmt.Sprintf(`
resource "contacts_contact" "c%[1]d" {
  count      = %[2]d
  first_name = "Count"
  last_name  = "Person ${count.index}"
  email      = "person${count.index}@count%[1]d.example"
  client_id  = %[3]d
}

resource "contacts_portal_user" "c%[1]d" {
  count      = %[2]d
  contact_id = contacts_contact.c%[1]d[count.index].id
}
`, i, perClient, acct.ID)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             portalUserCheckDestroyed(srv),
				Steps: []resource.TestStep{
					{Config: cfg},
					{PreConfig: srv.ResetRequestLog, Config: cfg, PlanOnly: true},
					{
						PreConfig: func() {
							counts := srv.RequestCounts()
							// A plan-only step plans twice, refreshing once;
							// every plan's provider checks the endpoint once.
							checks := counts["GET /api/access-roles"]
							if checks == 0 {
								t.Fatalf("no plan ran: %v", counts)
							}
							total := 0
							for _, n := range counts {
								total += n
							}
							lists := counts["GET /api/contacts"] + counts["GET /api/portal-users"]
							gets := counts["GET /api/contacts/{id}"] + counts["GET /api/portal-users/{id}"]
							t.Logf("%v", counts)
							if batched {
								if limit := checks + int(0.03*objects); total > limit || gets != 0 {
									t.Errorf("batched: %d requests (%d lists, %d GETs) over %d objects, want at most %d and no GET", total, lists, gets, objects, limit)
								}
							} else if counts["GET /api/contacts/{id}"] != objects/2 || counts["GET /api/portal-users/{id}"] != objects/2 || total != checks+objects {
								t.Errorf("unbatched: %v, want one GET per object and nothing else", counts)
							}
						},
						Config:   cfg,
						PlanOnly: true,
					},
				},
			})
		})
	}
}
