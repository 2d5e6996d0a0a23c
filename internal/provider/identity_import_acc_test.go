// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// identityImport imports an object that exists on the server with an
// import block written in the configuration, as a user writes it. Unlike
// plugin-testing's ImportBlockWithResourceIdentity steps, it needs no
// identity in a prior state, so it runs the same on every engine that has
// identity (see DESIGN.md).
type identityImport struct {
	addr string
	// config declares the resource at addr as the object on the server is.
	config string
	// id is the object's id: its identity.
	id int64
	// noun names the object in diagnostics, in title case.
	noun string
	// notFound is what the error says, in order, when no object has the
	// id; c.id+1000 stands for it.
	notFound []string
}

// importBlock is an import by identity of addr; id is an HCL expression.
func (c identityImport) importBlock(id string) string {
	return c.config + fmt.Sprintf(`
import {
  to       = %s
  identity = { id = %s }
}
`, c.addr, id)
}

func (c identityImport) test(t *testing.T) {
	missing := c.id + 1000
	if c.notFound == nil {
		c.notFound = []string{fmt.Sprintf("%s Not Found for Identity ID %d", c.noun, missing), "nothing was imported"}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      c.importBlock("0"),
				ExpectError: testErrorRegexp("Invalid "+c.noun+" Identity", "id 0", "whole numbers from 1", "Nothing was imported"),
			},
			{
				Config:      c.importBlock("-7"),
				ExpectError: testErrorRegexp("Invalid "+c.noun+" Identity", "id -7", "whole numbers from 1", "Nothing was imported"),
			},
			{
				// A number that is not whole: the identity's id is an
				// Int64, which the framework cannot convert it to.
				Config:      c.importBlock("1.5"),
				ExpectError: testErrorRegexp("Invalid "+c.noun+" Identity", "id 1.5", "whole numbers from 1", "Nothing was imported"),
			},
			{
				// A whole number too large for an Int64.
				Config:      c.importBlock("1e19"),
				ExpectError: testErrorRegexp("Invalid "+c.noun+" Identity", "id 1e+19", "at most 18 digits", "Nothing was imported"),
			},
			{
				Config:      c.importBlock(fmt.Sprint(missing)),
				ExpectError: testErrorRegexp(c.notFound...),
			},
			{
				// The id as a string, as in `identity = { id = "2" }`:
				// Terraform converts it to the identity's number.
				Config: c.importBlock(fmt.Sprintf("%q", formatID(c.id))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(c.addr, map[string]knownvalue.Check{"id": knownvalue.Int64Exact(c.id)}),
					statecheck.ExpectKnownValue(c.addr, tfjsonpath.New("id"), knownvalue.StringExact(formatID(c.id))),
				},
			},
		},
	})
}

func TestAccClientResource_importByIdentity(t *testing.T) {
	srv := testAccServer(t)
	acct := mustCreateClient(t, testAPIClient(t, srv), "Imported Co")
	identityImport{
		addr:   "contacts_client.test",
		config: testAccClientConfig(srv, "Imported Co"),
		id:     acct.ID,
		noun:   "Client",
	}.test(t)
}

func TestAccContactResource_importByIdentity(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct := mustCreateClient(t, api, "Imported Co")
	ct := portalUserSeedContact(t, api, acct.ID, "pat@imported.example")
	identityImport{
		addr:   contactTestAddr,
		config: contactTestConfig(srv, acct.ID, ct.FirstName, ct.LastName, ct.Email, ""),
		id:     ct.ID,
		noun:   "Contact",
	}.test(t)
}

func TestAccPortalUserResource_importByIdentity(t *testing.T) {
	srv, api, ct := portalUserSetup(t, "pat@imported.example")
	user, err := api.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: ct.ID, Username: "pat.imported"})
	if err != nil {
		t.Fatal(err)
	}
	identityImport{
		addr:   portalUserTestAddr,
		config: portalUserConfig(srv, ct.ID, `  username = "pat.imported"`),
		id:     user.ID,
		noun:   "Portal User",
	}.test(t)
}

func TestAccAccountOwnerResource_importByIdentity(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct, cts := accountOwnerSeed(t, api, "Imported Co", 1)
	if _, err := api.SetAccountOwner(context.Background(), cts[0].ID); err != nil {
		t.Fatal(err)
	}
	identityImport{
		addr:   accountOwnerAddr,
		config: testAccAccountOwnerConfig(srv, acct.ID, cts[0].ID),
		id:     acct.ID,
		noun:   "Account Owner",
		// As for an import by id: the client may not exist or have no owner.
		notFound: []string{fmt.Sprintf("No Account Owner to Import for Client %d", acct.ID+1000), fmt.Sprintf("The import block's identity names client %d, which does not exist or has no account owner", acct.ID+1000), "Nothing was imported"},
	}.test(t)
}
