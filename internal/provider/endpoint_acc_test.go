// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// endpointConfig manages a client and a contact with a portal user
// through the given endpoint and key.
func endpointConfig(endpoint, key string) string {
	return fmt.Sprintf(`
provider "contacts" {
  endpoint    = %q
  api_key     = %q
  max_retries = 1
}

resource "contacts_client" "c" {
  company_name = "Endpoint Ltd"
}

resource "contacts_contact" "jane" {
  client_id  = contacts_client.c.id
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@endpoint.example"
}

resource "contacts_portal_user" "jane" {
  contact_id  = contacts_contact.jane.id
  send_invite = false
}
`, endpoint, key)
}

// endpointConfigWithDataSource adds a data source to endpointConfig.
func endpointConfigWithDataSource(endpoint, key string) string {
	return endpointConfig(endpoint, key) + `
data "contacts_access_roles" "all" {}
`
}

// endpointCheckServerKeeps checks that the server still holds what the
// first step created: one client, the contact and its portal user.
func endpointCheckServerKeeps(srv *apiservertest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := clientOnServer(srv, "Endpoint Ltd"); err != nil {
			return err
		}
		if n := len(srv.PortalUsers()); n != 1 {
			return fmt.Errorf("the server holds %d portal users, want 1", n)
		}
		return nil
	}
}

// endpointStateKept checks that every managed object is still in state.
func endpointStateKept(s *terraform.State) error {
	for _, addr := range []string{"contacts_client.c", "contacts_contact.jane", "contacts_portal_user.jane"} {
		if _, ok := s.RootModule().Resources[addr]; !ok {
			return fmt.Errorf("%s was dropped from the state", addr)
		}
	}
	return nil
}

// TestAccEndpoint_wrongPathKeepsState: an endpoint with one /api too many
// makes every route answer the server's generic 404. That is not "the
// objects were deleted": the plan fails once, on endpoint, and the state
// and the server keep everything, so the right endpoint plans no change.
func TestAccEndpoint_wrongPathKeepsState(t *testing.T) {
	srv := testAccServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: endpointConfig(srv.URL, srv.WriteKey)},
			{
				Config:      endpointConfig(srv.URL+"/api", srv.WriteKey),
				ExpectError: testErrorRegexp(`Contacts API Not Found at Endpoint`, srv.URL+`/api`, `did not come from the Contacts API`, `without /api`, `Nothing was read or changed`),
			},
			{
				Config:             endpointConfig(srv.URL, srv.WriteKey),
				ConfigPlanChecks:   resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:              resource.ComposeAggregateTestCheckFunc(endpointStateKept, endpointCheckServerKeeps(srv)),
				ExpectNonEmptyPlan: false,
			},
		},
	})
}

// TestAccEndpoint_proxyGeneric404KeepsState: behind a gateway that answers
// 404 for a path it does not route, a refresh that meets a 404 which does
// not name the object fails and leaves the object in the state.
func TestAccEndpoint_proxyGeneric404KeepsState(t *testing.T) {
	srv := testAccServer(t)
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/contacts") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"Not found."}`))
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(gateway.Close)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: endpointConfig(srv.URL, srv.WriteKey)},
			{
				Config:      endpointConfig(gateway.URL, srv.WriteKey),
				ExpectError: regexp.MustCompile(`(?s)Error Reading Contact.*did not come from the Contacts API.*404 Not found\..*Nothing in the state was changed`),
			},
			{
				Config:           endpointConfig(srv.URL, srv.WriteKey),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeAggregateTestCheckFunc(endpointStateKept, endpointCheckServerKeeps(srv)),
			},
		},
	})
}

// TestAccEndpoint_checkedOnceAtPlan: a wrong key, a host that refuses
// connections and a site that is not the Contacts API fail the plan with
// one error on the provider setting at fault, before any resource is read
// or created, and without the "may have been created" of a lost write.
func TestAccEndpoint_checkedOnceAtPlan(t *testing.T) {
	srv := testAccServer(t)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + closed.Addr().String()
	closed.Close()
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>Welcome to our CRM</body></html>"))
	}))
	t.Cleanup(html.Close)

	tests := map[string]struct {
		endpoint, key string
		want          *regexp.Regexp
	}{
		"wrong key": {
			endpoint: srv.URL, key: "not-a-key",
			want: testErrorRegexp(`Contacts API Key Not Accepted`, `401`, `Check api_key in the provider block or the CONTACTS_API_KEY environment variable`),
		},
		"connection refused": {
			endpoint: refused, key: "some-key",
			want: testErrorRegexp(`Contacts API Unreachable`, refused, `connection refused`, `Check endpoint`),
		},
		"not the Contacts API": {
			endpoint: html.URL, key: "some-key",
			want: testErrorRegexp(`Contacts API Not Found at Endpoint`, html.URL, `did not come from the Contacts API`, `Nothing was read or changed`),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      endpointConfigWithDataSource(tc.endpoint, tc.key),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
				ErrorCheck: func(err error) error {
					if err != nil && strings.Contains(err.Error(), "may have been created") {
						return fmt.Errorf("a request that never reached the server is reported as possibly applied: %w", err)
					}
					if n := strings.Count(err.Error(), "Error: "); n > 1 {
						return fmt.Errorf("want one error, got %d: %w", n, err)
					}
					return err
				},
			})
		})
	}
	if n := len(srv.Clients()); n != 1 {
		t.Errorf("the server holds %d clients after refused plans, want only the fixture", n)
	}
}
