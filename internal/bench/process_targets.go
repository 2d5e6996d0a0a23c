// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// The targets on the provider process: wall time and CPU against the
// no-op provider, CPU per resource as the state grows, peak RSS and live
// heap (DESIGN.md, Benchmark).
const (
	// targetNForTimeLimit is the N the wall-time and RSS limits apply at.
	targetNForTimeLimit = 1000
	timeRatioLimit      = 1.1
	// cpuRatioLimit bounds each step's provider CPU against the no-op
	// provider's, at every N: CPU time is what the machine's other load
	// disturbs least.
	cpuRatioLimit = 1.2
	// cpuGrowthLimit bounds the growth of the provider CPU per resource,
	// from N = targetNForTimeLimit to the largest N, against the no-op
	// provider's growth: a cost per object that grows with the state fails
	// it.
	cpuGrowthLimit = 1.1
	peakRSSLimitMB = 150
	// The live heap's bound is liveHeapBaseMB + liveHeapPerResourceKB for
	// each of the 2N resources: the base is what any provider process of
	// this framework holds at a small N, the slope the contacts provider's
	// measured growth per resource with a fifth to spare (DESIGN.md, "Live
	// heap beside peak RSS", has the measurements).
	liveHeapBaseMB        = 8.0
	liveHeapPerResourceKB = 6.0
)

func (r *Results) timeTarget() TargetCheck {
	n := targetNForTimeLimit
	t := TargetCheck{
		Name: "time",
		Target: fmt.Sprintf("each step within %.1f × the no-op provider (the contacts resources' schemas, no logic) at N = %d (Terraform's default parallelism; each step's fastest run)",
			timeRatioLimit, n),
		Met: slices.Contains(r.Settings.N, n),
	}
	if !t.Met {
		t.Measured = fmt.Sprintf("N = %d was not run", n)
	} else {
		parts, met := r.stepRatios(n, timeRatioLimit, func(row *StepRow) (float64, string) {
			return row.RatioVsNoopProvider, fmt.Sprintf("%.1f s vs %.1f s", row.ContactsS, row.NoopProviderS)
		})
		t.Met = met
		var minimal []string
		for _, step := range allSteps {
			if row := r.row(n, step); row != nil && row.RatioVsMinimalProvider > 0 {
				minimal = append(minimal, fmt.Sprintf("%s %.2f×", step, row.RatioVsMinimalProvider))
			}
		}
		t.Measured = fmt.Sprintf("N=%d: %s", n, strings.Join(parts, ", "))
		if len(minimal) > 0 {
			t.Measured += fmt.Sprintf(". For information, against the minimal provider (2 attributes): %s", strings.Join(minimal, ", "))
		}
	}
	var others []string
	for _, other := range r.Settings.N {
		if other <= n {
			continue
		}
		var parts []string
		for _, step := range allSteps {
			if row := r.row(other, step); row != nil && row.RatioVsNoopProvider > 0 {
				parts = append(parts, fmt.Sprintf("%s %.2f×", step, row.RatioVsNoopProvider))
			}
		}
		if len(parts) > 0 {
			others = append(others, fmt.Sprintf("N=%d: %s", other, strings.Join(parts, ", ")))
		}
	}
	if len(others) > 0 {
		t.Measured += ". For information, larger N: " + strings.Join(others, "; ")
	}
	return t
}

// cpuVsFloorTarget holds each step's provider CPU to cpuRatioLimit × the
// no-op provider's, at every N of the run.
func (r *Results) cpuVsFloorTarget() TargetCheck {
	t := TargetCheck{
		Name:   "provider CPU",
		Target: fmt.Sprintf("each step's provider CPU time (user + system, every provider process of the step) within %.1f × the no-op provider's, at every N", cpuRatioLimit),
		Met:    true,
	}
	var perN []string
	for _, n := range r.Settings.N {
		parts, met := r.stepRatios(n, cpuRatioLimit, func(row *StepRow) (float64, string) {
			return row.RatioProviderCPUVsNoopProvider, fmt.Sprintf("%.2f s vs %.2f s", row.ContactsProviderCPUS, row.NoopProviderCPUS)
		})
		t.Met = t.Met && met
		perN = append(perN, fmt.Sprintf("N=%d: %s", n, strings.Join(parts, ", ")))
	}
	t.Measured = strings.Join(perN, "; ")
	return t
}

