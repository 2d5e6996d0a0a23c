// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBenchSmoke runs the whole benchmark at a tiny N, so that `make bench`
// keeps working as the resources change: every step of every target must
// succeed, the contacts provider must make exactly the requests the
// targets allow for refresh, no-op apply and update, and peak memory must
// be measured for both providers. It needs the Terraform CLI, so it runs
// with the acceptance tests (TF_ACC=1).
func TestBenchSmoke(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: this test runs the Terraform CLI")
	}
	if _, err := exec.LookPath("terraform"); err != nil && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("terraform is not on PATH")
	}
	const n = 2
	// The query scenario needs Terraform 1.14 or newer: BENCH_QUERY_TERRAFORM,
	// or the build `make engines` unpacks; without either it is left out.
	queryTF, queryN := os.Getenv("BENCH_QUERY_TERRAFORM"), 0
	if queryTF == "" {
		if p, err := filepath.Abs(filepath.Join("..", "..", "bin", "engines", "terraform-1.15.9", "terraform")); err == nil {
			if _, err := os.Stat(p); err == nil {
				queryTF = p
			}
		}
	}
	if queryTF != "" {
		queryN = 6
	}
	res, err := run(t.Context(), options{
		N: []int{n}, Targets: allTargets, Repeat: 2, RateN: n, RateLimit: 1200, RateRPS: 19, BcryptCost: 4,
		RefreshN: 4, RefreshClients: 2, RefreshLimit: 600,
		QueryN: queryN, QueryClients: 2, QueryTerraform: queryTF,
		Work: t.TempDir(), Terraform: os.Getenv("TF_ACC_TERRAFORM_PATH"), TimeBudget: defaultTimeBudgetS,
	})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.failedSteps(); f > 0 {
		t.Fatalf("%d steps failed:\n%s", f, res.markdown())
	}
	for _, target := range allTargets {
		run := res.run(target, n)
		if got := len(run.Steps); got != len(allSteps) {
			t.Errorf("%s ran %d steps, want %d", target, got, len(allSteps))
		}
		if got := len(run.WallsS[stepApply]); got != 2 {
			t.Errorf("%s: %d apply times, want one per repetition (2)", target, got)
		}
	}
	contacts := res.run(targetContacts, n)
	for _, step := range []string{stepPlan, stepNoopApply, stepUpdate, stepDestroy} {
		s := contacts.step(step)
		perObject, checks := withoutEndpointChecks(s.Requests)
		if d := requestDiff(perObject, expectedRequests(step, n)); len(d) > 0 {
			t.Errorf("%s: unexpected requests %v", step, d)
		}
		// At most one endpoint check per provider process (a process that
		// only serves the schema configures nothing).
		if checks < 1 || checks > s.ProviderProcesses {
			t.Errorf("%s: %d endpoint checks over %d provider processes, want 1 to one per process", step, checks, s.ProviderProcesses)
		}
	}
	for _, target := range []string{targetContacts, targetNoopProvider, targetMinimalProvider} {
		s := res.run(target, n).step(stepApply)
		if s.ProviderPeakRSSMB <= 0 || s.ProviderProcesses == 0 {
			t.Errorf("%s apply: provider peak RSS %v MB over %d processes, want a measurement", target, s.ProviderPeakRSSMB, s.ProviderProcesses)
		}
	}
	if s := res.run(targetTerraformData, n).step(stepApply); s.ProviderProcesses != 0 {
		t.Errorf("terraform_data apply started %d provider processes, want none", s.ProviderProcesses)
	}
	if res.RateLimit == nil || len(res.RateLimit.Variants) != 2 {
		t.Fatalf("rate-limit scenario: %+v, want two variants", res.RateLimit)
	}
	for _, v := range res.RateLimit.Variants {
		if v.ErrorsSurfaced != 0 || v.Requests == 0 {
			t.Errorf("rate-limit variant %q: %d errors, %d requests", v.Name, v.ErrorsSurfaced, v.Requests)
		}
	}
	rr := res.Refresh
	if rr == nil || rr.Plan.Step != stepPlan || rr.FloorPlan.Step != stepPlan || rr.FloorPlan.WallS <= 0 {
		t.Fatalf("rate-limited refresh: %+v, want the plans of both targets", rr)
	}
	if req, _ := withoutEndpointChecks(rr.Apply.Requests); writes(req) != 2*4+2 {
		t.Errorf("rate-limited refresh apply: %s, want a create per object", formatCounts(req))
	}
	if total(rr.Plan.Requests) == 0 || rr.Plan.Statuses["429"] != 0 {
		t.Errorf("rate-limited refresh plan: %s, statuses %v; want requests and no 429", formatCounts(rr.Plan.Requests), rr.Plan.Statuses)
	}
	if q := res.Query; queryN > 0 {
		if q == nil || q.Skipped != "" || q.ImportPlan.Step != stepImportPlan || q.FloorImportPlan.Step != stepImportPlan {
			t.Fatalf("query scenario: %+v, want every step of both targets", q)
		}
		// The list pages alone: the target on requests holds at any size.
		if tc := q.targets()[0]; !tc.Met {
			t.Errorf("query requests: %s", tc.Measured)
		}
	}
	if len(res.Targets) == 0 || res.Steps[0].RatioVsNoopProvider <= 0 {
		t.Errorf("no targets or ratios compiled:\n%s", res.markdown())
	}
}
