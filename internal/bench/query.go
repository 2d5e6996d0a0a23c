// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// The query scenario: N contacts and N portal users over a few client
// companies, seeded directly in the API server (nothing in any state), are
// found with `terraform query` (list blocks per client and kind,
// include_resource = true), written out with -generate-config-out, and the
// generated configuration's import plan is run; the same over the no-op
// provider's list resources, which answer from a fixed list of the same
// size (internal/bench/floorprovider/fixture.go).

// The scenario's steps.
const (
	stepQuery      = "query"          // terraform query
	stepGenerate   = "query_generate" // terraform query -generate-config-out
	stepImportPlan = "import_plan"    // terraform plan of the generated configuration
)

// Targets of the query scenario.
const queryTimeRatioLimit = 1.2

// queryMinVersion is the first Terraform with list resources and
// `terraform query`.
var queryMinVersion = [2]int{1, 14}

// QueryResult is the query scenario.
type QueryResult struct {
	N       int `json:"n"`
	Clients int `json:"clients"`
	// Terraform is the version of the CLI the scenario ran, which may
	// differ from the other steps' CLI.
	Terraform string `json:"terraform,omitempty"`
	// Skipped says why the scenario did not run.
	Skipped string `json:"skipped,omitempty"`
	// SeedS is the time the objects took to create through the API,
	// outside any Terraform step.
	SeedS float64 `json:"seed_s,omitempty"`
	// Each step's fastest run, for contacts and for the no-op provider.
	Query           StepResult `json:"query"`
	Generate        StepResult `json:"generate"`
	ImportPlan      StepResult `json:"import_plan"`
	FloorQuery      StepResult `json:"floor_query"`
	FloorGenerate   StepResult `json:"floor_generate"`
	FloorImportPlan StepResult `json:"floor_import_plan"`
	// WallsS are every run's wall times, by target and step.
	WallsS map[string][]float64 `json:"walls_s,omitempty"`
}

// objects is what the per-object figures divide by: the contacts and the
// portal users.
func (q *QueryResult) objects() int { return 2 * q.N }

// perClient is how many contacts (and portal users) client k of clients
// holds when n are dealt out in turn.
func perClient(n, clients, k int) int {
	c := n / clients
	if k < n%clients {
		c++
	}
	return c
}

// queryPages is what listing every client's contacts and portal users
// costs: the list pages alone, 100 objects each (an empty client still
// answers one).
func queryPages(n, clients int) int {
	pages := 0
	for k := range clients {
		pages += 2 * max(1, (perClient(n, clients, k)+pageSize-1)/pageSize)
	}
	return pages
}

// queryConfig is the scenario's .tfquery.hcl for target: for each client,
// a list block of its contacts and one of its portal users, each with the
// resource objects and a limit no client reaches.
func queryConfig(target string, n int, clientIDs []int64) string {
	var b strings.Builder
	for k, id := range clientIDs {
		for _, kind := range []string{"contacts_contact", "contacts_portal_user"} {
			fmt.Fprintf(&b, `
list %q "k%03d" {
  provider         = contacts
  include_resource = true
  limit            = %d
  config {
    client_id = %d
  }
}
`, kind, k, max(1, n), id)
		}
	}
	if target == targetNoopProvider {
		return strings.ReplaceAll(strings.ReplaceAll(b.String(), "contacts_", "floor_"), "provider         = contacts", "provider         = floor")
	}
	return b.String()
}

// queryHeaders are the main.tf of the scenario's directories: the backend
// and the provider, to which -generate-config-out adds generated.tf.
var queryHeaders = map[string]string{
	targetContacts:     headers[targetContacts],
	targetNoopProvider: floorHeader,
}

// queryCommand returns the Terraform arguments of a step and what its
// output must say.
func queryCommand(step string, objects int) (args []string, want string) {
	switch step {
	case stepQuery:
		return []string{"query", "-no-color"}, ""
	case stepGenerate:
		return []string{"query", "-no-color", "-generate-config-out=" + generatedFile}, ""
	case stepImportPlan:
		return []string{"plan", "-input=false", "-no-color"}, fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", objects)
	}
	panic("unknown step " + step)
}

const generatedFile = "generated.tf"

// queryResultLine matches a result line of `terraform query`'s output:
// "list.TYPE.NAME   id=…   display name".
var queryResultLine = regexp.MustCompile(`(?m)^list\.[a-z_]+\.[A-Za-z0-9_-]+\s`)

// queryProblem says what is wrong with a query step's output beyond its
// exit code: fewer or more results than objects, or a warning (the
// generated configuration must plan without one). The warning that
// dev_overrides are in effect is the benchmark's own doing.
func queryProblem(step string, output []byte, objects int) string {
	if step == stepQuery {
		if got := len(queryResultLine.FindAll(output, -1)); got != objects {
			return fmt.Sprintf("%d results, want %d", got, objects)
		}
	}
	for _, m := range warningLine.FindAllString(string(output), -1) {
		if !strings.Contains(m, "Provider development overrides are in effect") {
			return "Terraform warns: " + strings.TrimSpace(strings.TrimPrefix(m, "│ "))
		}
	}
	return ""
}

