// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// tlsClientConfig is a provider block for srv with extra settings, and one
// client company that makes Terraform configure the provider and write over
// the connection.
func tlsClientConfig(srv *apiservertest.Server, extra, company string) string {
	return fmt.Sprintf(`
provider "contacts" {
  endpoint = %q
  api_key  = %q
%s
}

resource "contacts_client" "test" {
  company_name = %q
}
`, srv.URL, srv.WriteKey, extra, company)
}

// tlsCheckClient checks that the write really reached the server: the
// client in state exists there under that name.
func tlsCheckClient(srv *apiservertest.Server, company string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources["contacts_client.test"]
		if !ok {
			return fmt.Errorf("contacts_client.test is not in state")
		}
		id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
		if err != nil {
			return err
		}
		c, found := srv.Client(id)
		if !found || c.CompanyName != company {
			return fmt.Errorf("the server holds %+v (found %v) for id %d, want %q", c, found, id, company)
		}
		return nil
	}
}

// tlsCheckDestroyed asks the server that no client but the fixture is left.
func tlsCheckDestroyed(srv *apiservertest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(srv.Clients()); n != 1 {
			return fmt.Errorf("the server holds %d clients after destroy, want only the fixture client: %+v", n, srv.Clients())
		}
		return nil
	}
}

// tlsServer starts an https server and proves it is one, so the tests below
// cannot pass over plain http by accident.
func tlsServer(t *testing.T) *apiservertest.Server {
	t.Helper()
	srv := apiservertest.New(t, apiservertest.WithTLS())
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") || !strings.Contains(srv.CACertPEM, "BEGIN CERTIFICATE") {
		t.Fatalf("WithTLS gave URL %q and CA %q, want https on loopback and a PEM certificate", srv.URL, srv.CACertPEM)
	}
	return srv
}

func TestAccProviderTLS_caCertPEM(t *testing.T) {
	srv := tlsServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             tlsCheckDestroyed(srv),
		Steps: []resource.TestStep{{
			Config: tlsClientConfig(srv, fmt.Sprintf("  ca_cert_pem = %q", srv.CACertPEM), "TLS PEM Ltd"),
			Check:  tlsCheckClient(srv, "TLS PEM Ltd"),
		}},
	})
}

func TestAccProviderTLS_caCertFile(t *testing.T) {
	srv := tlsServer(t)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(srv.CACertPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             tlsCheckDestroyed(srv),
		Steps: []resource.TestStep{{
			Config: tlsClientConfig(srv, fmt.Sprintf("  ca_cert_file = %q", caFile), "TLS File Ltd"),
			Check:  tlsCheckClient(srv, "TLS File Ltd"),
		}},
	})
}

// TestAccProviderTLS_caCertEnv uses CONTACTS_CA_CERT_PEM; t.Setenv rules out
// running in parallel.
func TestAccProviderTLS_caCertEnv(t *testing.T) {
	srv := tlsServer(t)
	t.Setenv(envCACertPEM, srv.CACertPEM)
	t.Setenv(envCACertFile, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             tlsCheckDestroyed(srv),
		Steps: []resource.TestStep{{
			Config: tlsClientConfig(srv, "", "TLS Env Ltd"),
			Check:  tlsCheckClient(srv, "TLS Env Ltd"),
		}},
	})
}

// TestAccProviderTLS_untrusted: without the CA the handshake fails, the
// error says why in x509 terms, and nothing reaches the API.
func TestAccProviderTLS_untrusted(t *testing.T) {
	srv := tlsServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// No retries: a certificate the client does not trust does not
			// become trusted by asking again.
			Config:      tlsClientConfig(srv, "  max_retries = 0", "Untrusted Ltd"),
			ExpectError: testErrorRegexp(`Could not reach the Contacts API`, `tls: failed to verify certificate: x509: certificate signed by unknown authority`),
		}},
	})
	if counts := srv.RequestCounts(); len(counts) != 0 {
		t.Errorf("requests reached the API over an untrusted connection: %v", counts)
	}
}

