// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
	"github.com/contactsapi/terraform-provider-contacts/internal/engine"
)

// The tests in this file run every folder under examples/ through the CLI
// the tests were given (Terraform or OpenTofu) with a freshly built
// provider installed by dev_overrides: fmt -check and validate for all of
// them, and a real apply against an in-process server for the workflow
// examples. The onboarding example is applied by the demo's own test.

var (
	// testEngine is the CLI every test here runs; TestMain detects it
	// when TF_ACC is set.
	testEngine      engine.Engine
	exampleBuildDir string
	exampleBuild    = sync.OnceValues(buildProviderForExamples)
)

func TestMain(m *testing.M) {
	testEngine = engine.SetUpAcceptanceOrExit()
	code := m.Run()
	if exampleBuildDir != "" {
		os.RemoveAll(exampleBuildDir)
	}
	os.Exit(code)
}

// buildProviderForExamples builds the provider once per test binary and
// writes the CLI configuration that points the CLI at it.
func buildProviderForExamples() (string, error) {
	dir, err := os.MkdirTemp("", "contacts-examples-")
	if err != nil {
		return "", err
	}
	exampleBuildDir = dir
	build := exec.Command("go", "build", "-o", filepath.Join(dir, exe("terraform-provider-contacts")), "github.com/contactsapi/terraform-provider-contacts")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(dir, "terraformrc")
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", testEngine.ProviderAddress(), filepath.ToSlash(dir))
	return rc, os.WriteFile(rc, []byte(config), 0o600)
}

// requireCLI skips unless acceptance tests are on, like the provider's
// acceptance tests, and returns the CLI they use: the one
// TF_ACC_TERRAFORM_PATH names (which `make test` sets), and no other.
func requireCLI(t *testing.T) engine.Engine {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	t.Logf("%s at %s", testEngine, testEngine.Path)
	return testEngine
}

