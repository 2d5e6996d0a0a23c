// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// Resource identity needs Terraform 1.12 or OpenTofu 1.12; older engines
// neither store nor send it, so these tests skip there (the rest of the
// suite shows the resources work without it).
var identityVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// identityTrack follows one resource's identity through a test: the first
// check takes it from what the server holds, every later one asserts that
// it has not changed. The state's id must always name the same object.
type identityTrack struct {
	addr string
	id   int64
}

// fromServer checks that the identity is the id the server assigned to
// the object (lookup finds it there) and records it.
func (tr *identityTrack) fromServer(lookup func() (int64, error)) []statecheck.StateCheck {
	return tr.checks(func(got int64) error {
		want, err := lookup()
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("identity id %d, but the server holds the object as %d", got, want)
		}
		tr.id = got
		return nil
	})
}

// unchanged checks that the identity is still the recorded id.
func (tr *identityTrack) unchanged() []statecheck.StateCheck {
	return tr.checks(tr.same)
}

func (tr *identityTrack) same(got int64) error {
	if tr.id == 0 {
		return fmt.Errorf("%s: no identity recorded yet", tr.addr)
	}
	if got != tr.id {
		return fmt.Errorf("identity id changed from %d to %d", tr.id, got)
	}
	return nil
}

func (tr *identityTrack) checks(check func(int64) error) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(tr.addr, map[string]knownvalue.Check{"id": knownvalue.Int64Func(check)}),
		statecheck.ExpectKnownValue(tr.addr, tfjsonpath.New("id"), tr.stateID()),
	}
}

// stateID checks the string id attribute against the identity.
func (tr *identityTrack) stateID() knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		if want := formatID(tr.id); got != want {
			return fmt.Errorf("state id %q, identity id %d", got, tr.id)
		}
		return nil
	})
}

// priorUnchanged checks the identity in a plan's prior state, which is the
// state as the refresh before the plan left it.
func (tr *identityTrack) priorUnchanged() plancheck.PlanCheck {
	return identityPlanCheck{tr: tr, prior: true}
}

// plannedUnchanged checks the identity that a plan gives the resource,
// such as the one an import records.
func (tr *identityTrack) plannedUnchanged() plancheck.PlanCheck {
	return identityPlanCheck{tr: tr}
}

type identityPlanCheck struct {
	tr *identityTrack
	// prior: the plan's prior state, else its planned values.
	prior bool
}

func (c identityPlanCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	values, which := req.Plan.PlannedValues, "planned values"
	if c.prior {
		values, which = nil, "prior state"
		if req.Plan.PriorState != nil {
			values = req.Plan.PriorState.Values
		}
	}
	if values == nil || values.RootModule == nil {
		resp.Error = fmt.Errorf("the plan has no %s", which)
		return
	}
	for _, r := range values.RootModule.Resources {
		if r.Address != c.tr.addr {
			continue
		}
		// plugin-testing decodes some plans with json.Number, others not.
		var id int64
		var err error
		switch n := r.IdentityValues["id"].(type) {
		case json.Number:
			id, err = n.Int64()
		case float64:
			id, err = int64(n), nil
			if n != math.Trunc(n) {
				err = fmt.Errorf("%v is not a whole number", n)
			}
		default:
			err = fmt.Errorf("no identity id: %v", r.IdentityValues)
		}
		if err == nil {
			err = c.tr.same(id)
		}
		if err != nil {
			err = fmt.Errorf("%s: the plan's %s: %w", c.tr.addr, which, err)
		}
		resp.Error = err
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan's %s", c.tr.addr, which)
}

// identityLifecycle is one resource's identity test: created, imported by
// identity and by id, updated in place, refreshed, changed out of band and
// restored, with the identity the same id throughout.
type identityLifecycle struct {
	addr string
	// created and updated are configurations; updated changes the
	// resource in place.
	created, updated string
	// lookup finds the object's id on the server by what created names.
	lookup func() (int64, error)
	// drift changes the object (id) out of band; updated reverts it in place.
	drift func(id int64) error
}

func (c identityLifecycle) test(t *testing.T) {
	tr := &identityTrack{addr: c.addr}
	update := plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionUpdate)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            c.created,
				ConfigStateChecks: tr.fromServer(c.lookup),
			},
			{
				// An import block with the identity from the state: the
				// import must plan no change and the same identity
				// (plugin-testing compares it).
				ResourceName:    c.addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue(c.addr, tfjsonpath.New("id"), tr.stateID()),
					},
				},
			},
			{
				// An import by the string id records the identity too.
				ResourceName:    c.addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionNoop),
						tr.plannedUnchanged(),
					},
				},
			},
			{
				Config:            c.updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{update}},
				ConfigStateChecks: tr.unchanged(),
			},
			{
				RefreshState: true,
			},
			{
				Config:            c.updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), tr.priorUnchanged()}},
				ConfigStateChecks: tr.unchanged(),
			},
			{
				PreConfig: func() {
					if err := c.drift(tr.id); err != nil {
						t.Fatalf("changing %s out of band: %v", c.addr, err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{update, tr.priorUnchanged()},
				},
			},
			{
				Config:            c.updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{update, tr.priorUnchanged()}},
				ConfigStateChecks: tr.unchanged(),
			},
		},
	})
}

