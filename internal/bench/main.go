// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command bench measures terraform-provider-contacts against Terraform's
// own floor, in one run on one machine (`make bench`; DESIGN.md says which
// of the provider's workarounds its figures justify).
//
// For each N it applies N contacts and N portal users with passwords
// through the real Terraform CLI against the local API server, runs a
// no-op plan (full refresh), a no-op apply, a change to 1 % of the
// objects and a destroy, and runs the same steps over the floors: a no-op
// provider built with the same framework whose resources have the contacts
// resources' schemas and no logic (./floorprovider), the same provider's
// minimal floor_item, and Terraform's built-in terraform_data. Each
// target's steps run -repeat times, interleaved step by step, and each step reports its
// fastest run. It reports wall times and their ratios, the API requests
// the server counted, the provider process's peak memory, how each grows
// with N, and a rate-limit scenario, as Markdown and JSON:
//
//	go run ./internal/bench -n 100,1000 -out bench/results
//
// Nothing is downloaded: both providers are built from this module and
// reached through dev_overrides in a generated CLI configuration, and the
// state is kept by Terraform's built-in http backend, served here.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	N         []int
	Targets   []string
	RateN     int
	RateLimit int
	RateRPS   float64
	// The rate-limited refresh: contacts (each with a portal user), the
	// clients they are spread over, the server's limit during the plan.
	RefreshN       int
	RefreshClients int
	RefreshLimit   int
	// The query scenario: contacts (each with a portal user), the clients
	// they are spread over, the CLI that runs it (Terraform 1.14 or newer),
	// and whether it runs alone.
	QueryN         int
	QueryClients   int
	QueryTerraform string
	QueryOnly      bool
	BcryptCost     int
	Out            string
	Work           string
	Keep           bool
	Terraform      string
	PprofDir       string
	TimeBudget     time.Duration
	Repeat         int
	// RepeatLarge is how many times the steps run at each N above
	// targetNForTimeLimit (0: Repeat).
	RepeatLarge int
	// ProviderEnv is NAME=VALUE settings added to the environment of the
	// provider processes of the N runs alone (not Terraform's).
	ProviderEnv []string
	// RunLabel names the command the results say wrote them.
	RunLabel string
	// Parallelism is Terraform's -parallelism in the N runs; 0 leaves
	// Terraform's default.
	Parallelism int
}