// exampleWorkspace copies examples/<name> to a temporary folder and returns
// a runner for it; srv, when given, configures the provider.
func exampleWorkspace(t *testing.T, name string, srv *apiservertest.Server, vars ...string) *terraformRunner {
	t.Helper()
	cli := requireCLI(t)
	rc, err := exampleBuild()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := copyDir(filepath.Join(repoRoot(t), "examples", name), dir); err != nil {
		t.Fatal(err)
	}
	env := append(cleanEnv(os.Environ()), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	if srv != nil {
		env = append(env, "CONTACTS_ENDPOINT="+srv.URL, "CONTACTS_API_KEY="+srv.WriteKey)
	}
	return &terraformRunner{bin: cli.Path, dir: dir, env: append(env, vars...), out: os.Stdout}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// tfMust runs the CLI in w and fails the test unless it exits 0.
func tfMust(t *testing.T, w *terraformRunner, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := w.mustRun(ctx, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tfPlanEmpty fails the test unless a plan finds nothing to change.
func tfPlanEmpty(t *testing.T, w *terraformRunner, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	code, out, err := w.run(ctx, append([]string{"plan", "-detailed-exitcode", "-input=false"}, args...)...)
	if err != nil || code != 0 {
		t.Fatalf("want an empty plan, got exit code %d (%v):\n%s", code, err, out)
	}
}

// exampleDirs lists every folder under examples/ that holds .tf files.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	root := filepath.Join(repoRoot(t), "examples")
	seen := map[string]bool{}
	var dirs []string
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Ext(p) != ".tf" {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err == nil && !seen[rel] {
			seen[rel] = true
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 15 {
		t.Fatalf("found only %d example folders under %s: %v", len(dirs), root, dirs)
	}
	return dirs
}

// TestExamplesValidate runs fmt -check and validate in
// every example folder, the tfplugindocs snippet folders included (they get
// the terraform block they leave out, in the copy only).
func TestExamplesValidate(t *testing.T) {
	cli := requireCLI(t)
	for _, name := range exampleDirs(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if needsTerraform114(name) && (cli.Name != engine.Terraform || !cli.AtLeast(actionEngines)) {
				t.Skipf("%s has neither actions nor terraform query (Terraform %s or later)", cli, actionEngines)
			}
			w := exampleWorkspace(t, name, nil)
			tfMust(t, w, "fmt", "-check", "-diff")
			dropIdentityImports(t, cli, w.dir)
			if !declaresProvider(t, w.dir) {
				block := "terraform {\n  required_providers {\n    contacts = {\n      source = \"contactsapi/contacts\"\n    }\n  }\n}\n"
				if err := os.WriteFile(filepath.Join(w.dir, "zz_test_providers.tf"), []byte(block), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			out := tfMust(t, w, "validate")
			if !strings.Contains(out, "The configuration is valid") {
				t.Fatalf("validate did not report a valid configuration:\n%s", out)
			}
		})
	}
}

// dropIdentityImports removes the import-by-identity examples from the copy
// in dir when the CLI is older than the engines that have resource identity:
// those reject the identity argument, and the examples say they need 1.12.
func dropIdentityImports(t *testing.T, cli engine.Engine, dir string) {
	t.Helper()
	if cli.AtLeast(identityEngines) {
		return
	}
	f := filepath.Join(dir, "import-by-identity.tf")
	if err := os.Remove(f); err == nil {
		t.Logf("%s has no resource identity (needs %s): import-by-identity.tf left out", cli, identityEngines)
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}

// identityEngines is the oldest Terraform and OpenTofu with resource
// identity.
const identityEngines = "1.12.0"

// actionEngines is the oldest Terraform with actions and terraform query;
// OpenTofu has neither.
const actionEngines = "1.14.0"

// needsTerraform114 reports whether an example folder uses what only
// Terraform 1.14 and later have: action blocks, or the query route of the
// bulk import (whose required_version says so).
func needsTerraform114(name string) bool {
	return strings.HasPrefix(name, "actions/") || name == "bulk-import/query"
}

func declaresProvider(t *testing.T, dir string) bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "required_providers") {
			return true
		}
	}
	return false
}

// TestExampleRotatePassword applies examples/rotate-password and proves
// with the portal login that only a version bump sends a new password.
func TestExampleRotatePassword(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t)
	api := exampleAPIClient(t, srv)
	first, second := "Rotate-1-first", "Rotate-2-second"
	const user = "jane@rotation.example"

	w := exampleWorkspace(t, "rotate-password", srv, "TF_VAR_portal_password="+first)
	tfMust(t, w, "apply", "-auto-approve", "-input=false")
	exampleLogin(t, api, user, first, nil)

	// A new password alone sends nothing: the plan is empty and the old
	// password still works.
	w.env = append(w.env, "TF_VAR_portal_password="+second)
	tfPlanEmpty(t, w)
	exampleLogin(t, api, user, first, nil)

	// With the version bumped, the new password replaces the old one.
	tfMust(t, w, "apply", "-auto-approve", "-input=false", "-var", "password_version=2")
	exampleLogin(t, api, user, second, nil)
	exampleLogin(t, api, user, first, client.ErrUnauthorized)
	tfPlanEmpty(t, w, "-var", "password_version=2")
	assertNoSecretInState(t, w, first, second)

	tfMust(t, w, "destroy", "-auto-approve", "-input=false", "-var", "password_version=2")
	if _, ok := srv.ContactByEmail(user); ok {
		t.Fatalf("contact %s still on the server after destroy", user)
	}
}

// TestExampleOffboarding applies examples/offboarding, offboards Jane and
// checks that her access is revoked while her contact and login stay.
func TestExampleOffboarding(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t)
	api := exampleAPIClient(t, srv)
	const jane, sam = "jane@offboarding.example", "sam@offboarding.example"

	w := exampleWorkspace(t, "offboarding", srv)
	tfMust(t, w, "apply", "-auto-approve", "-input=false")
	// The users were invited; give Jane a password out of band, as
	// accepting the invitation would, so that a login can prove access.
	janeUser := examplePortalUser(t, api, jane)
	if _, err := api.SetPassword(context.Background(), janeUser.ID, "Jane-pw-2026"); err != nil {
		t.Fatal(err)
	}
	exampleLogin(t, api, jane, "Jane-pw-2026", nil)

	tfMust(t, w, "apply", "-auto-approve", "-input=false", "-var", `leavers=["`+jane+`"]`)
	exampleLogin(t, api, jane, "Jane-pw-2026", client.ErrForbidden)
	if u := examplePortalUser(t, api, jane); u.Status != client.StatusTerminated || u.ID != janeUser.ID {
		t.Fatalf("Jane's portal user after offboarding: id %d status %q, want id %d terminated", u.ID, u.Status, janeUser.ID)
	}
	if c, ok := srv.ContactByEmail(jane); !ok || c.Status != "active" {
		t.Fatalf("Jane's contact after offboarding: %+v (found %v), want it kept and active", c, ok)
	}
	if u := examplePortalUser(t, api, sam); u.Status != client.StatusActive {
		t.Fatalf("Sam's portal user status %q, want active", u.Status)
	}
	tfPlanEmpty(t, w, "-var", `leavers=["`+jane+`"]`)

	tfMust(t, w, "destroy", "-auto-approve", "-input=false", "-var", `leavers=["`+jane+`"]`)
	if _, ok := srv.ContactByEmail(jane); ok {
		t.Fatalf("contact %s still on the server after destroy", jane)
	}
}

// TestExampleBulkImport seeds a client with contacts outside Terraform and
// runs the two steps of examples/bulk-import: every contact and portal
// user ends up in the state, from generated configuration, with nothing
// left to change.
func TestExampleBulkImport(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t)
	api := exampleAPIClient(t, srv)
	ctx := context.Background()
	acct, err := api.CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Legacy Co"})
	if err != nil {
		t.Fatal(err)
	}
	var contactIDs []int64
	// Emails that no name rule built from them survives: a leading digit,
	// and two that differ only in punctuation.
	for _, name := range []string{"1st.line", "j.doe", "j-doe"} {
		c, err := api.CreateContact(ctx, client.ContactCreateRequest{
			FirstName: "F", LastName: "Legacy", Email: name + "@legacy.example", ClientID: acct.ID,
		})
		if err != nil {
			t.Fatal(err)
		}
		contactIDs = append(contactIDs, c.ID)
	}
	if _, err := api.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: contactIDs[0], SendInvite: true}); err != nil {
		t.Fatal(err)
	}

	w := exampleWorkspace(t, "bulk-import", srv)
	discover := *w
	discover.dir = filepath.Join(w.dir, "discover")
	tfMust(t, &discover, "apply", "-auto-approve", "-input=false", "-var", "company_name=Legacy Co")
	blocks := tfMust(t, &discover, "output", "-raw", "import_blocks")
	if err := os.WriteFile(filepath.Join(w.dir, "imports.tf"), []byte(blocks), 0o600); err != nil {
		t.Fatal(err)
	}
	tfMust(t, w, "plan", "-input=false", "-generate-config-out=generated.tf")
	out := tfMust(t, w, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Resources: 5 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("want 5 imports (client, 3 contacts, 1 portal user), got:\n%s", out)
	}
	tfPlanEmpty(t, w)
	list := tfMust(t, w, "state", "list")
	for _, addr := range []string{"contacts_client.company", fmt.Sprintf("contacts_contact.c_%d", contactIDs[0]), fmt.Sprintf("contacts_contact.c_%d", contactIDs[1]),
		fmt.Sprintf("contacts_contact.c_%d", contactIDs[2]), fmt.Sprintf("contacts_portal_user.c_%d", contactIDs[0])} {
		if !strings.Contains(list, addr+"\n") {
			t.Errorf("state lacks %s:\n%s", addr, list)
		}
	}
	// Importing changed nothing on the server.
	for _, id := range contactIDs {
		if c, ok := srv.Contact(id); !ok || c.Status != "active" {
			t.Errorf("contact %d after the import: %+v (found %v)", id, c, ok)
		}
	}
}

