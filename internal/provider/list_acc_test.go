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
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// List resources and terraform query exist from Terraform 1.14; older
// Terraform never asks for them, and OpenTofu (whose versions are below
// 1.14 yet) has none.
var listVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// listSeed is what the list tests find on the server: a client with three
// contacts (one the account owner), an active and a revoked login, and a
// second client with one contact and no owner.
type listSeed struct {
	fabrikam, contoso      *client.ClientAccount
	line, jdot, jdash, bob *client.Contact
	active, revoked        *client.PortalUser
}

const listSeedPassword = "Corr3ct-Horse-Battery"

func seedListData(t *testing.T, c *client.Client) listSeed {
	t.Helper()
	ctx := context.Background()
	var s listSeed
	s.fabrikam = mustCreateClient(t, c, "Fabrikam Ltd")
	s.contoso = mustCreateClient(t, c, "Contoso")
	contact := func(clientID int64, first, last, email string) *client.Contact {
		ct, err := c.CreateContact(ctx, client.ContactCreateRequest{FirstName: first, LastName: last, Email: email, ClientID: clientID})
		if err != nil {
			t.Fatalf("seeding contact %s: %v", email, err)
		}
		return ct
	}
	s.line = contact(s.fabrikam.ID, "First", "Line", "1st.line@fabrikam.example")
	s.jdot = contact(s.fabrikam.ID, "Jane", "Doe", "j.doe@fabrikam.example")
	s.jdash = contact(s.fabrikam.ID, "John", "Doe", "j-doe@fabrikam.example")
	s.bob = contact(s.contoso.ID, "Bob", "Builder", "bob@contoso.example")
	if _, err := c.SetAccountOwner(ctx, s.jdot.ID); err != nil {
		t.Fatal(err)
	}
	var err error
	if s.active, err = c.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: s.jdot.ID, Username: "jdoe", Password: listSeedPassword, Roles: []client.RoleGrant{{Reference: "tickets"}}}); err != nil {
		t.Fatal(err)
	}
	if s.revoked, err = c.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: s.jdash.ID, Username: "john.doe", Password: listSeedPassword}); err != nil {
		t.Fatal(err)
	}
	if _, err = c.RevokeAccess(ctx, s.revoked.ID); err != nil {
		t.Fatal(err)
	}
	return s
}

// listQuery is a query step's configuration: the provider with the
// read-only key (enough for terraform query) and the list blocks.
func listQuery(srv *apiservertest.Server, lists ...string) string {
	return testAccProviderBlockWithKey(srv, srv.ReadKey) + strings.Join(lists, "\n")
}

// listBlock is a list block of kind named name with the config body.
func listBlock(kind, name string, includeResource bool, limit int, config string) string {
	extra := ""
	if limit > 0 {
		extra = fmt.Sprintf("  limit = %d\n", limit)
	}
	if config != "" {
		extra += "  config {\n" + config + "\n  }\n"
	}
	return fmt.Sprintf("list %q %q {\n  provider = contacts\n  include_resource = %t\n%s}\n", kind, name, includeResource, extra)
}

func byID(id int64) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(id)})
}

func idIs(addr string, id int64) querycheck.QueryResultCheck {
	return querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.Int64Exact(id)})
}

func displayIs(addr string, id int64, name string) querycheck.QueryResultCheck {
	return querycheck.ExpectResourceDisplayName(addr, byID(id), knownvalue.StringExact(name))
}

func valuesAre(addr string, id int64, kv map[string]knownvalue.Check) querycheck.QueryResultCheck {
	var checks []querycheck.KnownValueCheck
	for k, v := range kv {
		checks = append(checks, querycheck.KnownValueCheck{Path: tfjsonpath.New(k), KnownValue: v})
	}
	return querycheck.ExpectResourceKnownValues(addr, byID(id), checks)
}

// TestAccList_clients: every client (the server's staff fixture too),
// named by company; search narrows; include_resource carries the object.
func TestAccList_clients(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	s := seedListData(t, testAPIClient(t, srv))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   listVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query:  true,
				Config: listQuery(srv, listBlock("contacts_client", "all", false, 0, "")),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_client.all", 3),
					idIs("contacts_client.all", s.fabrikam.ID),
					displayIs("contacts_client.all", s.fabrikam.ID, "Fabrikam Ltd"),
					displayIs("contacts_client.all", s.contoso.ID, "Contoso"),
				},
			},
			{
				Query:  true,
				Config: listQuery(srv, listBlock("contacts_client", "fab", true, 0, `search = "fabri"`)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_client.fab", 1),
					valuesAre("contacts_client.fab", s.fabrikam.ID, map[string]knownvalue.Check{
						"id":           knownvalue.StringExact(formatID(s.fabrikam.ID)),
						"company_name": knownvalue.StringExact("Fabrikam Ltd"),
						"status":       knownvalue.StringExact("active"),
						"created":      knownvalue.StringExact(s.fabrikam.Dates.Created),
						"timeouts":     knownvalue.Null(),
					}),
				},
			},
		},
	})
}

