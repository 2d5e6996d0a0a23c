// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// writeScopeConfig declares clients and contacts of several resource
// types, so that a plan has many instances that could each warn.
const writeScopeConfig = `
provider "contacts" {}

resource "contacts_client" "c" {
  for_each     = toset(["one", "two", "three"])
  company_name = "Scope ${each.key} Ltd"
}

resource "contacts_contact" "p" {
  for_each   = contacts_client.c
  client_id  = each.value.id
  first_name = "Scope"
  last_name  = each.key
  email      = "${each.key}@scope.example"
}

resource "contacts_portal_user" "p" {
  for_each   = contacts_contact.p
  contact_id = each.value.id
}
`

// readOnlyKeyWarning is the summary of the plan-time warning about a key
// that cannot apply the plan.
const readOnlyKeyWarning = "API Key Cannot Apply This Plan"

// cliWarningSummaries returns the summaries of the provider's warnings in
// Terraform's output ("Warning: <summary>" lines), in order, without the
// CLI's own about the workspace's dev_overrides. Terraform shows warnings
// with one summary once, adding "(and N more similar warnings elsewhere)":
// those count N times more.
func cliWarningSummaries(out string) []string {
	var sums []string
	for line := range strings.SplitSeq(out, "\n") {
		line = strings.TrimLeft(line, "│ ")
		if s, ok := strings.CutPrefix(line, "Warning: "); ok && !strings.HasPrefix(s, "Provider development overrides") {
			sums = append(sums, s)
		}
		var more int
		if _, err := fmt.Sscanf(line, "(and %d more similar warning", &more); err == nil && len(sums) > 0 {
			for range more {
				sums = append(sums, sums[len(sums)-1])
			}
		}
	}
	return sums
}

// planWithKey runs terraform plan -detailed-exitcode (and args) with key
// and returns its exit code, its output and the requests the server
// answered for it, by route.
func planWithKey(w *cliWorkspace, key string, args ...string) (int, string, map[string]int) {
	w.t.Helper()
	ws := *w
	ws.env = append(slices.Clone(w.env), "CONTACTS_API_KEY="+key)
	w.srv.ResetRequestLog()
	code, out := ws.run(append([]string{"plan", "-detailed-exitcode"}, args...)...)
	return code, out, w.srv.RequestCounts()
}

// nonReads returns the routes other than GET among counts.
func nonReads(counts map[string]int) map[string]int {
	out := map[string]int{}
	for route, n := range counts {
		if !strings.HasPrefix(route, "GET ") {
			out[route] = n
		}
	}
	return out
}

// TestAccWriteScope_readOnlyKeyWithChangesWarnsOnce: a plan that proposes
// changes with a read-only key warns once, naming api_key, and still exits
// as a plan with changes does (2); it costs one request more than the
// plan's own (the scope check, which writes nothing) for all nine
// instances.
func TestAccWriteScope_readOnlyKeyWithChangesWarnsOnce(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	w := newCLIWorkspace(t, srv, writeScopeConfig)
	clients := len(srv.Clients())

	code, out, counts := planWithKey(w, srv.ReadKey)
	if code != 2 {
		t.Fatalf("plan exited %d, want 2 (changes):\n%s", code, out)
	}
	if sums := cliWarningSummaries(out); !slices.Equal(sums, []string{readOnlyKeyWarning}) {
		t.Errorf("warnings %q, want exactly one %q:\n%s", sums, readOnlyKeyWarning, out)
	}
	if !testErrorRegexp("Warning: "+readOnlyKeyWarning, "api_key", "CONTACTS_API_KEY", "read scope",
		"fine for review", "applying it needs an API key with write scope").MatchString(out) {
		t.Errorf("the warning does not say what it should:\n%s", out)
	}
	// Nothing planned reads the server: the endpoint check and the scope
	// check are all the requests, and the scope check changed nothing.
	want := map[string]int{routeEndpointCheck: 1, routeScopeCheck: 1}
	if !maps.Equal(counts, want) {
		t.Errorf("the plan made requests %v, want %v", counts, want)
	}
	if cl := srv.Clients(); len(cl) != clients {
		t.Errorf("the plan created clients: %v", cl)
	}
}

// TestAccWriteScope_readOnlyKeyWithoutChangesSilent: a read-only key is
// the right key for a plan that changes nothing (a review pipeline's
// plan): no warning and no extra request. A destroy plan with it warns.
func TestAccWriteScope_readOnlyKeyWithoutChangesSilent(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	w := newCLIWorkspace(t, srv, writeScopeConfig)
	w.mustRun("apply", "-auto-approve")
	clients := len(srv.Clients())

	code, out, counts := planWithKey(w, srv.ReadKey)
	if code != 0 {
		t.Fatalf("plan exited %d, want 0 (no changes):\n%s", code, out)
	}
	if sums := cliWarningSummaries(out); len(sums) != 0 {
		t.Errorf("a plan without changes warns %q:\n%s", sums, out)
	}
	if writes := nonReads(counts); len(writes) != 0 {
		t.Errorf("a plan without changes sent %v", writes)
	}

	code, out, counts = planWithKey(w, srv.ReadKey, "-destroy")
	if code != 2 {
		t.Fatalf("plan -destroy exited %d, want 2:\n%s", code, out)
	}
	if sums := cliWarningSummaries(out); !slices.Equal(sums, []string{readOnlyKeyWarning}) {
		t.Errorf("the destroy plan warns %q, want exactly one %q:\n%s", sums, readOnlyKeyWarning, out)
	}
	if writes := nonReads(counts); !maps.Equal(writes, map[string]int{routeScopeCheck: 1}) {
		t.Errorf("the destroy plan sent %v, want only the scope check", writes)
	}
	if got := len(srv.Clients()); got != clients {
		t.Errorf("the server holds %d clients after the plans, want %d", got, clients)
	}
}

// TestAccWriteScope_writeKeyWithChangesSilent: with a write key a plan
// with changes does not warn; the scope check is its one extra request,
// and writes nothing.
func TestAccWriteScope_writeKeyWithChangesSilent(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	w := newCLIWorkspace(t, srv, writeScopeConfig)
	clients := len(srv.Clients())

	code, out, counts := planWithKey(w, srv.WriteKey)
	if code != 2 {
		t.Fatalf("plan exited %d, want 2 (changes):\n%s", code, out)
	}
	if sums := cliWarningSummaries(out); len(sums) != 0 {
		t.Errorf("a plan with a write key warns %q:\n%s", sums, out)
	}
	want := map[string]int{routeEndpointCheck: 1, routeScopeCheck: 1}
	if !maps.Equal(counts, want) {
		t.Errorf("the plan made requests %v, want %v", counts, want)
	}
	if cl := srv.Clients(); len(cl) != clients {
		t.Errorf("the plan created clients: %v", cl)
	}
}

// Routes of the provider's checks, as the local server counts them.
const (
	routeEndpointCheck = "GET /api/access-roles"
	routeScopeCheck    = "POST /api/clients"
)