func main() {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := run(ctx, o)
	if res != nil && o.Out != "" {
		if werr := writeResults(o.Out, res); werr != nil {
			err = errors.Join(err, werr)
		} else {
			fmt.Fprintf(os.Stderr, "bench: wrote %s and %s\n", filepath.Join(o.Out, "latest.md"), filepath.Join(o.Out, "latest.json"))
		}
	}
	if res != nil {
		fmt.Print(res.markdown())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if res.failedSteps() > 0 {
		fmt.Fprintf(os.Stderr, "bench: %d steps failed; see \"Failed steps\" in the results\n", res.failedSteps())
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	o := options{}
	ns := fs.String("n", "100,1000", "comma-separated numbers of contacts (each with a portal user)")
	targets := fs.String("targets", strings.Join(allTargets, ","), "comma-separated targets to run (leaving out a floor leaves its ratios out)")
	fs.IntVar(&o.RateN, "rate-n", 200, "contacts (each with a portal user) in the rate-limit scenario; 0 skips it")
	fs.IntVar(&o.RateLimit, "rate-limit", 1200, "server rate limit of the rate-limit scenario, requests per minute")
	fs.Float64Var(&o.RateRPS, "rate-rps", 19, "the provider's max_requests_per_second in the throttled rate-limit variant")
	fs.IntVar(&o.RefreshN, "refresh-n", 1000, "contacts (each with a portal user) in the rate-limited refresh; 0 skips it")
	fs.IntVar(&o.RefreshClients, "refresh-clients", 10, "client companies the rate-limited refresh spreads its contacts over")
	fs.IntVar(&o.RefreshLimit, "refresh-limit", 600, "server rate limit during the rate-limited refresh's no-op plan, requests per minute")
	fs.IntVar(&o.QueryN, "query-n", 1000, "contacts (each with a portal user) in the query scenario; 0 skips it")
	fs.IntVar(&o.QueryClients, "query-clients", 10, "client companies the query scenario spreads its contacts over (a list block per client and kind)")
	fs.StringVar(&o.QueryTerraform, "query-terraform", "", "Terraform CLI of the query scenario, 1.14 or newer (default: -terraform's; the scenario is skipped with a note when it has no `terraform query`)")
	fs.BoolVar(&o.QueryOnly, "query-only", false, "run the query scenario alone (no N runs, rate-limit or rate-limited refresh scenarios; -n is ignored)")
	fs.IntVar(&o.BcryptCost, "bcrypt-cost", 4, "bcrypt cost of the server's password hashes (the API's default is 10)")
	fs.StringVar(&o.Out, "out", "", "directory to write latest.md and latest.json to (empty: print the Markdown only)")
	fs.StringVar(&o.Work, "work", "", "working directory for builds, states and logs (default: a temporary directory on /dev/shm where there is one, removed afterwards)")
	fs.BoolVar(&o.Keep, "keep", false, "keep the temporary working directory (Terraform logs of every step are in it)")
	fs.StringVar(&o.Terraform, "terraform", "", "Terraform CLI to run (default: terraform on PATH)")
	fs.StringVar(&o.PprofDir, "pprof", "", "write CPU profiles of the contacts provider and the floors (one per process) and of the API server to this directory; times are then not comparable")
	fs.IntVar(&o.Repeat, "repeat", 2, "how many times each target's steps run at each N, interleaved, on fresh states; each step reports its fastest run")
	fs.IntVar(&o.RepeatLarge, "repeat-large", 0, "how many times each target's steps run at each N above 1000 (0: as -repeat), so that a scale run can repeat the N the ratio targets are judged at without repeating its longest runs")
	fs.DurationVar(&o.TimeBudget, "time-budget", defaultTimeBudgetS*time.Second, "the whole run's time target, reported in the results")
	fs.IntVar(&o.Parallelism, "parallelism", 0, "Terraform's -parallelism in the N runs (0: Terraform's default, 10); a lower value spaces the provider's RPCs further apart, as a slower Terraform does")
	fs.StringVar(&o.RunLabel, "run-label", "make bench", "the command the results say wrote them, e.g. make bench-scale")
	fs.Func("provider-env", "NAME=VALUE added to the environment of the N runs' provider processes only (not Terraform's), e.g. GOMEMLIMIT=64MiB; repeatable", func(kv string) error {
		if name, _, ok := strings.Cut(kv, "="); !ok || name == "" || strings.ContainsAny(kv, "\n") {
			return fmt.Errorf("%q is not NAME=VALUE", kv)
		}
		o.ProviderEnv = append(o.ProviderEnv, kv)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, f := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: %q is not a positive whole number", f)
		}
		o.N = append(o.N, n)
	}
	slices.Sort(o.N)
	o.N = slices.Compact(o.N)
	for _, t := range strings.Split(*targets, ",") {
		t = strings.TrimSpace(t)
		if !slices.Contains(allTargets, t) {
			return o, fmt.Errorf("-targets: %q is not one of %s", t, strings.Join(allTargets, ", "))
		}
		o.Targets = append(o.Targets, t)
	}
	if o.PprofDir != "" {
		abs, err := filepath.Abs(o.PprofDir)
		if err != nil {
			return o, err
		}
		o.PprofDir = abs
	}
	if o.Repeat < 1 || o.RepeatLarge < 0 {
		return o, errors.New("-repeat must be at least 1, and -repeat-large 0 or more")
	}
	if o.Parallelism < 0 {
		return o, errors.New("-parallelism must not be negative")
	}
	if o.RateN < 0 || o.RateLimit < 1 || o.RateRPS < 0 {
		return o, errors.New("-rate-n, -rate-limit and -rate-rps must not be negative")
	}
	if o.QueryN < 0 || (o.QueryN > 0 && (o.QueryClients < 1 || o.QueryClients > o.QueryN)) {
		return o, errors.New("-query-n must not be negative, and with it -query-clients must be 1 to -query-n")
	}
	if o.QueryOnly {
		if o.QueryN == 0 {
			return o, errors.New("-query-only needs -query-n")
		}
		o.N, o.RateN, o.RefreshN = nil, 0, 0
	}
	if o.RefreshN < 0 || (o.RefreshN > 0 && (o.RefreshClients < 1 || o.RefreshClients > o.RefreshN || o.RefreshLimit < 1)) {
		return o, errors.New("-refresh-n must not be negative, and with it -refresh-clients must be 1 to -refresh-n and -refresh-limit positive")
	}
	return o, nil
}

// bench holds what every step needs.
type bench struct {
	o         options
	terraform string
	work      string
	logs      string
	cliConfig string
	rssLog    string
	states    *stateStore
}

func run(ctx context.Context, o options) (*Results, error) {
	start := time.Now()
	tf := o.Terraform
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			return nil, errors.New("terraform not found on PATH: install Terraform 1.11 or newer, or pass -terraform")
		}
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return nil, err
	}
	machine, err := describeMachine(ctx, tf, root)
	if err != nil {
		return nil, fmt.Errorf("asking %s for its version: %w", tf, err)
	}
	work := o.Work
	if work == "" {
		if work, err = os.MkdirTemp(scratchBase(), "contacts-bench-"); err != nil {
			return nil, err
		}
		if o.Keep {
			fmt.Fprintln(os.Stderr, "bench: working directory", work)
		} else {
			defer os.RemoveAll(work)
		}
	}
	if work, err = filepath.Abs(work); err != nil {
		return nil, err
	}
	b := &bench{o: o, terraform: tf, work: work, logs: filepath.Join(work, "logs"), cliConfig: filepath.Join(work, "terraformrc"), rssLog: filepath.Join(work, "provider-rss.jsonl")}
	if err := os.MkdirAll(b.logs, 0o755); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "bench: building the providers (%s)\n", machine.TerraformVersion)
	bins, err := buildProviders(ctx, work, o.PprofDir != "")
	if err != nil {
		return nil, err
	}
	if err := writeCLIConfig(b.cliConfig, bins.ContactsDir, bins.FloorDir); err != nil {
		return nil, err
	}
	if b.states, err = startStateStore(); err != nil {
		return nil, err
	}
	defer b.states.close()
	if o.PprofDir != "" {
		stopProfile, err := b.profileServer()
		if err != nil {
			return nil, err
		}
		defer stopProfile()
	}

	res := &Results{
		Machine: machine,
		Settings: Settings{
			N:                    o.N,
			BcryptCost:           o.BcryptCost,
			TerraformParallelism: parallelismSetting(o.Parallelism),
			ChangedFraction:      "1 % (at least one)",
			Server: "the standalone server's code path (apiserver.New behind net/http on 127.0.0.1:0, as `go run ./internal/cmd/contacts-server` runs it), " +
				"hosted in the benchmark's process so that its own request counters are read between steps; in memory (no -data file), no rate limit outside the rate-limit scenario",
			Profiled:    o.PprofDir != "",
			Repeat:      o.Repeat,
			RepeatLarge: o.RepeatLarge,
			WorkDir:     fsDescription(work),
			ProviderEnv: o.ProviderEnv,
			RunLabel:    o.RunLabel,
		},
	}
	for _, n := range o.N {
		reps := map[string][]Run{}
		var err error
		stop := false
		for rep := 0; rep < o.repeatAt(n) && !stop; rep++ {
			var runs []Run
			runs, err = b.runTargets(ctx, o.Targets, n, rep)
			for _, r := range runs {
				reps[r.Target] = append(reps[r.Target], r)
				stop = stop || r.failed()
			}
			stop = stop || err != nil
		}
		for _, target := range o.Targets {
			if len(reps[target]) > 0 {
				res.Runs = append(res.Runs, fastest(reps[target]))
			}
		}
		if err != nil {
			return res, err
		}
	}
	if o.RateN > 0 {
		res.Settings.RateN, res.Settings.RateLimitPerMinute, res.Settings.RateClientRPS = o.RateN, o.RateLimit, o.RateRPS
		rl, err := b.runRateLimit(ctx)
		res.RateLimit = rl
		if err != nil {
			return res, err
		}
	}
	if o.QueryN > 0 {
		q, err := b.runQuery(ctx)
		res.Query = q
		if err != nil {
			return res, err
		}
	}
	if o.RefreshN > 0 {
		rr, err := b.runRefresh(ctx)
		res.Refresh = rr
		if err != nil {
			return res, err
		}
	}
	res.TotalWallS = round(time.Since(start).Seconds(), 1)
	res.compile(o.TimeBudget.Seconds())
	return res, nil
}

