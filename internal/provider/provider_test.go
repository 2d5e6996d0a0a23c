package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the
// Terraform CLI that acceptance tests run; nothing comes from a registry.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"contacts": providerserver.NewProtocol6WithError(New("test")()),
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
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.WriteKey, MaxRetries: -1})
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
