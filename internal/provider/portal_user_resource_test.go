// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
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

const portalUserTestAddr = "contacts_portal_user.test"

// Route keys of the server's RequestCounts.
const (
	portalUserRouteSetPassword = "POST /api/portal-users/{id}/actions/set-password"
	portalUserRouteGrant       = "POST /api/portal-users/{id}/actions/grant-access"
	portalUserRouteRevoke      = "POST /api/portal-users/{id}/actions/revoke-access"
	portalUserRouteInvite      = "POST /api/portal-users/{id}/actions/send-invite"
	portalUserRoutePatch       = "PATCH /api/portal-users/{id}"
)

// portalUserSeedContact creates a contact out of band.
func portalUserSeedContact(t *testing.T, c *client.Client, clientID int64, email string) *client.Contact {
	t.Helper()
	ct, err := c.CreateContact(context.Background(), client.ContactCreateRequest{FirstName: "Pat", LastName: "Portal", Email: email, ClientID: clientID})
	if err != nil {
		t.Fatalf("seeding contact %s: %v", email, err)
	}
	return ct
}

// portalUserSetup starts a server with one client and one contact.
func portalUserSetup(t *testing.T, email string) (*apiservertest.Server, *client.Client, *client.Contact) {
	t.Helper()
	srv := testAccServer(t)
	c := testAPIClient(t, srv)
	acct := mustCreateClient(t, c, "Acme Inc")
	return srv, c, portalUserSeedContact(t, c, acct.ID, email)
}

// portalUserConfig renders the provider block and a contacts_portal_user
// "test" for contactID with the given extra attribute lines.
func portalUserConfig(srv *apiservertest.Server, contactID int64, extra string) string {
	return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_portal_user" "test" {
  contact_id = %d
%s
}
`, contactID, extra)
}

// portalUserCheckServer runs check on what the server holds for the user in state.
func portalUserCheckServer(srv *apiservertest.Server, check func(apiserver.PortalUser) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := testStateID(s, portalUserTestAddr)
		if err != nil {
			return err
		}
		u, ok := srv.PortalUser(id)
		if !ok {
			return fmt.Errorf("server has no portal user %d", id)
		}
		return check(u)
	}
}

func portalUserServerStatus(srv *apiservertest.Server, want string) resource.TestCheckFunc {
	return portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
		if u.Status != want {
			return fmt.Errorf("server portal user %d has status %q, want %q", u.ID, u.Status, want)
		}
		return nil
	})
}

// portalUserCheckCount asserts how often a route was called since the last
// ResetRequestLog.
func portalUserCheckCount(srv *apiservertest.Server, route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := srv.RequestCounts()[route]; got != want {
			return fmt.Errorf("%s was called %d times, want %d", route, got, want)
		}
		return nil
	}
}

// portalUserCheckInvitations counts the invitations queued for the portal user.
func portalUserCheckInvitations(srv *apiservertest.Server, want int) resource.TestCheckFunc {
	return testCheckOutbox(srv, portalUserTestAddr, apiserver.EmailInvitation, want, func(m apiserver.OutboxEmail) int64 { return m.PortalUserID })
}

// portalUserCheckDestroyed asserts that every portal user in state is gone.
func portalUserCheckDestroyed(srv *apiservertest.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			if rs.Type != "contacts_portal_user" {
				continue
			}
			id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: bad id %q", addr, rs.Primary.ID)
			}
			if _, ok := srv.PortalUser(id); ok {
				return fmt.Errorf("%s: portal user %d still exists on the server", addr, id)
			}
		}
		return nil
	}
}

// portalUserNoSecrets fails when any secret appears in the plan JSON, and
// proves it looked at a plan of the portal user.
type portalUserNoSecrets struct{ secrets []string }

func (c portalUserNoSecrets) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	resp.Error = portalUserFindSecrets("plan", string(raw), c.secrets)
}

func (c portalUserNoSecrets) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	resp.Error = portalUserFindSecrets("state", string(raw), c.secrets)
}

func portalUserFindSecrets(where, text string, secrets []string) error {
	if !strings.Contains(text, "password_wo_version") {
		return fmt.Errorf("the %s does not describe a portal user; the secret check would prove nothing", where)
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			return fmt.Errorf("a password appears in the %s", where)
		}
	}
	return nil
}

// portalUserCheckFlatStateNoSecrets scans every attribute of every resource
// in the flat state as well.
func portalUserCheckFlatStateNoSecrets(secrets ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				for _, secret := range secrets {
					if strings.Contains(v, secret) {
						return fmt.Errorf("%s.%s holds a password", addr, k)
					}
				}
			}
		}
		return nil
	}
}

// portalUserBetweenPlanAndApply is a plan check that changes the server
// after Terraform planned and before it applies, to make an apply step fail
// the way a concurrent change would.
type portalUserBetweenPlanAndApply func() error

func (f portalUserBetweenPlanAndApply) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// existingID is the id of a contact's portal user on the server, or 0.
func portalUserIDOfContact(srv *apiservertest.Server, contactID int64) int64 {
	for _, u := range srv.PortalUsers() {
		if u.ContactID == contactID {
			return u.ID
		}
	}
	return 0
}

// portalUserExpectBefore checks a value of the prior state in the plan, to
// prove what the state recorded before this step.
type portalUserExpectBefore struct {
	attr string
	want any
}

func (c portalUserExpectBefore) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != portalUserTestAddr {
			continue
		}
		before, ok := rc.Change.Before.(map[string]any)
		if !ok {
			resp.Error = fmt.Errorf("%s has no prior state in the plan", rc.Address)
			return
		}
		if got := before[c.attr]; fmt.Sprint(got) != fmt.Sprint(c.want) {
			resp.Error = fmt.Errorf("%s.%s was %v before this plan, want %v", rc.Address, c.attr, got, c.want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", portalUserTestAddr)
}

var portalUserTimestamp = knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`))

