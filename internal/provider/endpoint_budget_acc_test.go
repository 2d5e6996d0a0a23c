// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccEndpoint_checkHasABudget: the endpoint check ends after
// request_timeout plus max_wait, whatever the server does, with an error
// that says so. Before, with default settings, a plan spent 330 s in the
// check without a word (issue 20, item 8). Small settings keep it fast.
func TestAccEndpoint_checkHasABudget(t *testing.T) {
	// Parallel before the clock starts: the time a parallel test waits for
	// its turn is not the plan's.
	t.Parallel()
	var requests atomic.Int64
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}))
	t.Cleanup(hung.Close)
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "contacts" {
  endpoint        = %q
  api_key         = "some-key"
  max_retries     = 20
  request_timeout = "300ms"
  max_wait        = "200ms"
}

data "contacts_access_roles" "all" {}
`, hung.URL),
			PlanOnly:    true,
			ExpectError: testErrorRegexp(`Contacts API Unreachable`, hung.URL, `gave up after 500ms`, `request_timeout plus max_wait`, `Nothing was read or changed`),
		}},
	})
	// Terraform validates and configures the provider more than once.
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the plan took %s", took)
	}
	if n := requests.Load(); n > 6 {
		t.Errorf("the server saw %d requests; the check's budget allows two per check", n)
	}
}
