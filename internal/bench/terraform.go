// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The three things measured. Each applies the same dependency graph: N
// "contact" objects and N "portal user" objects, each of which refers to
// its contact's id.
const (
	targetContacts = "contacts" // this provider against the local API server
	// Floor (a), ./internal/bench/floorprovider: its mirrors of the
	// contacts resources, with their schemas and no logic.
	targetNoopProvider = "noop_provider"
	// Floor (a) at its smallest: the same provider's floor_item, which
	// keeps a map of its input (2 attributes against the contacts
	// resources' 16 and 21), so Terraform handles smaller objects.
	targetMinimalProvider = "minimal_provider"
	targetTerraformData   = "terraform_data" // floor (b): built into Terraform
)

var allTargets = []string{targetContacts, targetNoopProvider, targetMinimalProvider, targetTerraformData}

// The steps, in the order they run on one state.
const (
	stepApply     = "apply"      // create 2N objects
	stepPlan      = "plan"       // no-op plan with full refresh
	stepNoopApply = "noop_apply" // apply with nothing to change
	stepUpdate    = "update"     // change 1 % of the contacts and 1 % of the portal users
	stepDestroy   = "destroy"
)

var allSteps = []string{stepApply, stepPlan, stepNoopApply, stepUpdate, stepDestroy}

// Passwords of the benchmark's portal users; the update step rotates 1 % of
// them to the second one. They protect nothing: the server is in memory
// and thrown away.
const (
	benchPassword1 = "Bench-password-1"
	benchPassword2 = "Bench-password-2"
)

// Every target's configuration declares the same graph: N "contact"
// objects and N "portal user" objects, each referring to its contact's id,
// one resource block per object as `terraform plan -generate-config-out`
// writes them for imported contacts. The state is in the benchmark's state
// store (see stateStore), and the same variables drive all three: the first
// `changed` objects of each kind carry the changed values, and client_id is
// the client company (used by contacts, carried as input by the floors so
// all three hold the same values).
//
// Why not count or for_each: a reference such as c[count.index].id makes
// Terraform evaluate the whole c tuple for each instance, and a destroy
// orders every c instance after every u instance, so both grow with N²
// (DESIGN.md has the measurement): in the count form Terraform's own cost
// hides the provider's and takes the run past its time budget.
func config(target string, n int) string {
	var b strings.Builder
	b.WriteString(headers[target])
	b.WriteString(benchVariables)
	for i := range n {
		fmt.Fprintf(&b, pairTemplates[target], fmt.Sprintf("%05d", i), i)
	}
	return b.String()
}

var headers = map[string]string{
	targetContacts: `terraform {
  backend "http" {}
  required_providers {
    contacts = { source = "contactsapi/contacts" }
  }
}
`,
	targetNoopProvider:    floorHeader,
	targetMinimalProvider: floorHeader,
	targetTerraformData: `terraform {
  backend "http" {}
}
`,
}

const floorHeader = `terraform {
  backend "http" {}
  required_providers {
    floor = { source = "bench/floor" }
  }
}
`

// pairTemplates declare one contact and its portal user: %[1]s is the
// object's zero-padded index, %[2]d the index.
var pairTemplates = map[string]string{
	targetContacts: contactsPair,
	// The same configuration: the mirrors have the same attributes.
	targetNoopProvider:    strings.ReplaceAll(contactsPair, "contacts_", "floor_"),
	targetMinimalProvider: floorPair("floor_item"),
	targetTerraformData:   floorPair("terraform_data"),
}

const contactsPair = `
resource "contacts_contact" "c%[1]s" {
  client_id    = var.client_id
  first_name   = "Bench"
  last_name    = "Person%[1]s"
  email        = "bench%[1]s@example.test"
  job_position = %[2]d < var.changed ? "Lead Engineer" : "Engineer"
}

resource "contacts_portal_user" "u%[1]s" {
  contact_id          = contacts_contact.c%[1]s.id
  password_wo         = %[2]d < var.changed ? "` + benchPassword2 + `" : "` + benchPassword1 + `"
  password_wo_version = %[2]d < var.changed ? 2 : 1
}
`

// floorPair is the floors' pair template: the contacts target's objects in
// resources of the given type, which keep their input and call nothing.
func floorPair(resourceType string) string {
	return strings.ReplaceAll(`
resource "TYPE" "c%[1]s" {
  input = {
    client_id    = var.client_id
    first_name   = "Bench"
    last_name    = "Person%[1]s"
    email        = "bench%[1]s@example.test"
    job_position = %[2]d < var.changed ? "Lead Engineer" : "Engineer"
  }
}

resource "TYPE" "u%[1]s" {
  input = {
    contact_id       = TYPE.c%[1]s.id
    password_version = %[2]d < var.changed ? 2 : 1
  }
}
`, "TYPE", resourceType)
}

const benchVariables = `
variable "changed" {
  type = number
}

variable "client_id" {
  type = number
}
`

// changedCount is how many objects of each kind the update step changes:
// 1 %, at least one.
func changedCount(n int) int {
	return max(1, n/100)
}

