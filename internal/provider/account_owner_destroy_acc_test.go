// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"testing"
)

// TestAccAccountOwnerResource_fullDestroyNoWarning: destroying a whole
// configuration, the owner's contact included, warns about nothing.
func TestAccAccountOwnerResource_fullDestroyNoWarning(t *testing.T) {
	srv := testAccServer(t)
	w := newCLIWorkspace(t, srv, `
resource "contacts_client" "acme" {
  company_name = "Destroyed Owner Inc"
}

resource "contacts_contact" "owner" {
  client_id  = contacts_client.acme.id
  first_name = "Olive"
  last_name  = "Owner"
  email      = "olive@destroyed.example"
}

resource "contacts_account_owner" "acme" {
  client_id  = contacts_client.acme.id
  contact_id = contacts_contact.owner.id
}
`)
	w.mustRun("apply", "-auto-approve")
	out := w.mustRun("destroy", "-auto-approve")
	if !strings.Contains(out, "3 destroyed") {
		t.Fatalf("the destroy did not destroy all three resources:\n%s", out)
	}
	for _, s := range []string{"Account Owner Left in Place", "remains the account owner"} {
		if strings.Contains(out, s) {
			t.Errorf("the destroy warns %q although the contact was destroyed too:\n%s", s, out)
		}
	}
	if ids := w.stateIDs(); len(ids) != 0 {
		t.Errorf("state still holds %v", ids)
	}
}
