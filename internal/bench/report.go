// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Results is everything one benchmark run measured; it is written as
// latest.json, and latest.md renders it.
type Results struct {
	Machine   Machine        `json:"machine"`
	Settings  Settings       `json:"settings"`
	Targets   []TargetCheck  `json:"targets"`
	Steps     []StepRow      `json:"steps"`
	Growth    []GrowthRow    `json:"growth,omitempty"`
	RateLimit *RateResult    `json:"rate_limit,omitempty"`
	Refresh   *RefreshResult `json:"rate_limited_refresh,omitempty"`
	Query     *QueryResult   `json:"query,omitempty"`
	Runs      []Run          `json:"runs"`
	// TotalWallS is the whole run, the provider builds included.
	TotalWallS float64 `json:"total_wall_s"`
}

// Settings are the knobs a run used.
type Settings struct {
	N                    []int   `json:"n"`
	BcryptCost           int     `json:"bcrypt_cost"`
	TerraformParallelism string  `json:"terraform_parallelism"`
	ChangedFraction      string  `json:"changed_fraction"`
	Server               string  `json:"server"`
	RateN                int     `json:"rate_limit_n,omitempty"`
	RateLimitPerMinute   int     `json:"rate_limit_per_minute,omitempty"`
	RateClientRPS        float64 `json:"rate_limit_client_rps,omitempty"`
	Profiled             bool    `json:"profiled"`
	// Repeat is how many times each target's steps ran, on fresh states.
	Repeat int `json:"repeat"`
	// RepeatLarge is how many times they ran at each N above 1000, when
	// not Repeat.
	RepeatLarge int `json:"repeat_large,omitempty"`
	// WorkDir is where Terraform kept its working directories, with the
	// file system type.
	WorkDir string `json:"work_dir"`
	// ProviderEnv is what -provider-env added to the N runs' provider
	// processes' environment (e.g. GOMEMLIMIT=64MiB).
	ProviderEnv []string `json:"provider_env,omitempty"`
	// RunLabel is the command that wrote the results (make bench, make
	// bench-scale).
	RunLabel string `json:"run_label,omitempty"`
}

// Run is one target's steps at one N, in order. A failed step ends the run.
// When the steps ran more than once, each step is its fastest run (see
// fastest).
type Run struct {
	Target string       `json:"target"`
	N      int          `json:"n"`
	Steps  []StepResult `json:"steps"`
	// WallsS are each step's wall times over the repetitions, by step.
	WallsS map[string][]float64 `json:"walls_s,omitempty"`
}

// fastest merges repetitions of one target's steps: each step is the
// repetition that took the least wall time (the one least disturbed by
// the rest of the machine), except for the provider's CPU, which is the
// least any repetition spent (the machine's other load only ever adds to
// it), and peak memory, which is the largest any repetition reached. A
// repetition with a failed step counts as is.
func fastest(reps []Run) Run {
	out := Run{Target: reps[0].Target, N: reps[0].N, WallsS: map[string][]float64{}}
	for _, rep := range reps {
		if rep.failed() {
			out.Steps = rep.Steps
			return out
		}
	}
	for i, first := range reps[0].Steps {
		best := first
		for _, rep := range reps {
			s := rep.Steps[i]
			out.WallsS[s.Step] = append(out.WallsS[s.Step], s.WallS)
			peak := max(best.ProviderPeakRSSMB, s.ProviderPeakRSSMB)
			heap := max(best.ProviderPeakLiveHeapMB, s.ProviderPeakLiveHeapMB)
			cpu := leastCPU(best.ProviderCPUS, s.ProviderCPUS)
			if s.WallS < best.WallS {
				best = s
			}
			best.ProviderPeakRSSMB, best.ProviderPeakLiveHeapMB, best.ProviderCPUS = peak, heap, cpu
		}
		out.Steps = append(out.Steps, best)
	}
	return out
}

// leastCPU is the smaller of two CPU figures, 0 (not measured) counting
// as none.
func leastCPU(a, b float64) float64 {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}

