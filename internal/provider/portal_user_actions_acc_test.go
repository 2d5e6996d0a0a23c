// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/engine"
)

// Actions exist on Terraform 1.14 and later only; OpenTofu has none.

// actionsSkipUnsupported skips a CLI-driven test on an engine without actions.
func actionsSkipUnsupported(t *testing.T) {
	t.Helper()
	if testAccEngine.Name != engine.Terraform || !testAccEngine.AtLeast("1.14.0") {
		t.Skipf("%s has no actions (Terraform 1.14 and later)", testAccEngine)
	}
}

// actionsInvitations counts the invitations queued for portal user id.
func actionsInvitations(srv *apiservertest.Server, id int64) int {
	n := 0
	for _, m := range srv.Outbox() {
		if m.Kind == apiserver.EmailInvitation && m.PortalUserID == id {
			n++
		}
	}
	return n
}

// actionsServerUser returns what the server holds for portal user id.
func actionsServerUser(t *testing.T, srv *apiservertest.Server, id int64) apiserver.PortalUser {
	t.Helper()
	u, ok := srv.PortalUser(id)
	if !ok {
		t.Fatalf("the server has no portal user %d", id)
	}
	return u
}

// actionsLogin logs in to the portal; nil when the password works.
func actionsLogin(srv *apiservertest.Server, username, password string) error {
	return testCheckPortalLogin(srv, username, password, nil)(nil)
}

// TestAccPortalUserActions_triggeredFromTerraformData: actions in a
// terraform_data's action_trigger run after it is created: one invitation
// queued and the password set, and the next plan is empty, the portal
// user's computed attributes following on refresh.
func TestAccPortalUserActions_triggeredFromTerraformData(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "trigger@acme.example")
	const oldPW, newPW = "0ld-Passw0rd-trigger", "N3w-Passw0rd-trigger"
	cfg := portalUserConfig(srv, contact.ID, fmt.Sprintf("  password_wo = %q", oldPW)) + `
resource "terraform_data" "onboard" {
  input = contacts_portal_user.test.id
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.contacts_portal_user_send_invite.test, action.contacts_portal_user_set_password.test]
    }
  }
}

action "contacts_portal_user_send_invite" "test" {
  config {
    portal_user_id = contacts_portal_user.test.id
  }
}

action "contacts_portal_user_set_password" "test" {
  config {
    portal_user_id = contacts_portal_user.test.id
    password_wo    = "` + newPW + `"
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckInvitations(srv, 1),
					portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
						if u.Invitation.SentAt == nil || u.PasswordUpdatedAt == nil {
							return fmt.Errorf("server holds invitation sent_at %v, password_updated_at %v; want both set", u.Invitation.SentAt, u.PasswordUpdatedAt)
						}
						return nil
					}),
					testCheckPortalLogin(srv, "trigger@acme.example", newPW, nil),
					testCheckPortalLogin(srv, "trigger@acme.example", oldPW, client.ErrUnauthorized),
				),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				// The first step's login accepted the invitation.
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(portalUserTestAddr, "invitation_status", "accepted"),
					resource.TestCheckResourceAttrSet(portalUserTestAddr, "invitation_sent_at"),
					resource.TestCheckResourceAttrSet(portalUserTestAddr, "password_updated_at"),
					portalUserCheckInvitations(srv, 1),
				),
			},
		},
	})
}

// TestAccPortalUserActions_triggeredFromThePortalUser: the portal user's
// own action_trigger invites it after its creation (a user created without
// a password), once.
func TestAccPortalUserActions_triggeredFromThePortalUser(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "self@acme.example")
	cfg := testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_portal_user" "test" {
  contact_id = %d
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.contacts_portal_user_send_invite.test]
    }
  }
}

action "contacts_portal_user_send_invite" "test" {
  config {
    portal_user_id = contacts_portal_user.test.id
  }
}
`, contact.ID)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					portalUserCheckInvitations(srv, 1),
					portalUserCheckServer(srv, func(u apiserver.PortalUser) error {
						if u.Invitation.Status != "pending" || u.Invitation.SentAt == nil {
							return fmt.Errorf("server holds invitation %+v, want pending with sent_at", u.Invitation)
						}
						return nil
					}),
				),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(portalUserTestAddr, "invitation_status", "pending"),
					portalUserCheckInvitations(srv, 1),
				),
			},
		},
	})
}