// TestExampleBulkImportQuery runs examples/bulk-import/query, the route of
// Terraform 1.14 and later: terraform query writes the configuration of a
// client, its contacts (emails no name rule survives), its portal logins
// (a revoked one too) and its owner, which plans as imports only, applies
// and then plans empty.
func TestExampleBulkImportQuery(t *testing.T) {
	t.Parallel()
	if cli := requireCLI(t); cli.Name != engine.Terraform || !cli.AtLeast(actionEngines) {
		t.Skipf("%s has no terraform query; TestExampleBulkImport covers its route", cli)
	}
	srv := apiservertest.New(t)
	api := exampleAPIClient(t, srv)
	ctx := context.Background()
	acct, err := api.CreateClient(ctx, client.ClientCreateRequest{CompanyName: "Fabrikam Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	var contacts []*client.Contact
	for _, name := range []string{"1st.line", "j.doe", "j-doe"} {
		c, err := api.CreateContact(ctx, client.ContactCreateRequest{FirstName: "F", LastName: "L", Email: name + "@fabrikam.example", ClientID: acct.ID})
		if err != nil {
			t.Fatal(err)
		}
		contacts = append(contacts, c)
	}
	if _, err := api.SetAccountOwner(ctx, contacts[1].ID); err != nil {
		t.Fatal(err)
	}
	revoked, err := api.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: contacts[2].ID, Username: "jdash"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.RevokeAccess(ctx, revoked.ID); err != nil {
		t.Fatal(err)
	}

	w := exampleWorkspace(t, "bulk-import", srv)
	w.dir = filepath.Join(w.dir, "query")
	tfMust(t, w, "query", "-var", "company=fabrikam", "-generate-config-out=generated.tf")
	if out := tfMust(t, w, "plan", "-input=false"); !strings.Contains(out, "Plan: 6 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("want 6 imports (client, 3 contacts, 1 portal user, owner) and nothing else, got:\n%s", out)
	}
	tfMust(t, w, "apply", "-auto-approve", "-input=false")
	tfPlanEmpty(t, w)
	if mails := srv.Outbox(); len(mails) != 0 {
		t.Errorf("the import sent %d emails", len(mails))
	}
}

// TestExampleGitopsWorkflow checks that the GitHub Actions workflow runs
// the steps the guide promises and takes every secret from the secret store.
func TestExampleGitopsWorkflow(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "examples", "gitops", ".github", "workflows", "terraform.yml"))
	if err != nil {
		t.Fatal(err)
	}
	wf := string(b)
	for _, want := range []string{
		"pull_request:", "push:",
		"terraform fmt -check", "terraform validate", "terraform plan", "terraform apply -auto-approve",
		"if: github.event_name == 'pull_request'", "if: github.event_name == 'push'",
		"CONTACTS_API_KEY: ${{ secrets.CONTACTS_API_KEY }}",
		"TF_VAR_portal_passwords: ${{ secrets.PORTAL_PASSWORDS }}",
	} {
		if !strings.Contains(wf, want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
	if strings.Contains(wf, "\t") {
		t.Error("the workflow holds a tab, which YAML does not allow for indentation")
	}
}

func exampleAPIClient(t *testing.T, srv *apiservertest.Server) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.WriteKey})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func examplePortalUser(t *testing.T, api *client.Client, username string) *client.PortalUser {
	t.Helper()
	u, err := api.FindPortalUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("portal user %s: %v", username, err)
	}
	return u
}

