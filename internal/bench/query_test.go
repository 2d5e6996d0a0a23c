// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"strings"
	"testing"
)

func TestQueryPages(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		n, clients, want int
	}{
		"1000 over 10: a page of each kind per client": {1000, 10, 20},
		"1001 over 10: one client has a second page":   {1001, 10, 22},
		"250 over 1": {250, 1, 6},
		"5 over 10: an empty client answers a page": {5, 10, 20},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := queryPages(tc.n, tc.clients); got != tc.want {
				t.Errorf("queryPages(%d, %d) = %d, want %d", tc.n, tc.clients, got, tc.want)
			}
		})
	}
}

func TestHasQuery(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{"1.14.0": true, "1.14.9": true, "1.15.9": true, "1.15.0-rc1": true, "2.0.0": true,
		"1.13.3": false, "1.11.4": false, "0.15.5": false, "": false, "dev": false}
	for version, want := range tests {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			if got := hasQuery(version); got != want {
				t.Errorf("hasQuery(%q) = %v, want %v", version, got, want)
			}
		})
	}
}

func TestQueryConfig(t *testing.T) {
	t.Parallel()
	contacts := queryConfig(targetContacts, 1000, []int64{7, 9})
	if got := strings.Count(contacts, "\nlist "); got != 4 {
		t.Errorf("%d list blocks, want one per client and kind (4):\n%s", got, contacts)
	}
	for _, want := range []string{`list "contacts_contact" "k000"`, `list "contacts_portal_user" "k001"`, "client_id = 9", "include_resource = true", "limit            = 1000", "provider         = contacts"} {
		if !strings.Contains(contacts, want) {
			t.Errorf("contacts query lacks %q:\n%s", want, contacts)
		}
	}
	floor := queryConfig(targetNoopProvider, 1000, []int64{1, 2})
	if strings.Contains(floor, "contacts") || !strings.Contains(floor, `list "floor_portal_user" "k001"`) || !strings.Contains(floor, "provider         = floor") {
		t.Errorf("the floor's query is not the contacts one on the floor:\n%s", floor)
	}
}

func TestQueryProblem(t *testing.T) {
	t.Parallel()
	devOverrides := "\nWarning: Provider development overrides are in effect\n\nThe following provider development overrides are set in the CLI configuration:\n"
	results := "list.contacts_contact.k000   id=1   Bench Person00000 <bench00000@example.test>\nlist.contacts_portal_user.k000   id=1   bench00000@example.test (active)\n"
	tests := map[string]struct {
		step, output string
		problem      string
	}{
		"query with every result":      {stepQuery, devOverrides + results, ""},
		"query one short":              {stepQuery, devOverrides + results[:strings.Index(results, "\n")+1], "1 results, want 2"},
		"generate: results not listed": {stepGenerate, devOverrides, ""},
		"plan clean":                   {stepImportPlan, devOverrides + "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.\n", ""},
		"plan warns": {stepImportPlan, devOverrides + "│ Warning: Argument is deprecated\n│ \nPlan: 2 to import, 0 to add, 0 to change, 0 to destroy.\n",
			"Terraform warns: Warning: Argument is deprecated"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := queryProblem(tc.step, []byte(tc.output), 2); got != tc.problem {
				t.Errorf("queryProblem = %q, want %q", got, tc.problem)
			}
		})
	}
}

func TestQueryTargets(t *testing.T) {
	t.Parallel()
	// 1000 contacts + 1000 portal users over 10 clients: 2000 objects, 20
	// list pages.
	pages := map[string]int{routeCheckEndpoint: 1, routeListContacts: 10, routeListPortalUsers: 10}
	ok := func(step string, wall float64, req map[string]int) StepResult {
		return StepResult{Step: step, WallS: wall, Requests: req}
	}
	tests := map[string]struct {
		q                *QueryResult
		want             [2]bool // requests, time
		measuredContains string
	}{
		"list pages alone, fast": {
			q: &QueryResult{Query: ok(stepQuery, 6, pages), Generate: ok(stepGenerate, 7, pages), ImportPlan: ok(stepImportPlan, 30, nil),
				FloorQuery: ok(stepQuery, 5.5, nil), FloorImportPlan: ok(stepImportPlan, 28, nil)},
			want: [2]bool{true, true}, measuredContains: "query: 20 requests, 0.010 per object",
		},
		"a GET per object": {
			q: &QueryResult{Query: ok(stepQuery, 6, merged(pages, map[string]int{routeGetContact: 1000})), Generate: ok(stepGenerate, 7, pages), ImportPlan: ok(stepImportPlan, 30, nil),
				FloorQuery: ok(stepQuery, 5.5, nil), FloorImportPlan: ok(stepImportPlan, 28, nil)},
			want: [2]bool{false, true}, measuredContains: "1020 requests",
		},
		"a client check per list block": {
			q: &QueryResult{Query: ok(stepQuery, 6, merged(pages, map[string]int{"GET /api/clients/{id}": 20})), Generate: ok(stepGenerate, 7, pages), ImportPlan: ok(stepImportPlan, 30, nil),
				FloorQuery: ok(stepQuery, 5.5, nil), FloorImportPlan: ok(stepImportPlan, 28, nil)},
			want: [2]bool{false, true},
		},
		"an extra page per list block": {
			q: &QueryResult{Query: ok(stepQuery, 6, pages), Generate: ok(stepGenerate, 7, merged(pages, map[string]int{routeListContacts: 10, routeListPortalUsers: 10})), ImportPlan: ok(stepImportPlan, 30, nil),
				FloorQuery: ok(stepQuery, 5.5, nil), FloorImportPlan: ok(stepImportPlan, 28, nil)},
			want: [2]bool{false, true},
		},
		"the import plan over the limit": {
			q: &QueryResult{Query: ok(stepQuery, 6, pages), Generate: ok(stepGenerate, 7, pages), ImportPlan: ok(stepImportPlan, 34, nil),
				FloorQuery: ok(stepQuery, 5.5, nil), FloorImportPlan: ok(stepImportPlan, 28, nil)},
			want: [2]bool{true, false}, measuredContains: "",
		},
		"the query over the limit": {
			q: &QueryResult{Query: ok(stepQuery, 6.7, pages), Generate: ok(stepGenerate, 7, pages), ImportPlan: ok(stepImportPlan, 30, nil),
				FloorQuery: ok(stepQuery, 5.5, nil), FloorImportPlan: ok(stepImportPlan, 28, nil)},
			want: [2]bool{true, false},
		},
		"the import plan failed": {
			q: &QueryResult{Query: ok(stepQuery, 6, pages), Generate: ok(stepGenerate, 7, pages), ImportPlan: StepResult{Step: stepImportPlan, WallS: 1, Problem: "Terraform warns"},
				FloorQuery: ok(stepQuery, 5.5, nil), FloorImportPlan: ok(stepImportPlan, 28, nil)},
			want: [2]bool{true, false},
		},
		"not run": {q: &QueryResult{}, want: [2]bool{false, false}, measuredContains: "a query did not complete"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tc.q.N, tc.q.Clients = 1000, 10
			got := tc.q.targets()
			if len(got) != 2 {
				t.Fatalf("%d targets, want 2", len(got))
			}
			for i, want := range tc.want {
				if got[i].Met != want {
					t.Errorf("%s: met = %v, want %v (%s)", got[i].Name, got[i].Met, want, got[i].Measured)
				}
			}
			if !strings.Contains(got[0].Measured, tc.measuredContains) {
				t.Errorf("requests measured %q, want it to say %q", got[0].Measured, tc.measuredContains)
			}
		})
	}
}

