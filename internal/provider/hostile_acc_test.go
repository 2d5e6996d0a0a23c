// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// hostileProxy stands in front of the local server and lets a test answer
// some requests itself: intercept returns true when it answered.
type hostileProxy struct {
	*httptest.Server
	forward   http.Handler
	intercept atomic.Pointer[func(http.ResponseWriter, *http.Request) bool]
}

func newHostileProxy(t *testing.T, srv *apiservertest.Server) *hostileProxy {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	p := &hostileProxy{forward: forward}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := p.intercept.Load(); f != nil && (*f)(w, r) {
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// answer makes the proxy answer requests that match method and path
// prefix with f; nil forwards everything again.
func (p *hostileProxy) answer(method, prefix string, f func(http.ResponseWriter, *http.Request)) {
	if f == nil {
		p.intercept.Store(nil)
		return
	}
	g := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != method || !strings.HasPrefix(r.URL.Path, prefix) {
			return false
		}
		f(w, r)
		return true
	}
	p.intercept.Store(&g)
}

func hostileJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// hostileConfig declares a contact of clientID and a portal user with a
// password from an ephemeral variable, through endpoint.
func hostileConfig(endpoint, key string, clientID int64) string {
	return fmt.Sprintf(`
variable "pw" {
  type      = string
  ephemeral = true
  sensitive = true
}

provider "contacts" {
  endpoint    = %q
  api_key     = %q
  max_retries = 1
}

resource "contacts_contact" "jane" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@hostile.example"
}

resource "contacts_portal_user" "jane" {
  contact_id          = contacts_contact.jane.id
  password_wo         = var.pw
  password_wo_version = 1
}
`, endpoint, key, clientID)
}

// TestAccHostile_redirectCarriesNoPassword: the API (or anything in front
// of it) answers the portal-user create with a 307 to another host. The
// provider must not follow it with the password and the key: the apply
// fails naming the redirect and its target, and the target hears nothing.
func TestAccHostile_redirectCarriesNoPassword(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Hostile Inc")
	var trapped atomic.Int64
	trap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trapped.Add(1)
		hostileJSON(w, http.StatusUnauthorized, `{"message":"Unauthenticated."}`)
	}))
	t.Cleanup(trap.Close)
	proxy := newHostileProxy(t, srv)
	proxy.answer(http.MethodPost, "/api/portal-users", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, trap.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	const pw = "Redirect-Passw0rd-SECRET"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          hostileConfig(proxy.URL, srv.WriteKey, acme.ID),
			ConfigVariables: config.Variables{"pw": config.StringVariable(pw)},
			ExpectError:     testErrorRegexp(`Error Creating Portal User`, `307`, trap.URL+`/api/portal-users`, `follows no redirect`, `set endpoint`),
		}},
	})
	if n := trapped.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests", n)
	}
	if n := len(srv.PortalUsers()); n != 0 {
		t.Errorf("the server holds %d portal users", n)
	}
}

// TestAccHostile_echoedPasswordRedacted: a server that quotes the request
// body in its error puts the password into the error text, plainly and
// JSON-escaped; Terraform's output shows neither.
func TestAccHostile_echoedPasswordRedacted(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Echo Inc")
	proxy := newHostileProxy(t, srv)
	proxy.answer(http.MethodPost, "/api/portal-users", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		msg, _ := json.Marshal("Could not process " + string(body))
		hostileJSON(w, http.StatusUnprocessableEntity, fmt.Sprintf(`{"message":%s,"errors":{"password":[%s]}}`, msg, msg))
	})
	const pw = `Echo-"Passw0rd"<&>-SECRET`

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          hostileConfig(proxy.URL, srv.WriteKey, acme.ID),
			ConfigVariables: config.Variables{"pw": config.StringVariable(pw)},
			ExpectError:     regexp.MustCompile(`(?s)Error Creating Portal User.*Could not process.*\[redacted\]`),
		}},
		ErrorCheck: func(err error) error {
			escaped, _ := json.Marshal(pw)
			for _, form := range []string{pw, strings.Trim(string(escaped), `"`), "Passw0rd"} {
				if strings.Contains(err.Error(), form) {
					return fmt.Errorf("the password (as %q) appears in Terraform's output: %w", form, err)
				}
			}
			return err
		},
	})
}

// TestAccHostile_emptyAnswersChangeNothing: answers of 200 with no object
// in them are errors, never objects: a refresh that gets {"data":null}
// fails and keeps the state as it was, and a create that gets {"data":{}}
// fails without leaving a resource with id "0" behind.
func TestAccHostile_emptyAnswersChangeNothing(t *testing.T) {
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Empty Inc")
	proxy := newHostileProxy(t, srv)
	cfg := testAccProviderBlockWithEndpoint(proxy.URL, srv.WriteKey) + fmt.Sprintf(`
resource "contacts_client" "c" {
  company_name = "Empty Answers Ltd"
}

resource "contacts_contact" "jane" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@empty.example"
}
`, acme.ID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					// The server creates the contact; the answer loses it.
					proxy.answer(http.MethodPost, "/api/contacts", func(w http.ResponseWriter, r *http.Request) {
						proxy.forward.ServeHTTP(httptest.NewRecorder(), r)
						hostileJSON(w, http.StatusCreated, `{"data":{},"message":"Contact created."}`)
					})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Error Creating Contact.*incomplete.*lacks id.*already holds a contact.*not adopted`),
			},
			{
				PreConfig: func() {
					if _, found := srv.ContactByEmail("jane@empty.example"); !found {
						t.Fatal("the proxy did not let the create through to the server")
					}
					proxy.answer(http.MethodGet, "/api/clients/", func(w http.ResponseWriter, _ *http.Request) {
						hostileJSON(w, http.StatusOK, `{"data":null}`)
					})
				},
				RefreshState: true,
				ExpectError:  testErrorRegexp(`Error Reading Client`, `200 answer carries no data`),
			},
			{
				PreConfig: func() { proxy.answer("", "", nil) },
				Config:    cfg,
				// The contact the hostile answer hid is now on the server
				// under its email: the create names it, never adopts it.
				ExpectError: testErrorRegexp(`Error Creating Contact`, `already holds a contact with the email address "jane@empty.example"`, `terraform import contacts_contact.<name>`),
				// The refused refresh left the client as it was, and the
				// refused create left no contact (a tainted one with id
				// "0" would plan a replacement).
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("contacts_client.c", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("contacts_contact.jane", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// testAccProviderBlockWithEndpoint is testAccProviderBlock for another endpoint.
func testAccProviderBlockWithEndpoint(endpoint, key string) string {
	return fmt.Sprintf(`
provider "contacts" {
  endpoint    = %q
  api_key     = %q
  max_retries = 1
}
`, endpoint, key)
}
