// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestAccPortalUserResource_importLoginPrefersUsername: an API that lets
// one user's username be another's email (the local server refuses it, so
// a proxy rewrites user 6's username to user 5's email, and lists every
// user for any search). Importing by that login adopts the user whose
// username it is, although the list has the other first.
func TestAccPortalUserResource_importLoginPrefersUsername(t *testing.T) {
	const login = "pat@login.example"
	srv := testAccServer(t)
	c := testAPIClient(t, srv)
	acct := mustCreateClient(t, c, "Login Ltd")
	mkUser := func(email, username string) *client.PortalUser {
		ct := portalUserSeedContact(t, c, acct.ID, email)
		u, err := c.CreatePortalUser(context.Background(), client.PortalUserCreateRequest{ContactID: ct.ID, Username: username, Password: "Seed-passw0rd"})
		if err != nil {
			t.Fatalf("seeding portal user %s: %v", username, err)
		}
		return u
	}
	byEmail := mkUser(login, "pat.five")
	byUsername := mkUser("six@login.example", "pat.six")

	proxy := newHostileProxy(t, srv)
	proxy.answer(http.MethodGet, "/api/portal-users", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Del("search")
		r.URL.RawQuery = q.Encode()
		rec := httptest.NewRecorder()
		proxy.forward.ServeHTTP(rec, r)
		body := bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"username":"pat.six"`), []byte(`"username":"`+login+`"`))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccProviderBlockWithEndpoint(proxy.URL, srv.WriteKey) + fmt.Sprintf(`
resource "contacts_portal_user" "test" {
  contact_id = %d
}
`, byUsername.ContactID),
			ResourceName:  portalUserTestAddr,
			ImportState:   true,
			ImportStateId: login,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("imported %d objects, want 1", len(states))
				}
				if got, want := states[0].ID, strconv.FormatInt(byUsername.ID, 10); got != want {
					return fmt.Errorf("imported portal user %s, want %s (username %q), not %d (email %q)",
						got, want, login, byEmail.ID, login)
				}
				if got := states[0].Attributes["username"]; got != login {
					return fmt.Errorf("imported username %q, want %q", got, login)
				}
				return nil
			},
		}},
	})
}