// TestAccPortalUserResource_passwordOneApply creates a contact and its portal
// user in one apply with a password from an ephemeral variable, rotates it
// through password_wo_version, and proves the password is in neither the
// state, the plan nor the debug log. It sets environment variables, so it
// does not run in parallel.
func TestAccPortalUserResource_passwordOneApply(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	const (
		pw1 = "Tr0ub4dor-first"
		pw2 = "c0rrect-horse-second"
		pw3 = "n3ver-sent-third"
	)
	secrets := []string{pw1, pw2, pw3}
	cfg := func(version int) string {
		return testAccProviderBlock(srv) + fmt.Sprintf(`
variable "pw" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "contacts_contact" "jane" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
}

resource "contacts_portal_user" "test" {
  contact_id          = contacts_contact.jane.id
  password_wo         = var.pw
  password_wo_version = %d
}
`, acme.ID, version)
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config:          cfg(1),
				ConfigVariables: config.Variables{"pw": config.StringVariable(pw1)},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionCreate),
						portalUserNoSecrets{secrets},
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(portalUserTestAddr, tfjsonpath.New("id")),
					portalUserNoSecrets{secrets},
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("username"), knownvalue.StringExact("jane@acme.example")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("email"), knownvalue.StringExact("jane@acme.example")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("name"), knownvalue.StringExact("Jane Doe")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("client_id"), knownvalue.Int64Exact(acme.ID)),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("auth_method"), knownvalue.StringExact("local")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("deletion_policy"), knownvalue.StringExact("delete")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("invitation_status"), knownvalue.StringExact("none")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("invitation_sent_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("password_updated_at"), portalUserTimestamp),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("last_login_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("roles"), knownvalue.Null()),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("created"), portalUserTimestamp),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("updated"), portalUserTimestamp),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckFlatStateNoSecrets(secrets...),
					testCheckPortalLogin(srv, "jane@acme.example", pw1, nil),
				),
			},
			{
				// A new version sends the new password.
				PreConfig:       srv.ResetRequestLog,
				Config:          cfg(2),
				ConfigVariables: config.Variables{"pw": config.StringVariable(pw2)},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate),
						portalUserNoSecrets{secrets},
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(portalUserTestAddr, tfjsonpath.New("id")),
					portalUserNoSecrets{secrets},
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckFlatStateNoSecrets(secrets...),
					portalUserCheckCount(srv, portalUserRouteSetPassword, 1),
					testCheckPortalLogin(srv, "jane@acme.example", pw1, client.ErrUnauthorized),
					testCheckPortalLogin(srv, "jane@acme.example", pw2, nil),
				),
			},
			{
				// Only the password changes, not its version: by design
				// nothing is planned and nothing is sent.
				PreConfig:       srv.ResetRequestLog,
				Config:          cfg(2),
				ConfigVariables: config.Variables{"pw": config.StringVariable(pw3)},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckCount(srv, portalUserRouteSetPassword, 0),
					portalUserCheckCount(srv, portalUserRoutePatch, 0),
					testCheckPortalLogin(srv, "jane@acme.example", pw3, client.ErrUnauthorized),
					testCheckPortalLogin(srv, "jane@acme.example", pw2, nil),
				),
			},
		},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the debug log: %v", err)
	}
	log := string(raw)
	// The log must hold the provider's own request lines, or the check
	// below proves nothing.
	if !strings.Contains(log, "/actions/set-password") || !strings.Contains(log, "contacts API request") {
		t.Fatalf("the debug log at %s holds no provider request lines", logPath)
	}
	for i, s := range secrets {
		if strings.Contains(log, s) {
			t.Errorf("password %d appears in the debug log", i+1)
		}
	}
}

