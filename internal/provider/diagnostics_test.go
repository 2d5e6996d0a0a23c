// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// diagClient is a client for srv with the given key and retries, and a
// short cap on waits so that 429 cases stay fast.
func diagClient(t *testing.T, srv *apiservertest.Server, key string, retries int) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: key, MaxRetries: retries, MaxRetryWait: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAddAPIError feeds addAPIError the errors a real local server causes
// and checks that each diagnostic says what happened and what to do.
func TestAddAPIError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := map[string]struct {
		// call makes the failing request and returns its error.
		call func(t *testing.T) error
		// wantPaths are the attributes the errors land on; none means one
		// error on the resource as a whole.
		wantPaths []path.Path
		want      []string
	}{
		"401 names the environment variable": {
			call: func(t *testing.T) error {
				srv := testAccServer(t)
				_, err := diagClient(t, srv, "not-a-key", 0).CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Acme Inc"})
				return err
			},
			want: []string{"did not accept the API key", "(401)", "api_key", "CONTACTS_API_KEY"},
		},
		"403 says the key is read-only": {
			call: func(t *testing.T) error {
				srv := testAccServer(t)
				_, err := diagClient(t, srv, srv.ReadKey, 0).CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Acme Inc"})
				return err
			},
			want: []string{"(403)", "read-only key", "write scope", "CONTACTS_API_KEY"},
		},
		"404 says the object is gone": {
			call: func(t *testing.T) error {
				srv := testAccServer(t)
				_, err := diagClient(t, srv, srv.WriteKey, 0).UpdateContact(ctx, 999999, client.ContactUpdateRequest{FirstName: "A", LastName: "B", Email: "a@b.example"})
				return err
			},
			want: []string{"does not know the object", "404", "Contact not found.", "deleted outside Terraform"},
		},
		"409 gives the API's reason": {
			call: func(t *testing.T) error {
				srv := testAccServer(t)
				c := diagClient(t, srv, srv.WriteKey, 0)
				acct := mustCreateClient(t, c, "Acme Inc")
				portalUserSeedContact(t, c, acct.ID, "jane@acme.example")
				return c.DeleteClient(ctx, acct.ID)
			},
			want: []string{"refused the change to the object", "(409)", "The client still has contacts."},
		},
		"422 lands on the attributes": {
			call: func(t *testing.T) error {
				srv := testAccServer(t)
				_, err := diagClient(t, srv, srv.WriteKey, 0).CreateContact(ctx, client.ContactCreateRequest{
					FirstName: "Jane", LastName: "Doe", Email: "not-an-email", ClientID: 999999,
				})
				return err
			},
			wantPaths: []path.Path{path.Root("client_id"), path.Root("email")},
			want:      []string{"The Contacts API rejected the object"},
		},
		"429 after retries says how to slow down": {
			call: func(t *testing.T) error {
				srv := apiservertest.New(t, apiservertest.WithRateLimit(1))
				c := diagClient(t, srv, srv.WriteKey, 1)
				if _, err := c.ListAccessRoles(ctx); err != nil {
					t.Fatal(err)
				}
				_, err := c.CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Acme Inc"})
				return err
			},
			want: []string{"429 Too Many Attempts", "(after 2 attempts)", "-parallelism", "max_requests_per_second", "max_retries"},
		},
		"5xx after retries says server error": {
			call: func(t *testing.T) error {
				srv := apiservertest.New(t, apiservertest.WithFaults(apiserver.Faults{Seed: 1, ErrorRate: 1}))
				_, err := diagClient(t, srv, srv.WriteKey, 1).CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Acme Inc"})
				return err
			},
			want: []string{"server error for the object", "(after 2 attempts)", "Retry the apply"},
		},
		"network failure": {
			call: func(t *testing.T) error {
				srv := testAccServer(t)
				srv.Close()
				_, err := diagClient(t, srv, srv.WriteKey, 1).CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Acme Inc"})
				return err
			},
			want: []string{"Could not reach the Contacts API for the object", "never reached the server, so nothing changed", "Check endpoint"},
		},
		"request time limit names request_timeout, not timeouts": {
			call: func(t *testing.T) error {
				slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					select {
					case <-r.Context().Done():
					case <-time.After(5 * time.Second):
					}
				}))
				t.Cleanup(slow.Close)
				c, err := client.New(client.Config{Endpoint: slow.URL, APIKey: "k", MaxRetries: 1, MaxRetryWait: 10 * time.Millisecond, RequestTimeout: 50 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.GetContact(ctx, 1)
				return err
			},
			want: []string{"no complete answer for the object within the provider's request_timeout", "50ms", "(after 2 attempts)", "Raise request_timeout (or CONTACTS_REQUEST_TIMEOUT)"},
		},
		"generic 404 is a wrong endpoint, not a deletion": {
			call: func(t *testing.T) error {
				srv := testAccServer(t)
				c, err := client.New(client.Config{Endpoint: srv.URL + "/api", APIKey: srv.WriteKey})
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.GetContact(ctx, 1)
				return err
			},
			want: []string{"did not come from the Contacts API", "Not found.", "looks wrong", "Nothing in the state was changed"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.call(t)
			if err == nil {
				t.Fatal("the call succeeded; the case needs a failure")
			}
			var diags diag.Diagnostics
			addAPIError(&diags, "Error Testing", "the object", err, fieldPaths{
				"email":    path.Root("email"),
				"clientid": path.Root("client_id"),
			})
			if diags.ErrorsCount() != max(1, len(tc.wantPaths)) || diags.WarningsCount() != 0 {
				t.Fatalf("want %d errors, got %v", max(1, len(tc.wantPaths)), diags)
			}
			for i, d := range diags.Errors() {
				if d.Summary() != "Error Testing" {
					t.Errorf("summary %q", d.Summary())
				}
				withPath, hasPath := d.(diag.DiagnosticWithPath)
				switch {
				case len(tc.wantPaths) == 0 && hasPath:
					t.Errorf("error on %s, want it on the resource", withPath.Path())
				case len(tc.wantPaths) > 0 && (!hasPath || !withPath.Path().Equal(tc.wantPaths[i])):
					t.Errorf("error %d is not on %s: %v", i, tc.wantPaths[i], d)
				}
				for _, want := range tc.want {
					if !strings.Contains(d.Detail(), want) {
						t.Errorf("detail does not say %q:\n%s", want, d.Detail())
					}
				}
			}
		})
	}
}