// TestProviderClientConfig_caCert covers the CA settings' own errors, which
// Configure reports before any request, and that the client built from the
// resolved settings trusts the CA. t.Setenv rules out running in parallel.
func TestProviderClientConfig_caCert(t *testing.T) {
	t.Setenv(envCACertPEM, "")
	t.Setenv(envCACertFile, "")
	srv := tlsServer(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "ca.pem")
	junk := filepath.Join(dir, "junk.pem")
	for file, text := range map[string]string{good: srv.CACertPEM, junk: "not a certificate"} {
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := map[string]struct {
		pem, file string
		wantErr   string // "" means success; matched ignoring case, as the detail starts a sentence
		wantNil   bool   // no CA settings: the client's default transport
	}{
		"neither":             {wantNil: true},
		"pem":                 {pem: srv.CACertPEM},
		"file":                {file: good},
		"both":                {pem: srv.CACertPEM, file: good, wantErr: "set only one of ca_cert_pem"},
		"pem without a cert":  {pem: "-----BEGIN NOTHING-----", wantErr: "holds no PEM-encoded certificate"},
		"file without a cert": {file: junk, wantErr: "holds no PEM-encoded certificate"},
		"missing file":        {file: filepath.Join(dir, "absent.pem"), wantErr: "reading ca_cert_file"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := providerModel{Endpoint: types.StringValue(srv.URL), APIKey: types.StringValue(srv.ReadKey)}
			if tc.pem != "" {
				cfg.CACertPEM = types.StringValue(tc.pem)
			}
			if tc.file != "" {
				cfg.CACertFile = types.StringValue(tc.file)
			}
			var diags diag.Diagnostics
			ccfg := (&contactsProvider{version: "test"}).clientConfig(cfg, "1.11.4", &diags)
			switch {
			case tc.wantErr != "":
				if len(diags.Errors()) != 1 || diags.Errors()[0].Summary() != "Invalid CA Certificate" ||
					!strings.Contains(strings.ToLower(diags.Errors()[0].Detail()), strings.ToLower(tc.wantErr)) {
					t.Fatalf("diagnostics %v, want one Invalid CA Certificate containing %q", diags, tc.wantErr)
				}
				return
			case diags.HasError():
				t.Fatal(diags)
			case tc.wantNil:
				if ccfg.CACertPEM != nil {
					t.Fatalf("got CA certificates %q without CA settings", ccfg.CACertPEM)
				}
			default:
				// The client really trusts the server's CA.
				c, err := client.New(ccfg)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.ListAccessRoles(context.Background()); err != nil {
					t.Fatalf("request over TLS with the CA: %v", err)
				}
			}
		})
	}
}

// TestProviderClientConfig_insecureHTTP checks the plain-http rule, from
// the provider block and from CONTACTS_ALLOW_INSECURE_HTTP, on the settings
// that Configure resolves before its one request: no traffic goes
// anywhere (192.0.2.10 is TEST-NET-1). provider_config_test.go covers the
// refusal end to end with Terraform.
func TestProviderClientConfig_insecureHTTP(t *testing.T) {
	t.Setenv(envCACertPEM, "")
	t.Setenv(envCACertFile, "")
	tests := map[string]struct {
		endpoint string
		allow    *bool
		env      string
		wantErr  string // "" means the settings are accepted
	}{
		"remote http refused":            {endpoint: "http://192.0.2.10", wantErr: "allow_insecure_http = true"},
		"remote http refused explicitly": {endpoint: "http://192.0.2.10:8080", allow: new(false), wantErr: "in the clear"},
		"remote http allowed":            {endpoint: "http://192.0.2.10", allow: new(true)},
		"remote http allowed by env":     {endpoint: "http://192.0.2.10", env: "true"},
		"env refusal":                    {endpoint: "http://192.0.2.10", env: "false", wantErr: "in the clear"},
		"provider block over env":        {endpoint: "http://192.0.2.10", allow: new(false), env: "true", wantErr: "in the clear"},
		"env not a boolean":              {endpoint: "http://127.0.0.1:8080", env: "yes please", wantErr: `CONTACTS_ALLOW_INSECURE_HTTP must be true or false, got "yes please"`},
		"remote https":                   {endpoint: "https://192.0.2.10"},
		"loopback http":                  {endpoint: "http://127.0.0.1:8080"},
		"loopback IPv6 http":             {endpoint: "http://[::1]:8080"},
		"localhost http":                 {endpoint: "http://localhost"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv(envAllowInsecureHTTP, tc.env)
			cfg := providerModel{Endpoint: types.StringValue(tc.endpoint), APIKey: types.StringValue("k-not-used")}
			if tc.allow != nil {
				cfg.AllowInsecureHTTP = types.BoolValue(*tc.allow)
			}
			p := &contactsProvider{version: "test"}
			var diags diag.Diagnostics
			ccfg := p.clientConfig(cfg, "1.11.4", &diags)
			if tc.wantErr == "" {
				if diags.HasError() {
					t.Fatalf("settings refused: %v", diags)
				}
				if _, err := client.New(ccfg); err != nil {
					t.Fatalf("client.New refused the resolved settings: %v", err)
				}
				return
			}
			var details []string
			for _, d := range diags.Errors() {
				details = append(details, d.Summary()+": "+d.Detail())
			}
			if text := strings.Join(details, "\n"); !strings.Contains(text, tc.wantErr) {
				t.Errorf("diagnostics %q, want one naming %q", text, tc.wantErr)
			}
		})
	}
}