// actionsInvokeConfig declares a managed portal user "jane", and both
// actions for it and for the portal user unmanagedID that Terraform does
// not manage. The passwords come from ephemeral variables: old_password is
// jane's first, new_password the actions'. Tests set them with TF_VAR_*,
// since Terraform's log repeats its command line.
func actionsInvokeConfig(contactID, unmanagedID int64) string {
	return fmt.Sprintf(`
variable "old_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "new_password" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}

resource "contacts_portal_user" "jane" {
  contact_id  = %d
  password_wo = var.old_password
}

action "contacts_portal_user_send_invite" "jane" {
  config {
    portal_user_id = contacts_portal_user.jane.id
  }
}

action "contacts_portal_user_set_password" "jane" {
  config {
    portal_user_id = contacts_portal_user.jane.id
    password_wo    = var.new_password
  }
}

action "contacts_portal_user_send_invite" "other" {
  config {
    portal_user_id = "%d"
  }
}

action "contacts_portal_user_set_password" "other" {
  config {
    portal_user_id = "%d"
    password_wo    = var.new_password
  }
}
`, contactID, unmanagedID, unmanagedID)
}

// actionsSeedUser creates a portal user out of band for a new contact.
func actionsSeedUser(t *testing.T, c *client.Client, clientID int64, email string, req client.PortalUserCreateRequest) *client.PortalUser {
	t.Helper()
	ct := portalUserSeedContact(t, c, clientID, email)
	req.ContactID = ct.ID
	u, err := c.CreatePortalUser(context.Background(), req)
	if err != nil {
		t.Fatalf("seeding the portal user of %s: %v", email, err)
	}
	return u
}

// TestAccPortalUserActions_invoke: terraform apply -invoke runs each action
// once against a managed portal user and one Terraform does not manage;
// the server holds the invitation and the new password, the progress lines
// name the login and the address, and the next plan is empty and says
// nothing about changes outside Terraform.
func TestAccPortalUserActions_invoke(t *testing.T) {
	actionsSkipUnsupported(t)
	t.Parallel()
	srv, c, contact := portalUserSetup(t, "jane@acme.example")
	other := actionsSeedUser(t, c, contact.Client.ID, "other@acme.example", client.PortalUserCreateRequest{Password: "0ld-Passw0rd-other"})
	const oldPW, newPW = "0ld-Passw0rd-jane", "N3w-Passw0rd-invoke"
	w := newCLIWorkspace(t, srv, actionsInvokeConfig(contact.ID, other.ID))
	w.env = append(w.env, "TF_VAR_old_password="+oldPW)
	w.mustRun("apply", "-auto-approve")
	jane := portalUserOnlyManaged(t, w)

	out := w.mustRun("apply", "-auto-approve", "-invoke=action.contacts_portal_user_send_invite.jane")
	for _, want := range []string{`Sent the portal invitation of login "jane@acme.example" to jane@acme.example`, "Actions: 1 invoked."} {
		if !strings.Contains(out, want) {
			t.Fatalf("the invoke's output lacks %q:\n%s", want, out)
		}
	}
	if n := actionsInvitations(srv, jane); n != 1 {
		t.Fatalf("the outbox holds %d invitations for the managed user, want 1", n)
	}
	if u := actionsServerUser(t, srv, jane); u.Invitation.SentAt == nil || u.Invitation.Status != "pending" {
		t.Fatalf("after the invoke the server holds invitation %+v, want pending with sent_at", u.Invitation)
	}

	w.mustRun("apply", "-auto-approve", "-invoke=action.contacts_portal_user_send_invite.other")
	if n := actionsInvitations(srv, other.ID); n != 1 {
		t.Fatalf("the outbox holds %d invitations for the unmanaged user, want 1", n)
	}

	for name, user := range map[string]struct{ login, old string }{"jane": {"jane@acme.example", oldPW}, "other": {"other@acme.example", "0ld-Passw0rd-other"}} {
		out = w.mustRun("apply", "-auto-approve", "-var=new_password="+newPW, "-invoke=action.contacts_portal_user_set_password."+name)
		if want := fmt.Sprintf("Set the password of login %q", user.login); !strings.Contains(out, want) {
			t.Fatalf("the invoke's output lacks %q:\n%s", want, out)
		}
		if strings.Contains(out, newPW) {
			t.Fatalf("the password appears in the invoke's output:\n%s", out)
		}
		if err := actionsLogin(srv, user.login, newPW); err != nil {
			t.Fatalf("after the reset of %s: %v", name, err)
		}
		if err := actionsLogin(srv, user.login, user.old); err == nil {
			t.Fatalf("after the reset of %s the old password still logs in", name)
		}
	}

	code, out := w.run("plan", "-detailed-exitcode")
	if code != 0 {
		t.Fatalf("plan after the actions exited %d, want 0 (no changes):\n%s", code, out)
	}
	if strings.Contains(out, "changed outside of Terraform") {
		t.Fatalf("plan after the actions reports changes outside Terraform:\n%s", out)
	}
	if ids := w.stateIDs()["contacts_portal_user"]; len(ids) != 1 {
		t.Fatalf("the state holds portal users %v, want only the managed one", ids)
	}
	// The invokes' refreshes recorded the invitation, with no apply of
	// the portal user.
	if got := actionsStateAttr(t, w, "invitation_sent_at"); got == "" {
		t.Fatal("the state has no invitation_sent_at after the invitation was sent")
	}
}