// exampleLogin logs in to the portal and fails unless the outcome matches
// want (nil for success).
func exampleLogin(t *testing.T, api *client.Client, username, password string, want error) {
	t.Helper()
	_, err := api.PortalLogin(context.Background(), username, password)
	switch {
	case want == nil && err != nil:
		t.Fatalf("portal login as %s: %v, want success", username, err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("portal login as %s: %v, want %v", username, err, want)
	}
}

func assertNoSecretInState(t *testing.T, w *terraformRunner, secrets ...string) {
	t.Helper()
	state, err := os.ReadFile(w.statePath())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if strings.Contains(string(state), s) {
			t.Fatal("a password was found in terraform.tfstate")
		}
	}
}

// eachIndexedReference is a reference such as
// contacts_contact.person[each.key].id: for every instance, Terraform
// builds the whole referenced map again, so the cost grows with the
// product of the two counts (see "Thousands of contacts" in the onboarding
// guide). The examples build an id map once in locals instead.
var eachIndexedReference = regexp.MustCompile(`\b(contacts_[a-z_]+|data\.contacts_[a-z_]+)\.[a-z0-9_]+\[each\.[^\]]*\]`)

// TestExamplesReferThroughLocalMaps: no example indexes a for_each
// resource with each.key or each.value, the pattern the onboarding guide
// measures as quadratic and tells users to avoid.
func TestExamplesReferThroughLocalMaps(t *testing.T) {
	t.Parallel()
	for _, f := range exampleFiles(t, ".tf") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			if m := eachIndexedReference.FindString(line); m != "" {
				t.Errorf("%s:%d refers to %s: build a map of ids once in locals and index that (see examples/onboarding)", f, i+1, m)
			}
		}
	}
}

// versionConstraint is a `version = "~> X.Y"` in HCL, comments included.
var versionConstraint = regexp.MustCompile(`version\s*=\s*"(~>[^"]*)"`)

// TestExamplesPinTheREADMEVersion: every version constraint in the examples,
// comments included, is the one the README's install section gives.
func TestExamplesPinTheREADMEVersion(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := versionConstraint.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md gives no version constraint")
	}
	want := string(m[1])
	for _, f := range exampleFiles(t, ".tf") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range versionConstraint.FindAllSubmatch(b, -1) {
			if string(got[1]) != want {
				t.Errorf("%s pins %q, the README %q", f, got[1], want)
			}
		}
	}
}

// exampleFiles lists the files under examples/ whose names end in ext.
func exampleFiles(t *testing.T, ext string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join(repoRoot(t), "examples"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ext) {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no %s files under examples/", ext)
	}
	return files
}