// scratchBase is where the working directory goes by default: tmpfs where
// the machine has one. Terraform rewrites and fsyncs the whole local state
// after every resource it creates or destroys, which on a disk adds a cost
// that depends on the disk and is the same for every target; on tmpfs the
// timings measure Terraform, the providers and the server.
func scratchBase() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", "contacts-bench-probe-"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return os.TempDir()
}

// fsDescription names the file system type of dir, as /proc/mounts has it.
func fsDescription(dir string) string {
	best, fstype := "", "unknown"
	for _, line := range strings.Split(readFile("/proc/mounts"), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		if (dir == f[1] || strings.HasPrefix(dir, strings.TrimSuffix(f[1], "/")+"/")) && len(f[1]) > len(best) {
			best, fstype = f[1], f[2]
		}
	}
	return fmt.Sprintf("%s (%s)", dir, fstype)
}

// runTargets runs the steps of every target at n, on fresh states,
// interleaved step by step: each step runs for every target before the
// next step runs for any, so that a slow spell of the machine, which lasts
// minutes on a shared one, falls on the targets a step compares rather
// than on one of them. The targets' order alternates with rep, so that
// none always runs right after another's same step.
func (b *bench) runTargets(ctx context.Context, targets []string, n, rep int) ([]Run, error) {
	order := slices.Clone(targets)
	if rep%2 == 1 {
		slices.Reverse(order)
	}
	var runs []*targetRun
	defer func() {
		for _, tr := range runs {
			tr.close()
		}
	}()
	for _, target := range order {
		tr, err := b.prepareTarget(ctx, target, n, rep)
		if err != nil {
			return results(runs), err
		}
		runs = append(runs, tr)
	}
	for _, step := range allSteps {
		for _, tr := range runs {
			if tr.stopped {
				continue
			}
			sr, err := b.step(ctx, tr.dir, tr.env, tr.srv, tr.run.Target, n, step, tr.clientID)
			tr.run.Steps = append(tr.run.Steps, sr)
			if err != nil {
				return results(runs), err
			}
			tr.stopped = sr.Problem != ""
		}
	}
	return results(runs), nil
}