// TestAccList_contacts: display `First Last <email>`; client_id and search
// narrow; include_resource carries what Read builds.
func TestAccList_contacts(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	s := seedListData(t, testAPIClient(t, srv))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   listVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query: true,
				Config: listQuery(srv,
					listBlock("contacts_contact", "fabrikam", false, 0, fmt.Sprintf("client_id = %d", s.fabrikam.ID)),
					listBlock("contacts_contact", "doe", true, 0, `search = "DOE@"`)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_contact.fabrikam", 3),
					displayIs("contacts_contact.fabrikam", s.line.ID, "First Line <1st.line@fabrikam.example>"),
					displayIs("contacts_contact.fabrikam", s.jdash.ID, "John Doe <j-doe@fabrikam.example>"),
					querycheck.ExpectLength("contacts_contact.doe", 2),
					valuesAre("contacts_contact.doe", s.jdot.ID, map[string]knownvalue.Check{
						"id":                 knownvalue.StringExact(formatID(s.jdot.ID)),
						"client_id":          knownvalue.Int64Exact(s.fabrikam.ID),
						"email":              knownvalue.StringExact("j.doe@fabrikam.example"),
						"account_owner":      knownvalue.StringExact("yes"),
						"portal_user_id":     knownvalue.Int64Exact(s.active.ID),
						"phone":              knownvalue.Null(),
						"send_welcome_email": knownvalue.Null(),
						"timeouts":           knownvalue.Null(),
					}),
				},
			},
		},
	})
}

// TestAccList_portalUsers: status defaults to all (revoked logins too);
// active and terminated narrow; include_resource carries the object as
// Read gives it after an import: no password, deletion_policy delete.
func TestAccList_portalUsers(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	s := seedListData(t, testAPIClient(t, srv))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   listVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query: true,
				Config: listQuery(srv,
					listBlock("contacts_portal_user", "all", true, 0, ""),
					listBlock("contacts_portal_user", "active", false, 0, `status = "active"`),
					listBlock("contacts_portal_user", "revoked", false, 0, fmt.Sprintf("status = \"terminated\"\n    client_id = %d", s.fabrikam.ID)),
					listBlock("contacts_portal_user", "john", false, 0, `search = "john"`)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_portal_user.all", 2),
					displayIs("contacts_portal_user.all", s.active.ID, "jdoe (active)"),
					displayIs("contacts_portal_user.all", s.revoked.ID, "john.doe (terminated)"),
					valuesAre("contacts_portal_user.all", s.active.ID, map[string]knownvalue.Check{
						"username":            knownvalue.StringExact("jdoe"),
						"contact_id":          knownvalue.Int64Exact(s.jdot.ID),
						"status":              knownvalue.StringExact("active"),
						"deletion_policy":     knownvalue.StringExact("delete"),
						"send_invite":         knownvalue.Bool(false),
						"password_wo_version": knownvalue.Null(),
						"invite_version":      knownvalue.Null(),
						"roles": knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"reference": knownvalue.StringExact("tickets"), "expires": knownvalue.Null(),
						})}),
					}),
					querycheck.ExpectLength("contacts_portal_user.active", 1),
					idIs("contacts_portal_user.active", s.active.ID),
					querycheck.ExpectLength("contacts_portal_user.revoked", 1),
					idIs("contacts_portal_user.revoked", s.revoked.ID),
					querycheck.ExpectLength("contacts_portal_user.john", 1),
					idIs("contacts_portal_user.john", s.revoked.ID),
				},
			},
		},
	})
}

// TestAccList_accountOwners: one result per client with an owner, keyed
// by the client; a client without one gives none.
func TestAccList_accountOwners(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	s := seedListData(t, testAPIClient(t, srv))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   listVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query: true,
				Config: listQuery(srv,
					listBlock("contacts_account_owner", "all", false, 0, ""),
					listBlock("contacts_account_owner", "fabrikam", true, 0, fmt.Sprintf("client_id = %d", s.fabrikam.ID)),
					listBlock("contacts_account_owner", "contoso", false, 0, fmt.Sprintf("client_id = %d", s.contoso.ID))),
				QueryResultChecks: []querycheck.QueryResultCheck{
					idIs("contacts_account_owner.all", s.fabrikam.ID),
					displayIs("contacts_account_owner.all", s.fabrikam.ID, "Fabrikam Ltd: Jane Doe <j.doe@fabrikam.example>"),
					querycheck.ExpectLength("contacts_account_owner.fabrikam", 1),
					valuesAre("contacts_account_owner.fabrikam", s.fabrikam.ID, map[string]knownvalue.Check{
						"id":         knownvalue.StringExact(formatID(s.fabrikam.ID)),
						"client_id":  knownvalue.Int64Exact(s.fabrikam.ID),
						"contact_id": knownvalue.Int64Exact(s.jdot.ID),
						"timeouts":   knownvalue.Null(),
					}),
					querycheck.ExpectLength("contacts_account_owner.contoso", 0),
				},
			},
		},
	})
}

