// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

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

// reconcileProviderBlock points the provider at srv with extra settings
// such as max_retries.
func reconcileProviderBlock(srv *apiservertest.Server, extra string) string {
	return fmt.Sprintf(`
provider "contacts" {
  endpoint = %q
  api_key  = %q
  %s
}
`, srv.URL, srv.WriteKey, extra)
}

// reconcileLoseAnswer makes the server apply every write on routes and
// answer it 500, as a server that fails after committing does. It keeps
// the real answer for a repeat with the same Idempotency-Key, the only way
// the provider may learn that the write was its own; max_retries = 0 keeps
// the client from repeating it by itself.
func reconcileLoseAnswer(routes ...string) apiserver.Faults {
	return apiserver.Faults{Seed: 4, ServerErrorAfterCommitRate: 1, Routes: routes}
}

// reconcileDropAnswer is reconcileLoseAnswer with the connection closed
// after the commit instead of a 500: no answer at all.
func reconcileDropAnswer(routes ...string) apiserver.Faults {
	return apiserver.Faults{Seed: 4, DropAfterCommitRate: 1, Routes: routes}
}

// reconcileFailAll answers every request on routes with 500 or 503,
// before the server acts on it.
func reconcileFailAll(routes ...string) apiserver.Faults {
	return apiserver.Faults{Seed: 1, ErrorRate: 1, Routes: routes}
}

// reconcileCheckLost checks that the server lost n answers of the kind
// after committing (apiserver.FaultServerErrorAfterCommit or FaultDropped).
func reconcileCheckLost(srv *apiservertest.Server, kind string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := srv.FaultCounts()[kind]; got != n {
			return fmt.Errorf("the server lost %d answers (%s) after committing, want %d (all faults: %v)", got, kind, n, srv.FaultCounts())
		}
		return nil
	}
}

// reconcileCheckRequests checks how often the server answered route.
func reconcileCheckRequests(srv *apiservertest.Server, route string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := srv.RequestCounts()[route]; got != n {
			return fmt.Errorf("the server answered %s %d times, want %d", route, got, n)
		}
		return nil
	}
}

// reconcileCheckContact checks that exactly one live contact has email and
// that it is the one in state at addr.
func reconcileCheckContact(srv *apiservertest.Server, addr, email string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var ids []int64
		for _, c := range srv.Contacts() {
			if c.Email == email {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) != 1 {
			return fmt.Errorf("the server holds %d contacts with the email %s, want 1", len(ids), email)
		}
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in state", addr)
		}
		if rs.Primary.ID != strconv.FormatInt(ids[0], 10) {
			return fmt.Errorf("state holds contact %s, the server %d", rs.Primary.ID, ids[0])
		}
		return nil
	}
}

func reconcileContactConfig(srv *apiservertest.Server, clientID int64) string {
	return reconcileProviderBlock(srv, "max_retries = 0") + fmt.Sprintf(`
resource "contacts_contact" "test" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
  phone      = "+1 555 0100"
}
`, clientID)
}

// TestAccReconcile_contactRecoveredAfterLostAnswer: the create is applied
// but answered 500, or not answered at all, and the client does not retry;
// the provider repeats the request with its Idempotency-Key, the server
// replays its answer, and the contact is recorded once, without a second
// create or an error.
func TestAccReconcile_contactRecoveredAfterLostAnswer(t *testing.T) {
	for name, tc := range map[string]struct {
		faults apiserver.Faults
		kind   string
	}{
		"500 after commit":        {reconcileLoseAnswer("POST /api/contacts"), apiserver.FaultServerErrorAfterCommit},
		"connection closed after": {reconcileDropAnswer("POST /api/contacts"), apiserver.FaultDropped},
	} {
		t.Run(name, func(t *testing.T) {
			srv := testAccServer(t)
			acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
			srv.SetFaults(tc.faults)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             reconcileCheckNoContact(srv, "jane@acme.example"),
				Steps: []resource.TestStep{{
					Config: reconcileContactConfig(srv, acme.ID),
					Check: resource.ComposeAggregateTestCheckFunc(
						reconcileCheckLost(srv, tc.kind, 1),
						reconcileCheckContact(srv, "contacts_contact.test", "jane@acme.example"),
					),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("contacts_contact.test", tfjsonpath.New("phone"), knownvalue.StringExact("+1 555 0100")),
					},
				}},
			})
		})
	}
}