// targetRun is one target's run at one N: its working directory, its
// Terraform environment and, for contacts, its API server.
type targetRun struct {
	run      Run
	dir      string
	env      []string
	srv      *apiServer
	clientID int64
	// stopped is set when a step failed: the later steps need its result.
	stopped bool
}

func (tr *targetRun) close() {
	if tr.srv != nil {
		tr.srv.close()
	}
}

func results(runs []*targetRun) []Run {
	out := make([]Run, 0, len(runs))
	for _, tr := range runs {
		out = append(out, tr.run)
	}
	return out
}

// prepareTarget starts what target's run at n needs and runs
// `terraform init` in its fresh working directory.
func (b *bench) prepareTarget(ctx context.Context, target string, n, rep int) (*targetRun, error) {
	name := fmt.Sprintf("%s-%d-%d", target, n, rep)
	tr := &targetRun{run: Run{Target: target, N: n}, dir: filepath.Join(b.work, name), clientID: 1} // the floors carry client_id as input only
	var extra []string
	if target == targetContacts {
		var err error
		if tr.srv, err = startAPIServer(unlimited, b.o.BcryptCost); err != nil {
			return nil, err
		}
		if tr.clientID, err = tr.srv.seedClient(ctx); err != nil {
			tr.close()
			return nil, err
		}
		extra = b.contactsEnv(tr.srv, 0)
	} else if b.o.PprofDir != "" {
		extra = append(extra, "BENCH_PPROF_DIR="+b.o.PprofDir)
	}
	if len(b.o.ProviderEnv) > 0 {
		// internal/bench/rsswrap adds these to the provider's environment.
		extra = append(extra, "BENCH_PROVIDER_ENV="+strings.Join(b.o.ProviderEnv, "\n"))
	}
	tr.env = terraformEnv(b.cliConfig, b.rssLog, extra...)
	if err := b.initDir(ctx, tr.dir, name, config(target, n), tr.env); err != nil {
		tr.close()
		return nil, err
	}
	return tr, nil
}

