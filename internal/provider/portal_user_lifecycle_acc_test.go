// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// portalUserOnlyUser returns the one portal user the server holds.
func portalUserOnlyUser(t *testing.T, srv interface{ PortalUsers() []apiserver.PortalUser }) apiserver.PortalUser {
	t.Helper()
	users := srv.PortalUsers()
	if len(users) != 1 {
		t.Fatalf("the server holds %d portal users, want 1: %+v", len(users), users)
	}
	return users[0]
}

// TestAccPortalUserResource_replaceRequested: terraform apply -replace
// recreates the login of the same contact.
func TestAccPortalUserResource_replaceRequested(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "again@acme.example")
	w := newCLIWorkspace(t, srv, fmt.Sprintf(`
resource "contacts_portal_user" "test" {
  contact_id  = %d
  password_wo = "Rep1ace-password"
}
`, contact.ID))
	w.mustRun("apply", "-auto-approve")
	first := portalUserOnlyUser(t, srv)

	out := w.mustRun("apply", "-auto-approve", "-replace=contacts_portal_user.test")
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Fatalf("the apply did not replace the portal user:\n%s", out)
	}
	second := portalUserOnlyUser(t, srv)
	if second.ID == first.ID || second.ContactID != contact.ID {
		t.Fatalf("after -replace the server holds user %d of contact %d, want a new user of contact %d (old %d)", second.ID, second.ContactID, contact.ID, first.ID)
	}
	if ids := w.stateIDs()["contacts_portal_user"]; len(ids) != 1 || ids[0] != strconv.FormatInt(second.ID, 10) {
		t.Fatalf("state holds portal users %v, want [%d]", ids, second.ID)
	}
}

// TestAccPortalUserResource_taintedReplaced: a tainted portal user is
// replaced by a new login of the same contact.
func TestAccPortalUserResource_taintedReplaced(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "tainted@acme.example")
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
				Taint:  []string{portalUserTestAddr},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
					if u.ID == firstID || u.ContactID != contact.ID || len(srv.PortalUsers()) != 1 {
						return fmt.Errorf("got user %d of contact %d (of %d users), want one new user of contact %d", u.ID, u.ContactID, len(srv.PortalUsers()), contact.ID)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccPortalUserResource_secondLoginOneError: two portal users for one
// contact in one configuration fail with one error on contact_id, at plan
// time when the contact exists and at apply time when it is created in the
// same apply.
func TestAccPortalUserResource_secondLoginOneError(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "twice@acme.example")
	cases := map[string]string{
		"existing contact": fmt.Sprintf(`
resource "contacts_portal_user" "a" {
  contact_id = %d
}

resource "contacts_portal_user" "b" {
  contact_id = %d
  username   = "twice.b"
}
`, contact.ID, contact.ID),
		"new contact": fmt.Sprintf(`
resource "contacts_contact" "new" {
  client_id  = %d
  first_name = "New"
  last_name  = "Person"
  email      = "new.person@acme.example"
}

resource "contacts_portal_user" "a" {
  contact_id = contacts_contact.new.id
}

resource "contacts_portal_user" "b" {
  contact_id = contacts_contact.new.id
  username   = "new.b"
}
`, contact.Client.ID),
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			w := newCLIWorkspace(t, srv, cfg)
			code, out := w.run("apply", "-auto-approve")
			if code == 0 {
				t.Fatalf("the apply succeeded:\n%s", out)
			}
			sums := cliErrorSummaries(out)
			if len(sums) != 1 || sums[0] != "Contact Already Has a Portal User" {
				t.Fatalf("want exactly one error \"Contact Already Has a Portal User\", got %q:\n%s", sums, out)
			}
			if !testErrorRegexp("contact_id =", "a contact can have only one").MatchString(out) {
				t.Fatalf("the error is not on contact_id or does not explain itself:\n%s", out)
			}
			// Without refresh: the plan that a destroy runs first would
			// refuse the second login again.
			w.mustRun("destroy", "-auto-approve", "-refresh=false")
		})
	}
}

