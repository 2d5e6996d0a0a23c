// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

var stepTitles = map[string]string{
	stepApply:     "apply (create)",
	stepPlan:      "plan (no-op, full refresh)",
	stepNoopApply: "apply (no-op)",
	stepUpdate:    "apply (1 % changed)",
	stepDestroy:   "destroy",
}

// markdown renders the results as latest.md.
func (r *Results) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	m := r.Machine
	p("# Benchmark: terraform-provider-contacts against Terraform's own floor\n\n")
	if len(r.Settings.N) == 0 {
		p("Written by `go run ./internal/bench -query-only`, the query scenario of `make bench` alone; the same data is in [latest.json](latest.json).\n\n")
	} else {
		label := r.Settings.RunLabel
		if label == "" {
			label = "make bench"
		}
		p("Written by `%s` (`go run ./internal/bench`); the same data is in [latest.json](latest.json).\n\n", label)
	}
	p("| Machine | |\n|---|---|\n")
	p("| Date (UTC) | %s |\n| CPU | %s, %d cores |\n| Memory | %.1f GiB |\n| OS | %s (kernel %s) |\n", m.Date, m.CPUModel, m.Cores, m.MemoryGiB, m.OS, m.Kernel)
	p("| Go | %s |\n| Terraform | %s |\n| terraform-plugin-framework | %s |\n| Load average at start | %s |\n", m.GoVersion, m.TerraformVersion, m.FrameworkVersion, m.LoadAverage)
	p("| Whole run | %.1f min |\n\n", r.TotalWallS/60)

	s := r.Settings
	p("## How it was measured\n\n")
	if len(s.N) > 0 {
		p("- Each N (%s) runs the same five Terraform commands on one state, for four targets that declare the same graph, N first objects and N second ones each referring to its first one's id, one resource block per object:\n", joinInts(s.N))
		p("  - **contacts**: N `contacts_contact` + N `contacts_portal_user` (each with a write-only password) against the local API server;\n")
		p("  - **no-op provider**, the floor the time target is judged against: `floor_contact` + `floor_portal_user` of `internal/bench/floorprovider`, a provider built with the same framework and served the same way (`internal/protoserver`), whose resources have the contacts resources' schemas, read from `internal/provider`, without validators, plan modifiers or any other logic: they keep their configuration, make up their computed values and call nothing. The configuration is the contacts one with `contacts_` renamed, so Terraform handles objects of the same shape and the difference is what the provider does;\n")
		p("  - **minimal provider**, for information: 2N `floor_item` of the same provider, which keeps a map of its input (2 attributes against 16 and 21), the smallest a framework resource can be;\n")
		p("  - **terraform_data**: 2N `terraform_data`, built into Terraform.\n")
		p("- One block per object, as `terraform plan -generate-config-out` writes them for imported contacts, rather than `count`: a reference such as `c[count.index].id` makes Terraform evaluate the whole `c` tuple for every instance and a destroy orders every `c` instance after every `u` instance, which grows with N² inside Terraform (at N = 1000, 2N `terraform_data` took 83 s to apply and 78 s to destroy that way, against 12 s and 10 s) and would hide the providers' cost.\n")
	}
	if len(s.N) > 0 {
		p("- Each target's steps ran %s on fresh states, the targets interleaved step by step (each step ran for every target, in alternating order, before the next step ran for any, so that a slow spell of the shared machine falls on both sides of a ratio); a step's time is its fastest run's (the least disturbed by the rest of the machine), its provider CPU the least any run spent and its peak memory the largest. `walls_s` in the JSON has every run's time.\n", repeatSetting(s))
		p("- The update step changes %s of the objects of each kind: the contacts' `job_position` and the portal users' password (`password_wo_version`).\n", s.ChangedFraction)
	}
	p("- Terraform CLI at parallelism %s, providers from a generated CLI configuration with `dev_overrides` (nothing downloaded). Time is the wall time of each Terraform command.\n", s.TerraformParallelism)
	p("- State: Terraform's built-in `http` backend, served with locking by the benchmark's process, as a team running Terraform from a pipeline keeps it remotely. With the local backend Terraform rewrites the whole state file after every resource it creates or destroys, which at 2,000 resources is most of an apply or destroy for every target alike (2N `terraform_data` took 115 s to apply with local state, 12 s with this backend). `terraform init` runs before the steps, untimed. Working directories: %s.\n", s.WorkDir)
	p("- Server: %s; bcrypt cost **%d** (the API's default is 10).\n", s.Server, s.BcryptCost)
	p("- Peak memory is the provider process's own peak RSS as the kernel reports it at exit (`internal/bench/rsswrap` launches the provider and reads wait4's rusage), and its peak live heap: what a garbage collection found reachable (`/gc/heap/live:bytes` of runtime/metrics, read after every collection by `internal/bench/heapwatch`, which only the benchmark's builds of the providers contain: `-tags benchheap`). A step's figure is the largest over the provider processes Terraform started for it; CPU adds them up.\n")
	if len(s.ProviderEnv) > 0 {
		p("- **Provider environment**: the N runs' provider processes (not Terraform) ran with `%s`.\n", strings.Join(s.ProviderEnv, "`, `"))
	}
	if s.Profiled {
		p("- **Profiled run**: the contacts provider was the CPU-profiling build (`internal/bench/pprofprovider`), which is slower; do not compare its times.\n")
	}
	p("\n## Targets\n\n| Target | Goal | Measured | Met |\n|---|---|---|---|\n")
	for _, t := range r.Targets {
		met := "**no**"
		if t.Met {
			met = "yes"
		}
		p("| %s | %s | %s | %s |\n", t.Name, t.Target, t.Measured, met)
	}

	if len(s.N) > 0 {
		p("\n## Wall time\n\n| N | Step | contacts (s) | no-op provider (s) | minimal provider (s) | terraform_data (s) | ratio_vs_noop_provider | ratio_vs_minimal_provider | ratio_vs_terraform_data |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, row := range r.Steps {
			p("| %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", row.N, stepTitles[row.Step], secs(row.ContactsS), secs(row.NoopProviderS), secs(row.MinimalProviderS), secs(row.TerraformDataS),
				times(row.RatioVsNoopProvider), times(row.RatioVsMinimalProvider), times(row.RatioVsTerraformData))
		}

		p("\n## API requests (counted by the server)\n\nPer object: a route's count divided by N (there are N contacts and N portal users). Per resource: a method's count divided by 2N.\n\n")
		p("| N | Step | per object, by route | per resource, by method | writes | TCP connections opened |\n|---:|---|---|---|---:|---:|\n")
		for _, row := range r.Steps {
			p("| %d | %s | %s | %s | %d | %d |\n", row.N, stepTitles[row.Step], formatRates(row.RequestsPerObject), formatRates(row.RequestsPerResourceByMethod), row.Writes, row.Connections)
		}

		p("\n## Provider memory\n\nPeak RSS and peak live heap (MiB) of each provider target's processes (terraform_data has none). ")
		p("The RSS above the live heap is mostly the collector's headroom, not live data: `internal/protoserver/gc.go` sets `GOGC=400`, so the heap may grow to five times what the last collection kept before the next one, ")
		p("under a 256 MiB soft limit (`GOMEMLIMIT`) that makes the collector work harder only when the heap nears it; the rest is the runtime, goroutine stacks and the binary's own pages. `GOGC` or `GOMEMLIMIT` in the environment trades that headroom for CPU (DESIGN.md).\n\n")
		p("| N | Step | contacts RSS | contacts live heap | no-op provider RSS | no-op provider live heap | minimal provider RSS | minimal provider live heap |\n|---:|---|---:|---:|---:|---:|---:|---:|\n")
		for _, row := range r.Steps {
			p("| %d | %s | %s | %s | %s | %s | %s | %s |\n", row.N, stepTitles[row.Step], mb(row.ContactsPeakRSSMB), mb(row.ContactsPeakLiveHeapMB),
				mb(row.NoopProviderPeakRSSMB), mb(row.NoopProviderPeakLiveHeapMB), mb(row.MinimalProviderPeakRSSMB), mb(row.MinimalProviderPeakLiveHeapMB))
		}

		p("\n## CPU time\n\nCPU seconds of each process during the step (user + system); per resource: the provider's divided by the 2N resources (ms). Terraform's excludes its provider processes; the API server runs only for contacts.\n\n")
		p("| N | Step | contacts provider CPU | no-op provider CPU | ratio | contacts per resource (ms) | no-op provider per resource (ms) | Terraform CPU with contacts | Terraform CPU with no-op provider | API server CPU |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, row := range r.Steps {
			p("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", row.N, stepTitles[row.Step], secs(row.ContactsProviderCPUS), secs(row.NoopProviderCPUS), times(row.RatioProviderCPUVsNoopProvider),
				ms(row.ContactsProviderCPUPerResourceMS), ms(row.NoopProviderCPUPerResourceMS), secs(row.ContactsTerraformCPUS), secs(row.NoopProviderTerraformCPUS), secs(row.ServerCPUS))
		}
	}

	if len(r.Growth) > 0 {
		g0 := r.Growth[0]
		p("\n## Growth from N = %d to N = %d (×%.0f objects)\n\n", g0.FromN, g0.ToN, g0.RatioN)
		p("| Step | contacts time | no-op provider time | minimal provider time | terraform_data time | contacts peak RSS | contacts live heap | contacts CPU per resource | no-op provider CPU per resource | requests per object |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, g := range r.Growth {
			p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", stepTitles[g.Step], times(g.RatioContactsTime), times(g.RatioNoopProviderTime), times(g.RatioMinimalProviderTime),
				times(g.RatioTerraformDataTime), times(g.RatioContactsPeakRSS), times(g.RatioContactsPeakHeap), times(g.RatioContactsCPUPerResource), times(g.RatioNoopProviderCPUPerResource), times(g.RatioRequestsPerObject))
		}
	}

	if rl := r.RateLimit; rl != nil {
		p("\n## Rate limit\n\nN = %d contacts + %d portal users against a server that allows %d requests a minute per key (a fixed one-minute window, %.0f/s on average). Throughput: answered (non-429) requests per second while the step was sending requests.\n\n", rl.N, rl.N, rl.LimitPerMinute, float64(rl.LimitPerMinute)/60)
		p("| Provider | Step | Wall (s) | Requests | Answered 429 | Throughput (req/s) | Surfaced to the user |\n|---|---|---:|---:|---:|---:|---|\n")
		for _, v := range rl.Variants {
			for _, st := range v.Steps {
				surfaced := "nothing"
				if st.Problem != "" {
					surfaced = st.Problem
				}
				p("| %s | %s | %s | %d | %d | %.1f | %s |\n", v.Name, stepTitles[st.Step], secs(st.WallS), total(st.Requests), st.Statuses["429"], stepThroughput(st), surfaced)
			}
			p("| %s | **all** | | %d | %d | **%.1f** (%.0f %% of the limit) | %d errors |\n", v.Name, v.Requests, v.Served429, v.ThroughputRPS, v.RatioThroughputToLimit*100, v.ErrorsSurfaced)
		}
	}

	if rr := r.Refresh; rr != nil {
		p("\n## Rate-limited refresh\n\n%d contacts + %d portal users over %d client companies (`contacts_client`), applied against an unlimited server; then the server allows %d requests a minute per key (every window opening afresh) and a no-op `terraform plan` is run %d× (the fastest counts), against the same graph over the no-op provider (`floor_client`, `floor_contact`, `floor_portal_user`). Per object: divided by the %d contacts and portal users.\n\n",
			rr.N, rr.N, rr.Clients, rr.LimitPerMinute, len(rr.PlanWallsS), rr.objects())
		p("| Step | contacts (s) | no-op provider (s) | ratio | requests | per object | answered 429 |\n|---|---:|---:|---:|---:|---:|---:|\n")
		for _, row := range []struct {
			name        string
			ours, floor StepResult
		}{{"apply (unlimited)", rr.Apply, rr.FloorApply}, {"no-op plan (limited)", rr.Plan, rr.FloorPlan}} {
			req, _ := withoutEndpointChecks(row.ours.Requests)
			p("| %s | %s | %s | %s | %d | %.3f | %d |\n", row.name, secs(row.ours.WallS), secs(row.floor.WallS), times(ratio(row.ours.WallS, row.floor.WallS)),
				total(req), float64(total(req))/float64(rr.objects()), row.ours.Statuses["429"])
		}
		var failed []string
		for _, st := range []StepResult{rr.Apply, rr.Plan, rr.FloorApply, rr.FloorPlan} {
			if st.Problem != "" {
				failed = append(failed, fmt.Sprintf("- %s: %s", st.Step, st.Problem))
			}
		}
		if len(failed) > 0 {
			p("\nFailed: \n%s\n", strings.Join(failed, "\n"))
		}
	}

	if q := r.Query; q != nil {
		r.queryMarkdown(p)
	}

	var failed []string
	for _, run := range r.Runs {
		for _, st := range run.Steps {
			if st.Problem != "" {
				failed = append(failed, fmt.Sprintf("- %s, N=%d, %s: %s", run.Target, run.N, st.Step, st.Problem))
			}
		}
	}
	if len(failed) > 0 {
		p("\n## Failed steps\n\n%s\n", strings.Join(failed, "\n"))
	}
	return b.String()
}

