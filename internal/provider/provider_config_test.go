// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// providerConfigClient is a resource that makes Terraform configure the
// provider; the provider block is prepended by each test.
const providerConfigClient = `
resource "contacts_client" "test" {
  company_name = "Config Test Ltd"
}
`

// providerConfigUnsetEnv clears the variables that stand in for provider
// attributes, so a developer's environment cannot mask a missing setting.
// t.Setenv rules out t.Parallel, hence resource.Test in its callers.
func providerConfigUnsetEnv(t *testing.T) {
	t.Setenv(envEndpoint, "")
	t.Setenv(envAPIKey, "")
}

func TestAccProviderConfig_missingEndpoint(t *testing.T) {
	providerConfigUnsetEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "contacts" {
  api_key = "some-key"
}
` + providerConfigClient,
			ExpectError: testErrorRegexp(`Missing Contacts API Endpoint`, `Set endpoint in the provider block or the CONTACTS_ENDPOINT environment variable`),
		}},
	})
}

func TestAccProviderConfig_missingAPIKey(t *testing.T) {
	srv := testAccServer(t)
	providerConfigUnsetEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "contacts" {
  endpoint = %q
}
`, srv.URL) + providerConfigClient,
			ExpectError: testErrorRegexp(`Missing Contacts API Key`, `Set api_key in the provider block or the CONTACTS_API_KEY environment variable`),
		}},
	})
	if n := len(srv.Clients()); n != 1 {
		t.Errorf("server holds %d clients, want only the fixture client", n)
	}
}

func TestAccProviderConfig_envFallback(t *testing.T) {
	srv := testAccServer(t)
	t.Setenv(envEndpoint, srv.URL)
	t.Setenv(envAPIKey, srv.WriteKey)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             clientCheckDestroy(srv),
		Steps: []resource.TestStep{{
			Config: `provider "contacts" {}` + providerConfigClient,
			Check: func(s *terraform.State) error {
				_, err := clientOnServer(srv, "Config Test Ltd")
				return err
			},
		}},
	})
}

func TestAccProviderConfig_badSettings(t *testing.T) {
	srv := testAccServer(t)
	tests := map[string]struct {
		endpoint string
		key      string
		want     string
	}{
		"malformed endpoint": {
			endpoint: "crm.example.com/api",
			key:      "some-key",
			want:     `Invalid Contacts API Endpoint`,
		},
		"endpoint with another scheme": {
			endpoint: "ftp://crm.example.com",
			key:      "some-key",
			want:     `is not an absolute http:// or https:// URL`,
		},
		"plain http to a remote host": {
			endpoint: "http://crm.example.com",
			key:      "some-key",
			want:     `uses plain http to a non-loopback host`,
		},
		"wrong key": {
			endpoint: srv.URL,
			key:      "not-a-key",
			want:     `did not accept the API key (401). Check api_key in the provider block or the CONTACTS_API_KEY environment variable. Nothing was read or changed.`,
		},
		"read-only key": {
			endpoint: srv.URL,
			key:      srv.ReadKey,
			want:     `it is a read-only key. Use a key with write scope in api_key or CONTACTS_API_KEY.`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "contacts" {
  endpoint = %q
  api_key  = %q
}
`, tc.endpoint, tc.key) + providerConfigClient,
					ExpectError: testErrorRegexp(tc.want),
				}},
			})
		})
	}
	t.Cleanup(func() {
		if n := len(srv.Clients()); n != 1 {
			t.Errorf("server holds %d clients after refused calls, want only the fixture client", n)
		}
	})
}
