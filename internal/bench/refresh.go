// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// The rate-limited refresh: N contacts and N portal users spread over a
// few client companies, applied against an unlimited server, then a no-op
// plan measured once the server allows only LimitPerMinute requests a
// minute, against the same graph over the no-op floor.

// pageSize is the list endpoints' largest page, which batched reads ask for.
const pageSize = 100

// Targets of the rate-limited refresh.
const (
	refreshRequestsPerObjectLimit = 0.03
	refreshTimeRatioLimit         = 1.2
)

// RefreshResult is the rate-limited refresh scenario.
type RefreshResult struct {
	N              int `json:"n"`
	Clients        int `json:"clients"`
	LimitPerMinute int `json:"limit_per_minute"`
	// Apply creates the clients, contacts and portal users, unlimited.
	Apply StepResult `json:"apply"`
	// Plan is the no-op plan under the limit (its fastest run).
	Plan       StepResult `json:"plan"`
	FloorApply StepResult `json:"floor_apply"`
	FloorPlan  StepResult `json:"floor_plan"`
	// PlanWallsS are every plan run's wall times.
	PlanWallsS      []float64 `json:"plan_walls_s,omitempty"`
	FloorPlanWallsS []float64 `json:"floor_plan_walls_s,omitempty"`
}

// objects is what the per-object figures divide by: the contacts and the
// portal users.
func (r *RefreshResult) objects() int { return 2 * r.N }

// batchedReads is what reading the graph from the list endpoints costs:
// each client's own GET and, per client, the pages of its contacts and of
// its portal users.
func batchedReads(n, clients int) int {
	reads := 0
	for k := range clients {
		perClient := n / clients
		if k < n%clients {
			perClient++
		}
		reads += 1 + 2*((perClient+pageSize-1)/pageSize)
	}
	return reads
}

// refreshConfig declares the scenario's graph for target (contacts or the
// no-op floor): clients client companies, and n contacts with a portal
// user each, contact i belonging to client i mod clients.
func refreshConfig(target string, n, clients int) string {
	var b strings.Builder
	b.WriteString(benchVariables)
	for k := range clients {
		fmt.Fprintf(&b, "\nresource \"contacts_client\" \"k%03d\" {\n  company_name = \"Bench Client %03d\"\n}\n", k, k)
	}
	for i := range n {
		pair := strings.Replace(contactsPair, "var.client_id", fmt.Sprintf("contacts_client.k%03d.id", i%clients), 1)
		fmt.Fprintf(&b, pair, fmt.Sprintf("%05d", i), i)
	}
	if target == targetNoopProvider {
		// The same configuration: the floor mirrors every resource.
		return floorHeader + strings.ReplaceAll(b.String(), "contacts_", "floor_")
	}
	return headers[targetContacts] + b.String()
}

// runRefresh runs the scenario: the contacts provider, then the floor.
func (b *bench) runRefresh(ctx context.Context) (*RefreshResult, error) {
	o := b.o
	rr := &RefreshResult{N: o.RefreshN, Clients: o.RefreshClients, LimitPerMinute: o.RefreshLimit}
	srv, err := startAPIServer(unlimited, o.BcryptCost)
	if err != nil {
		return rr, err
	}
	defer srv.close()
	var stop bool
	rr.Apply, rr.Plan, rr.PlanWallsS, stop, err = b.refreshTarget(ctx, targetContacts, terraformEnv(b.cliConfig, b.rssLog, b.contactsEnv(srv, 0)...), srv, func() error {
		return srv.api.SetRateLimit(o.RefreshLimit)
	})
	if err != nil || stop {
		return rr, err
	}
	rr.FloorApply, rr.FloorPlan, rr.FloorPlanWallsS, _, err = b.refreshTarget(ctx, targetNoopProvider, terraformEnv(b.cliConfig, b.rssLog), nil, func() error { return nil })
	return rr, err
}

