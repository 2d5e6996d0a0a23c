// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestRequestDiff(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		got, want map[string]int
		diff      []string
	}{
		"equal": {
			got:  map[string]int{routeGetContact: 3, routeGetPortalUser: 3},
			want: map[string]int{routeGetContact: 3, routeGetPortalUser: 3},
		},
		"extra route": {
			got:  map[string]int{routeCreateContact: 3, routeGetContact: 3, routeCreatePortalUser: 3},
			want: map[string]int{routeCreateContact: 3, routeCreatePortalUser: 3},
			diff: []string{"GET /api/contacts/{id}: 3, want 0"},
		},
		"missing and too many": {
			got:  map[string]int{routeGetContact: 4},
			want: map[string]int{routeGetContact: 3, routeGetPortalUser: 3},
			diff: []string{"GET /api/contacts/{id}: 4, want 3", "GET /api/portal-users/{id}: 0, want 3"},
		},
		"nothing measured": {
			want: map[string]int{routeGetContact: 1},
			diff: []string{"GET /api/contacts/{id}: 0, want 1"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := requestDiff(tc.got, tc.want)
			if strings.Join(got, "|") != strings.Join(tc.diff, "|") {
				t.Errorf("requestDiff = %q, want %q", got, tc.diff)
			}
		})
	}
}

func TestExpectedRequests(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		step string
		n    int
		want map[string]int
	}{
		"create": {stepApply, 100, map[string]int{routeCreateContact: 100, routeCreatePortalUser: 100}},
		"plan":   {stepPlan, 100, map[string]int{routeListContacts: 1, routeListPortalUsers: 1}},
		"plan of 1000: ten pages and nine GETs of each kind": {stepPlan, 1000, map[string]int{
			routeListContacts: 10, routeListPortalUsers: 10, routeGetContact: 9, routeGetPortalUser: 9,
		}},
		"plan of 101: a page and the GET past it": {stepPlan, 101, map[string]int{
			routeListContacts: 1, routeListPortalUsers: 1, routeGetContact: 1, routeGetPortalUser: 1,
		}},
		"update 1 % of 1000": {stepUpdate, 1000, map[string]int{
			routeListContacts: 10, routeListPortalUsers: 10, routeGetContact: 9, routeGetPortalUser: 9, routePatchContact: 10, routeSetPassword: 10,
		}},
		"update at least one": {stepUpdate, 20, map[string]int{
			routeListContacts: 1, routeListPortalUsers: 1, routePatchContact: 1, routeSetPassword: 1,
		}},
		"destroy": {stepDestroy, 5, map[string]int{
			routeListContacts: 1, routeListPortalUsers: 1, routeDeleteContact: 5, routeDeletePortalUser: 5,
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if d := requestDiff(expectedRequests(tc.step, tc.n), tc.want); len(d) > 0 {
				t.Errorf("expectedRequests(%s, %d) differs: %v", tc.step, tc.n, d)
			}
		})
	}
}

func TestStepCommand(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		step     string
		n        int
		wantArgs []string
		wantOut  string
	}{
		"apply":   {stepApply, 100, []string{"apply", "-auto-approve", "changed=0", "client_id=7"}, "Resources: 200 added, 0 changed, 0 destroyed."},
		"plan":    {stepPlan, 100, []string{"plan", "-detailed-exitcode", "changed=0"}, "No changes."},
		"noop":    {stepNoopApply, 100, []string{"apply", "changed=0"}, "Resources: 0 added, 0 changed, 0 destroyed."},
		"update":  {stepUpdate, 1000, []string{"apply", "changed=10"}, "Resources: 0 added, 20 changed, 0 destroyed."},
		"destroy": {stepDestroy, 1000, []string{"destroy", "-auto-approve", "changed=10"}, "Destroy complete! Resources: 2000 destroyed."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args, want := stepCommand(tc.step, tc.n, 7)
			joined := " " + strings.Join(args, " ") + " "
			for _, a := range tc.wantArgs {
				if !strings.Contains(joined, " "+a+" ") {
					t.Errorf("args %q lack %q", args, a)
				}
			}
			if !strings.Contains(want, tc.wantOut) {
				t.Errorf("expected output %q, want it to contain %q", want, tc.wantOut)
			}
		})
	}
}