var warningLine = regexp.MustCompile(`(?m)^(?:│ )?Warning: .*$`)

// terraformVersion asks tf for its version ("1.15.9").
func terraformVersion(ctx context.Context, tf string) (string, error) {
	out, err := exec.CommandContext(ctx, tf, "version", "-json").Output()
	if err != nil {
		return "", err
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", err
	}
	return v.Version, nil
}

// hasQuery tells whether a Terraform version ("1.14.9", "1.15.0-rc1") has
// `terraform query`.
func hasQuery(version string) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return major > queryMinVersion[0] || (major == queryMinVersion[0] && minor >= queryMinVersion[1])
}

// queryCLI picks the CLI of the query scenario: -query-terraform when
// given, else the CLI of the other steps. skip is why the scenario cannot
// run with it, or "".
func (b *bench) queryCLI(ctx context.Context) (tf, version, skip string) {
	tf = b.o.QueryTerraform
	if tf == "" {
		tf = b.terraform
	}
	version, err := terraformVersion(ctx, tf)
	if err != nil {
		return tf, "", fmt.Sprintf("asking %s for its version: %v", tf, err)
	}
	if !hasQuery(version) {
		return tf, version, fmt.Sprintf("Terraform %s has no `terraform query` (it needs %d.%d or newer): pass -query-terraform (`make bench BENCH_QUERY_TERRAFORM=…`, or `make engines` for the pinned builds)",
			version, queryMinVersion[0], queryMinVersion[1])
	}
	return tf, version, ""
}

// runQuery runs the scenario: seeds the server, sets up a directory for
// each target, then runs the steps Repeat times, interleaved, keeping each
// step's fastest run. The configuration is generated once per target.
func (b *bench) runQuery(ctx context.Context) (*QueryResult, error) {
	o := b.o
	q := &QueryResult{N: o.QueryN, Clients: o.QueryClients, WallsS: map[string][]float64{}}
	tf, version, skip := b.queryCLI(ctx)
	q.Terraform = version
	if skip != "" {
		q.Skipped = skip
		fmt.Fprintln(os.Stderr, "bench: query scenario skipped:", skip)
		return q, nil
	}
	srv, err := startAPIServer(unlimited, o.BcryptCost)
	if err != nil {
		return q, err
	}
	defer srv.close()
	start := time.Now()
	clientIDs, err := srv.seedQuery(ctx, o.QueryN, o.QueryClients)
	if err != nil {
		return q, err
	}
	q.SeedS = round(time.Since(start).Seconds(), 1)
	floorIDs := make([]int64, o.QueryClients)
	for k := range floorIDs {
		floorIDs[k] = int64(k + 1) // the floor's fixed list numbers its clients from 1
	}
	type target struct {
		name string
		dir  string
		env  []string
		srv  *apiServer
		ids  []int64
		out  [3]*StepResult
	}
	targets := []*target{
		{name: targetContacts, env: terraformEnv(b.cliConfig, b.rssLog, b.contactsEnv(srv, 0)...), srv: srv, ids: clientIDs,
			out: [3]*StepResult{&q.Query, &q.Generate, &q.ImportPlan}},
		{name: targetNoopProvider, env: terraformEnv(b.cliConfig, b.rssLog, fmt.Sprintf("%s=clients=%d,objects=%d", floorFixtureEnv, o.QueryClients, o.QueryN)), ids: floorIDs,
			out: [3]*StepResult{&q.FloorQuery, &q.FloorGenerate, &q.FloorImportPlan}},
	}
	for _, t := range targets {
		label := "query-" + t.name
		t.dir = filepath.Join(b.work, label)
		if err := b.initDirWith(ctx, tf, t.dir, label, queryHeaders[t.name], t.env); err != nil {
			return q, err
		}
		if err := os.WriteFile(filepath.Join(t.dir, "bench.tfquery.hcl"), []byte(queryConfig(t.name, o.QueryN, t.ids)), 0o644); err != nil {
			return q, err
		}
	}
	objects := q.objects()
	for rep := range o.Repeat {
		for _, t := range targets {
			steps := []string{stepQuery, stepImportPlan}
			if rep == 0 {
				steps = []string{stepQuery, stepGenerate, stepImportPlan}
			}
			for _, step := range steps {
				args, want := queryCommand(step, objects)
				label := "query-" + t.name
				sr, err := b.runStepWith(ctx, tf, t.dir, t.env, t.srv, label, objects, step, args, want)
				if err == nil && sr.Problem == "" {
					sr.Problem = queryProblem(step, []byte(readFile(filepath.Join(b.logs, fmt.Sprintf("%s-%d-%s.log", label, objects, step)))), objects)
				}
				i := map[string]int{stepQuery: 0, stepGenerate: 1, stepImportPlan: 2}[step]
				key := t.name + " " + step
				q.WallsS[key] = append(q.WallsS[key], sr.WallS)
				if prev := t.out[i]; prev.Step == "" || sr.Problem != "" || (prev.Problem == "" && sr.WallS < prev.WallS) {
					*t.out[i] = sr
				}
				if err != nil {
					return q, err
				}
				if sr.Problem != "" {
					return q, nil
				}
			}
		}
	}
	return q, nil
}