// refreshTarget applies the graph for target, calls limit, and runs the
// no-op plan Repeat times, keeping the fastest. stop is set when a step
// failed.
func (b *bench) refreshTarget(ctx context.Context, target string, env []string, srv *apiServer, limit func() error) (apply, plan StepResult, walls []float64, stop bool, err error) {
	o := b.o
	label := "refresh-" + target
	dir := filepath.Join(b.work, label)
	if err = b.initDir(ctx, dir, label, refreshConfig(target, o.RefreshN, o.RefreshClients), env); err != nil {
		return apply, plan, nil, true, err
	}
	args, _ := stepCommand(stepApply, o.RefreshN, 0)
	want := fmt.Sprintf("Apply complete! Resources: %d added, 0 changed, 0 destroyed.", 2*o.RefreshN+o.RefreshClients)
	apply, err = b.runStep(ctx, dir, env, srv, label, o.RefreshN, stepApply, args, want)
	if err != nil || apply.Problem != "" {
		return apply, plan, nil, true, err
	}
	if err = limit(); err != nil {
		return apply, plan, nil, true, err
	}
	args, want = stepCommand(stepPlan, o.RefreshN, 0)
	for rep := range o.Repeat {
		var sr StepResult
		sr, err = b.runStep(ctx, dir, env, srv, label, o.RefreshN, stepPlan, args, want)
		if err == nil && sr.Problem == "" && srv != nil {
			sr.Problem = rateLimitMention(readFile(filepath.Join(b.logs, fmt.Sprintf("%s-%d-%s.log", label, o.RefreshN, stepPlan))))
		}
		walls = append(walls, sr.WallS)
		if rep == 0 || sr.Problem != "" || (plan.Problem == "" && sr.WallS < plan.WallS) {
			plan = sr
		}
		if err != nil || sr.Problem != "" {
			return apply, plan, walls, true, err
		}
	}
	return apply, plan, walls, false, nil
}

// refreshTargets are the scenario's targets, as measured.
func (r *RefreshResult) targets() []TargetCheck {
	objects := r.objects()
	planRequests, checks := withoutEndpointChecks(r.Plan.Requests)
	perObject := float64(total(planRequests)) / float64(objects)
	requests := TargetCheck{
		Name:   "rate-limited refresh: requests",
		Target: fmt.Sprintf("a no-op plan of %d contacts + %d portal users over %d clients at %d requests/minute makes ≤ %.2f requests per object", r.N, r.N, r.Clients, r.LimitPerMinute, refreshRequestsPerObjectLimit),
		Met:    r.Plan.Problem == "" && r.Plan.Step != "" && perObject <= refreshRequestsPerObjectLimit,
		Measured: fmt.Sprintf("%d requests, %.3f per object (%s; %d answered 429; and %d endpoint checks, one per provider process)",
			total(planRequests), perObject, formatCounts(planRequests), r.Plan.Statuses["429"], checks),
	}
	ratioToFloor := ratio(r.Plan.WallS, r.FloorPlan.WallS)
	wallTime := TargetCheck{
		Name:     "rate-limited refresh: time",
		Target:   fmt.Sprintf("the no-op plan within %.1f × the no-op provider's plan of the same graph", refreshTimeRatioLimit),
		Met:      ratioToFloor > 0 && ratioToFloor <= refreshTimeRatioLimit,
		Measured: fmt.Sprintf("%.2f× (%.1f s vs %.1f s)", ratioToFloor, r.Plan.WallS, r.FloorPlan.WallS),
	}
	if ratioToFloor == 0 {
		wallTime.Measured = "not measured"
	}
	applyRequests, _ := withoutEndpointChecks(r.Apply.Requests)
	managed := objects + r.Clients
	w := writes(applyRequests)
	reads := total(applyRequests) - w
	budget := batchedReads(r.N, r.Clients)
	create := TargetCheck{
		Name:   "rate-limited refresh: create",
		Target: fmt.Sprintf("the apply that creates them makes ≤ 1 write per object (%d: the clients, contacts and portal users) and its plan no more reads than the batched reads (%d)", managed, budget),
		Met:    r.Apply.Problem == "" && r.Apply.Step != "" && w <= managed && reads <= budget,
		Measured: fmt.Sprintf("%d writes (%.3f per object), %d reads (%s)",
			w, float64(w)/float64(managed), reads, formatCounts(applyRequests)),
	}
	return []TargetCheck{requests, wallTime, create}
}