// initDir runs `terraform init` in dir, outside the measured steps, to set
// up its backend (a state named name in the benchmark's state store), then
// writes the configuration cfg there. Init runs on the backend block
// alone: with the providers declared it would ask the registry for them,
// although dev_overrides supplies both and the steps never need init.
func (b *bench) initDir(ctx context.Context, dir, name, cfg string, env []string) error {
	return b.initDirWith(ctx, b.terraform, dir, name, cfg, env)
}

// initDirWith is initDir with the Terraform CLI tf.
func (b *bench) initDirWith(ctx context.Context, tf, dir, name, cfg string, env []string) error {
	if err := writeConfig(dir, backendOnlyConfig); err != nil {
		return err
	}
	args := append([]string{"init", "-input=false", "-no-color"}, b.states.backendConfig(name)...)
	cr, err := runTerraform(ctx, tf, dir, env, args, filepath.Join(b.logs, name+"-init.log"), b.rssLog)
	if err != nil {
		return err
	}
	if cr.ExitCode != 0 {
		return fmt.Errorf("terraform init in %s exited with %d%s", dir, cr.ExitCode, errorExcerpt(cr.Output))
	}
	return writeConfig(dir, cfg)
}

func (b *bench) contactsEnv(srv *apiServer, rps float64) []string {
	env := []string{"CONTACTS_ENDPOINT=" + srv.URL, "CONTACTS_API_KEY=" + srv.Key}
	if rps > 0 {
		env = append(env, "CONTACTS_MAX_REQUESTS_PER_SECOND="+strconv.FormatFloat(rps, 'f', -1, 64))
	}
	if b.o.PprofDir != "" {
		env = append(env, "BENCH_PPROF_DIR="+b.o.PprofDir)
	}
	return env
}

// step runs one Terraform command and measures it. The error is for the
// benchmark itself failing (cancelled, cannot start Terraform); a step
// that ran and did the wrong thing has a Problem instead.
func (b *bench) step(ctx context.Context, dir string, env []string, srv *apiServer, label string, n int, step string, clientID int64) (StepResult, error) {
	args, want := stepCommand(step, n, clientID)
	if b.o.Parallelism > 0 {
		args = append(args, "-parallelism="+strconv.Itoa(b.o.Parallelism))
	}
	return b.runStep(ctx, dir, env, srv, label, n, step, args, want)
}

// runStep runs step as the Terraform command args, whose output must say want.
func (b *bench) runStep(ctx context.Context, dir string, env []string, srv *apiServer, label string, n int, step string, args []string, want string) (StepResult, error) {
	return b.runStepWith(ctx, b.terraform, dir, env, srv, label, n, step, args, want)
}