func stepThroughput(s StepResult) float64 {
	if s.RequestSpanS <= 0 {
		return 0
	}
	return float64(total(s.Requests)-s.Statuses["429"]) / s.RequestSpanS
}

func formatRates(m map[string]float64) string {
	if len(m) == 0 {
		return "—"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("`%s` %.2f", k, m[k]))
	}
	return strings.Join(parts, "<br>")
}

func secs(v float64) string {
	if v <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", v)
}

func mb(v float64) string {
	if v <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", v)
}

func ms(v float64) string {
	if v <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.3f", v)
}

func times(v float64) string {
	if v <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", v)
}

var queryStepTitles = map[string]string{
	stepQuery:      "`terraform query`",
	stepGenerate:   "`terraform query -generate-config-out` (once)",
	stepImportPlan: "`terraform plan` of the generated configuration",
}

func (r *Results) queryMarkdown(p func(string, ...any)) {
	q := r.Query
	p("\n## Query\n\n")
	if q.Skipped != "" {
		p("Not run: %s.\n", q.Skipped)
		return
	}
	p("%d contacts + %d portal users over %d client companies, created through the API before the steps (in no state; %.1f s), found with `terraform query` on Terraform %s: one `list` block per client and kind (`contacts_contact`, `contacts_portal_user`), `include_resource = true`; then `terraform query -generate-config-out` writes the resource and import blocks once, and `terraform plan` of that configuration imports them all. The same over the no-op provider's list resources (`floor_contact`, `floor_portal_user`), which have the same config attributes, identity, display names and resource objects and answer from a fixed in-memory list of the same size, with no request, as its `Read` keeps the state: the difference is the provider's requests and mapping. `terraform query` and the plan ran %d× each, the targets interleaved; a step's time is its fastest run (the machine is shared: slower runs are its load), and `walls_s` in the JSON has every run's time. Per object: divided by the %d contacts and portal users.\n\n",
		q.N, q.N, q.Clients, q.SeedS, q.Terraform, r.Settings.Repeat, q.objects())
	p("| Step | contacts (s) | no-op provider (s) | ratio | requests | per object, by route | contacts provider peak RSS (MB) |\n|---|---:|---:|---:|---:|---|---:|\n")
	for _, row := range []struct {
		step        string
		ours, floor StepResult
	}{{stepQuery, q.Query, q.FloorQuery}, {stepGenerate, q.Generate, q.FloorGenerate}, {stepImportPlan, q.ImportPlan, q.FloorImportPlan}} {
		req, _ := withoutEndpointChecks(row.ours.Requests)
		p("| %s | %s | %s | %s | %d | %s | %s |\n", queryStepTitles[row.step], secs(row.ours.WallS), secs(row.floor.WallS), times(ratio(row.ours.WallS, row.floor.WallS)),
			total(req), formatRates(perObject(req, q.objects())), mb(row.ours.ProviderPeakRSSMB))
	}
	var failed []string
	for _, st := range []StepResult{q.Query, q.Generate, q.ImportPlan, q.FloorQuery, q.FloorGenerate, q.FloorImportPlan} {
		if st.Problem != "" {
			failed = append(failed, fmt.Sprintf("- %s: %s", st.Step, st.Problem))
		}
	}
	if len(failed) > 0 {
		p("\nFailed: \n%s\n", strings.Join(failed, "\n"))
	}
}

// repeatSetting says how many times the steps ran at each N.
func repeatSetting(s Settings) string {
	if s.RepeatLarge == 0 || s.RepeatLarge == s.Repeat {
		return fmt.Sprintf("%d times at each N", s.Repeat)
	}
	return fmt.Sprintf("%d times at N ≤ %d and %d times above", s.Repeat, targetNForTimeLimit, s.RepeatLarge)
}