// floorFixtureEnv is the floor provider's fixtureEnv.
const floorFixtureEnv = "BENCH_FLOOR_LIST"

// seedQuery creates clients client companies and n contacts with a portal
// user each, contact i in client i mod clients, through the API, outside
// the measured steps. It returns the clients' ids.
func (s *apiServer) seedQuery(ctx context.Context, n, clients int) ([]int64, error) {
	c, err := client.New(client.Config{Endpoint: s.URL, APIKey: s.Key, UserAgent: "contacts-bench", MaxRetries: client.DefaultMaxRetries})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, clients)
	for k := range clients {
		cl, err := c.CreateClient(ctx, client.ClientCreateRequest{CompanyName: fmt.Sprintf("Bench Client %03d", k)})
		if err != nil {
			return nil, fmt.Errorf("seeding client %d: %w", k, err)
		}
		ids[k] = cl.ID
	}
	position := "Engineer"
	work := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				err := seedPair(ctx, c, i, ids[i%clients], &position)
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					cancel()
				}
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	s.take()
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	return ids, ctx.Err()
}

func seedPair(ctx context.Context, c *client.Client, i int, clientID int64, position *string) error {
	ct, err := c.CreateContact(ctx, client.ContactCreateRequest{
		FirstName: "Bench", LastName: fmt.Sprintf("Person%05d", i), Email: fmt.Sprintf("bench%05d@example.test", i),
		ClientID: clientID, Position: position,
	})
	if err != nil {
		return fmt.Errorf("seeding contact %d: %w", i, err)
	}
	if _, err := c.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: ct.ID, Password: benchPassword1}); err != nil {
		return fmt.Errorf("seeding portal user %d: %w", i, err)
	}
	return nil
}

// isListRoute tells a list page of the scenario's kinds from any other
// request.
func isListRoute(route string) bool {
	return route == routeListContacts || route == routeListPortalUsers
}

// targets are the scenario's targets, as measured.
func (q *QueryResult) targets() []TargetCheck {
	if q.Skipped != "" {
		return []TargetCheck{{Name: "query", Target: fmt.Sprintf("`terraform query` of %d contacts + %d portal users over %d clients", q.N, q.N, q.Clients), Measured: "not run: " + q.Skipped}}
	}
	objects := q.objects()
	pages := queryPages(q.N, q.Clients)
	requests := TargetCheck{
		Name: "query: requests",
		Target: fmt.Sprintf("`terraform query` of %d contacts + %d portal users over %d clients (include_resource = true) makes the list pages alone: at most %d (%.3f per object), no other request",
			q.N, q.N, q.Clients, pages, float64(pages)/float64(objects)),
		Met: true,
	}
	var parts []string
	for _, s := range []StepResult{q.Query, q.Generate} {
		if s.Step == "" || s.Problem != "" {
			requests.Met = false
			parts = append(parts, "a query did not complete")
			break
		}
		req, checks := withoutEndpointChecks(s.Requests)
		list, other := 0, 0
		for route, c := range req {
			if isListRoute(route) {
				list += c
			} else {
				other += c
			}
		}
		requests.Met = requests.Met && other == 0 && list <= pages
		parts = append(parts, fmt.Sprintf("%s: %d requests, %.3f per object (%s; and %d endpoint checks, one per provider process)",
			s.Step, total(req), float64(total(req))/float64(objects), formatCounts(req), checks))
	}
	requests.Measured = strings.Join(parts, ". ")

	wallTime := TargetCheck{
		Name:   "query: time",
		Target: fmt.Sprintf("`terraform query` and the generated configuration's import plan (%d to import) each within %.1f × the same on the no-op provider's list resources", objects, queryTimeRatioLimit),
		Met:    true,
	}
	parts = nil
	for _, pair := range []struct {
		name        string
		ours, floor StepResult
	}{{"query", q.Query, q.FloorQuery}, {"import plan", q.ImportPlan, q.FloorImportPlan}} {
		r := 0.0
		if pair.ours.Problem == "" && pair.floor.Problem == "" {
			r = ratio(pair.ours.WallS, pair.floor.WallS)
		}
		if r == 0 {
			wallTime.Met = false
			parts = append(parts, pair.name+": not measured")
			continue
		}
		wallTime.Met = wallTime.Met && r <= queryTimeRatioLimit
		parts = append(parts, fmt.Sprintf("%s %.2f× (%.1f s vs %.1f s)", pair.name, r, pair.ours.WallS, pair.floor.WallS))
	}
	wallTime.Measured = strings.Join(parts, ", ")
	return []TargetCheck{requests, wallTime}
}

// failedSteps counts the scenario's failed steps.
func (q *QueryResult) failedSteps() int {
	n := 0
	for _, s := range []StepResult{q.Query, q.Generate, q.ImportPlan, q.FloorQuery, q.FloorGenerate, q.FloorImportPlan} {
		if s.Problem != "" {
			n++
		}
	}
	return n
}