// stepRatios checks each step's ratio against the no-op provider at n
// (ratio gives it, 0 when not measured, and the figures it comes from)
// against limit: one part per step, and whether every step met it.
func (r *Results) stepRatios(n int, limit float64, ratio func(*StepRow) (float64, string)) (parts []string, met bool) {
	met = true
	for _, step := range allSteps {
		row := r.row(n, step)
		if row == nil {
			met = false
			parts = append(parts, fmt.Sprintf("%s: not measured", step))
			continue
		}
		x, figures := ratio(row)
		if x == 0 {
			met = false
			parts = append(parts, fmt.Sprintf("%s: not measured", step))
			continue
		}
		met = met && x <= limit
		parts = append(parts, fmt.Sprintf("%s %.2f× (%s)", step, x, figures))
	}
	return parts, met
}

// cpuGrowthTarget holds the growth of the contacts provider's CPU per
// resource, from N = targetNForTimeLimit to the largest N, to
// cpuGrowthLimit × the no-op provider's growth over the same runs. The
// floor is the yardstick because a provider's CPU per RPC also depends on
// how fast Terraform sends them, which no provider controls: Terraform's
// apply is superlinear in N, so at the larger N every provider, the floor
// included, is woken more often for less work each time (DESIGN.md, "CPU
// per object as the state grows"). A cost of ours that grows with the
// state shows as a growth above the floor's. It applies only to a run
// that has both N (ok is false otherwise).
func (r *Results) cpuGrowthTarget() (t TargetCheck, ok bool) {
	from, to := targetNForTimeLimit, slices.Max(r.Settings.N)
	if !slices.Contains(r.Settings.N, from) || to <= from {
		return t, false
	}
	t = TargetCheck{
		Name: "provider CPU per object",
		Target: fmt.Sprintf("each step's provider CPU per resource grows from N = %d to N = %d by at most %.0f %% more than the no-op provider's over the same runs: the cost of an object does not grow with the state beyond what Terraform's pace costs every provider",
			from, to, (cpuGrowthLimit-1)*100),
		Met: true,
	}
	var parts []string
	for _, step := range allSteps {
		a, b := r.row(from, step), r.row(to, step)
		if a == nil || b == nil {
			t.Met = false
			parts = append(parts, fmt.Sprintf("%s: not measured", step))
			continue
		}
		ours := ratio(b.ContactsProviderCPUPerResourceMS, a.ContactsProviderCPUPerResourceMS)
		floor := ratio(b.NoopProviderCPUPerResourceMS, a.NoopProviderCPUPerResourceMS)
		if ours == 0 || floor == 0 {
			t.Met = false
			parts = append(parts, fmt.Sprintf("%s: not measured", step))
			continue
		}
		t.Met = t.Met && ours <= cpuGrowthLimit*floor
		parts = append(parts, fmt.Sprintf("%s %.2f → %.2f ms (×%.2f; no-op provider %.2f → %.2f ms, ×%.2f): %.2f",
			step, a.ContactsProviderCPUPerResourceMS, b.ContactsProviderCPUPerResourceMS, ours,
			a.NoopProviderCPUPerResourceMS, b.NoopProviderCPUPerResourceMS, floor, ours/floor))
	}
	t.Measured = strings.Join(parts, ", ")
	return t, true
}

// peakOver is the contacts provider's largest figure over all steps at n.
func (r *Results) peakOver(n int, figure func(*StepResult) float64) float64 {
	peak := 0.0
	if run := r.run(targetContacts, n); run != nil {
		for i := range run.Steps {
			peak = math.Max(peak, figure(&run.Steps[i]))
		}
	}
	return peak
}