func TestCheckOutput(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		exit    int
		output  string
		problem string
	}{
		"ok":              {0, "…\nApply complete! Resources: 2 added, 0 changed, 0 destroyed.\n", ""},
		"wrong summary":   {0, "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n", "lacks"},
		"failed":          {1, "╷\n│ Error: Error Creating Contact\n│ \n", "exited with 1: Error: Error Creating Contact"},
		"failed, no text": {1, "", "exited with 1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := checkOutput(stepApply, tc.exit, []byte(tc.output), "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.")
			if (tc.problem == "") != (got == "") || !strings.Contains(got, tc.problem) {
				t.Errorf("checkOutput = %q, want a problem containing %q", got, tc.problem)
			}
		})
	}
}

// sampleResults is a run at N = 100 and 1000 in which every request
// target is met, both floors take 10 s a step and the no-op provider's
// processes spend 1 ms of CPU per resource; each test case spoils one
// thing.
func sampleResults(contactsS, rss100, rss1000 float64) *Results {
	return sampleResultsAt([]int{100, 1000}, contactsS, func(n int) float64 {
		if n == 1000 {
			return rss1000
		}
		return rss100
	})
}

// sampleResultsAt is sampleResults at the given sizes, with the contacts
// provider's peak RSS at each from rss. Its CPU is 1.05 × the no-op
// provider's, its live heap four fifths of the target's limit.
func sampleResultsAt(ns []int, contactsS float64, rss func(n int) float64) *Results {
	const floorS = 10
	r := &Results{Settings: Settings{N: ns}, TotalWallS: 600}
	for _, n := range ns {
		floorCPU := float64(2*n) / 1000
		for _, target := range allTargets {
			run := Run{Target: target, N: n}
			for _, step := range allSteps {
				s := StepResult{Step: step, WallS: floorS}
				switch target {
				case targetContacts:
					s.WallS = contactsS
					s.Requests = expectedRequests(step, n)
					s.ProviderPeakRSSMB = rss(n)
					s.ProviderCPUS = round(floorCPU*1.05, 2)
					s.ProviderPeakLiveHeapMB = round(liveHeapLimitMB(n)*0.8, 1)
				case targetNoopProvider, targetMinimalProvider:
					s.ProviderCPUS = floorCPU
					s.ProviderPeakRSSMB = 50
					s.ProviderPeakLiveHeapMB = 5
				}
				run.Steps = append(run.Steps, s)
			}
			r.Runs = append(r.Runs, run)
		}
	}
	return r
}

// scaleResults is a run at N = 1000 and 5000 (make bench-scale) in which
// every target is met.
func scaleResults() *Results {
	return sampleResultsAt([]int{1000, 5000}, 10.5, func(n int) float64 { return float64(60 + n/50) })
}

