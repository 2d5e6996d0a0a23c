// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the
// Terraform CLI that acceptance tests run; nothing comes from a registry.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"contacts": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server("test")(), nil },
}

// testAccServer starts a fresh local Contacts API for one test.
func testAccServer(t *testing.T) *apiservertest.Server {
	t.Helper()
	return apiservertest.New(t)
}

// testAccProviderBlock points the provider at srv with its write key.
func testAccProviderBlock(srv *apiservertest.Server) string {
	return testAccProviderBlockWithKey(srv, srv.WriteKey)
}

func testAccProviderBlockWithKey(srv *apiservertest.Server, key string) string {
	return fmt.Sprintf(`
provider "contacts" {
  endpoint = %q
  api_key  = %q
}
`, srv.URL, key)
}

// testAPIClient is an out-of-band client for seeding and for changes made
// behind Terraform's back.
func testAPIClient(t *testing.T, srv *apiservertest.Server) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.WriteKey})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mustCreateClient seeds a client company out of band.
func mustCreateClient(t *testing.T, c *client.Client, name string) *client.ClientAccount {
	t.Helper()
	acct, err := c.CreateClient(context.Background(), client.ClientCreateRequest{CompanyName: name})
	if err != nil {
		t.Fatalf("seeding client %q: %v", name, err)
	}
	return acct
}

// testErrorRegexp matches the parts in order, each with any run of white
// space (Terraform wraps long diagnostics) between its words.
func testErrorRegexp(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, part := range parts {
		words := strings.Fields(part)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

// testStateID returns the server id of the resource at addr in state.
func testStateID(s *terraform.State, addr string) (int64, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return 0, fmt.Errorf("%s is not in state", addr)
	}
	return strconv.ParseInt(rs.Primary.ID, 10, 64)
}

// testCheckPortalLogin logs in to the portal as username: it must succeed
// when wantErr is nil, and otherwise fail with wantErr.
func testCheckPortalLogin(srv *apiservertest.Server, username, password string, wantErr error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, err := client.New(client.Config{Endpoint: srv.URL})
		if err != nil {
			return err
		}
		_, err = c.PortalLogin(context.Background(), username, password)
		switch {
		case wantErr == nil && err != nil:
			return fmt.Errorf("login as %s failed: %w", username, err)
		case wantErr != nil && !errors.Is(err, wantErr):
			return fmt.Errorf("login as %s: got %v, want %v", username, err, wantErr)
		}
		return nil
	}
}

// testCheckOutbox checks that want emails of the kind are queued for the
// object at addr; recipient says which object's id an email is for.
func testCheckOutbox(srv *apiservertest.Server, addr, kind string, want int, recipient func(apiserver.OutboxEmail) int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := testStateID(s, addr)
		if err != nil {
			return err
		}
		got := 0
		for _, m := range srv.Outbox() {
			if m.Kind == kind && recipient(m) == id {
				got++
			}
		}
		if got != want {
			return fmt.Errorf("%s (id %d) has %d %s emails in the outbox, want %d", addr, id, got, kind, want)
		}
		return nil
	}
}
