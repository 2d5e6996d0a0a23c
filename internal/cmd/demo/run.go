// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/engine"
)

// minVersion is the first release, of Terraform and of OpenTofu alike,
// with write-only attributes and ephemeral variables, which the onboarding
// example uses.
const minVersion = "1.11.0"

// demo holds what the steps share.
type demo struct {
	opts     options
	repo     string
	dir      string // temporary folder: binaries, server data, working copy
	binDir   string
	workDir  string // the copy of examples/onboarding the CLI runs in
	server   *serverProcess
	apiKey   string
	engine   engine.Engine // the CLI: Terraform or OpenTofu
	tf       *terraformRunner
	api      *client.Client
	rows     []csvContact
	secrets  map[string]string // portal password by email
	steps    []stepTiming
	figures  figures
	finished bool
}

type stepTiming struct {
	name string
	took time.Duration
}

// figures are the numbers the summary prints.
type figures struct {
	created      map[string]int // resource type → instances created by the apply
	clientID     int64
	company      string
	contacts     int
	portalUsers  map[string]int // "password", "invitation", "single sign-on"
	ownerEmail   string
	emails       map[string]int // outbox kind → count
	logins       int
	refused      int
	leftContacts int
	leftUsers    int
}

func run(ctx context.Context, opts options) (err error) {
	d := &demo{opts: opts, secrets: map[string]string{}}
	start := time.Now()
	d.printf("Contacts provider demo: onboard a client company with Terraform, on a local Contacts API.\n")

	defer func() {
		// A failed cleanup is worth more than the interrupt that led to it.
		if cerr := d.cleanup(); cerr != nil && (err == nil || errors.Is(err, errInterrupted)) {
			err = cleanupError{cerr}
		}
	}()

	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"Checking the tools", d.checkTools},
		{"Building the provider and the local Contacts API server", d.build},
		{"Starting the local Contacts API server", d.startServer},
		{"Pointing the CLI at the fresh build and copying examples/onboarding", d.prepareWorkspace},
		{"Applying: the company, its contacts from contacts.csv, the account owner, the portal users", d.apply},
		{"Logging in to the portal with the password the apply set", d.login},
		{"Planning again: expecting no changes", d.secondPlan},
	}
	if opts.keep {
		steps = append(steps, struct {
			name string
			fn   func(context.Context) error
		}{"Keeping the server running for you", d.keepRunning})
	} else {
		steps = append(steps, struct {
			name string
			fn   func(context.Context) error
		}{"Destroying, and checking that the server holds nothing of the demo", d.destroy})
	}
	for i, s := range steps {
		if ctx.Err() != nil {
			return errInterrupted
		}
		d.printf("\n==> %d/%d %s\n", i+1, len(steps), s.name)
		t0 := time.Now()
		if err := s.fn(ctx); err != nil {
			if ctx.Err() != nil {
				// The CLI or the build got the same signal; its error
				// only repeats the interrupt.
				return errInterrupted
			}
			return err
		}
		took := time.Since(t0)
		d.steps = append(d.steps, stepTiming{s.name, took})
		d.printf("    (%s)\n", round(took))
	}
	d.finished = true
	if !opts.keep {
		dir := d.dir
		if err := d.cleanup(); err != nil {
			return cleanupError{err}
		}
		d.printf("    stopped the server and removed %s: nothing is left behind\n", dir)
	}
	d.summary(time.Since(start))
	return nil
}

func (d *demo) printf(format string, args ...any) {
	fmt.Fprintf(d.opts.out, format, args...)
}

func round(t time.Duration) time.Duration {
	if t < time.Second {
		return t.Round(time.Millisecond)
	}
	return t.Round(100 * time.Millisecond)
}