func peakRSSOf(s *StepResult) float64  { return s.ProviderPeakRSSMB }
func liveHeapOf(s *StepResult) float64 { return s.ProviderPeakLiveHeapMB }

// memoryTarget holds the peak RSS under peakRSSLimitMB at N =
// targetNForTimeLimit, and its growth from the smallest N to the largest
// under the growth of N.
func (r *Results) memoryTarget() TargetCheck {
	n := targetNForTimeLimit
	t := TargetCheck{
		Name:   "memory",
		Target: fmt.Sprintf("provider peak RSS grows sub-linearly and stays under %d MB at N = %d", peakRSSLimitMB, n),
	}
	var parts []string
	for _, m := range r.Settings.N {
		parts = append(parts, fmt.Sprintf("N=%d: %.1f MB", m, r.peakOver(m, peakRSSOf)))
	}
	at := r.peakOver(n, peakRSSOf)
	t.Met = slices.Contains(r.Settings.N, n) && at > 0 && at < peakRSSLimitMB
	if !slices.Contains(r.Settings.N, n) {
		parts = append(parts, fmt.Sprintf("N = %d was not run", n))
	}
	from, to := slices.Min(r.Settings.N), slices.Max(r.Settings.N)
	if from == to {
		t.Met = false
		parts = append(parts, "growth needs two values of N")
	} else {
		g := ratio(r.peakOver(to, peakRSSOf), r.peakOver(from, peakRSSOf))
		nr := float64(to) / float64(from)
		t.Met = t.Met && g > 0 && g < nr
		parts = append(parts, fmt.Sprintf("×%.2f for ×%.0f objects", g, nr))
	}
	t.Measured = strings.Join(parts, ", ")
	return t
}

// liveHeapLimitMB is the live heap the contacts provider may hold at n.
func liveHeapLimitMB(n int) float64 {
	return liveHeapBaseMB + liveHeapPerResourceKB*float64(2*n)/1024
}

// liveHeapTarget holds the contacts provider's peak live heap at every N
// to liveHeapLimitMB: a part that does not grow with N (the runtime, the
// schemas, the framework, the connection pool, the RPCs in flight) and one
// that grows with each resource (the walk's records and the list pages it
// keeps).
func (r *Results) liveHeapTarget() TargetCheck {
	t := TargetCheck{
		Name: "live heap",
		Target: fmt.Sprintf("provider peak live heap (what a garbage collection found reachable) ≤ %.0f MiB + %.0f KiB per resource (2N). "+
			"The base does not grow with N: the runtime, the schemas, the framework and its gRPC server, the connection pool and the RPCs in flight (at most Terraform's parallelism). "+
			"What grows with N: the walk's records of each object (reads, claims, fresh contacts) and the list pages it has fetched, kept until the walk ends, and what the no-op provider, which keeps nothing between RPCs, also grows by", liveHeapBaseMB, liveHeapPerResourceKB),
		Met: true,
	}
	var parts []string
	for _, n := range r.Settings.N {
		heap, limit := r.peakOver(n, liveHeapOf), liveHeapLimitMB(n)
		t.Met = t.Met && heap > 0 && heap <= limit
		part := fmt.Sprintf("N=%d: %.1f MiB (limit %.1f)", n, heap, limit)
		if heap == 0 {
			part = fmt.Sprintf("N=%d: not measured", n)
		}
		if run := r.run(targetNoopProvider, n); run != nil {
			floor := 0.0
			for i := range run.Steps {
				floor = math.Max(floor, run.Steps[i].ProviderPeakLiveHeapMB)
			}
			part += fmt.Sprintf(", no-op provider %.1f MiB", floor)
		}
		parts = append(parts, part)
	}
	t.Measured = strings.Join(parts, "; ")
	return t
}