// portalUserOnlyManaged returns the id of the one portal user in state.
func portalUserOnlyManaged(t *testing.T, w *cliWorkspace) int64 {
	t.Helper()
	ids := w.stateIDs()["contacts_portal_user"]
	if len(ids) != 1 {
		t.Fatalf("the state holds portal users %v, want one", ids)
	}
	id, ok := parseID(ids[0])
	if !ok {
		t.Fatalf("the state's portal user id %q is not an id", ids[0])
	}
	return id
}

// actionsStateAttr reads one string attribute of the portal user in the
// state file.
func actionsStateAttr(t *testing.T, w *cliWorkspace, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Type == "contacts_portal_user" && len(r.Instances) == 1 {
			v, _ := r.Instances[0].Attributes[name].(string)
			return v
		}
	}
	t.Fatalf("the state file has no portal user:\n%s", raw)
	return ""
}

// TestAccPortalUserActions_errors: every refusal is said plainly, on the
// attribute at fault where there is one, and a weak password fails at plan
// without any request.
func TestAccPortalUserActions_errors(t *testing.T) {
	actionsSkipUnsupported(t)
	t.Parallel()
	srv, c, contact := portalUserSetup(t, "errors@acme.example")
	ctx := context.Background()
	gone := actionsSeedUser(t, c, contact.Client.ID, "gone@acme.example", client.PortalUserCreateRequest{Password: "0ld-Passw0rd-gone"})
	if _, err := c.RevokeAccess(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	azure := actionsSeedUser(t, c, contact.Client.ID, "sso@acme.example", client.PortalUserCreateRequest{AuthMethod: client.AuthAzure})
	local := actionsSeedUser(t, c, contact.Client.ID, "local@acme.example", client.PortalUserCreateRequest{Password: "0ld-Passw0rd-local"})
	const unknownID = 987654
	const goodPW = "G00d-Passw0rd-errors"
	w := newCLIWorkspace(t, srv, `
variable "new_password" {
  type      = string
  ephemeral = true
  default   = null
}

variable "id" {
  type = string
}

action "contacts_portal_user_send_invite" "test" {
  config {
    portal_user_id = var.id
  }
}

action "contacts_portal_user_set_password" "test" {
  config {
    portal_user_id = var.id
    password_wo    = var.new_password
  }
}
`)
	readOnly := append([]string(nil), w.env...)
	readOnly = append(readOnly, "CONTACTS_API_KEY="+srv.ReadKey)

	cases := map[string]struct {
		id, action, password string
		env                  []string
		want                 []string
		routeCalls           map[string]int
	}{
		"terminated user invited": {
			id: formatID(gone.ID), action: "send_invite",
			want: []string{"Error Sending Portal User Invitation", fmt.Sprintf(`portal user %d (login "gone@acme.example")`, gone.ID), "access is revoked (409", `status = "active"`},
		},
		"azure user given a password": {
			id: formatID(azure.ID), action: "set_password", password: goodPW,
			want: []string{"Error Setting Portal User Password", fmt.Sprintf(`portal user %d (login "sso@acme.example")`, azure.ID), "Azure single sign-on", "(409"},
		},
		"unknown id": {
			id: formatID(unknownID), action: "send_invite",
			want: []string{"Error Sending Portal User Invitation", fmt.Sprintf("no portal user with id %d (404", unknownID), "Check portal_user_id"},
		},
		"weak password": {
			id: formatID(local.ID), action: "set_password", password: "weakpass",
			want:       []string{"Invalid Portal Password", "password_wo", "has no number"},
			routeCalls: map[string]int{portalUserRouteSetPassword: 0, "GET /api/portal-users/{id}": 0},
		},
		"read-only key": {
			id: formatID(local.ID), action: "set_password", password: goodPW, env: readOnly,
			want: []string{"API Key Cannot Apply This Plan", "Error Setting Portal User Password", "(403): it is a read-only key", "write scope"},
		},
		"read-only key inviting": {
			id: formatID(local.ID), action: "send_invite", env: readOnly,
			want: []string{"API Key Cannot Apply This Plan", "Error Sending Portal User Invitation", "(403): it is a read-only key"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			// One workspace: the cases run one after another.
			env := w.env
			if tc.env != nil {
				w.env = tc.env
			}
			defer func() { w.env = env }()
			srv.ResetRequestLog()
			args := []string{"apply", "-auto-approve", "-var=id=" + tc.id, "-invoke=action.contacts_portal_user_" + tc.action + ".test"}
			if tc.password != "" {
				args = append(args, "-var=new_password="+tc.password)
			}
			code, out := w.run(args...)
			if code == 0 {
				t.Fatalf("the invoke succeeded:\n%s", out)
			}
			if re := testErrorRegexp(tc.want...); !re.MatchString(out) {
				t.Fatalf("the output does not match %s:\n%s", re, out)
			}
			for _, secret := range []string{goodPW, srv.WriteKey, srv.ReadKey} {
				if strings.Contains(out, secret) {
					t.Fatalf("a secret appears in the output:\n%s", out)
				}
			}
			counts := srv.RequestCounts()
			for route, want := range tc.routeCalls {
				if counts[route] != want {
					t.Fatalf("%s was called %d times, want %d", route, counts[route], want)
				}
			}
		})
	}
	if n := actionsInvitations(srv, gone.ID) + actionsInvitations(srv, local.ID); n != 0 {
		t.Fatalf("the refused actions queued %d invitations", n)
	}
	if err := actionsLogin(srv, "local@acme.example", "0ld-Passw0rd-local"); err != nil {
		t.Fatalf("after the refused resets the old password no longer logs in: %v", err)
	}
}

// TestAccPortalUserActions_lostAnswerSendsOneEmail: when the server sends
// the invitation and its answer is lost (the connection dropped, or a 500
// after the commit), the invoke still succeeds and exactly one email is
// queued per invoke: the retry carries the same Idempotency-Key, and what
// is left unsettled is settled by reading the user back.
func TestAccPortalUserActions_lostAnswerSendsOneEmail(t *testing.T) {
	actionsSkipUnsupported(t)
	t.Parallel()
	srv, c, contact := portalUserSetup(t, "lost@acme.example")
	user := actionsSeedUser(t, c, contact.Client.ID, "invitee@acme.example", client.PortalUserCreateRequest{})
	w := newCLIWorkspace(t, srv, fmt.Sprintf(`
action "contacts_portal_user_send_invite" "test" {
  config {
    portal_user_id = "%d"
  }
}
`, user.ID))
	faults := map[string]apiserver.Faults{
		"dropped": {DropAfterCommitRate: 1, Routes: []string{portalUserRouteInvite}},
		"500":     {ServerErrorAfterCommitRate: 1, Routes: []string{portalUserRouteInvite}},
	}
	sent := 0
	for _, name := range []string{"dropped", "500"} {
		srv.SetFaults(faults[name])
		out := w.mustRun("apply", "-auto-approve", "-invoke=action.contacts_portal_user_send_invite.test")
		srv.ClearFaults()
		sent++
		if n := actionsInvitations(srv, user.ID); n != sent {
			t.Fatalf("after %d invokes (the last with its answer %s) the outbox holds %d invitations:\n%s", sent, name, n, out)
		}
	}
	counts := srv.FaultCounts()
	if counts[apiserver.FaultDropped] != 1 || counts[apiserver.FaultServerErrorAfterCommit] != 1 {
		t.Fatalf("the server injected %v, want one drop and one 500 after commit", counts)
	}
}