func (r *Run) failed() bool {
	for _, s := range r.Steps {
		if s.Problem != "" {
			return true
		}
	}
	return len(r.Steps) < len(allSteps)
}

// StepResult is one Terraform command.
type StepResult struct {
	Step    string  `json:"step"`
	WallS   float64 `json:"wall_s"`
	Problem string  `json:"problem,omitempty"`
	// Requests counts the API requests by route, as the server counted
	// them (contacts only).
	Requests map[string]int `json:"requests,omitempty"`
	// Statuses counts the server's answers by HTTP status.
	Statuses map[string]int `json:"statuses,omitempty"`
	// Connections counts the TCP connections the provider opened to the
	// server.
	Connections int `json:"connections,omitempty"`
	// RequestSpanS is the time from the first request to the last answer.
	RequestSpanS      float64 `json:"request_span_s,omitempty"`
	ProviderProcesses int     `json:"provider_processes"`
	// ProviderPeakRSSMB is the largest peak resident set of the provider
	// processes Terraform started for the step (MiB).
	ProviderPeakRSSMB float64 `json:"provider_peak_rss_mb,omitempty"`
	// ProviderPeakLiveHeapMB is the largest live heap (what a garbage
	// collection found reachable, internal/bench/heapwatch) of those
	// processes (MiB).
	ProviderPeakLiveHeapMB float64 `json:"provider_peak_live_heap_mb,omitempty"`
	// ProviderGCCycles adds up those processes' garbage collections.
	ProviderGCCycles uint64  `json:"provider_gc_cycles,omitempty"`
	ProviderCPUS     float64 `json:"provider_cpu_s"`
	// TerraformCPUS includes the provider processes' CPU time.
	TerraformCPUS float64 `json:"terraform_cpu_s"`
	// ServerCPUS is the benchmark process's CPU time during the step: the
	// API server, for contacts.
	ServerCPUS float64 `json:"server_cpu_s"`
}

// StepRow compares the targets on one step at one N.
type StepRow struct {
	N                      int     `json:"n"`
	Step                   string  `json:"step"`
	ContactsS              float64 `json:"contacts_s"`
	NoopProviderS          float64 `json:"noop_provider_s"`
	MinimalProviderS       float64 `json:"minimal_provider_s"`
	TerraformDataS         float64 `json:"terraform_data_s"`
	RatioVsNoopProvider    float64 `json:"ratio_vs_noop_provider"`
	RatioVsMinimalProvider float64 `json:"ratio_vs_minimal_provider"`
	RatioVsTerraformData   float64 `json:"ratio_vs_terraform_data"`
	// RequestsPerObject is each route's count divided by N (the number of
	// contacts, which is also the number of portal users).
	RequestsPerObject map[string]float64 `json:"requests_per_object"`
	// RequestsPerResourceByMethod divides each method's count by 2N, the
	// number of resources.
	RequestsPerResourceByMethod map[string]float64 `json:"requests_per_resource_by_method"`
	Writes                      int                `json:"writes"`
	Connections                 int                `json:"connections"`
	// Each provider target's peak RSS and peak live heap (MiB): the RSS
	// above the live heap is mostly the collector's headroom
	// (internal/protoserver/gc.go), not data. terraform_data has no
	// provider process.
	ContactsPeakRSSMB             float64 `json:"contacts_provider_peak_rss_mb"`
	ContactsPeakLiveHeapMB        float64 `json:"contacts_provider_peak_live_heap_mb"`
	NoopProviderPeakRSSMB         float64 `json:"noop_provider_peak_rss_mb"`
	NoopProviderPeakLiveHeapMB    float64 `json:"noop_provider_peak_live_heap_mb"`
	MinimalProviderPeakRSSMB      float64 `json:"minimal_provider_peak_rss_mb"`
	MinimalProviderPeakLiveHeapMB float64 `json:"minimal_provider_peak_live_heap_mb"`
	ContactsProviderCPUS          float64 `json:"contacts_provider_cpu_s"`
	NoopProviderCPUS              float64 `json:"noop_provider_cpu_s"`
	// The provider CPU divided by the 2N resources (ms), and the contacts
	// provider's CPU against the no-op provider's.
	ContactsProviderCPUPerResourceMS float64 `json:"contacts_provider_cpu_per_resource_ms"`
	NoopProviderCPUPerResourceMS     float64 `json:"noop_provider_cpu_per_resource_ms"`
	RatioProviderCPUVsNoopProvider   float64 `json:"ratio_provider_cpu_vs_noop_provider"`
	// The Terraform CLI's own CPU time, the provider processes' excluded.
	ContactsTerraformCPUS     float64 `json:"contacts_terraform_cpu_s"`
	NoopProviderTerraformCPUS float64 `json:"noop_provider_terraform_cpu_s"`
	ServerCPUS                float64 `json:"server_cpu_s"`
}