// TestAccPortalUserResource_status covers creating a terminated user,
// granting and revoking access, an out-of-band revocation, and that no
// action is called when the server already matches.
func TestAccPortalUserResource_status(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "sam@acme.example")
	const pw = "status-Passw0rd"
	cfg := func(status, roles string) string {
		return portalUserConfig(srv, contact.ID, fmt.Sprintf(`
  password_wo = %q
  status      = %q
  roles       = %s
`, pw, status, roles))
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var userID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				// Created and revoked in the same apply.
				PreConfig: srv.ResetRequestLog,
				Config:    cfg("terminated", "[]"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(portalUserTestAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("status"), knownvalue.StringExact("terminated")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserServerStatus(srv, "terminated"),
					portalUserCheckCount(srv, portalUserRouteRevoke, 1),
					testCheckPortalLogin(srv, "sam@acme.example", pw, client.ErrForbidden),
					func(s *terraform.State) (err error) {
						userID, err = testStateID(s, portalUserTestAddr)
						return err
					},
				),
			},
			{
				PreConfig: srv.ResetRequestLog,
				Config:    cfg("active", "[]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(portalUserTestAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserServerStatus(srv, "active"),
					portalUserCheckCount(srv, portalUserRouteGrant, 1),
					portalUserCheckCount(srv, portalUserRoutePatch, 0),
					testCheckPortalLogin(srv, "sam@acme.example", pw, nil),
				),
			},
			{
				// Status already matches: an unrelated update calls no action.
				PreConfig: srv.ResetRequestLog,
				Config:    cfg("active", `[{ reference = "billing" }]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckCount(srv, portalUserRoutePatch, 1),
					portalUserCheckCount(srv, portalUserRouteGrant, 0),
					portalUserCheckCount(srv, portalUserRouteRevoke, 0),
					portalUserCheckCount(srv, portalUserRouteSetPassword, 0),
				),
			},
			{
				// Revoked out of band: drift, and the apply grants access again.
				PreConfig: func() {
					if _, err := api.RevokeAccess(context.Background(), userID); err != nil {
						t.Fatalf("revoking out of band: %v", err)
					}
					srv.ResetRequestLog()
				},
				Config: cfg("active", `[{ reference = "billing" }]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate),
						portalUserExpectBefore{attr: "status", want: "terminated"},
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserServerStatus(srv, "active"),
					portalUserCheckCount(srv, portalUserRouteGrant, 1),
					testCheckPortalLogin(srv, "sam@acme.example", pw, nil),
				),
			},
			{
				PreConfig: srv.ResetRequestLog,
				Config:    cfg("terminated", `[{ reference = "billing" }]`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(portalUserTestAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserServerStatus(srv, "terminated"),
					portalUserCheckCount(srv, portalUserRouteRevoke, 1),
					testCheckPortalLogin(srv, "sam@acme.example", pw, client.ErrForbidden),
				),
			},
		},
	})
}

