// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// The tests of a configuration that declares one object twice: two
// resources with one email, one username, or two logins for one contact
// (plannedClaims).

// dupContact renders a contacts_contact with the given email expression.
func dupContact(name string, clientID int64, emailExpr string) string {
	return fmt.Sprintf(`
resource "contacts_contact" %q {
  client_id  = %d
  first_name = "Dup"
  last_name  = %q
  email      = %s
}
`, name, clientID, name, emailExpr)
}

// TestAccDuplicates_failAtPlanOnce: a configuration that declares one object
// twice fails at plan, with exactly one error, on the attribute, that names
// the other claimant by its values and says to remove one resource.
func TestAccDuplicates_failAtPlanOnce(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	ann := portalUserSeedContact(t, api, acme.ID, "ann@acme.example")
	bob := portalUserSeedContact(t, api, acme.ID, "bob@acme.example")
	cases := map[string]struct {
		cfg     string
		summary string
		parts   []string
	}{
		"emails differing in case": {
			cfg:     dupContact("a", acme.ID, `"dup@contoso.example"`) + dupContact("b", acme.ID, `"DUP@contoso.example"`),
			summary: "Email Address Declared Twice",
			parts: []string{"email =", "Another contacts_contact in this configuration also has the email address", `a new contact "Dup`,
				"which this run creates", "the configuration declares it twice", "Remove one of the two resources"},
		},
		"for_each with one email twice": {
			cfg: fmt.Sprintf(`
resource "contacts_contact" "each" {
  for_each   = { x = "same@contoso.example", y = "Same@Contoso.example" }
  client_id  = %d
  first_name = "Each"
  last_name  = each.key
  email      = each.value
}
`, acme.ID),
			summary: "Email Address Declared Twice",
			parts:   []string{"email =", "also has the email address", "declares it twice"},
		},
		"usernames differing in case": {
			cfg: fmt.Sprintf(`
resource "contacts_portal_user" "ann" {
  contact_id = %d
  username   = "shared.login"
}

resource "contacts_portal_user" "bob" {
  contact_id = %d
  username   = "SHARED.Login"
}
`, ann.ID, bob.ID),
			summary: "Portal Username Declared Twice",
			parts:   []string{"username =", "Another contacts_portal_user in this configuration also has the username", "a new portal user with username", "declares it twice", "Remove one of the two resources"},
		},
		"two logins for one contact": {
			cfg: fmt.Sprintf(`
resource "contacts_portal_user" "one" {
  contact_id = %d
  username   = "ann.one"
}

resource "contacts_portal_user" "two" {
  contact_id = %d
  username   = "ann.two"
}
`, ann.ID, ann.ID),
			summary: "Contact Already Has a Portal User",
			parts: []string{"contact_id =", fmt.Sprintf("also declares the portal user of contact %d: a new portal user with username", ann.ID),
				"a contact can have only one", "declares it twice", "Remove one of the two resources"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			w := newCLIWorkspace(t, srv, tc.cfg)
			code, out := w.run("plan")
			if code == 0 {
				t.Fatalf("the plan succeeded:\n%s", out)
			}
			if sums := cliErrorSummaries(out); len(sums) != 1 || sums[0] != tc.summary {
				t.Fatalf("want exactly one error %q, got %q:\n%s", tc.summary, sums, out)
			}
			if !testErrorRegexp(tc.parts...).MatchString(out) {
				t.Fatalf("the error does not say %q:\n%s", tc.parts, out)
			}
		})
	}
	contacts, _, err := api.ListContactsPage(context.Background(), client.ContactListFilter{ClientID: acme.ID}, client.Page{Number: 1, Limit: client.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range contacts {
		if ct.PortalUserID != nil || (ct.ID != ann.ID && ct.ID != bob.ID) {
			t.Errorf("a failed plan wrote to the server: contact %d <%s>, portal user %v", ct.ID, ct.Email, ct.PortalUserID)
		}
	}
}

// TestAccDuplicates_stateAndConfiguration: a new resource that declares the
// email of a contact another resource manages fails at plan (the existing
// one claims its email too), and so does a swap of emails between two
// contacts, which the API cannot apply in any order; nothing is written.
func TestAccDuplicates_stateAndConfiguration(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	base := testAccProviderBlock(srv) + dupContact("a", acme.ID, `"one@contoso.example"`) + dupContact("b", acme.ID, `"two@contoso.example"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{Config: base},
			{
				Config: base + dupContact("c", acme.ID, `"ONE@contoso.example"`),
				ExpectError: testErrorRegexp("Email Address Declared Twice", "also has the email address",
					"declares it twice", "Remove one of the two resources"),
			},
			{
				Config:      testAccProviderBlock(srv) + dupContact("a", acme.ID, `"two@contoso.example"`) + dupContact("b", acme.ID, `"one@contoso.example"`),
				ExpectError: regexp.MustCompile(`(?s)Contact Emails Swapped.*This contact changes its email from.*holds.*refuses an address that another\s+contact\s+still\s+holds.*two\s+applies.*temporary\s+address`),
			},
			{Config: base, PlanOnly: true},
		},
	})
}

// TestAccDuplicates_declaredTwiceAtApply: emails known only at apply (built
// from another resource's computed output) pass the plan; the apply then
// fails with one error that says the configuration declares the contact
// twice, never that it is not in this state nor to import it.
func TestAccDuplicates_declaredTwiceAtApply(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	late := `resource "terraform_data" "addr" {
  input = "late@contoso.example"
}
`
	t.Run("two new contacts", func(t *testing.T) {
		w := newCLIWorkspace(t, srv, late+dupContact("a", acme.ID, "terraform_data.addr.output")+dupContact("b", acme.ID, "upper(terraform_data.addr.output)"))
		code, out := w.run("apply", "-auto-approve")
		if code == 0 {
			t.Fatalf("the apply succeeded:\n%s", out)
		}
		if sums := cliErrorSummaries(out); len(sums) != 1 || sums[0] != "Email Address Declared Twice" {
			t.Fatalf("want exactly one error \"Email Address Declared Twice\", got %q:\n%s", sums, out)
		}
		if !testErrorRegexp("also has the email address", "declares it twice").MatchString(out) {
			t.Fatalf("the error does not explain itself:\n%s", out)
		}
		for _, wrong := range []string{"not in this Terraform state", "import"} {
			if strings.Contains(out, wrong) {
				t.Errorf("the apply's output says %q:\n%s", wrong, out)
			}
		}
		// Without refresh: the plan that a destroy runs first would refuse
		// the configuration again.
		w.mustRun("destroy", "-auto-approve", "-refresh=false")
	})
	t.Run("a new contact and one in the state", func(t *testing.T) {
		w := newCLIWorkspace(t, srv, dupContact("a", acme.ID, `"later@contoso.example"`))
		w.mustRun("apply", "-auto-approve")
		// b's email is known only once terraform_data.more is applied.
		cliWriteFile(t, w.dir+"/more.tf", dupContact("b", acme.ID, "upper(terraform_data.more.output)")+`
resource "terraform_data" "more" {
  input = "later@contoso.example"
}
`)
		code, out := w.run("apply", "-auto-approve")
		if code == 0 {
			t.Fatalf("the apply succeeded:\n%s", out)
		}
		if strings.Contains(out, "not in this Terraform state") {
			t.Errorf("the apply says the contact is not in this state:\n%s", out)
		}
		if !testErrorRegexp("Error Creating Contact", "This run did not create it", "If another resource of this configuration already manages contact",
			"declares the same contact twice: remove one of the two resources").MatchString(out) {
			t.Errorf("the error does not tell the contact may be declared twice:\n%s", out)
		}
		w.mustRun("destroy", "-auto-approve", "-refresh=false")
	})
}

// TestAccDuplicates_noFalsePositive: an update that keeps a contact's
// email, names swapped between two contacts, an email changed only in
// case, and replacements (each planned twice in one walk: with its state,
// then as a create) plan and apply cleanly; so does for_each over distinct
// emails, with an apply that plans again in its own walk.
func TestAccDuplicates_noFalsePositive(t *testing.T) {
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	other := mustCreateClient(t, api, "Other Inc")
	config := func(firstX, firstY, emailZ string, clientZ int64, loginOf int) string {
		return testAccProviderBlock(srv) + fmt.Sprintf(`
locals {
  people = [
    { first = %q, email = "x@contoso.example", client = %d },
    { first = %q, email = "y@contoso.example", client = %d },
    { first = "Zed", email = %q, client = %d },
  ]
}

resource "contacts_contact" "p" {
  count      = length(local.people)
  client_id  = local.people[count.index].client
  first_name = local.people[count.index].first
  last_name  = "Person"
  email      = local.people[count.index].email
}

resource "contacts_portal_user" "login" {
  contact_id = contacts_contact.p[%d].id
  username   = "the.login"
}
`, firstX, acme.ID, firstY, acme.ID, emailZ, clientZ, loginOf)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             contactCheckDestroyed(srv),
		Steps: []resource.TestStep{
			{Config: config("Xavier", "Yvonne", "z@contoso.example", acme.ID, 0)},
			{
				// Names swapped, and z's email changed in case only.
				Config: config("Yvonne", "Xavier", "Z@contoso.example", acme.ID, 0),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("contacts_contact.p[0]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("contacts_contact.p[2]", plancheck.ResourceActionUpdate),
				}},
			},
			{
				// z moves to another client (replaced, keeping its email),
				// and the login moves to y (replaced, keeping its username).
				Config: config("Yvonne", "Xavier", "Z@contoso.example", other.ID, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("contacts_contact.p[2]", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("contacts_portal_user.login", plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{Config: config("Yvonne", "Xavier", "Z@contoso.example", other.ID, 1), PlanOnly: true},
		},
	})

	t.Run("for_each over distinct emails", func(t *testing.T) {
		w := newCLIWorkspace(t, srv, fmt.Sprintf(`
resource "contacts_contact" "each" {
  for_each   = toset(["e1@contoso.example", "e2@contoso.example", "E3@contoso.example"])
  client_id  = %d
  first_name = "Each"
  last_name  = "Person"
  email      = each.value
}
`, acme.ID))
		w.mustRun("apply", "-auto-approve")
		if code, out := w.run("plan", "-detailed-exitcode"); code != 0 {
			t.Fatalf("the plan after the apply exited %d:\n%s", code, out)
		}
		w.mustRun("destroy", "-auto-approve")
	})
}