// TestAccList_badInputs: a client_id that is no client fails naming it;
// a status outside the three fails at validation, naming them, before
// any list request.
func TestAccList_badInputs(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   listVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query:       true,
				Config:      listQuery(srv, listBlock("contacts_contact", "x", false, 0, "client_id = 424242")),
				ExpectError: testErrorRegexp("Client Not Found", "client_id is 424242, but no client has that id"),
			},
			{
				Query:       true,
				Config:      listQuery(srv, listBlock("contacts_portal_user", "x", false, 0, "client_id = 424242")),
				ExpectError: testErrorRegexp("Client Not Found", "client_id is 424242"),
			},
			{
				PreConfig:   srv.ResetRequestLog,
				Query:       true,
				Config:      listQuery(srv, listBlock("contacts_portal_user", "x", false, 0, `status = "revoked"`)),
				ExpectError: regexp.MustCompile(`(?s)value must be one of:.*"active".*"terminated".*"all"`),
			},
			{
				PreConfig: func() {
					if n := srv.RequestCounts()["GET /api/portal-users"]; n != 0 {
						t.Errorf("a status outside the three sent %d list requests, want none", n)
					}
				},
				Query:  true,
				Config: listQuery(srv, listBlock("contacts_account_owner", "none", false, 0, "")),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_account_owner.none", 0),
				},
			},
		},
	})
}

// TestAccList_pages: more than one page streams every result from the
// list pages alone (no GET per object, even with include_resource), and
// a limit fetches no page it does not need: limit 5 is one request.
func TestAccList_pages(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	c := testAPIClient(t, srv)
	acct := mustCreateClient(t, c, "Big Co")
	const n = 230
	for i := range n {
		if _, err := c.CreateContact(context.Background(), client.ContactCreateRequest{
			FirstName: "P", LastName: fmt.Sprint(i), Email: fmt.Sprintf("p%03d@big.example", i), ClientID: acct.ID,
		}); err != nil {
			t.Fatal(err)
		}
	}
	requests := func(want map[string]int) func() {
		return func() {
			got := srv.RequestCounts()
			for route, w := range want {
				if got[route] != w {
					t.Errorf("%s: %d requests, want %d (all: %v)", route, got[route], w, got)
				}
			}
			srv.ResetRequestLog()
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   listVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetRequestLog,
				Query:     true,
				Config:    listQuery(srv, listBlock("contacts_contact", "big", true, 1000, fmt.Sprintf("client_id = %d", acct.ID))),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_contact.big", n),
					displayIs("contacts_contact.big", 0+firstSeeded(t, c, acct.ID), "P 0 <p000@big.example>"),
				},
			},
			{
				PreConfig: requests(map[string]int{"GET /api/contacts": 3, "GET /api/contacts/{id}": 0}),
				Query:     true,
				Config:    listQuery(srv, listBlock("contacts_contact", "five", true, 5, fmt.Sprintf("client_id = %d", acct.ID))),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_contact.five", 5),
				},
			},
			{
				PreConfig: requests(map[string]int{"GET /api/contacts": 1, "GET /api/contacts/{id}": 0}),
				Query:     true,
				Config:    listQuery(srv, listBlock("contacts_contact", "hundred_one", false, 101, fmt.Sprintf("client_id = %d", acct.ID))),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_contact.hundred_one", 101),
				},
			},
			{
				// A limit of exactly one page: the provider stops at the
				// limit itself, before Terraform has closed the stream.
				PreConfig: requests(map[string]int{"GET /api/contacts": 2}),
				Query:     true,
				Config:    listQuery(srv, listBlock("contacts_contact", "hundred", false, 100, fmt.Sprintf("client_id = %d", acct.ID))),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_contact.hundred", 100),
				},
			},
			{
				PreConfig: requests(map[string]int{"GET /api/contacts": 1}),
				Query:     true,
				Config:    listQuery(srv, listBlock("contacts_client", "any", false, 1, "")),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("contacts_client.any", 1),
				},
			},
		},
	})
}

// firstSeeded is the id of the first contact seeded for clientID.
func firstSeeded(t *testing.T, c *client.Client, clientID int64) int64 {
	t.Helper()
	items, _, err := c.ListContactsPage(context.Background(), client.ContactListFilter{ClientID: clientID, Search: "p000@"}, client.Page{})
	if err != nil || len(items) != 1 {
		t.Fatalf("finding the first seeded contact: %v, %d found", err, len(items))
	}
	return items[0].ID
}
