// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"strings"
	"testing"
)

func TestBatchedReads(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		n, clients, want int
	}{
		// Per client: its GET, one page of contacts, one of portal users.
		"1000 over 10":   {1000, 10, 10 * 3},
		"1001 over 10":   {1001, 10, 10*3 + 2},
		"250 over 1":     {250, 1, 1 + 2*3},
		"one per client": {3, 3, 3 * 3},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := batchedReads(tc.n, tc.clients); got != tc.want {
				t.Errorf("batchedReads(%d, %d) = %d, want %d", tc.n, tc.clients, got, tc.want)
			}
		})
	}
}

func TestRefreshConfig(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		target string
		want   []string
	}{
		"contacts": {targetContacts, []string{
			`resource "contacts_client" "k001"`, `client_id    = contacts_client.k000.id`, `client_id    = contacts_client.k001.id`,
			`contact_id          = contacts_contact.c00004.id`, `contacts = { source = "contactsapi/contacts" }`,
		}},
		"no-op provider": {targetNoopProvider, []string{
			`resource "floor_client" "k001"`, `client_id    = floor_client.k001.id`, `floor = { source = "bench/floor" }`,
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := refreshConfig(tc.target, 5, 2)
			if got := strings.Count(cfg, "\nresource "); got != 2+2*5 {
				t.Errorf("%d resource blocks, want 12", got)
			}
			if got := strings.Count(cfg, "contacts_client.k000.id") + strings.Count(cfg, "floor_client.k000.id"); got != 3 {
				t.Errorf("client k000 has %d contacts, want 3 of 5", got)
			}
			for _, want := range tc.want {
				if !strings.Contains(cfg, want) {
					t.Errorf("configuration lacks %q:\n%s", want, cfg)
				}
			}
			if strings.Contains(cfg, "var.client_id") || (tc.target != targetContacts && strings.Contains(cfg, "contacts_")) {
				t.Errorf("configuration:\n%s", cfg)
			}
		})
	}
}

func TestRefreshTargets(t *testing.T) {
	t.Parallel()
	// 1000 contacts + 1000 portal users over 10 clients: 2000 objects,
	// 2010 managed, 30 batched reads.
	batched := map[string]int{routeCheckEndpoint: 1, "GET /api/clients/{id}": 10, "GET /api/contacts": 10, "GET /api/portal-users": 10}
	perObject := map[string]int{routeCheckEndpoint: 1, "GET /api/clients/{id}": 10, routeGetContact: 1000, routeGetPortalUser: 1000}
	creates := map[string]int{routeCheckEndpoint: 2, "POST /api/clients": 10, routeCreateContact: 1000, routeCreatePortalUser: 1000}
	tests := map[string]struct {
		plan, apply      StepResult
		floorPlanS       float64
		want             [3]bool // requests, time, create
		measuredContains string
	}{
		"batched and fast": {
			plan:       StepResult{Step: stepPlan, WallS: 11, Requests: batched},
			apply:      StepResult{Step: stepApply, WallS: 25, Requests: creates},
			floorPlanS: 10, want: [3]bool{true, true, true}, measuredContains: "30 requests, 0.015 per object",
		},
		"a GET per object, slow": {
			plan:       StepResult{Step: stepPlan, WallS: 187, Requests: perObject, Statuses: map[string]int{"429": 3}},
			apply:      StepResult{Step: stepApply, WallS: 25, Requests: creates},
			floorPlanS: 50, want: [3]bool{false, false, true}, measuredContains: "2010 requests, 1.005 per object",
		},
		"just over the time limit": {
			plan:       StepResult{Step: stepPlan, WallS: 12.1, Requests: batched},
			apply:      StepResult{Step: stepApply, WallS: 25, Requests: creates},
			floorPlanS: 10, want: [3]bool{true, false, true},
		},
		"the apply reads past the batched reads": {
			plan:       StepResult{Step: stepPlan, WallS: 11, Requests: batched},
			apply:      StepResult{Step: stepApply, WallS: 25, Requests: merged(creates, map[string]int{"GET /api/contacts": 31})},
			floorPlanS: 10, want: [3]bool{true, true, false},
		},
		"the apply writes twice per object": {
			plan:       StepResult{Step: stepPlan, WallS: 11, Requests: batched},
			apply:      StepResult{Step: stepApply, WallS: 25, Requests: merged(creates, map[string]int{"POST /api/portal-users/{id}/actions/set-password": 1000})},
			floorPlanS: 10, want: [3]bool{true, true, false},
		},
		"the plan failed": {
			plan:       StepResult{Step: stepPlan, WallS: 11, Requests: batched, Problem: "exit 1"},
			apply:      StepResult{Step: stepApply, WallS: 25, Requests: creates},
			floorPlanS: 10, want: [3]bool{false, true, true},
		},
		"not run": {want: [3]bool{false, false, false}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rr := &RefreshResult{N: 1000, Clients: 10, LimitPerMinute: 600, Plan: tc.plan, Apply: tc.apply, FloorPlan: StepResult{Step: stepPlan, WallS: tc.floorPlanS}}
			got := rr.targets()
			if len(got) != 3 {
				t.Fatalf("%d targets, want 3", len(got))
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

// TestRefreshInResults: the scenario's targets join the run's, and its
// failed steps count.
func TestRefreshInResults(t *testing.T) {
	t.Parallel()
	r := sampleResults(10, 50, 60)
	r.Refresh = &RefreshResult{N: 1000, Clients: 10, LimitPerMinute: 600, Plan: StepResult{Step: stepPlan, Problem: "exit 1"}}
	r.compile(defaultTimeBudgetS)
	names := map[string]bool{}
	for _, tc := range r.Targets {
		names[tc.Name] = true
	}
	for _, want := range []string{"rate-limited refresh: requests", "rate-limited refresh: time", "rate-limited refresh: create"} {
		if !names[want] {
			t.Errorf("targets lack %q", want)
		}
	}
	if r.failedSteps() != 1 {
		t.Errorf("failedSteps = %d, want the failed plan", r.failedSteps())
	}
	if md := r.markdown(); !strings.Contains(md, "## Rate-limited refresh") {
		t.Errorf("markdown lacks the scenario:\n%s", md)
	}
}