// GrowthRow says how a step's cost grows from the smallest N to the largest.
type GrowthRow struct {
	Step                     string  `json:"step"`
	FromN                    int     `json:"from_n"`
	ToN                      int     `json:"to_n"`
	RatioN                   float64 `json:"ratio_n"`
	RatioContactsTime        float64 `json:"ratio_contacts_time"`
	RatioNoopProviderTime    float64 `json:"ratio_noop_provider_time"`
	RatioMinimalProviderTime float64 `json:"ratio_minimal_provider_time"`
	RatioTerraformDataTime   float64 `json:"ratio_terraform_data_time"`
	RatioContactsPeakRSS     float64 `json:"ratio_contacts_peak_rss"`
	RatioContactsPeakHeap    float64 `json:"ratio_contacts_peak_live_heap"`
	// The provider CPU per resource at ToN against FromN: 1 is a cost
	// per object that does not grow with the state.
	RatioContactsCPUPerResource     float64            `json:"ratio_contacts_cpu_per_resource"`
	RatioNoopProviderCPUPerResource float64            `json:"ratio_noop_provider_cpu_per_resource"`
	RatioRequestsPerObject          float64            `json:"ratio_requests_per_object"`
	RequestsPerObjectFrom           map[string]float64 `json:"requests_per_object_from"`
	RequestsPerObjectTo             map[string]float64 `json:"requests_per_object_to"`
}