func TestCompileTargets(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		results *Results
		spoil   func(*Results)
		unmet   []string
		// absent are targets that must not be in the results at all.
		absent []string
		// present are targets that must be.
		present []string
	}{
		"all met": {
			results: sampleResults(10.5, 40, 80),
			present: []string{"time", "provider CPU", "memory", "live heap", "run time"},
			absent:  []string{"provider CPU per object"},
		},
		"extra GET on create": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				r.run(targetContacts, 1000).step(stepApply).Requests[routeGetContact] = 1000
			},
			unmet: []string{"requests: create"},
		},
		"write in no-op apply": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				r.run(targetContacts, 100).step(stepNoopApply).Requests[routePatchContact] = 1
			},
			unmet: []string{"requests: no-op apply"},
		},
		"too slow": {
			results: sampleResults(11.5, 40, 80),
			unmet:   []string{"time"},
		},
		"just within the time limit": {
			results: sampleResults(11, 40, 80),
		},
		"memory over the limit": {
			results: sampleResults(10.5, 40, 160),
			unmet:   []string{"memory"},
		},
		"memory grows linearly": {
			results: sampleResults(10.5, 10, 100),
			unmet:   []string{"memory"},
		},
		"failed step": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				r.run(targetContacts, 1000).Steps[1].Problem = "terraform exited with 1"
			},
			unmet: []string{"requests: refresh", "time", "provider CPU"},
		},
		"over the time budget": {
			results: sampleResults(10.5, 40, 80),
			spoil:   func(r *Results) { r.TotalWallS = 1000 },
			unmet:   []string{"run time"},
		},
		"provider CPU over the floor's at the small N": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				r.run(targetContacts, 100).step(stepNoopApply).ProviderCPUS = 0.25 // the floor's 0.2 × 1.25
			},
			unmet: []string{"provider CPU"},
		},
		"provider CPU just within the floor's": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				r.run(targetContacts, 1000).step(stepDestroy).ProviderCPUS = 2.4
			},
		},
		"floor CPU not measured": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				r.run(targetNoopProvider, 1000).step(stepPlan).ProviderCPUS = 0
			},
			unmet: []string{"provider CPU"},
		},
		"live heap over the limit": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				r.run(targetContacts, 1000).step(stepPlan).ProviderPeakLiveHeapMB = liveHeapLimitMB(1000) + 0.5
			},
			unmet: []string{"live heap"},
		},
		"live heap not measured": {
			results: sampleResults(10.5, 40, 80),
			spoil: func(r *Results) {
				for i := range r.run(targetContacts, 100).Steps {
					r.run(targetContacts, 100).Steps[i].ProviderPeakLiveHeapMB = 0
				}
			},
			unmet: []string{"live heap"},
		},
		"no N = 1000": {
			results: sampleResultsAt([]int{100, 500}, 10.5, func(n int) float64 { return float64(40 + n/20) }),
			unmet:   []string{"time", "memory"},
			absent:  []string{"provider CPU per object"},
		},
		"scale: all met": {
			results: scaleResults(),
			present: []string{"provider CPU per object"},
		},
		"scale: time and RSS limits are judged at N = 1000": {
			results: scaleResults(),
			spoil: func(r *Results) {
				for i := range r.run(targetContacts, 5000).Steps {
					r.run(targetContacts, 5000).Steps[i].WallS = 15
					r.run(targetContacts, 5000).Steps[i].ProviderPeakRSSMB = 249
				}
			},
		},
		"scale: CPU per object grows 15 % on create": {
			results: scaleResults(),
			spoil: func(r *Results) {
				r.run(targetContacts, 1000).step(stepApply).ProviderCPUS = 2    // 1.00 ms per resource
				r.run(targetContacts, 5000).step(stepApply).ProviderCPUS = 11.5 // 1.15 ms per resource
			},
			unmet: []string{"provider CPU per object"},
		},
		"scale: CPU per object grows within 10 %": {
			results: scaleResults(),
			spoil: func(r *Results) {
				r.run(targetContacts, 1000).step(stepPlan).ProviderCPUS = 2
				r.run(targetContacts, 5000).step(stepPlan).ProviderCPUS = 10.9
			},
		},
		"scale: CPU per object grows as much as the floor's": {
			results: scaleResults(),
			spoil: func(r *Results) {
				// Terraform's pace costs both: ×1.30 each.
				r.run(targetNoopProvider, 5000).step(stepApply).ProviderCPUS = 13
				r.run(targetContacts, 1000).step(stepApply).ProviderCPUS = 2
				r.run(targetContacts, 5000).step(stepApply).ProviderCPUS = 13
			},
		},
		"scale: CPU per object grows 10 % more than the floor's": {
			results: scaleResults(),
			spoil: func(r *Results) {
				// The floor ×1.30, ours ×1.45: 1.115 × the floor's growth.
				r.run(targetNoopProvider, 5000).step(stepDestroy).ProviderCPUS = 13
				r.run(targetContacts, 1000).step(stepDestroy).ProviderCPUS = 2
				r.run(targetContacts, 5000).step(stepDestroy).ProviderCPUS = 14.5
			},
			unmet: []string{"provider CPU per object"},
		},
		"scale: the floor's CPU per object not measured": {
			results: scaleResults(),
			spoil: func(r *Results) {
				r.run(targetNoopProvider, 5000).step(stepUpdate).ProviderCPUS = 0
			},
			unmet: []string{"provider CPU", "provider CPU per object"},
		},
		"scale: a step missing at the large N": {
			results: scaleResults(),
			spoil: func(r *Results) {
				r.run(targetContacts, 5000).Steps[4].Problem = "terraform exited with 1"
			},
			unmet: []string{"provider CPU", "provider CPU per object"},
		},
		"scale: live heap over the limit at the large N only": {
			results: scaleResults(),
			spoil: func(r *Results) {
				r.run(targetContacts, 5000).step(stepPlan).ProviderPeakLiveHeapMB = liveHeapLimitMB(5000) * 1.1
			},
			unmet: []string{"live heap"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if tc.spoil != nil {
				tc.spoil(tc.results)
			}
			tc.results.compile(defaultTimeBudgetS)
			var unmet []string
			names := map[string]bool{}
			for _, c := range tc.results.Targets {
				names[c.Name] = true
				if !c.Met {
					unmet = append(unmet, c.Name)
				}
			}
			if strings.Join(unmet, ",") != strings.Join(tc.unmet, ",") {
				t.Errorf("unmet targets = %q, want %q; targets: %+v", unmet, tc.unmet, tc.results.Targets)
			}
			for _, name := range tc.absent {
				if names[name] {
					t.Errorf("target %q is in the results; it needs sizes this run lacks", name)
				}
			}
			for _, name := range tc.present {
				if !names[name] {
					t.Errorf("target %q is missing", name)
				}
			}
		})
	}
}