// TestAccPortalUserResource_importAdoptsInviteVersion: importing a login
// with a configuration that sets invite_version records the version and
// emails nobody, and the plan says so; a later change sends one invitation.
func TestAccPortalUserResource_importAdoptsInviteVersion(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "adopt@acme.example")
	existing, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: contact.ID, SendInvite: true})
	if err != nil {
		t.Fatal(err)
	}
	invitations := func() int {
		n := 0
		for _, m := range srv.Outbox() {
			if m.Kind == apiserver.EmailInvitation && m.PortalUserID == existing.ID {
				n++
			}
		}
		return n
	}
	cfg := func(version int) string {
		return fmt.Sprintf(`
import {
  to = contacts_portal_user.test
  id = "%d"
}

resource "contacts_portal_user" "test" {
  contact_id     = %d
  invite_version = %d
}
`, existing.ID, contact.ID, version)
	}
	w := newCLIWorkspace(t, srv, cfg(5))
	out := w.mustRun("apply", "-auto-approve")
	if n := invitations(); n != 1 {
		t.Fatalf("the import apply queued %d invitations in all, want only the 1 from before:\n%s", n, out)
	}
	if !testErrorRegexp("Warning: Invitation Version Recorded", "invite_version = 5", "no invitation is sent", "Change invite_version again").MatchString(out) {
		t.Fatalf("the plan does not warn that the version is only recorded:\n%s", out)
	}
	if out := w.mustRun("plan", "-detailed-exitcode"); strings.Contains(out, "invite_version") {
		t.Fatalf("the next plan still changes invite_version:\n%s", out)
	}
	cliWriteFile(t, w.dir+"/main.tf", strings.Replace(readFile(t, w.dir+"/main.tf"), "invite_version = 5", "invite_version = 6", 1))
	w.mustRun("apply", "-auto-approve")
	if n := invitations(); n != 2 {
		t.Fatalf("changing invite_version after the import queued %d invitations in all, want 2", n)
	}
}

// TestAccPortalUserResource_importThenSetPassword: importing a login with a
// configuration that gives password_wo and password_wo_version sets that
// password (the password given makes the intent plain).
func TestAccPortalUserResource_importThenSetPassword(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "adoptpw@acme.example")
	existing, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: contact.ID, Password: "Old-passw0rd"})
	if err != nil {
		t.Fatal(err)
	}
	const pw = "Imp0rted-new-password"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetRequestLog,
			Config: testAccProviderBlock(srv) + fmt.Sprintf(`
import {
  to = contacts_portal_user.test
  id = "%d"
}

resource "contacts_portal_user" "test" {
  contact_id          = %d
  password_wo         = %q
  password_wo_version = 1
}
`, existing.ID, contact.ID, pw),
			Check: resource.ComposeAggregateTestCheckFunc(
				portalUserCheckCount(srv, portalUserRouteSetPassword, 1),
				testCheckPortalLogin(srv, "adoptpw@acme.example", pw, nil),
				testCheckPortalLogin(srv, "adoptpw@acme.example", "Old-passw0rd", client.ErrUnauthorized),
			),
		}},
	})
}

// TestAccPortalUserResource_staffContactAtPlan: a contact that is not a
// client's (the server's staff fixture) fails the plan on contact_id.
func TestAccPortalUserResource_staffContactAtPlan(t *testing.T) {
	srv := testAccServer(t)
	staffID := srv.StaffContactID()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      portalUserConfig(srv, staffID, ""),
			PlanOnly:    true,
			ExpectError: testErrorRegexp("Contact Cannot Have a Portal User", "contact_id =", fmt.Sprintf(`Contact %d has the "Staff" role`, staffID), "only contacts with the Client role"),
		}},
	})
	if n := len(srv.PortalUsers()); n != 0 {
		t.Fatalf("the server holds %d portal users, want 0", n)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