// runStepWith is runStep with the Terraform CLI tf.
func (b *bench) runStepWith(ctx context.Context, tf, dir string, env []string, srv *apiServer, label string, n int, step string, args []string, want string) (StepResult, error) {
	name := fmt.Sprintf("%s-%d-%s", label, n, step)
	cr, err := runTerraform(ctx, tf, dir, env, args, filepath.Join(b.logs, name+".log"), b.rssLog)
	sr := StepResult{Step: step, WallS: round(cr.Wall.Seconds(), 3)}
	if err != nil {
		sr.Problem = err.Error()
		return sr, err
	}
	sr.ProviderProcesses = len(cr.Providers)
	peakKB, peakHeap, cpu := int64(0), uint64(0), 0.0
	for _, p := range cr.Providers {
		peakKB = max(peakKB, p.MaxRSSKB)
		peakHeap = max(peakHeap, p.PeakLiveHeapBytes)
		cpu += p.UserCPUS + p.SystemCPUS
		sr.ProviderGCCycles += p.GCCycles
	}
	sr.ProviderPeakRSSMB = round(float64(peakKB)/1024, 1)
	sr.ProviderPeakLiveHeapMB = round(float64(peakHeap)/(1<<20), 1)
	sr.ProviderCPUS = round(cpu, 2)
	sr.TerraformCPUS = round(cr.TerraformCPU.Seconds(), 2)
	if srv != nil {
		st := srv.take()
		sr.Requests, sr.Statuses = map[string]int{}, map[string]int{}
		for route, c := range st.Routes {
			if c > 0 {
				sr.Requests[route] = c
			}
		}
		for code, c := range st.Statuses {
			sr.Statuses[strconv.Itoa(code)] = c
		}
		sr.RequestSpanS = round(st.Span.Seconds(), 3)
		sr.Connections = st.Connections
		sr.ServerCPUS = round(cr.OwnCPU.Seconds(), 2)
	}
	sr.Problem = checkOutput(step, cr.ExitCode, cr.Output, want)
	if step == stepPlan && cr.ExitCode == 2 {
		sr.Problem = "the no-op plan has changes" + errorExcerpt(cr.Output)
	}
	if b.o.PprofDir != "" {
		if err := nameProfiles(b.o.PprofDir, name); err != nil {
			return sr, err
		}
	}
	status := "ok"
	if sr.Problem != "" {
		status = "FAILED: " + sr.Problem + " (log: " + filepath.Join(b.logs, name+".log") + ")"
	}
	fmt.Fprintf(os.Stderr, "bench: N=%-5d %-16s %-10s %8.2f s  requests %5d  provider CPU %6.2f s  peak RSS %6.1f MiB  live heap %6.1f MiB  %s\n",
		n, label, step, sr.WallS, total(sr.Requests), sr.ProviderCPUS, sr.ProviderPeakRSSMB, sr.ProviderPeakLiveHeapMB, status)
	return sr, nil
}

var rateSteps = []string{stepApply, stepPlan, stepDestroy}

// runRateLimit applies, plans and destroys RateN contacts and portal users
// against a rate-limited server, once with the provider throttled just
// under the limit and once without a throttle, where the server's 429s
// and the client's retries set the pace.
func (b *bench) runRateLimit(ctx context.Context) (*RateResult, error) {
	rl := &RateResult{N: b.o.RateN, LimitPerMinute: b.o.RateLimit}
	variants := []RateVariant{
		{Name: fmt.Sprintf("throttled to %g req/s", b.o.RateRPS), ClientRPS: b.o.RateRPS},
		{Name: "no client throttle"},
	}
	for i, v := range variants {
		if v.ClientRPS == 0 && i == 0 {
			continue
		}
		srv, err := startAPIServer(b.o.RateLimit, b.o.BcryptCost)
		if err != nil {
			return rl, err
		}
		label := "rate-unthrottled"
		if v.ClientRPS > 0 {
			label = "rate-throttled"
		}
		err = b.rateVariant(ctx, srv, &v, label)
		srv.close()
		rl.Variants = append(rl.Variants, v)
		if err != nil {
			return rl, err
		}
	}
	return rl, nil
}