// TestAccDiagnostics_rateLimitedAfterRetries: with the server allowing one
// request a minute and max_retries = 1, the apply fails with advice to
// slow down instead of hanging or failing obscurely.
func TestAccDiagnostics_rateLimitedAfterRetries(t *testing.T) {
	// The server's clock stands still, first at the start of the key's
	// window and then one second before its end: the window never
	// resets however slowly the test runs, and Retry-After (1s) keeps the
	// provider's waits short.
	start := time.Now()
	var late atomic.Bool
	srv := apiservertest.New(t, apiservertest.WithRateLimit(1), apiservertest.WithClock(func() time.Time {
		if late.Load() {
			return start.Add(59 * time.Second)
		}
		return start
	}))
	// The seeding spends the key's one request of this minute.
	mustCreateClient(t, testAPIClient(t, srv), "Seed Ltd")
	late.Store(true)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: reconcileProviderBlock(srv, "max_retries = 1") + `
resource "contacts_client" "test" {
  company_name = "Acme Inc"
}
`,
			ExpectError: testErrorRegexp("Error Creating Client", "kept answering 429 Too Many Attempts for client \"Acme Inc\"",
				"Lower Terraform's -parallelism, set max_requests_per_second below the server's limit, or raise max_retries", "(after 2 attempts)"),
		}},
	})
	if _, err := clientOnServer(srv, "Acme Inc"); err == nil {
		t.Error("a rate-limited create left a client on the server")
	}
}

// TestAccDiagnostics_serverErrorAfterRetries: every create fails with 500
// or 503; the apply fails with a server error that says how often the
// provider tried, and, from a lookup by the company name, that nothing was
// created.
func TestAccDiagnostics_serverErrorAfterRetries(t *testing.T) {
	srv := apiservertest.New(t, apiservertest.WithFaults(apiserver.Faults{Seed: 1, ErrorRate: 1, Routes: []string{"POST /api/clients"}}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: reconcileProviderBlock(srv, "max_retries = 1") + `
resource "contacts_client" "test" {
  company_name = "Acme Inc"
}
`,
			ExpectError: testErrorRegexp("Error Creating Client", "server error for client \"Acme Inc\"", "(after 2 attempts)",
				"Nothing was created", `the server holds no client with the company name "Acme Inc"`),
		}},
	})
	if n := srv.FaultCounts()[apiserver.FaultServerError] + srv.FaultCounts()[apiserver.FaultUnavailable]; n < 2 {
		t.Errorf("the server injected %d server errors, want at least the create's and its repeat's", n)
	}
}