// stepCommand returns the Terraform arguments of a step and what its
// output must say.
func stepCommand(step string, n int, clientID int64) (args []string, want string) {
	changed := 0
	if step == stepUpdate || step == stepDestroy {
		changed = changedCount(n)
	}
	vars := []string{
		"-input=false", "-no-color",
		"-var", "changed=" + strconv.Itoa(changed),
		"-var", "client_id=" + strconv.FormatInt(clientID, 10),
	}
	switch step {
	case stepApply:
		return append([]string{"apply", "-auto-approve"}, vars...), fmt.Sprintf("Apply complete! Resources: %d added, 0 changed, 0 destroyed.", 2*n)
	case stepPlan:
		// -detailed-exitcode: 0 is "no changes", 2 would be a diff.
		return append([]string{"plan", "-detailed-exitcode"}, vars...), "No changes."
	case stepNoopApply:
		return append([]string{"apply", "-auto-approve"}, vars...), "Apply complete! Resources: 0 added, 0 changed, 0 destroyed."
	case stepUpdate:
		return append([]string{"apply", "-auto-approve"}, vars...), fmt.Sprintf("Apply complete! Resources: 0 added, %d changed, 0 destroyed.", 2*changedCount(n))
	case stepDestroy:
		return append([]string{"destroy", "-auto-approve"}, vars...), fmt.Sprintf("Destroy complete! Resources: %d destroyed.", 2*n)
	}
	panic("unknown step " + step)
}

// providerRecord is one line that internal/bench/rsswrap appends for each
// provider process.
type providerRecord struct {
	Binary     string  `json:"binary"`
	MaxRSSKB   int64   `json:"max_rss_kb"`
	UserCPUS   float64 `json:"user_cpu_s"`
	SystemCPUS float64 `json:"system_cpu_s"`
	// PeakLiveHeapBytes and GCCycles come from internal/bench/heapwatch.
	PeakLiveHeapBytes uint64 `json:"peak_live_heap_bytes"`
	GCCycles          uint64 `json:"gc_cycles"`
}

// commandRun is what one Terraform command cost.
type commandRun struct {
	Wall     time.Duration
	ExitCode int
	Output   []byte
	// TerraformCPU is the CPU time of Terraform and every process it
	// waited for (the provider processes included).
	TerraformCPU time.Duration
	// OwnCPU is the CPU time this process (the API server) spent meanwhile.
	OwnCPU    time.Duration
	Providers []providerRecord
}

// runTerraform runs one Terraform command in dir and collects its cost.
// The output goes to logPath as well.
func runTerraform(ctx context.Context, tf, dir string, env, args []string, logPath, rssLog string) (commandRun, error) {
	if err := os.Truncate(rssLog, 0); err != nil && !errors.Is(err, os.ErrNotExist) {
		return commandRun{}, err
	}
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	ownBefore := ownCPU()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	run := commandRun{Wall: wall, OwnCPU: ownCPU() - ownBefore, Output: out.Bytes()}
	if werr := os.WriteFile(logPath, out.Bytes(), 0o644); werr != nil {
		return run, werr
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return run, fmt.Errorf("running terraform %s: %w", args[0], err)
	}
	run.ExitCode = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		run.TerraformCPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	recs, err := readProviderRecords(rssLog)
	run.Providers = recs
	return run, err
}

func readProviderRecords(path string) ([]providerRecord, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var recs []providerRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r providerRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		recs = append(recs, r)
	}
	return recs, sc.Err()
}

func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// checkOutput says what is wrong with a step's outcome, or "" when it did
// what it should.
func checkOutput(step string, exitCode int, output []byte, want string) string {
	if exitCode != 0 {
		return fmt.Sprintf("terraform exited with %d%s", exitCode, errorExcerpt(output))
	}
	if !bytes.Contains(output, []byte(want)) {
		return fmt.Sprintf("%s: the output lacks %q", step, want)
	}
	return ""
}

var errorLine = regexp.MustCompile(`(?m)^(?:│ )?Error: .*$`)

// errorExcerpt returns the first Terraform error line of the output.
func errorExcerpt(output []byte) string {
	if m := errorLine.Find(output); m != nil {
		return ": " + strings.TrimPrefix(string(m), "│ ")
	}
	return ""
}

// terraformEnv is the environment of every Terraform command: the caller's,
// less anything that would change Terraform's or the provider's behaviour
// (TF_LOG, TF_CLI_ARGS, CONTACTS_*), plus the generated CLI configuration.
func terraformEnv(cliConfig, rssLog string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "CONTACTS_") || strings.HasPrefix(name, "BENCH_") || name == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"BENCH_RSS_LOG="+rssLog,
	)
	return append(env, extra...)
}

// writeCLIConfig points Terraform at the benchmark's provider builds. With
// dev_overrides for every provider a configuration uses, Terraform needs no
// `terraform init` and downloads nothing; `direct {}` is never consulted.
func writeCLIConfig(path, contactsDir, floorDir string) error {
	cfg := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "contactsapi/contacts" = %q
    "bench/floor"          = %q
  }
  direct {}
}
`, contactsDir, floorDir)
	return os.WriteFile(path, []byte(cfg), 0o644)
}

// backendOnlyConfig is what `terraform init` sees (see bench.initDir).
const backendOnlyConfig = `terraform {
  backend "http" {}
}
`

func writeConfig(dir, config string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
}