// checkTools finds Go, the CLI (Terraform or OpenTofu 1.11 or later), and
// the repository.
func (d *demo) checkTools(ctx context.Context) error {
	if _, err := exec.LookPath("go"); err != nil {
		return errors.New("go not found on PATH: install the Go version named in go.mod from https://go.dev/dl/")
	}
	tfPath := d.opts.terraform
	if tfPath == "" {
		var err error
		if tfPath, err = exec.LookPath("terraform"); err != nil {
			return errors.New("terraform not found on PATH: install Terraform (or OpenTofu) 1.11 or newer and put it on PATH, or pass -terraform /path/to/terraform-or-tofu")
		}
	}
	e, err := engine.Detect(ctx, tfPath)
	if err != nil {
		return err
	}
	if !e.AtLeast(minVersion) {
		return fmt.Errorf("%s at %s is too old: the demo needs Terraform or OpenTofu 1.11 or newer (write-only attributes, ephemeral variables)", e, tfPath)
	}
	d.engine = e

	d.repo = d.opts.repo
	if d.repo == "" {
		gomod, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
		if err != nil || strings.TrimSpace(string(gomod)) == "" || strings.TrimSpace(string(gomod)) == os.DevNull {
			return errors.New("run the demo from inside the provider's repository (or pass -repo)")
		}
		d.repo = filepath.Dir(strings.TrimSpace(string(gomod)))
	}
	if _, err := os.Stat(filepath.Join(d.repo, "examples", "onboarding", "main.tf")); err != nil {
		return fmt.Errorf("%s does not look like the provider's repository: %w", d.repo, err)
	}
	goVersion, _ := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output()
	d.printf("    %s (%s), %s\n", e, e.Path, strings.TrimSpace(string(goVersion)))
	return nil
}

// build compiles the provider and the server into the temporary folder.
func (d *demo) build(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "contacts-demo-")
	if err != nil {
		return err
	}
	d.dir = dir
	d.binDir = filepath.Join(dir, "bin")
	for _, sub := range []string{d.binDir, filepath.Join(dir, "server")} {
		if err := os.MkdirAll(sub, 0o700); err != nil {
			return err
		}
	}
	// One go build for both: the packages compile in parallel and each
	// binary is named after its package's last path element.
	cmd := exec.CommandContext(ctx, "go", "build", "-o", d.binDir+string(filepath.Separator), ".", "./internal/cmd/contacts-server")
	cmd.Dir = d.repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	d.printf("    %s\n    %s\n", exe(filepath.Join(d.binDir, "terraform-provider-contacts")), exe(filepath.Join(d.binDir, "contacts-server")))
	return nil
}

func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// startServer runs the server binary with a fresh random API key and a data
// file in the temporary folder.
func (d *demo) startServer(ctx context.Context) error {
	d.apiKey = "demo-" + d.opts.newSecret()
	srv, err := startServer(ctx, exe(filepath.Join(d.binDir, "contacts-server")), d.apiKey, filepath.Join(d.dir, "server"))
	if err != nil {
		return err
	}
	d.server = srv
	d.api, err = client.New(client.Config{Endpoint: srv.url, APIKey: d.apiKey, UserAgent: "contacts-demo", MaxRetries: client.DefaultMaxRetries})
	if err != nil {
		return err
	}
	d.printf("    listening on %s (API key: random, write scope, not shown), data file %s\n", srv.url, srv.dataFile)
	return nil
}

// prepareWorkspace writes the CLI configuration and copies the example.
func (d *demo) prepareWorkspace(context.Context) error {
	cliConfig := filepath.Join(d.dir, "terraformrc")
	// direct {} keeps every other provider installable as usual; the
	// onboarding example needs none.
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", d.engine.ProviderAddress(), filepath.ToSlash(d.binDir))
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		return err
	}
	d.workDir = filepath.Join(d.dir, "onboarding")
	if err := copyDir(filepath.Join(d.repo, "examples", "onboarding"), d.workDir); err != nil {
		return err
	}
	rows, err := readContactsCSV(filepath.Join(d.workDir, "contacts.csv"))
	if err != nil {
		return err
	}
	d.rows = rows
	for _, r := range rows {
		if r.portal == "password" {
			// Letters and a digit, as the API's password rules want.
			d.secrets[r.email] = "Pw7-" + d.opts.newSecret()
		}
	}
	passwords, err := json.Marshal(d.secrets)
	if err != nil {
		return err
	}
	d.tf = &terraformRunner{
		bin:     d.engine.Path,
		dir:     d.workDir,
		verbose: d.opts.verbose,
		out:     d.opts.out,
		env: append(cleanEnv(os.Environ()),
			"TF_CLI_CONFIG_FILE="+cliConfig,
			"TF_IN_AUTOMATION=1",
			"TF_INPUT=0",
			"CHECKPOINT_DISABLE=1",
			"CONTACTS_ENDPOINT="+d.server.url,
			"CONTACTS_API_KEY="+d.apiKey,
			// JSON object syntax is valid HCL for the map(string) variable.
			"TF_VAR_portal_passwords="+string(passwords),
		),
	}
	d.printf("    CLI configuration %s: dev_overrides %s → %s\n", cliConfig, d.engine.ProviderAddress(), d.binDir)
	d.printf("    (no init and no registry: %s loads the provider straight from the override)\n", d.engine.Name)
	d.printf("    working copy %s (%d contacts in contacts.csv; %d portal password(s) generated, passed as the ephemeral variable portal_passwords)\n",
		d.workDir, len(rows), len(d.secrets))
	return nil
}