// TestAccReconcile_contactRecoveredAfterRequestTimeout: something in
// front of the API passes the create on, the server applies it, and the
// answer never comes back within request_timeout. The request may have
// been applied, so the provider repeats it with its Idempotency-Key: the
// server replays the answer and the contact is recorded once, instead of
// being left on the server outside the state with an error.
func TestAccReconcile_contactRecoveredAfterRequestTimeout(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	proxy := newHostileProxy(t, srv)
	var stalled atomic.Int64
	proxy.answer(http.MethodPost, "/api/contacts", func(w http.ResponseWriter, r *http.Request) {
		if stalled.Add(1) > 1 {
			proxy.forward.ServeHTTP(w, r)
			return
		}
		// Apply the write whatever the provider does meanwhile, then keep
		// its answer until the provider gives up on the request.
		proxy.forward.ServeHTTP(httptest.NewRecorder(), r.WithContext(context.WithoutCancel(r.Context())))
		<-r.Context().Done()
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             reconcileCheckNoContact(srv, "stalled@acme.example"),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "contacts" {
  endpoint        = %q
  api_key         = %q
  max_retries     = 0
  request_timeout = "2s"
}

resource "contacts_contact" "stalled" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "stalled@acme.example"
}
`, proxy.URL, srv.WriteKey, acme.ID),
			Check: resource.ComposeAggregateTestCheckFunc(
				func(*terraform.State) error {
					if n := stalled.Load(); n != 2 {
						return fmt.Errorf("the provider sent the create %d times, want 2 (the stalled request and its repeat)", n)
					}
					return nil
				},
				reconcileCheckContact(srv, "contacts_contact.stalled", "stalled@acme.example"),
			),
		}},
	})
}

// TestAccReconcile_contactNothingCreated: the create fails before the
// server acts; the error says that nothing was created, and the next apply
// creates exactly one contact.
func TestAccReconcile_contactNothingCreated(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	srv.SetFaults(reconcileFailAll("POST /api/contacts"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             reconcileCheckNoContact(srv, "jane@acme.example"),
		Steps: []resource.TestStep{
			{
				Config:      reconcileContactConfig(srv, acme.ID),
				ExpectError: testErrorRegexp("Error Creating Contact", "server error for contact jane@acme.example", "Nothing was created", `no contact with the email address "jane@acme.example"`, "The next apply creates it again."),
			},
			{
				PreConfig: func() {
					if _, found := srv.ContactByEmail("jane@acme.example"); found {
						t.Fatal("the failed create left a contact on the server")
					}
					srv.ClearFaults()
				},
				Config: reconcileContactConfig(srv, acme.ID),
				Check:  reconcileCheckContact(srv, "contacts_contact.test", "jane@acme.example"),
			},
		},
	})
}

// TestAccReconcile_contactConflictNotAdopted: after a failed create the
// email belongs to a contact that someone else made; it is not adopted,
// and the error names it and the import that would adopt it on purpose.
func TestAccReconcile_contactConflictNotAdopted(t *testing.T) {
	srv := testAccServer(t)
	c := testAPIClient(t, srv)
	acme := mustCreateClient(t, c, "Acme Inc")
	other := mustCreateClient(t, c, "Other Ltd")
	theirs := portalUserSeedContact(t, c, other.ID, "jane@acme.example")
	srv.SetFaults(reconcileFailAll("POST /api/contacts"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: reconcileContactConfig(srv, acme.ID),
			ExpectError: testErrorRegexp("Error Creating Contact", fmt.Sprintf(`already holds a contact with the email address "jane@acme.example" (id %d)`, theirs.ID),
				"not adopted", fmt.Sprintf("terraform import contacts_contact.<name> %d", theirs.ID)),
		}},
	})
	if got, ok := srv.Contact(theirs.ID); !ok || got.Status != "active" || got.Client.ID != other.ID {
		t.Errorf("the other client's contact changed: %+v", got)
	}
}

// reconcileCheckNoContact checks that no live contact has email.
func reconcileCheckNoContact(srv *apiservertest.Server, email string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if c, found := srv.ContactByEmail(email); found {
			return fmt.Errorf("contact %d (%s) is still on the server", c.ID, email)
		}
		return nil
	}
}

// TestAccReconcile_clientRecoveredAfterLostAnswer: as for contacts; a
// client whose name merely contains the planned one plays no part.
func TestAccReconcile_clientRecoveredAfterLostAnswer(t *testing.T) {
	srv := testAccServer(t)
	// A client whose name merely contains the planned one must not be taken.
	mustCreateClient(t, testAPIClient(t, srv), "Acme Inc Holdings")
	srv.SetFaults(reconcileLoseAnswer("POST /api/clients"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             clientCheckDestroy(srv),
		Steps: []resource.TestStep{{
			Config: reconcileProviderBlock(srv, "max_retries = 0") + `
resource "contacts_client" "test" {
  company_name = "Acme Inc"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				reconcileCheckLost(srv, apiserver.FaultServerErrorAfterCommit, 1),
				clientCheckOnServer(srv, "Acme Inc"),
				func(*terraform.State) error {
					n := 0
					for _, c := range srv.Clients() {
						if c.CompanyName == "Acme Inc" {
							n++
						}
					}
					if n != 1 {
						return fmt.Errorf("the server holds %d clients named Acme Inc, want 1", n)
					}
					return nil
				},
			),
		}},
	})
}