func TestAccClientResource_identity(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	identityLifecycle{
		addr:    "contacts_client.test",
		created: testAccClientConfig(srv, "Ident Co"),
		updated: testAccClientConfig(srv, "Ident Corporation"),
		lookup:  func() (int64, error) { return clientOnServer(srv, "Ident Co") },
		drift: func(id int64) error {
			_, err := api.UpdateClient(context.Background(), id, client.ClientUpdateRequest{CompanyName: client.Set("Renamed Elsewhere")})
			return err
		},
	}.test(t)
}

func TestAccContactResource_identity(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct := mustCreateClient(t, api, "Ident Co")
	const email, renamed = "ida@ident.example", "ida.new@ident.example"
	identityLifecycle{
		addr:    contactTestAddr,
		created: contactTestConfig(srv, acct.ID, "Ida", "Ident", email, ""),
		// A new email is an in-place change: the identity is not the email.
		updated: contactTestConfig(srv, acct.ID, "Ida", "Ident", renamed, ""),
		lookup:  func() (int64, error) { return contactOnServer(srv, email) },
		drift: func(id int64) error {
			_, err := api.UpdateContact(context.Background(), id, client.ContactUpdateRequest{FirstName: "Changed", LastName: "Elsewhere", Email: renamed})
			return err
		},
	}.test(t)
}

func TestAccPortalUserResource_identity(t *testing.T) {
	srv, api, contact := portalUserSetup(t, "pia@ident.example")
	identityLifecycle{
		addr:    portalUserTestAddr,
		created: portalUserConfig(srv, contact.ID, `  username = "pia.ident"`),
		// A new username is an in-place change: the identity is not the username.
		updated: portalUserConfig(srv, contact.ID, `  username = "pia.renamed"`),
		lookup: func() (int64, error) {
			if id := portalUserIDOfContact(srv, contact.ID); id != 0 {
				return id, nil
			}
			return 0, fmt.Errorf("the server holds no portal user of contact %d", contact.ID)
		},
		drift: func(id int64) error {
			_, err := api.RevokeAccess(context.Background(), id)
			return err
		},
	}.test(t)
}

func TestAccAccountOwnerResource_identity(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acct, cts := accountOwnerSeed(t, api, "Owned Ident", 3)
	identityLifecycle{
		addr:    accountOwnerAddr,
		created: testAccAccountOwnerConfig(srv, acct.ID, cts[0].ID),
		// Another owner is an in-place change: the identity is the client's id.
		updated: testAccAccountOwnerConfig(srv, acct.ID, cts[1].ID),
		lookup: func() (int64, error) {
			if err := accountOwnerCheckServer(srv, cts[0].ID, cts...); err != nil {
				return 0, err
			}
			return acct.ID, nil
		},
		drift: func(int64) error {
			_, err := api.SetAccountOwner(context.Background(), cts[2].ID)
			return err
		},
	}.test(t)
}

// contactOnServer returns the id of the live contact with the email.
func contactOnServer(srv *apiservertest.Server, email string) (int64, error) {
	for _, ct := range srv.Contacts() {
		if ct.Email == email && ct.Status == "active" {
			return ct.ID, nil
		}
	}
	return 0, fmt.Errorf("the server holds no active contact with the email %q", email)
}