// TargetCheck is one of the benchmark's targets, as measured.
type TargetCheck struct {
	Name     string `json:"name"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

// RateResult is the rate-limit scenario: the same steps against a server
// that allows LimitPerMinute requests a minute per key.
type RateResult struct {
	N              int           `json:"n"`
	LimitPerMinute int           `json:"limit_per_minute"`
	Variants       []RateVariant `json:"variants"`
}

// RateVariant is one provider setting under the rate limit.
type RateVariant struct {
	Name      string       `json:"name"`
	ClientRPS float64      `json:"client_rps"`
	Steps     []StepResult `json:"steps"`
	// Requests, Served429 and ServedOK add up the steps.
	Requests  int `json:"requests"`
	Served429 int `json:"served_429"`
	// ErrorsSurfaced counts steps whose Terraform run failed or mentioned
	// a 429 to the user.
	ErrorsSurfaced int `json:"errors_surfaced"`
	// ThroughputRPS is the answered (non-429) requests divided by the
	// time the steps spent sending requests.
	ThroughputRPS float64 `json:"throughput_rps"`
	// RatioThroughputToLimit compares ThroughputRPS with the limit per
	// second.
	RatioThroughputToLimit float64 `json:"ratio_throughput_to_limit"`
}

// Routes of the API that the benchmark expects to see.
const (
	// routeCheckEndpoint is the provider's one read per process that
	// checks the endpoint and key before any other request: not a cost per
	// object, so the per-step targets leave it out.
	routeCheckEndpoint = "GET /api/access-roles"
	// routeScopeCheck counts apart the provider's one check per process
	// that plans a change of whether its key can write (isScopeCheck);
	// it is not a cost per object either.
	routeScopeCheck       = "scope check (POST /api/clients)"
	routeCreateClient     = "POST /api/clients"
	routeCreateContact    = "POST /api/contacts"
	routeListContacts     = "GET /api/contacts"
	routeGetContact       = "GET /api/contacts/{id}"
	routePatchContact     = "PATCH /api/contacts/{id}"
	routeDeleteContact    = "DELETE /api/contacts/{id}"
	routeCreatePortalUser = "POST /api/portal-users"
	routeListPortalUsers  = "GET /api/portal-users"
	routeGetPortalUser    = "GET /api/portal-users/{id}"
	routeDeletePortalUser = "DELETE /api/portal-users/{id}"
	routeSetPassword      = "POST /api/portal-users/{id}/actions/set-password"
)

// expectedRequests is what each step should cost in requests by the
// targets: a create is one request per object (status "active" needs no
// action), a refresh the batched reads of one client's n contacts and n
// portal users (batchedRefresh), a no-op apply no writes, an update only
// the calls for what changed, a destroy a refresh and one DELETE per
// object.
func expectedRequests(step string, n int) map[string]int {
	pages, gets := batchedRefresh(n)
	refresh := map[string]int{routeListContacts: pages, routeListPortalUsers: pages}
	if gets > 0 {
		refresh[routeGetContact], refresh[routeGetPortalUser] = gets, gets
	}
	k := changedCount(n)
	switch step {
	case stepApply:
		return map[string]int{routeCreateContact: n, routeCreatePortalUser: n}
	case stepPlan, stepNoopApply:
		return refresh
	case stepUpdate:
		refresh[routePatchContact] = k
		refresh[routeSetPassword] = k
		return refresh
	case stepDestroy:
		refresh[routeDeleteContact] = n
		refresh[routeDeletePortalUser] = n
		return refresh
	}
	return nil
}

// withoutEndpointChecks returns the counts without the provider's
// endpoint checks and scope checks, and how many endpoint checks there
// were.
func withoutEndpointChecks(requests map[string]int) (map[string]int, int) {
	out := maps.Clone(requests)
	checks := out[routeCheckEndpoint]
	delete(out, routeCheckEndpoint)
	delete(out, routeScopeCheck)
	return out, checks
}

// batchedRefresh is what the provider's batched reads (internal/batchread)
// cost to refresh k objects of one kind in one client, read in any order:
// the client's first list page; then a GET for each read past the pages
// fetched, until such reads outnumber the pages left, when the rest of the
// list is fetched.
func batchedRefresh(k int) (pages, gets int) {
	if k == 0 {
		return 0, 0
	}
	last := (k + pageSize - 1) / pageSize
	beyond := k - min(k, pageSize)
	if beyond <= last-1 {
		return 1, beyond
	}
	return last, last - 1
}

// requestDiff lists the routes whose counts differ from the expected ones,
// as "route: got N, want M".
func requestDiff(got, want map[string]int) []string {
	var out []string
	for _, route := range slices.Sorted(maps.Keys(merged(got, want))) {
		if got[route] != want[route] {
			out = append(out, fmt.Sprintf("%s: %d, want %d", route, got[route], want[route]))
		}
	}
	return out
}

func merged(a, b map[string]int) map[string]int {
	m := maps.Clone(a)
	if m == nil {
		m = map[string]int{}
	}
	for k, v := range b {
		m[k] += v
	}
	return m
}

func writes(requests map[string]int) int {
	w := 0
	for route, c := range requests {
		if !strings.HasPrefix(route, "GET ") {
			w += c
		}
	}
	return w
}

func byMethod(requests map[string]int, resources int) map[string]float64 {
	out := map[string]float64{}
	for route, c := range requests {
		method, _, _ := strings.Cut(route, " ")
		out[method] += float64(c) / float64(resources)
	}
	return out
}

func perObject(requests map[string]int, n int) map[string]float64 {
	out := make(map[string]float64, len(requests))
	for route, c := range requests {
		out[route] = float64(c) / float64(n)
	}
	return out
}

func total(requests map[string]int) int {
	t := 0
	for _, c := range requests {
		t += c
	}
	return t
}

// ratio is a/b, or 0 when b is not positive (a step that did not run).
func ratio(a, b float64) float64 {
	if b <= 0 || a <= 0 {
		return 0
	}
	return a / b
}

func (r *Results) run(target string, n int) *Run {
	for i := range r.Runs {
		if r.Runs[i].Target == target && r.Runs[i].N == n {
			return &r.Runs[i]
		}
	}
	return nil
}

func (r *Run) step(name string) *StepResult {
	if r == nil {
		return nil
	}
	for i := range r.Steps {
		if r.Steps[i].Step == name && r.Steps[i].Problem == "" {
			return &r.Steps[i]
		}
	}
	return nil
}

func wall(s *StepResult) float64 {
	if s == nil {
		return 0
	}
	return s.WallS
}

// compile derives the comparison rows, the growth and the target checks
// from the runs.
func (r *Results) compile(timeBudgetS float64) {
	r.Steps, r.Growth, r.Targets = nil, nil, nil
	for _, n := range r.Settings.N {
		for _, step := range allSteps {
			ours := r.run(targetContacts, n).step(step)
			floor := r.run(targetNoopProvider, n).step(step)
			minimal := r.run(targetMinimalProvider, n).step(step)
			data := r.run(targetTerraformData, n).step(step)
			row := StepRow{
				N: n, Step: step,
				ContactsS: wall(ours), NoopProviderS: wall(floor), MinimalProviderS: wall(minimal), TerraformDataS: wall(data),
			}
			row.RatioVsNoopProvider = round(ratio(row.ContactsS, row.NoopProviderS), 3)
			row.RatioVsMinimalProvider = round(ratio(row.ContactsS, row.MinimalProviderS), 3)
			row.RatioVsTerraformData = round(ratio(row.ContactsS, row.TerraformDataS), 3)
			if ours != nil {
				row.RequestsPerObject = perObject(ours.Requests, n)
				row.RequestsPerResourceByMethod = byMethod(ours.Requests, 2*n)
				row.Writes = writes(ours.Requests)
				row.Connections = ours.Connections
				row.ContactsPeakRSSMB = ours.ProviderPeakRSSMB
				row.ContactsPeakLiveHeapMB = ours.ProviderPeakLiveHeapMB
				row.ContactsProviderCPUS = ours.ProviderCPUS
				row.ContactsProviderCPUPerResourceMS = perResourceMS(ours.ProviderCPUS, n)
				row.ContactsTerraformCPUS = round(ours.TerraformCPUS-ours.ProviderCPUS, 2)
				row.ServerCPUS = ours.ServerCPUS
			}
			if floor != nil {
				row.NoopProviderPeakRSSMB = floor.ProviderPeakRSSMB
				row.NoopProviderPeakLiveHeapMB = floor.ProviderPeakLiveHeapMB
				row.NoopProviderCPUS = floor.ProviderCPUS
				row.NoopProviderCPUPerResourceMS = perResourceMS(floor.ProviderCPUS, n)
				row.NoopProviderTerraformCPUS = round(floor.TerraformCPUS-floor.ProviderCPUS, 2)
			}
			if minimal != nil {
				row.MinimalProviderPeakRSSMB = minimal.ProviderPeakRSSMB
				row.MinimalProviderPeakLiveHeapMB = minimal.ProviderPeakLiveHeapMB
			}
			row.RatioProviderCPUVsNoopProvider = round(ratio(row.ContactsProviderCPUS, row.NoopProviderCPUS), 3)
			r.Steps = append(r.Steps, row)
		}
	}
	if len(r.Settings.N) >= 2 {
		from, to := slices.Min(r.Settings.N), slices.Max(r.Settings.N)
		for _, step := range allSteps {
			a, b := r.row(from, step), r.row(to, step)
			if a == nil || b == nil {
				continue
			}
			ra, rb := r.run(targetContacts, from).step(step), r.run(targetContacts, to).step(step)
			g := GrowthRow{
				Step: step, FromN: from, ToN: to, RatioN: float64(to) / float64(from),
				RatioContactsTime:        round(ratio(b.ContactsS, a.ContactsS), 2),
				RatioNoopProviderTime:    round(ratio(b.NoopProviderS, a.NoopProviderS), 2),
				RatioMinimalProviderTime: round(ratio(b.MinimalProviderS, a.MinimalProviderS), 2),
				RatioTerraformDataTime:   round(ratio(b.TerraformDataS, a.TerraformDataS), 2),
				RatioContactsPeakRSS:     round(ratio(b.ContactsPeakRSSMB, a.ContactsPeakRSSMB), 2),
				RatioContactsPeakHeap:    round(ratio(b.ContactsPeakLiveHeapMB, a.ContactsPeakLiveHeapMB), 2),

				RatioContactsCPUPerResource:     round(ratio(b.ContactsProviderCPUPerResourceMS, a.ContactsProviderCPUPerResourceMS), 3),
				RatioNoopProviderCPUPerResource: round(ratio(b.NoopProviderCPUPerResourceMS, a.NoopProviderCPUPerResourceMS), 3),
				RequestsPerObjectFrom:           a.RequestsPerObject,
				RequestsPerObjectTo:             b.RequestsPerObject,
			}
			if ra != nil && rb != nil {
				g.RatioRequestsPerObject = round(ratio(float64(total(rb.Requests))/float64(to), float64(total(ra.Requests))/float64(from)), 3)
			}
			r.Growth = append(r.Growth, g)
		}
	}
	r.checkTargets(timeBudgetS)
}

// scenariosRun names the scenarios besides the N runs that the run time
// includes.
func (r *Results) scenariosRun() string {
	var names []string
	if r.RateLimit != nil {
		names = append(names, "rate-limit")
	}
	if r.Refresh != nil {
		names = append(names, "rate-limited refresh")
	}
	if r.Query != nil && r.Query.Skipped == "" {
		names = append(names, "query")
	}
	if len(names) == 0 {
		return ""
	}
	return ", the " + strings.Join(names, ", ") + " scenarios"
}

// perResourceMS is cpuS spread over the 2n resources of a run, in ms.
func perResourceMS(cpuS float64, n int) float64 {
	if cpuS <= 0 || n <= 0 {
		return 0
	}
	return round(cpuS*1000/float64(2*n), 3)
}

func (r *Results) row(n int, step string) *StepRow {
	for i := range r.Steps {
		if r.Steps[i].N == n && r.Steps[i].Step == step {
			return &r.Steps[i]
		}
	}
	return nil
}

// The targets the provider is held to (DESIGN.md, Benchmark); those on the
// provider process's time, CPU and memory are in process_targets.go.
const (
	throughputMinRatio = 0.9
	defaultTimeBudgetS = 15 * 60
)

func (r *Results) checkTargets(timeBudgetS float64) {
	requestTarget := func(name, target string, steps ...string) {
		met, measured := true, []string{}
		for _, n := range r.Settings.N {
			run := r.run(targetContacts, n)
			for _, step := range steps {
				s := run.step(step)
				if s == nil {
					met = false
					measured = append(measured, fmt.Sprintf("N=%d %s: did not complete", n, step))
					continue
				}
				perObjectRequests, checks := withoutEndpointChecks(s.Requests)
				diff := requestDiff(perObjectRequests, expectedRequests(step, n))
				if len(diff) == 0 {
					measured = append(measured, fmt.Sprintf("N=%d %s: as expected (%s, and %d endpoint checks, one per provider process)", n, step, formatCounts(perObjectRequests), checks))
					continue
				}
				met = false
				measured = append(measured, fmt.Sprintf("N=%d %s: %s", n, step, strings.Join(diff, "; ")))
			}
		}
		r.Targets = append(r.Targets, TargetCheck{Name: name, Target: target, Measured: strings.Join(measured, ". "), Met: met})
	}
	// A run of the query scenario alone (-query-only) has no N.
	if len(r.Settings.N) > 0 {
		requestTarget("requests: create", "1 request per object (no action: the declared status is active)", stepApply)
		requestTarget("requests: refresh", "the batched reads in a no-op plan: the client's list pages (100 objects each) and at most one GET per page beyond the first", stepPlan)

		noop := TargetCheck{Name: "requests: no-op apply", Target: "0 writes", Met: true}
		var parts []string
		for _, n := range r.Settings.N {
			s := r.run(targetContacts, n).step(stepNoopApply)
			if s == nil {
				noop.Met = false
				parts = append(parts, fmt.Sprintf("N=%d: did not complete", n))
				continue
			}
			w := writes(s.Requests)
			noop.Met = noop.Met && w == 0
			parts = append(parts, fmt.Sprintf("N=%d: %d writes, %d reads", n, w, total(s.Requests)-w))
		}
		noop.Measured = strings.Join(parts, "; ")
		r.Targets = append(r.Targets, noop)

		requestTarget("requests: update", "only the calls whose fields changed (1 PATCH per changed contact, 1 set-password per rotated password) besides the refresh", stepUpdate)
	}

	if len(r.Settings.N) > 0 {
		r.Targets = append(r.Targets, r.timeTarget(), r.cpuVsFloorTarget())
		if t, ok := r.cpuGrowthTarget(); ok {
			r.Targets = append(r.Targets, t)
		}
		r.Targets = append(r.Targets, r.memoryTarget(), r.liveHeapTarget())
	}
	if r.RateLimit != nil {
		r.Targets = append(r.Targets, r.rateTarget())
	}
	if r.Refresh != nil {
		r.Targets = append(r.Targets, r.Refresh.targets()...)
	}
	if r.Query != nil {
		r.Targets = append(r.Targets, r.Query.targets()...)
	}
	if len(r.Settings.N) == 0 {
		return // the budget is make bench's, which runs every N
	}
	label := r.Settings.RunLabel
	if label == "" {
		label = "make bench"
	}
	budget := TargetCheck{
		Name:     "run time",
		Target:   fmt.Sprintf("`%s` under %.0f minutes", label, timeBudgetS/60),
		Measured: fmt.Sprintf("%.1f minutes (builds, N = %s%s)", r.TotalWallS/60, joinInts(r.Settings.N), r.scenariosRun()),
		Met:      r.TotalWallS > 0 && r.TotalWallS < timeBudgetS,
	}
	r.Targets = append(r.Targets, budget)
}

func (r *Results) rateTarget() TargetCheck {
	rl := r.RateLimit
	limit := float64(rl.LimitPerMinute) / 60
	t := TargetCheck{
		Name: "rate limit",
		Target: fmt.Sprintf("under a server limit of %d requests/minute (%.0f/s), throughput stays at the limit (≥ %.0f %% of it while requests flow) and no 429 reaches the user",
			rl.LimitPerMinute, limit, throughputMinRatio*100),
		Met: len(rl.Variants) > 0,
	}
	var parts []string
	for _, v := range rl.Variants {
		ok := v.ErrorsSurfaced == 0 && len(v.Steps) == len(rateSteps)
		// The throttled variant must hold the pace; without a throttle the
		// fixed window decides it, and only the absence of errors counts.
		if v.ClientRPS > 0 {
			ok = ok && v.RatioThroughputToLimit >= throughputMinRatio
		}
		t.Met = t.Met && ok
		parts = append(parts, fmt.Sprintf("%s: %.1f req/s (%.0f %% of the limit), %d requests, %d answered 429, %d errors surfaced",
			v.Name, v.ThroughputRPS, v.RatioThroughputToLimit*100, v.Requests, v.Served429, v.ErrorsSurfaced))
	}
	t.Measured = fmt.Sprintf("N=%d: %s", rl.N, strings.Join(parts, "; "))
	return t
}

func formatCounts(m map[string]int) string {
	var parts []string
	for _, route := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", route, m[route]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
