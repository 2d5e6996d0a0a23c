package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

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
// finish within timeouts.create fails at that limit with a diagnostic that
// names the setting, reports that nothing was created, and the next apply
// (with a healthy server) creates the contact; import ignores the
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
				ExpectError: testErrorRegexp("Error Creating Contact", "ran out of time", "Nothing was created",
					"Operation Timed Out", "The create did not finish within 1s", `timeouts = { create = "2s" }`),
			},
			{
				PreConfig: func() {
					// Had the create outlived its limit, the server would
					// have finished it after the latency.
					if _, found := srv.ContactByEmail("jane@acme.example"); found {
						t.Error("the timed-out create left a contact on the server")
					}
					srv.ClearFaults()
				},
				Config: cfg("1m"),
				Check: resource.ComposeAggregateTestCheckFunc(
					reconcileCheckContact(srv, "contacts_contact.test", "jane@acme.example"),
					resource.TestCheckResourceAttr("contacts_contact.test", "timeouts.create", "1m"),
				),
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