func TestCompileRatiosAndGrowth(t *testing.T) {
	t.Parallel()
	r := sampleResults(12, 40, 80)
	r.run(targetContacts, 100).step(stepPlan).WallS = 2
	r.compile(defaultTimeBudgetS)
	row := r.row(1000, stepPlan)
	if row.RatioVsNoopProvider != 1.2 || row.RatioVsTerraformData != 1.2 {
		t.Errorf("ratios at N=1000 = %v, %v, want 1.2, 1.2", row.RatioVsNoopProvider, row.RatioVsTerraformData)
	}
	if got := row.RequestsPerObject[routeListContacts]; got != 0.01 {
		t.Errorf("contact list pages per object = %v, want 0.01", got)
	}
	if got := row.RequestsPerResourceByMethod["GET"]; got != 0.019 {
		t.Errorf("GETs per resource = %v, want 0.019 (20 pages and 18 GETs for 2,000 resources)", got)
	}
	var plan *GrowthRow
	for i := range r.Growth {
		if r.Growth[i].Step == stepPlan {
			plan = &r.Growth[i]
		}
	}
	// Requests per object: 0.01 + 0.01 at N=100, 0.019 + 0.019 at N=1000.
	if plan == nil || plan.RatioContactsTime != 6 || plan.RatioContactsPeakRSS != 2 || plan.RatioRequestsPerObject != 1.9 {
		t.Errorf("plan growth = %+v, want time ×6, RSS ×2, requests per object ×1.9", plan)
	}

	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"ratio_vs_noop_provider":1.2`, `"ratio_vs_minimal_provider":1.2`, `"ratio_vs_terraform_data":1.2`, `"ratio_contacts_time":6`,
		`"contacts_provider_peak_live_heap_mb":`, `"noop_provider_peak_live_heap_mb":5`, `"minimal_provider_peak_live_heap_mb":5`,
		`"contacts_provider_cpu_per_resource_ms":1.05`, `"ratio_provider_cpu_vs_noop_provider":1.05`, `"ratio_contacts_cpu_per_resource":1`} {
		if !strings.Contains(string(js), field) {
			t.Errorf("JSON lacks %s", field)
		}
	}
	md := r.markdown()
	for _, want := range []string{"| 1000 | plan (no-op, full refresh) | 12.00 | 10.00 | 10.00 | 10.00 | 1.20× | 1.20× | 1.20× |", "| time |",
		"## Provider memory", "mostly the collector's headroom, not live data", "| 1000 | plan (no-op, full refresh) | 80.0 | ",
		"| 1000 | plan (no-op, full refresh) | 2.10 | 2.00 | 1.05× | 1.050 | 1.000 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	o, err := parseFlags([]string{"-n", "1000, 100,100", "-rate-n", "0"})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.N) != 2 || o.N[0] != 100 || o.N[1] != 1000 || o.RateN != 0 || o.BcryptCost != 4 {
		t.Errorf("options = %+v", o)
	}
	if len(o.Targets) != len(allTargets) {
		t.Errorf("targets = %q, want all", o.Targets)
	}
	if o.RefreshN != 1000 || o.RefreshClients != 10 || o.RefreshLimit != 600 {
		t.Errorf("rate-limited refresh by default: %d over %d at %d, want 1000 over 10 at 600", o.RefreshN, o.RefreshClients, o.RefreshLimit)
	}
	if o.RunLabel != "make bench" || len(o.ProviderEnv) != 0 {
		t.Errorf("run label %q and provider environment %q by default, want make bench and none", o.RunLabel, o.ProviderEnv)
	}
	if o, err := parseFlags([]string{"-provider-env", "GOMEMLIMIT=64MiB", "-provider-env", "GOGC=100", "-run-label", "make bench-scale"}); err != nil ||
		strings.Join(o.ProviderEnv, " ") != "GOMEMLIMIT=64MiB GOGC=100" || o.RunLabel != "make bench-scale" {
		t.Errorf("-provider-env twice and -run-label: %+v, %v", o, err)
	}
	if o, err := parseFlags([]string{"-n", "1000,5000", "-repeat", "3", "-repeat-large", "1", "-parallelism", "2"}); err != nil ||
		o.repeatAt(1000) != 3 || o.repeatAt(5000) != 1 || o.Parallelism != 2 {
		t.Errorf("-repeat 3 -repeat-large 1 -parallelism 2: %+v, %v", o, err)
	}
	if o.repeatAt(5000) != 2 || o.Parallelism != 0 {
		t.Errorf("by default every N repeats -repeat's 2 times at Terraform's own parallelism: %d, %d", o.repeatAt(5000), o.Parallelism)
	}
	if o, err := parseFlags([]string{"-refresh-n", "0", "-refresh-clients", "0"}); err != nil || o.RefreshN != 0 {
		t.Errorf("-refresh-n 0 (skip): %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"-n", "0"}, {"-n", "ten"}, {"-rate-n", "-1"}, {"-targets", "contacts,floor"},
		{"-refresh-n", "-1"}, {"-refresh-n", "5", "-refresh-clients", "6"}, {"-refresh-clients", "0"}, {"-refresh-limit", "0"},
		{"-provider-env", "GOGC"}, {"-provider-env", "=100"}, {"-repeat-large", "-1"}, {"-parallelism", "-2"}} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

func TestRateLimitMention(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		output string
		found  bool
	}{
		"resource id 429": {"contacts_portal_user.u[12]: Destruction complete after 0s [id=429]\ncontacts_contact.c[428]: Destroying... [id=429]\n", false},
		"clean":           {"Destroy complete! Resources: 400 destroyed.\n", false},
		"API message":     {"│ Error: Error Deleting Portal User\n│ The Contacts API kept answering 429 Too Many Attempts for portal user 12\n", true},
		"status code":     {"│ Warning: retried after HTTP status 429\n", true},
		"rate limit":      {"│ The server's rate limit was reached\n", true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := rateLimitMention(tc.output); (got != "") != tc.found {
				t.Errorf("rateLimitMention = %q, want found=%v", got, tc.found)
			}
		})
	}
}

func TestFastest(t *testing.T) {
	t.Parallel()
	run := func(rss float64, walls ...float64) Run {
		r := Run{Target: targetContacts, N: 10}
		for i, step := range allSteps {
			r.Steps = append(r.Steps, StepResult{Step: step, WallS: walls[i], ProviderPeakRSSMB: rss, ProviderPeakLiveHeapMB: rss / 10})
		}
		return r
	}
	failed := run(30, 1, 1, 1, 1, 1)
	failed.Steps[2].Problem = "terraform exited with 1"
	tests := map[string]struct {
		reps      []Run
		wantWalls []float64
		wantRSS   float64
		wantFail  bool
	}{
		"one run":                         {reps: []Run{run(30, 5, 4, 3, 2, 1)}, wantWalls: []float64{5, 4, 3, 2, 1}, wantRSS: 30},
		"fastest per step, largest peaks": {reps: []Run{run(30, 5, 1, 3, 9, 1), run(40, 4, 2, 3, 2, 7)}, wantWalls: []float64{4, 1, 3, 2, 1}, wantRSS: 40},
		"a failed run is reported as is":  {reps: []Run{run(30, 5, 4, 3, 2, 1), failed}, wantWalls: []float64{1, 1, 1, 1, 1}, wantRSS: 30, wantFail: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := fastest(tc.reps)
			var walls []float64
			for _, s := range got.Steps {
				walls = append(walls, s.WallS)
				if s.ProviderPeakRSSMB != tc.wantRSS || s.ProviderPeakLiveHeapMB != tc.wantRSS/10 {
					t.Errorf("%s: peak RSS %v and live heap %v, want %v and %v", s.Step, s.ProviderPeakRSSMB, s.ProviderPeakLiveHeapMB, tc.wantRSS, tc.wantRSS/10)
				}
			}
			if fmt.Sprint(walls) != fmt.Sprint(tc.wantWalls) {
				t.Errorf("walls = %v, want %v", walls, tc.wantWalls)
			}
			if got.failed() != tc.wantFail {
				t.Errorf("failed = %v, want %v", got.failed(), tc.wantFail)
			}
		})
	}
}

// TestConfigs pins the generated configurations: one block per object,
// each second object referring to its own first one, and the no-op
// provider's configuration the contacts one renamed.
func TestConfigs(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		target string
		want   []string
	}{
		"contacts":         {targetContacts, []string{`resource "contacts_contact" "c00002"`, `contact_id          = contacts_contact.c00002.id`, `password_wo_version = 2 < var.changed ? 2 : 1`, `backend "http" {}`}},
		"no-op provider":   {targetNoopProvider, []string{`resource "floor_contact" "c00002"`, `contact_id          = floor_contact.c00002.id`, `floor = { source = "bench/floor" }`}},
		"minimal provider": {targetMinimalProvider, []string{`resource "floor_item" "u00002"`, `contact_id       = floor_item.c00002.id`}},
		"terraform_data":   {targetTerraformData, []string{`resource "terraform_data" "u00002"`, `contact_id       = terraform_data.c00002.id`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := config(tc.target, 3)
			if got := strings.Count(cfg, "\nresource "); got != 6 {
				t.Errorf("%d resource blocks, want 6", got)
			}
			for _, want := range tc.want {
				if !strings.Contains(cfg, want) {
					t.Errorf("configuration lacks %q:\n%s", want, cfg)
				}
			}
			if tc.target != targetContacts && strings.Contains(cfg, "contacts_") {
				t.Errorf("a floor's configuration uses the contacts provider:\n%s", cfg)
			}
		})
	}
}

func TestFastestTakesLeastCPU(t *testing.T) {
	t.Parallel()
	run := func(wall float64, cpus ...float64) Run {
		r := Run{Target: targetNoopProvider, N: 10}
		for i, step := range allSteps {
			r.Steps = append(r.Steps, StepResult{Step: step, WallS: wall, ProviderCPUS: cpus[i]})
		}
		return r
	}
	// The second run is the fastest, but the first spent less CPU on the
	// apply and the update; a 0 (not measured) is no figure.
	got := fastest([]Run{run(10, 4, 5, 0, 3, 6), run(9, 5, 5, 2, 4, 0)})
	var cpus []float64
	for _, s := range got.Steps {
		cpus = append(cpus, s.ProviderCPUS)
		if s.WallS != 9 {
			t.Errorf("%s: wall %v, want the fastest run's 9", s.Step, s.WallS)
		}
	}
	if want := []float64{4, 5, 2, 3, 6}; fmt.Sprint(cpus) != fmt.Sprint(want) {
		t.Errorf("provider CPU = %v, want the least of each step %v", cpus, want)
	}
}
