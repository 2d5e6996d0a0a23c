// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestAccAccountOwnerResource_ownerContactMoves: moving the owner's contact
// to another client (a replacement) fails at plan, before anything is
// deleted, with what to do; when the plan cannot tell (another new contact
// of the client could be the new owner), the apply's error says what
// happened and the one-line fix.
func TestAccAccountOwnerResource_ownerContactMoves(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	other := mustCreateClient(t, api, "Other Inc")
	config := func(bossClient int64, extra string) string {
		return testAccProviderBlock(srv) + fmt.Sprintf(`
resource "contacts_contact" "boss" {
  client_id  = %d
  first_name = "Bea"
  last_name  = "Boss"
  email      = "bea@acme.example"
}

resource "contacts_account_owner" "acme" {
  client_id  = %d
  contact_id = contacts_contact.boss.id
}
%s`, bossClient, acme.ID, extra)
	}
	var bossID int64
	recordBoss := func(s *terraform.State) error {
		id, err := strconv.ParseInt(s.RootModule().Resources["contacts_contact.boss"].Primary.ID, 10, 64)
		bossID = id
		return err
	}
	bossStillOwns := func(*terraform.State) error {
		ct, ok := srv.Contact(bossID)
		if !ok || ct.Status != "active" || ct.Client.ID != acme.ID || ct.AccountOwner != "yes" {
			return fmt.Errorf("contact %d is no longer client %d's active account owner: %+v", bossID, acme.ID, ct)
		}
		return nil
	}
	helper := fmt.Sprintf(`
resource "contacts_contact" "helper" {
  client_id  = %d
  first_name = "Hal"
  last_name  = "Helper"
  email      = "hal@acme.example"
}
`, acme.ID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{Config: config(acme.ID, ""), Check: recordBoss},
			{
				Config: config(other.ID, ""),
				ExpectError: testErrorRegexp("Account Owner's Contact Moves to Another Client", "contact_id =",
					fmt.Sprintf("the account owner of client %d, is replaced because its client_id changes to %d", acme.ID, other.ID),
					fmt.Sprintf("leaves client %d without an account owner", acme.ID),
					fmt.Sprintf("make another of client %d's contacts its owner first", acme.ID),
					"client_id = contacts_contact.<name>.client_id"),
			},
			// Nothing was deleted: the plan stopped it.
			{Config: config(acme.ID, ""), Check: bossStillOwns},
			{
				// helper could be the new owner as far as the plan can tell:
				// the plan warns, and the apply's error explains.
				Config: config(other.ID, helper),
				ExpectError: testErrorRegexp("Contact Belongs to Another Client",
					fmt.Sprintf("not to client %d: this run created it there", acme.ID),
					"the API cannot move a contact to another client",
					fmt.Sprintf("Client %d's account owner was contact", acme.ID), "no account owner now",
					fmt.Sprintf("set client_id = %d here", other.ID)),
			},
		},
	})
}