// TestAccPortalUserResource_outOfBandDeletion: a login deleted behind
// Terraform's back is planned for creation again; a new contact_id replaces it.
func TestAccPortalUserResource_outOfBandDeletion(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "oob@acme.example")
	second := portalUserSeedContact(t, api, contact.Client.ID, "second@acme.example")
	cfg := portalUserConfig(srv, contact.ID, "")
	var firstID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					firstID, err = testStateID(s, portalUserTestAddr)
					return err
				},
			},
			{
				PreConfig: func() {
					if err := api.DeletePortalUser(context.Background(), firstID); err != nil {
						t.Fatalf("deleting out of band: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionCreate)},
				},
				Check: portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
					if u.ID == firstID || u.ContactID != contact.ID {
						return fmt.Errorf("got user %d of contact %d, want a new user of contact %d", u.ID, u.ContactID, contact.ID)
					}
					return nil
				}),
			},
			{
				// Another contact: the login is replaced.
				Config: portalUserConfig(srv, second.ID, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if users := srv.PortalUsers(); len(users) != 1 || users[0].ContactID != second.ID {
						return fmt.Errorf("server holds %+v, want only the user of contact %d", users, second.ID)
					}
					return nil
				},
			},
			{
				// A tainted login is replaced by a new one of the same contact.
				Taint:  []string{portalUserTestAddr},
				Config: portalUserConfig(srv, second.ID, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// TestAccPortalUserResource_outOfBandContactDeletion: deleting the contact
// deletes its login; both are planned for creation again.
func TestAccPortalUserResource_outOfBandContactDeletion(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	cfg := testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_contact" "kim" {
  client_id  = %d
  first_name = "Kim"
  last_name  = "Lee"
  email      = "kim@acme.example"
}

resource "contacts_portal_user" "test" {
  contact_id = contacts_contact.kim.id
  username   = "kim.lee"
}
`, acme.ID)
	var contactID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					contactID, err = testStateID(s, "contacts_contact.kim")
					return err
				},
			},
			{
				PreConfig: func() {
					if err := api.DeleteContact(context.Background(), contactID); err != nil {
						t.Fatalf("deleting the contact out of band: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("contacts_contact.kim", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionCreate),
					},
				},
				Check: portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
					if u.ContactID == contactID || u.Username != "kim.lee" {
						return fmt.Errorf("got user %q of contact %d, want kim.lee of the new contact", u.Username, u.ContactID)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccPortalUserResource_invitations: one invitation per requested send,
// and a local user without password or invitation gets an unknown random one.
func TestAccPortalUserResource_invitations(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "inv@acme.example")
	cfg := func(extra string) string { return portalUserConfig(srv, contact.ID, extra) }
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: cfg(`  send_invite = true`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(portalUserTestAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("invitation_status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("invitation_sent_at"), portalUserTimestamp),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("password_updated_at"), knownvalue.Null()),
				},
				Check: portalUserCheckInvitations(srv, 1),
			},
			{
				// send_invite is used only at creation.
				Config: cfg(`  send_invite = false`),
				Check:  portalUserCheckInvitations(srv, 1),
			},
			{
				// The first value the existing user gets is only recorded.
				PreConfig: srv.ResetRequestLog,
				Config:    cfg("  invite_version = 1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(portalUserTestAddr, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckInvitations(srv, 1),
					portalUserCheckCount(srv, portalUserRouteInvite, 0),
				),
			},
			{
				// A change sends one.
				PreConfig: srv.ResetRequestLog,
				Config:    cfg("  invite_version = 2"),
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckInvitations(srv, 2),
					portalUserCheckCount(srv, portalUserRouteInvite, 1),
				),
			},
			{
				// Unchanged counter: nothing is sent.
				Config: cfg("  invite_version = 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: portalUserCheckInvitations(srv, 2),
			},
			{
				// Inviting while terminating is refused at plan time.
				Config:      cfg("  invite_version = 3\n  status = \"terminated\""),
				ExpectError: regexp.MustCompile(`Cannot Invite a Terminated Portal User`),
			},
		},
	})
}

// TestAccPortalUserResource_randomPassword: without password or invitation
// the server sets a random password, so nobody can log in.
func TestAccPortalUserResource_randomPassword(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "nopw@acme.example")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: portalUserConfig(srv, contact.ID, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("password_updated_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("invitation_status"), knownvalue.StringExact("none")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckInvitations(srv, 0),
					testCheckPortalLogin(srv, "nopw@acme.example", "Guess1234", client.ErrUnauthorized),
				),
			},
		},
	})
}

// TestAccPortalUserResource_roles adds, removes and expires roles. Decision
// (documented on the attribute): a role the server dropped because its
// declared expiry passed plans no change while the configuration declares
// that same expiry; extending the expiry plans to grant it again.
func TestAccPortalUserResource_roles(t *testing.T) {
	// Parallel before the clock below starts: a test paused until a
	// parallel slot frees up (behind the minute-long fault tests) must not
	// find its 30-second expiry already past.
	t.Parallel()
	srv, _, contact := portalUserSetup(t, "roles@acme.example")
	// The API answers expiries in UTC with microseconds; the configuration's
	// own spelling (here with an offset) is kept.
	soon := time.Now().Add(30 * time.Second).Truncate(time.Second).In(time.FixedZone("", 2*3600)).Format(time.RFC3339)
	later := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	cfg := func(roles string) string { return portalUserConfig(srv, contact.ID, "  roles = "+roles) }
	serverRoles := func(want ...string) resource.TestCheckFunc {
		return portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
			got := []string{}
			for _, r := range u.Roles {
				got = append(got, r.Reference)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				return fmt.Errorf("server roles %v, want %v", got, want)
			}
			return nil
		})
	}
	role := func(ref string, expires knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"reference": knownvalue.StringExact(ref), "expires": expires})
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: cfg(fmt.Sprintf(`[
    { reference = "billing" },
    { reference = "tickets", expires = %q },
  ]`, soon)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{
						role("billing", knownvalue.Null()),
						role("tickets", knownvalue.StringExact(soon)),
					})),
				},
				Check: serverRoles("billing", "tickets"),
			},
			{
				// Remove billing, add documents; tickets unchanged.
				Config: cfg(fmt.Sprintf(`[
    { reference = "documents" },
    { reference = "tickets", expires = %q },
  ]`, soon)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate)},
				},
				Check: serverRoles("documents", "tickets"),
			},
			{
				// tickets has expired on the server: as declared, so no change.
				PreConfig: func() {
					exp, _ := time.Parse(time.RFC3339, soon)
					time.Sleep(time.Until(exp) + time.Second)
				},
				Config: cfg(fmt.Sprintf(`[
    { reference = "documents" },
    { reference = "tickets", expires = %q },
  ]`, soon)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: serverRoles("documents"),
			},
			{
				// The configuration extends the expiry: granted again.
				Config: cfg(fmt.Sprintf(`[
    { reference = "documents" },
    { reference = "tickets", expires = %q },
  ]`, later)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{
						role("documents", knownvalue.Null()),
						role("tickets", knownvalue.StringExact(later)),
					})),
				},
				Check: serverRoles("documents", "tickets"),
			},
			{
				// No roles at all.
				Config: portalUserConfig(srv, contact.ID, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("roles"), knownvalue.Null()),
				},
				Check: serverRoles(),
			},
		},
	})
}

// TestAccPortalUserResource_planTimeErrors: bad input fails the plan with a
// clear message wherever the value is known.
func TestAccPortalUserResource_planTimeErrors(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "taken@acme.example")
	existing, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: contact.ID})
	if err != nil {
		t.Fatal(err)
	}
	free := portalUserSeedContact(t, api, contact.Client.ID, "free@acme.example")
	step := func(contactID int64, extra, wantErr string) resource.TestStep {
		return resource.TestStep{
			Config:      portalUserConfig(srv, contactID, extra),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(wantErr),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(free.ID, `  password_wo = "short1"`, `(?s)Invalid Portal Password.*too short \(6 characters; at least 8\)`),
			step(free.ID, `  password_wo = "lettersonly"`, `(?s)Invalid Portal Password.*has no number`),
			step(free.ID, "  auth_method = \"azure\"\n  password_wo = \"Passw0rd-ok\"", `Password Not Allowed With Azure Sign-In`),
			step(free.ID, `  password_wo_version = 1`, `Password Version Without Password`),
			step(free.ID, `  roles = [{ reference = "payroll" }]`, `(?s)Unknown Access Role.*"payroll".*Known roles:\s+billing,\s+documents,\s+technical,\s+tickets`),
			step(free.ID, `  roles = [{ reference = "billing" }, { reference = "billing", expires = "2099-01-01T00:00:00Z" }]`, `Duplicate Access Role`),
			step(free.ID, `  roles = [{ reference = "billing", expires = "2001-01-01T00:00:00Z" }]`, `Access Role Expiry In the Past`),
			step(free.ID, `  roles = [{ reference = "billing", expires = "next week" }]`, `Invalid RFC 3339 Timestamp`),
			step(free.ID, "  status = \"terminated\"\n  send_invite = true", `Cannot Invite a Terminated Portal User`),
			step(contact.ID, "", fmt.Sprintf(`(?s)Contact Already Has a Portal User.*portal user %d`, existing.ID)),
			step(999999, "", `Contact Not Found`),
		},
	})
	if n := len(srv.PortalUsers()); n != 1 {
		t.Errorf("the server holds %d portal users after failed plans, want 1", n)
	}
}

// TestAccPortalUserResource_applyTimeErrors: values unknown at plan time
// (routed through terraform_data) fail at apply with the same clear errors,
// and a failed password reset does not record its version.
func TestAccPortalUserResource_applyTimeErrors(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "apply@acme.example")
	taken := portalUserSeedContact(t, api, contact.Client.ID, "taken2@acme.example")
	existing, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: taken.ID})
	if err != nil {
		t.Fatal(err)
	}
	unknown := func(name, value, resourceBody string) string {
		return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "terraform_data" %q {
  input = %q
}

%s
`, name, value, resourceBody)
	}
	const good = "G00d-password"
	pwConfig := func(passwordExpr string, version int) string {
		return fmt.Sprintf(`
resource "contacts_portal_user" "test" {
  contact_id          = %d
  password_wo         = %s
  password_wo_version = %d
}
`, contact.ID, passwordExpr, version)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: unknown("role", "payroll", fmt.Sprintf(`
resource "contacts_portal_user" "other" {
  contact_id = %d
  roles      = [{ reference = terraform_data.role.output }]
}
`, contact.ID)),
				ExpectError: regexp.MustCompile(`(?s)Unknown Access Role.*Known roles:\s+billing,\s+documents,\s+technical,\s+tickets`),
			},
			{
				Config: unknown("contact", strconv.FormatInt(taken.ID, 10), `
resource "contacts_portal_user" "other" {
  contact_id = terraform_data.contact.output
}
`),
				ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Contact Already Has a Portal User.*portal user %d`, existing.ID)),
			},
			{
				Config: testAccProviderBlock(srv) + pwConfig(fmt.Sprintf("%q", good), 1),
				Check:  testCheckPortalLogin(srv, "apply@acme.example", good, nil),
			},
			{
				// Between plan and apply someone switches the user to
				// single sign-on, so the password reset fails (409).
				Config: testAccProviderBlock(srv) + pwConfig(`"N3w-good-password"`, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{portalUserBetweenPlanAndApply(func() error {
						_, err := api.UpdatePortalUser(context.Background(), portalUserIDOfContact(srv, contact.ID), client.PortalUserUpdateRequest{AuthMethod: client.Set(client.AuthAzure)})
						return err
					})},
				},
				ExpectError: regexp.MustCompile(`(?s)Error Setting Portal User Password.*local\s+password`),
			},
			{
				// Version 2 was not recorded: the same configuration is
				// still an update, which restores local sign-in and sends
				// the password.
				PreConfig: srv.ResetRequestLog,
				Config:    testAccProviderBlock(srv) + pwConfig(`"N3w-good-password"`, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate),
						portalUserExpectBefore{attr: "password_wo_version", want: 1},
						portalUserExpectBefore{attr: "auth_method", want: "azure"},
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckCount(srv, portalUserRouteSetPassword, 1),
					testCheckPortalLogin(srv, "apply@acme.example", good, client.ErrUnauthorized),
					testCheckPortalLogin(srv, "apply@acme.example", "N3w-good-password", nil),
				),
			},
		},
	})
}

// TestAccPortalUserResource_failedStatusAction: a grant or revoke that fails
// records nothing it did not reach. A failed revoke right after creation
// undoes the create; a failed grant leaves the user terminated in state, so
// the next plan tries again.
func TestAccPortalUserResource_failedStatusAction(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "fail@acme.example")
	failing := func(route string) func() {
		return func() { srv.SetFaults(apiserver.Faults{ErrorRate: 1, Routes: []string{route}}) }
	}
	// No retries, so the injected 5xx answers fail the action at once.
	cfg := func(status string) string {
		return fmt.Sprintf(`
provider "contacts" {
  endpoint    = %q
  api_key     = %q
  max_retries = 0
}

resource "contacts_portal_user" "test" {
  contact_id  = %d
  password_wo = "Fa1l-password"
  status      = %q
}
`, srv.URL, srv.WriteKey, contact.ID, status)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				PreConfig:   failing(portalUserRouteRevoke),
				Config:      cfg("terminated"),
				ExpectError: regexp.MustCompile(`Error Revoking Portal User Access`),
			},
			{
				PreConfig: func() {
					srv.ClearFaults()
					if n := len(srv.PortalUsers()); n != 0 {
						t.Fatalf("the failed create left %d portal users on the server, want 0", n)
					}
				},
				Config: cfg("terminated"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionCreate)},
				},
				Check: portalUserServerStatus(srv, "terminated"),
			},
			{
				PreConfig:   failing(portalUserRouteGrant),
				Config:      cfg("active"),
				ExpectError: regexp.MustCompile(`Error Changing Portal User Status`),
			},
			{
				PreConfig: srv.ClearFaults,
				Config:    cfg("active"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate),
						portalUserExpectBefore{attr: "status", want: "terminated"},
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserServerStatus(srv, "active"),
					testCheckPortalLogin(srv, "fail@acme.example", "Fa1l-password", nil),
				),
			},
		},
	})
}

// TestAccPortalUserResource_import imports by id, by username and by email;
// only the write-only pair is ignored, and import leaves the password alone.
func TestAccPortalUserResource_import(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "imp@acme.example")
	const pw = "Imp0rt-password"
	cfg := portalUserConfig(srv, contact.ID, fmt.Sprintf(`
  username            = "imp.user"
  password_wo         = %q
  password_wo_version = 1
  roles               = [{ reference = "technical" }]
`, pw))
	ignore := []string{"password_wo", "password_wo_version"}
	importStep := func(id string) resource.TestStep {
		return resource.TestStep{
			PreConfig:               srv.ResetRequestLog,
			Config:                  cfg,
			ResourceName:            portalUserTestAddr,
			ImportState:             true,
			ImportStateId:           id,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: ignore,
			Check: resource.ComposeAggregateTestCheckFunc(
				portalUserCheckCount(srv, portalUserRouteSetPassword, 0),
				portalUserCheckCount(srv, portalUserRoutePatch, 0),
			),
		}
	}
	var userID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					userID = s.RootModule().Resources[portalUserTestAddr].Primary.ID
					return nil
				},
			},
			{
				PreConfig:               srv.ResetRequestLog,
				Config:                  cfg,
				ResourceName:            portalUserTestAddr,
				ImportState:             true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return userID, nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: ignore,
			},
			importStep("imp.user"),
			importStep("IMP@acme.example"),
			{
				Config:        cfg,
				ResourceName:  portalUserTestAddr,
				ImportState:   true,
				ImportStateId: "nobody@acme.example",
				ExpectError:   testErrorRegexp(`Portal User Not Found for Import ID "nobody@acme.example"`, `"nobody@acme.example"`, `Nothing was imported`),
			},
			{
				// Before, +301 was read as id 301; now a sign is refused.
				Config:        cfg,
				ResourceName:  portalUserTestAddr,
				ImportState:   true,
				ImportStateId: "+301",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Portal User Import ID.*"\+301" is not a valid id.*without sign.*its username or its\s+contact's email`),
			},
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckCount(srv, portalUserRouteSetPassword, 0),
					testCheckPortalLogin(srv, "imp.user", pw, nil),
				),
			},
		},
	})
}