// reconcilePortalUserConfig declares a portal user with a password for
// contactID; max_retries = 0 lets a single fault reach the resource.
func reconcilePortalUserConfig(srv *apiservertest.Server, contactID int64, password string, version int, status string) string {
	return reconcileProviderBlock(srv, "max_retries = 0") + fmt.Sprintf(`
resource "contacts_portal_user" "test" {
  contact_id          = %d
  password_wo         = %q
  password_wo_version = %d
  status              = %q
}
`, contactID, password, version, status)
}

// reconcileCheckOneUser checks that the contact has exactly one portal user
// on the server and that it is the one in state.
func reconcileCheckOneUser(srv *apiservertest.Server, contactID int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var ids []int64
		for _, u := range srv.PortalUsers() {
			if u.ContactID == contactID {
				ids = append(ids, u.ID)
			}
		}
		id, err := testStateID(s, portalUserTestAddr)
		if err != nil {
			return err
		}
		if len(ids) != 1 || ids[0] != id {
			return fmt.Errorf("contact %d has portal users %v on the server, state holds %d", contactID, ids, id)
		}
		return nil
	}
}

// TestAccReconcile_portalUserRecoveredAfterLostAnswer: the create's answer
// is lost; the repeat with its Idempotency-Key returns the user the lost
// request made, with its password, and the declared revocation still
// happens.
func TestAccReconcile_portalUserRecoveredAfterLostAnswer(t *testing.T) {
	srv, _, ct := portalUserSetup(t, "pat@acme.example")
	srv.SetFaults(reconcileLoseAnswer("POST /api/portal-users"))
	const password = "Adopt3d-password"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{{
			Config:            reconcilePortalUserConfig(srv, ct.ID, password, 1, "terminated"),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("status"), knownvalue.StringExact("terminated"))},
			Check: resource.ComposeAggregateTestCheckFunc(
				reconcileCheckLost(srv, apiserver.FaultServerErrorAfterCommit, 1),
				reconcileCheckRequests(srv, portalUserRouteSetPassword, 0),
				reconcileCheckRequests(srv, portalUserRouteRevoke, 1),
				reconcileCheckOneUser(srv, ct.ID),
				// Revoked with the right password: 403, not 401.
				testCheckPortalLogin(srv, "pat@acme.example", password, client.ErrForbidden),
			),
		}},
	})
}

// TestAccReconcile_portalUserActionsLostAnswers: the answers to a password
// reset and a revocation are lost after the server applied them; reading
// the user back shows both done, so the apply succeeds and the next plan is
// empty.
func TestAccReconcile_portalUserActionsLostAnswers(t *testing.T) {
	srv, _, ct := portalUserSetup(t, "pat@acme.example")
	const pw1, pw2 = "F1rst-password", "Sec0nd-password"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: reconcilePortalUserConfig(srv, ct.ID, pw1, 1, "active"),
				Check:  testCheckPortalLogin(srv, "pat@acme.example", pw1, nil),
			},
			{
				PreConfig:         func() { srv.SetFaults(reconcileLoseAnswer(portalUserRouteSetPassword)) },
				Config:            reconcilePortalUserConfig(srv, ct.ID, pw2, 2, "active"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(2))},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					reconcileCheckLost(srv, apiserver.FaultServerErrorAfterCommit, 1),
					testCheckPortalLogin(srv, "pat@acme.example", pw2, nil),
				),
			},
			{
				PreConfig:         func() { srv.SetFaults(reconcileLoseAnswer(portalUserRouteRevoke)) },
				Config:            reconcilePortalUserConfig(srv, ct.ID, pw2, 2, "terminated"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("status"), knownvalue.StringExact("terminated"))},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					reconcileCheckLost(srv, apiserver.FaultServerErrorAfterCommit, 2),
					testCheckPortalLogin(srv, "pat@acme.example", pw2, client.ErrForbidden),
				),
			},
		},
	})
}

// TestAccReconcile_portalUserPasswordNotApplied: the password reset fails
// before the server acts. The state keeps the old password_wo_version, so
// the next plan sends the password again instead of claiming it was set.
func TestAccReconcile_portalUserPasswordNotApplied(t *testing.T) {
	srv, _, ct := portalUserSetup(t, "pat@acme.example")
	const pw1, pw2 = "F1rst-password", "Sec0nd-password"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: reconcilePortalUserConfig(srv, ct.ID, pw1, 1, "active"),
			},
			{
				PreConfig:   func() { srv.SetFaults(reconcileFailAll(portalUserRouteSetPassword)) },
				Config:      reconcilePortalUserConfig(srv, ct.ID, pw2, 2, "active"),
				ExpectError: testErrorRegexp("Error Setting Portal User Password", "server error"),
			},
			{
				PreConfig: func() { srv.ClearFaults() },
				Config:    reconcilePortalUserConfig(srv, ct.ID, pw2, 2, "active"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					testCheckPortalLogin(srv, "pat@acme.example", pw2, nil),
					testCheckPortalLogin(srv, "pat@acme.example", pw1, client.ErrUnauthorized),
				),
			},
		},
	})
}