func (b *bench) rateVariant(ctx context.Context, srv *apiServer, v *RateVariant, label string) error {
	clientID, err := srv.seedClient(ctx)
	if err != nil {
		return err
	}
	dir := filepath.Join(b.work, label)
	env := terraformEnv(b.cliConfig, b.rssLog, b.contactsEnv(srv, v.ClientRPS)...)
	if err := b.initDir(ctx, dir, label, config(targetContacts, b.o.RateN), env); err != nil {
		return err
	}
	span, answered := 0.0, 0
	for _, step := range rateSteps {
		sr, err := b.step(ctx, dir, env, srv, label, b.o.RateN, step, clientID)
		if err == nil && sr.Problem == "" {
			sr.Problem = rateLimitMention(readFile(filepath.Join(b.logs, fmt.Sprintf("%s-%d-%s.log", label, b.o.RateN, step))))
		}
		v.Steps = append(v.Steps, sr)
		v.Requests += total(sr.Requests)
		v.Served429 += sr.Statuses["429"]
		answered += total(sr.Requests) - sr.Statuses["429"]
		span += sr.RequestSpanS
		if sr.Problem != "" {
			v.ErrorsSurfaced++
		}
		if err != nil {
			return err
		}
		if sr.Problem != "" {
			break
		}
	}
	if span > 0 {
		v.ThroughputRPS = round(float64(answered)/span, 2)
		v.RatioThroughputToLimit = round(v.ThroughputRPS/(float64(b.o.RateLimit)/60), 3)
	}
	return nil
}

// rateLimitLine matches what a user would see of a 429: the API's message,
// the status text, or the provider's diagnostic about it. (A bare "429"
// would also match resource ids.)
var rateLimitLine = regexp.MustCompile(`(?i)too many (attempts|requests)|rate.?limit|\b429\b[^\n]*(status|answer|respon|http)|(status|answer|respon|http)[^\n]*\b429\b`)

// rateLimitMention returns a problem when Terraform's output tells the
// user about a rate limit, or "" when it does not.
func rateLimitMention(output string) string {
	if m := rateLimitLine.FindString(output); m != "" {
		return fmt.Sprintf("the output tells the user about the rate limit: %q", m)
	}
	return ""
}

func (b *bench) profileServer() (func(), error) {
	if err := os.MkdirAll(b.o.PprofDir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(b.o.PprofDir, "server.cpu.pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// nameProfiles renames the profiles the provider processes of one step
// wrote (proc-PID.*) to STEP-PID.*.
func nameProfiles(dir, step string) error {
	files, err := filepath.Glob(filepath.Join(dir, "proc-*"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Rename(f, filepath.Join(dir, step+"-"+strings.TrimPrefix(filepath.Base(f), "proc-"))); err != nil {
			return err
		}
	}
	return nil
}

func (r *Results) failedSteps() int {
	n := 0
	for _, run := range r.Runs {
		for _, s := range run.Steps {
			if s.Problem != "" {
				n++
			}
		}
	}
	if rr := r.Refresh; rr != nil {
		for _, s := range []StepResult{rr.Apply, rr.Plan, rr.FloorApply, rr.FloorPlan} {
			if s.Problem != "" {
				n++
			}
		}
	}
	if r.Query != nil {
		n += r.Query.failedSteps()
	}
	if r.RateLimit != nil {
		for _, v := range r.RateLimit.Variants {
			for _, s := range v.Steps {
				if s.Problem != "" {
					n++
				}
			}
		}
	}
	return n
}

func writeResults(dir string, r *Results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "latest.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "latest.md"), []byte(r.markdown()), 0o644)
}

// parallelismSetting describes Terraform's -parallelism in the results.
func parallelismSetting(p int) string {
	if p == 0 {
		return "10, its default"
	}
	return strconv.Itoa(p) + " (-parallelism)"
}

// repeatAt is how many times the steps run at n.
func (o options) repeatAt(n int) int {
	if n > targetNForTimeLimit && o.RepeatLarge > 0 {
		return o.RepeatLarge
	}
	return o.Repeat
}