// TestQuerySkipped: without a Terraform that has `terraform query`, the
// scenario is a target not met that says why, and no failed step.
func TestQuerySkipped(t *testing.T) {
	t.Parallel()
	r := sampleResults(10, 50, 60)
	r.Query = &QueryResult{N: 1000, Clients: 10, Terraform: "1.11.4", Skipped: "Terraform 1.11.4 has no `terraform query`"}
	r.compile(defaultTimeBudgetS)
	var found *TargetCheck
	for i := range r.Targets {
		if r.Targets[i].Name == "query" {
			found = &r.Targets[i]
		}
	}
	if found == nil || found.Met || !strings.Contains(found.Measured, "not run: Terraform 1.11.4") {
		t.Errorf("query target = %+v, want not met, saying why", found)
	}
	if r.failedSteps() != 0 {
		t.Errorf("failedSteps = %d, want 0", r.failedSteps())
	}
	if md := r.markdown(); !strings.Contains(md, "## Query\n\nNot run: Terraform 1.11.4") {
		t.Errorf("markdown lacks the note:\n%s", md)
	}
}

// TestQueryInResults: the scenario's targets join the run's, its failed
// steps count, and a run of the scenario alone reports only its own
// targets.
func TestQueryInResults(t *testing.T) {
	t.Parallel()
	r := sampleResults(10, 50, 60)
	r.Query = &QueryResult{N: 1000, Clients: 10, Query: StepResult{Step: stepQuery, Problem: "exit 1"}}
	r.compile(defaultTimeBudgetS)
	names := map[string]bool{}
	for _, tc := range r.Targets {
		names[tc.Name] = true
	}
	for _, want := range []string{"query: requests", "query: time", "run time", "time"} {
		if !names[want] {
			t.Errorf("targets lack %q", want)
		}
	}
	if r.failedSteps() != 1 {
		t.Errorf("failedSteps = %d, want the failed query", r.failedSteps())
	}
	if md := r.markdown(); !strings.Contains(md, "## Query") || !strings.Contains(md, "- query: exit 1") {
		t.Errorf("markdown lacks the scenario:\n%s", md)
	}

	alone := &Results{Settings: Settings{Repeat: 2}, Query: &QueryResult{N: 1000, Clients: 10, Terraform: "1.15.9"}}
	alone.compile(defaultTimeBudgetS)
	if len(alone.Targets) != 2 || alone.Targets[0].Name != "query: requests" {
		t.Errorf("targets of the scenario alone = %+v, want its two", alone.Targets)
	}
	if md := alone.markdown(); strings.Contains(md, "## Wall time") || strings.Contains(md, "update step") || !strings.Contains(md, "-query-only") {
		t.Errorf("markdown of the scenario alone:\n%s", md)
	}
}

func TestParseQueryFlags(t *testing.T) {
	t.Parallel()
	o, err := parseFlags(nil)
	if err != nil || o.QueryN != 1000 || o.QueryClients != 10 || o.QueryTerraform != "" || o.QueryOnly {
		t.Errorf("query scenario by default: %+v, %v; want 1000 over 10", o, err)
	}
	o, err = parseFlags([]string{"-query-only", "-query-n", "20", "-query-clients", "2"})
	if err != nil || len(o.N) != 0 || o.RateN != 0 || o.RefreshN != 0 || o.QueryN != 20 {
		t.Errorf("-query-only: %+v, %v; want the query scenario alone", o, err)
	}
	for _, bad := range [][]string{{"-query-n", "-1"}, {"-query-n", "5", "-query-clients", "6"}, {"-query-clients", "0"}, {"-query-only", "-query-n", "0"}} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}