// cleanEnv drops the caller's Terraform and provider settings so that the
// demo runs the same everywhere; TF_LOG and friends stay for debugging.
func cleanEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if (strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "TF_LOG")) || strings.HasPrefix(name, "CONTACTS_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// onboardingOutputs mirrors examples/onboarding/outputs.tf.
type onboardingOutputs struct {
	ClientID struct {
		Value string `json:"value"`
	} `json:"client_id"`
	ContactIDs struct {
		Value map[string]string `json:"value"`
	} `json:"contact_ids"`
	AccountOwnerContactID struct {
		Value json.Number `json:"value"`
	} `json:"account_owner_contact_id"`
	PortalUsers struct {
		Value map[string]struct {
			ID               string   `json:"id"`
			Username         string   `json:"username"`
			AuthMethod       string   `json:"auth_method"`
			Status           string   `json:"status"`
			InvitationStatus string   `json:"invitation_status"`
			Roles            []string `json:"roles"`
		} `json:"value"`
	} `json:"portal_users"`
}

func (d *demo) apply(ctx context.Context) error {
	out, err := d.tf.mustRun(ctx, "apply", "-auto-approve", "-input=false")
	if err != nil {
		return err
	}
	d.figures.created = countLines(out, ": Creation complete")
	d.printf("    %s\n", summaryLine(out, "Apply complete!"))
	for _, t := range sortedKeys(d.figures.created) {
		d.printf("      created %-24s × %d\n", t, d.figures.created[t])
	}

	raw, err := d.tf.mustRun(ctx, "output", "-json")
	if err != nil {
		return err
	}
	var o onboardingOutputs
	if err := json.Unmarshal([]byte(raw), &o); err != nil {
		return fmt.Errorf("reading output -json: %w", err)
	}
	if _, err := fmt.Sscan(o.ClientID.Value, &d.figures.clientID); err != nil {
		return fmt.Errorf("client_id output %q: %w", o.ClientID.Value, err)
	}
	acct, err := d.api.GetClient(ctx, d.figures.clientID)
	if err != nil {
		return fmt.Errorf("reading client %d back from the server: %w", d.figures.clientID, err)
	}
	d.figures.company = acct.CompanyName

	d.printf("\n    What the server holds now for %s (client %d):\n", acct.CompanyName, acct.ID)
	d.printf("      %-22s %-8s %-11s %-8s %-10s %s\n", "CONTACT", "ID", "PORTAL", "STATUS", "INVITE", "ROLES")
	for _, r := range d.rows {
		id := o.ContactIDs.Value[r.email]
		if id == o.AccountOwnerContactID.Value.String() {
			d.figures.ownerEmail = r.email
		}
		u, ok := o.PortalUsers.Value[r.email]
		if !ok {
			d.printf("      %-22s %-8s none\n", r.email, id)
			continue
		}
		style := map[string]string{"password": "password", "invite": "invitation", "sso": "sso (azure)"}[r.portal]
		d.printf("      %-22s %-8s %-11s %-8s %-10s %s\n", r.email, id, style, u.Status, u.InvitationStatus, strings.Join(u.Roles, ", "))
	}
	if d.figures.ownerEmail != "" {
		d.printf("      account owner: %s\n", d.figures.ownerEmail)
	}
	return d.countServerObjects(ctx)
}

// countServerObjects asks the API (not the state) what the demo created,
// and reads the queued emails from the server's data file.
func (d *demo) countServerObjects(ctx context.Context) error {
	contacts, err := d.api.ListContacts(ctx, client.ContactListFilter{ClientID: d.figures.clientID})
	if err != nil {
		return err
	}
	users, err := d.api.ListPortalUsers(ctx, client.PortalUserListFilter{ClientID: d.figures.clientID, Status: "all"})
	if err != nil {
		return err
	}
	d.figures.contacts = len(contacts)
	d.figures.portalUsers = map[string]int{}
	for _, u := range users {
		switch {
		case u.AuthMethod == client.AuthAzure:
			d.figures.portalUsers["single sign-on"]++
		case u.PasswordUpdatedAt != nil:
			d.figures.portalUsers["password"]++
		default:
			d.figures.portalUsers["invitation"]++
		}
	}
	d.figures.emails, err = d.server.outbox()
	return err
}

// login proves that each password the apply sent really works, and that a
// wrong one does not.
func (d *demo) login(ctx context.Context) error {
	if len(d.secrets) == 0 {
		return errors.New(`contacts.csv has no contact whose portal column is "password"`)
	}
	for _, email := range sortedKeys(d.secrets) {
		if _, err := d.api.PortalLogin(ctx, email, d.secrets[email]); err != nil {
			return fmt.Errorf("portal login as %s with the password the apply set: %w", email, err)
		}
		d.figures.logins++
		d.printf("    POST /api/portal/login as %-20s with the password the apply set: accepted (session token received)\n", email)

		_, err := d.api.PortalLogin(ctx, email, "Wrong-"+d.opts.newSecret())
		if !errors.Is(err, client.ErrUnauthorized) {
			return fmt.Errorf("portal login as %s with a wrong password: want 401, got %v", email, err)
		}
		d.figures.refused++
		d.printf("    POST /api/portal/login as %-20s with a wrong password:            refused (401)\n", email)
	}
	state, err := os.ReadFile(d.tf.statePath())
	if err != nil {
		return err
	}
	for _, pw := range d.secrets {
		if strings.Contains(string(state), pw) {
			return errors.New("a portal password was found in terraform.tfstate")
		}
	}
	d.printf("    the password went from an ephemeral variable to the API: terraform.tfstate does not hold it (checked)\n")
	return nil
}

func (d *demo) secondPlan(ctx context.Context) error {
	code, out, err := d.tf.run(ctx, "plan", "-detailed-exitcode", "-input=false")
	if err != nil {
		return err
	}
	switch code {
	case 0:
		d.printf("    %s\n", summaryLine(out, "No changes."))
		return nil
	case 2:
		return fmt.Errorf("the second plan is not empty:\n%s", out)
	default:
		return fmt.Errorf("%s plan exited %d:\n%s", d.tf.name(), code, out)
	}
}

// destroy removes everything and asks the server whether anything is left.
func (d *demo) destroy(ctx context.Context) error {
	out, err := d.tf.mustRun(ctx, "destroy", "-auto-approve", "-input=false")
	if err != nil {
		return err
	}
	d.printf("    %s\n", summaryLine(out, "Destroy complete!"))
	if _, err := d.api.GetClient(ctx, d.figures.clientID); !errors.Is(err, client.ErrNotFound) {
		return fmt.Errorf("client %d still answers after destroy (%v)", d.figures.clientID, err)
	}
	contacts, err := d.api.ListContacts(ctx, client.ContactListFilter{ClientID: d.figures.clientID})
	if err != nil {
		return err
	}
	users, err := d.api.ListPortalUsers(ctx, client.PortalUserListFilter{ClientID: d.figures.clientID, Status: "all"})
	if err != nil {
		return err
	}
	d.figures.leftContacts, d.figures.leftUsers = len(contacts), len(users)
	if len(contacts)+len(users) > 0 {
		return fmt.Errorf("after destroy the server still holds %d contact(s) and %d portal user(s) of client %d", len(contacts), len(users), d.figures.clientID)
	}
	d.printf("    the server answers 404 for client %d and lists 0 contacts and 0 portal users for it\n", d.figures.clientID)
	return nil
}

// keepRunning writes an env file for work by hand and waits for Ctrl-C.
func (d *demo) keepRunning(ctx context.Context) error {
	envFile := filepath.Join(d.dir, "demo.env")
	passwords, _ := json.Marshal(d.secrets)
	lines := []string{
		"# Written by the contacts provider demo; holds secrets: do not share.",
		"export TF_CLI_CONFIG_FILE=" + shellQuote(filepath.Join(d.dir, "terraformrc")),
		"export CONTACTS_ENDPOINT=" + shellQuote(d.server.url),
		"export CONTACTS_API_KEY=" + shellQuote(d.apiKey),
		"export TF_VAR_portal_passwords=" + shellQuote(string(passwords)),
		"export CHECKPOINT_DISABLE=1",
	}
	if err := os.WriteFile(envFile, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return err
	}
	d.printf("    The server keeps running at %s with the state in %s.\n", d.server.url, d.workDir)
	d.printf("    In another terminal:\n\n")
	d.printf("      . %s      # TF_CLI_CONFIG_FILE, CONTACTS_ENDPOINT, CONTACTS_API_KEY, TF_VAR_portal_passwords\n", envFile)
	d.printf("      %s -chdir=%s plan\n", d.engine.Path, d.workDir)
	d.printf("      %s -chdir=%s destroy\n", d.engine.Path, d.workDir)
	d.printf("      curl -s -H \"Authorization: Bearer $CONTACTS_API_KEY\" \"$CONTACTS_ENDPOINT/api/contacts?client_id=%d\"\n\n", d.figures.clientID)
	d.printf("    Press Ctrl-C here to stop the server and remove %s.\n", d.dir)
	if d.opts.kept != nil {
		d.opts.kept <- envFile
	}
	<-ctx.Done()
	d.printf("\n    Ctrl-C: stopping.\n")
	return nil
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// cleanup stops the server and removes the temporary folder; it runs once
// the demo ends, however it ends.
func (d *demo) cleanup() error {
	var errs []error
	if d.server != nil {
		errs = append(errs, d.server.stop())
		d.server = nil
	}
	if d.dir != "" {
		errs = append(errs, os.RemoveAll(d.dir))
		if d.opts.keep || !d.finished {
			d.printf("    stopped the server and removed %s\n", d.dir)
		}
		d.dir = ""
	}
	return errors.Join(errs...)
}

func (d *demo) summary(total time.Duration) {
	f := d.figures
	d.printf("\nSummary\n")
	d.printf("  Engine              %s (%s)\n", d.engine, d.engine.Path)
	created := 0
	for _, n := range f.created {
		created += n
	}
	d.printf("  The apply created   %d objects for %s: 1 client, %d contacts, 1 account owner (%s), %d portal users (%d password, %d invitation, %d single sign-on)\n",
		created, f.company, f.contacts, f.ownerEmail, f.portalUsers["password"]+f.portalUsers["invitation"]+f.portalUsers["single sign-on"],
		f.portalUsers["password"], f.portalUsers["invitation"], f.portalUsers["single sign-on"])
	d.printf("  Emails queued       %d welcome, %d invitation\n", f.emails["welcome"], f.emails["invitation"])
	d.printf("  Portal logins       %d accepted with the password the apply set, %d refused with a wrong one\n", f.logins, f.refused)
	d.printf("  Second plan         no changes\n")
	if d.opts.keep {
		d.printf("  Kept                the server and the state until Ctrl-C\n")
	} else {
		d.printf("  After destroy       %d contacts, %d portal users left on the server; temporary folder removed\n", f.leftContacts, f.leftUsers)
	}
	d.printf("  Time\n")
	for _, s := range d.steps {
		d.printf("    %-8s %s\n", round(s.took), s.name)
	}
	d.printf("    %-8s total\n", round(total))
}

// countLines counts, per resource type, the lines of Terraform output that
// contain marker, e.g. `contacts_contact.people["a@b"]: Creation complete`.
func countLines(out, marker string) map[string]int {
	n := map[string]int{}
	for line := range strings.SplitSeq(out, "\n") {
		if !strings.Contains(line, marker) {
			continue
		}
		typ, _, ok := strings.Cut(line, ".")
		if ok && !strings.ContainsAny(typ, " :") {
			n[typ]++
		}
	}
	return n
}

// summaryLine returns Terraform's line that starts with prefix.
func summaryLine(out, prefix string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), prefix) {
			return strings.TrimSpace(line)
		}
	}
	return prefix
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