// TestAccPortalUserResource_deletionPolicyRevoke: destroying only revokes
// access and keeps the account.
func TestAccPortalUserResource_deletionPolicyRevoke(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "keep@acme.example")
	var userID int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			u, ok := srv.PortalUser(userID)
			if !ok {
				return fmt.Errorf("portal user %d was deleted; deletion_policy = revoke must keep it", userID)
			}
			if u.Status != "terminated" {
				return fmt.Errorf("portal user %d has status %q after destroy, want terminated", userID, u.Status)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: portalUserConfig(srv, contact.ID, `  deletion_policy = "revoke"`),
				Check: func(s *terraform.State) (err error) {
					userID, err = testStateID(s, portalUserTestAddr)
					return err
				},
			},
		},
	})
}

// TestAccPortalUserResource_azure: single sign-on users have no password
// and may be invited.
func TestAccPortalUserResource_azure(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "sso@acme.example")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{
				Config: portalUserConfig(srv, contact.ID, "  auth_method = \"azure\"\n  send_invite = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(portalUserTestAddr, tfjsonpath.New("auth_method"), knownvalue.StringExact("azure")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckInvitations(srv, 1),
					portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
						if u.AuthMethod != "azure" {
							return fmt.Errorf("server auth method %q, want azure", u.AuthMethod)
						}
						return nil
					}),
				),
			},
			{
				// Switching to local with a password in the same apply.
				Config: portalUserConfig(srv, contact.ID, "  auth_method = \"local\"\n  password_wo = \"L0cal-password\"\n  password_wo_version = 1"),
				Check:  testCheckPortalLogin(srv, "sso@acme.example", "L0cal-password", nil),
			},
		},
	})
}

