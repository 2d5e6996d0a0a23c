// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
)

// testNullTimeouts is the timeouts value of a resource whose configuration
// sets none, for tests that build a model by hand.
func testNullTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
	})}
}

// TestAccTimeouts_createBoundsTheWholeOperation: a create that cannot
// finish within timeouts.create gives up on its request at that limit.
// Whether the server acted on it is then settled by repeating the request
// with its Idempotency-Key, which here makes the contact: it is recorded
// once, with a warning, and never created twice; import ignores the
// configuration-only timeouts.
func TestAccTimeouts_createBoundsTheWholeOperation(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	cfg := func(create string) string {
		return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_contact" "test" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"

  timeouts = {
    create = %q
    read   = "2m"
  }
}
`, acme.ID, create)
	}
	// Slower than the limit: every attempt is still waiting when time is up.
	srv.SetFaults(apiserver.Faults{Seed: 1, Latency: 5 * time.Second, Routes: []string{"POST /api/contacts"}})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             reconcileCheckNoContact(srv, "jane@acme.example"),
		Steps: []resource.TestStep{
			{
				Config:      cfg("soon"),
				ExpectError: testErrorRegexp("Invalid Attribute Value Time Duration", `"soon" must be a string containing a sequence of decimal numbers`),
			},
			{
				Config: cfg("1s"),
				Check: resource.ComposeAggregateTestCheckFunc(
					reconcileCheckContact(srv, "contacts_contact.test", "jane@acme.example"),
					func(*terraform.State) error {
						// The first request was abandoned while the server
						// delayed it, and the repeat created the contact.
						if n := srv.RequestCounts()["POST /api/contacts"]; n != 2 {
							return fmt.Errorf("the server answered POST /api/contacts %d times, want the abandoned request and its repeat", n)
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() { srv.ClearFaults() },
				Config:    cfg("1m"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("contacts_contact.test", tfjsonpath.New("timeouts").AtMapKey("create"), knownvalue.StringExact("1m")),
				},
			},
			{
				ResourceName:            "contacts_contact.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"send_welcome_email", "timeouts"},
			},
		},
	})
}
