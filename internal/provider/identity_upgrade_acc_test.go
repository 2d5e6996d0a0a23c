// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/protoserver"
)

// The provider's releases before identity wrote states without one. These
// tests write such a state on an engine with identity support by serving
// the same resources with the identity schema hidden, then switch to the
// provider as it is.

// testAccProtoV6ProviderFactoriesWithoutIdentity serves the provider as a
// release without identity did.
var testAccProtoV6ProviderFactoriesWithoutIdentity = map[string]func() (tfprotov6.ProviderServer, error){
	"contacts": func() (tfprotov6.ProviderServer, error) {
		return protoserver.NewProtocol6(func() provider.Provider { return providerWithoutIdentity{New("test")()} })(), nil
	},
}

type providerWithoutIdentity struct{ provider.Provider }

func (p providerWithoutIdentity) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newResource := range p.Provider.Resources(ctx) {
		out = append(out, func() resource.Resource { return resourceWithoutIdentity{newResource()} })
	}
	return out
}

func (p providerWithoutIdentity) DataSources(ctx context.Context) []func() datasource.DataSource {
	return p.Provider.DataSources(ctx)
}

// resourceWithoutIdentity offers what the provider's resources implement,
// except IdentitySchema; the framework then hands them no identity, which
// setIdentity leaves alone.
type resourceWithoutIdentity struct{ resource.Resource }

func (r resourceWithoutIdentity) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c, ok := r.Resource.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if m, ok := r.Resource.(resource.ResourceWithModifyPlan); ok {
		m.ModifyPlan(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := r.Resource.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.Resource.(resource.ResourceWithImportState).ImportState(ctx, req, resp)
}

// identityUpgradeConfig declares one of each resource: a client with a
// contact, its portal user and its account owner.
func identityUpgradeConfig(srv *apiservertest.Server) string {
	return testAccProviderBlock(srv) + `
resource "contacts_client" "test" {
  company_name = "Upgraded Co"
}

resource "contacts_contact" "test" {
  client_id  = contacts_client.test.id
  first_name = "Una"
  last_name  = "Upgrade"
  email      = "una@upgraded.example"
}

resource "contacts_portal_user" "test" {
  contact_id = contacts_contact.test.id
}

resource "contacts_account_owner" "test" {
  client_id  = contacts_client.test.id
  contact_id = contacts_contact.test.id
}
`
}

var identityUpgradeAddrs = []string{"contacts_client.test", "contacts_contact.test", "contacts_portal_user.test", "contacts_account_owner.test"}

// identityUpgradeFirstStep writes the state without identities and checks
// that it has none, as the precondition of what follows.
func identityUpgradeFirstStep(srv *apiservertest.Server) tfresource.TestStep {
	var checks []statecheck.StateCheck
	for _, addr := range identityUpgradeAddrs {
		checks = append(checks, expectNoIdentity(addr))
	}
	return tfresource.TestStep{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactoriesWithoutIdentity,
		Config:                   identityUpgradeConfig(srv),
		ConfigStateChecks:        checks,
	}
}

// TestAccIdentity_stateWithoutIdentity: the first refresh after an upgrade
// records each resource's identity, and the plan stays empty.
func TestAccIdentity_stateWithoutIdentity(t *testing.T) {
	srv := testAccServer(t)
	contactID := func() (int64, error) { return contactOnServer(srv, "una@upgraded.example") }
	clientID := func() (int64, error) { return clientOnServer(srv, "Upgraded Co") }
	lookups := map[string]func() (int64, error){
		"contacts_client.test":        clientID,
		"contacts_contact.test":       contactID,
		"contacts_account_owner.test": clientID,
		"contacts_portal_user.test": func() (int64, error) {
			id, err := contactID()
			if err != nil {
				return 0, err
			}
			if user := portalUserIDOfContact(srv, id); user != 0 {
				return user, nil
			}
			return 0, fmt.Errorf("the server holds no portal user of contact %d", id)
		},
	}
	var checks []statecheck.StateCheck
	for _, addr := range identityUpgradeAddrs {
		checks = append(checks, (&identityTrack{addr: addr}).fromServer(lookups[addr])...)
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks: identityVersionChecks,
		Steps: []tfresource.TestStep{
			identityUpgradeFirstStep(srv),
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   identityUpgradeConfig(srv),
				ConfigPlanChecks:         tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks:        checks,
			},
		},
	})
}

// TestAccIdentity_stateWithoutIdentityDeletedOutOfBand: a resource whose
// state has no identity and whose object is gone is dropped and planned
// anew, as before identity; the framework refuses a Read that drops a
// resource without giving it an identity.
func TestAccIdentity_stateWithoutIdentityDeletedOutOfBand(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	var creates []plancheck.PlanCheck
	for _, addr := range identityUpgradeAddrs {
		creates = append(creates, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate))
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks: identityVersionChecks,
		Steps: []tfresource.TestStep{
			identityUpgradeFirstStep(srv),
			{
				// Deleting the contact deletes its portal user and leaves
				// the client without an owner; then the client can go.
				PreConfig: func() {
					ctx := context.Background()
					clientID, err := clientOnServer(srv, "Upgraded Co")
					if err == nil {
						err = deleteClientAndContacts(ctx, api, clientID)
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   identityUpgradeConfig(srv),
				ConfigPlanChecks:         tfresource.ConfigPlanChecks{PreApply: creates},
			},
		},
	})
}

// deleteClientAndContacts deletes a client's contacts, then the client.
func deleteClientAndContacts(ctx context.Context, api *client.Client, clientID int64) error {
	contacts, err := api.ListContacts(ctx, client.ContactListFilter{ClientID: clientID})
	if err != nil {
		return err
	}
	for _, ct := range contacts {
		if err := api.DeleteContact(ctx, ct.ID); err != nil {
			return err
		}
	}
	return api.DeleteClient(ctx, clientID)
}

// expectNoIdentity checks that the state holds no identity for addr.
func expectNoIdentity(addr string) statecheck.StateCheck {
	return noIdentityCheck{addr}
}

type noIdentityCheck struct{ addr string }

func (c noIdentityCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("the state holds no resources")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.addr {
			if len(r.IdentityValues) != 0 {
				resp.Error = fmt.Errorf("%s has the identity %v, want none", c.addr, r.IdentityValues)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the state", c.addr)
}