func TestPortalUserRolesFrom(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	str := func(s string) *string { return &s }
	roleSet := func(pairs ...[2]string) types.Set {
		out := []portalUserRoleModel{}
		for _, p := range pairs {
			exp := types.StringNull()
			if p[1] != "" {
				exp = types.StringValue(p[1])
			}
			out = append(out, portalUserRoleModel{Reference: types.StringValue(p[0]), Expires: exp})
		}
		set, diags := types.SetValueFrom(ctx, portalUserRoleType, out)
		if diags.HasError() {
			t.Fatal(diags)
		}
		return set
	}
	tests := map[string]struct {
		grants []client.RoleGrant
		prior  types.Set
		want   types.Set
	}{
		"none, prior null":  {prior: types.SetNull(portalUserRoleType), want: types.SetNull(portalUserRoleType)},
		"none, prior empty": {prior: roleSet(), want: roleSet()},
		"drift from null": {
			grants: []client.RoleGrant{{Reference: "billing"}},
			prior:  types.SetNull(portalUserRoleType),
			want:   roleSet([2]string{"billing", ""}),
		},
		"configured spelling of the same instant kept": {
			grants: []client.RoleGrant{{Reference: "tickets", Expires: str("2031-01-01T00:00:00.000000Z")}},
			prior:  roleSet([2]string{"tickets", "2031-01-01T02:00:00+02:00"}),
			want:   roleSet([2]string{"tickets", "2031-01-01T02:00:00+02:00"}),
		},
		"other instant shows the server's": {
			grants: []client.RoleGrant{{Reference: "tickets", Expires: str("2031-06-01T00:00:00.000000Z")}},
			prior:  roleSet([2]string{"tickets", "2031-01-01T00:00:00Z"}),
			want:   roleSet([2]string{"tickets", "2031-06-01T00:00:00.000000Z"}),
		},
		"expired as declared is kept": {
			grants: []client.RoleGrant{{Reference: "billing"}},
			prior:  roleSet([2]string{"billing", ""}, [2]string{"tickets", "2029-12-31T00:00:00Z"}),
			want:   roleSet([2]string{"billing", ""}, [2]string{"tickets", "2029-12-31T00:00:00Z"}),
		},
		"removed before its expiry is drift": {
			prior: roleSet([2]string{"tickets", "2030-06-01T00:00:00Z"}),
			want:  roleSet(),
		},
		"removed without expiry is drift": {
			prior: roleSet([2]string{"billing", ""}),
			want:  roleSet(),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, diags := rolesFrom(ctx, tc.grants, tc.prior, now)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !got.Equal(tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
