// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// planKeepsState is a plan check: each named attribute of addr is planned
// known and equal to its prior state, so the plan shows no noise for it.
type planKeepsState struct {
	addr  string
	attrs []string
}

func (c planKeepsState) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		if before == nil || after == nil {
			resp.Error = fmt.Errorf("%s is not an update in the plan", c.addr)
			return
		}
		var noisy []string
		for _, a := range c.attrs {
			if u, _ := unknown[a].(bool); u || fmt.Sprint(after[a]) != fmt.Sprint(before[a]) {
				noisy = append(noisy, fmt.Sprintf("%s (before %v, after %v, unknown %v)", a, before[a], after[a], unknown[a]))
			}
		}
		if len(noisy) > 0 {
			resp.Error = fmt.Errorf("%s plans changes to attributes the change cannot alter: %v", c.addr, noisy)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

// portalUserComputed lists the portal user's computed attributes.
var portalUserComputed = []string{
	"id", "client_id", "username", "email", "name", "invitation_status", "invitation_sent_at",
	"password_updated_at", "last_login_at", "created", "updated",
}

// without returns list minus the names in drop.
func without(list []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return slices.Contains(drop, s) })
}

// TestAccPortalUserResource_planShowsOnlyChanges: a status change, a
// password_wo_version bump and an invitation plan unknown only what the
// action may change; every other computed value keeps its state value.
func TestAccPortalUserResource_planShowsOnlyChanges(t *testing.T) {
	srv, _, contact := portalUserSetup(t, "quiet@acme.example")
	cfg := func(status string, pwVersion, inviteVersion int) string {
		return portalUserConfig(srv, contact.ID, fmt.Sprintf(`
  password_wo         = "Qu1et-password"
  password_wo_version = %d
  invite_version      = %d
  status              = %q
`, pwVersion, inviteVersion, status)) + `
output "email" {
  value = contacts_portal_user.test.email
}
`
	}
	update := plancheck.ExpectResourceAction(portalUserTestAddr, plancheck.ResourceActionUpdate)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portalUserCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{Config: cfg("active", 1, 1)},
			{
				Config: cfg("terminated", 1, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					update,
					planKeepsState{portalUserTestAddr, without(portalUserComputed, "updated")},
					plancheck.ExpectUnknownValue(portalUserTestAddr, tfjsonpath.New("updated")),
					plancheck.ExpectKnownOutputValue("email", knownvalue.StringExact("quiet@acme.example")),
				}},
			},
			{
				Config: cfg("terminated", 2, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					update,
					planKeepsState{portalUserTestAddr, without(portalUserComputed, "updated", "password_updated_at")},
					plancheck.ExpectUnknownValue(portalUserTestAddr, tfjsonpath.New("password_updated_at")),
					plancheck.ExpectUnknownValue(portalUserTestAddr, tfjsonpath.New("updated")),
				}},
			},
			{
				Config: cfg("active", 2, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					update,
					planKeepsState{portalUserTestAddr, without(portalUserComputed, "updated", "invitation_status", "invitation_sent_at")},
					plancheck.ExpectUnknownValue(portalUserTestAddr, tfjsonpath.New("invitation_status")),
					plancheck.ExpectUnknownValue(portalUserTestAddr, tfjsonpath.New("invitation_sent_at")),
				}},
				Check: portalUserCheckInvitations(srv, 1),
			},
		},
	})
}

// TestAccContactResource_planShowsOnlyChanges: a job_position edit keeps
// every computed value but updated, including account_owner and
// portal_user_id, which only other resources change.
func TestAccContactResource_planShowsOnlyChanges(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	cfg := func(position string) string {
		return contactTestConfig(srv, acme.ID, "Jane", "Doe", "jane@acme.example", fmt.Sprintf("  job_position = %q", position)) + `
resource "contacts_portal_user" "jane" {
  contact_id = contacts_contact.test.id
}

resource "contacts_account_owner" "acme" {
  client_id  = contacts_contact.test.client_id
  contact_id = contacts_contact.test.id
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{Config: cfg("Controller")},
			{
				// The refresh picks up account_owner and portal_user_id,
				// which the first apply changed after creating the contact.
				Config: cfg("CFO"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(contactTestAddr, plancheck.ResourceActionUpdate),
					planKeepsState{contactTestAddr, []string{"id", "name", "status", "account_owner", "role", "portal_user_id", "created"}},
					plancheck.ExpectUnknownValue(contactTestAddr, tfjsonpath.New("updated")),
					plancheck.ExpectResourceAction("contacts_portal_user.jane", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}
