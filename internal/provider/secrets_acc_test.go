// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// secretsScan collects every text the test can see (plan JSON, state JSON,
// error messages) so that one final pass looks for every secret in all of
// them; a check that ran on no plan or no state would prove nothing, so
// the counts are asserted too.
type secretsScan struct {
	plans, states, errors []string
	// expect is the error the current step must fail with, nil when it
	// must succeed.
	expect *regexp.Regexp
}

func (s *secretsScan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	resp.Error = err
	s.plans = append(s.plans, string(raw))
}

func (s *secretsScan) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	resp.Error = err
	s.states = append(s.states, string(raw))
}

// flatState records the state as the SDK-style shim sees it, attribute by
// attribute.
func (s *secretsScan) flatState(st *terraform.State) error {
	raw, err := json.Marshal(st)
	s.states = append(s.states, string(raw))
	return err
}

// expectError makes the next step's failure expected: ErrorCheck records
// its text instead of failing the test. ExpectError would match the text
// but hide it from the scan.
func (s *secretsScan) expectError(t *testing.T, re string) func() {
	return func() {
		s.requireConsumed(t)
		s.expect = regexp.MustCompile(re)
	}
}

func (s *secretsScan) errorCheck(err error) error {
	if s.expect == nil {
		return err
	}
	if !s.expect.MatchString(err.Error()) {
		return fmt.Errorf("the error does not match %s: %w", s.expect, err)
	}
	s.errors = append(s.errors, err.Error())
	s.expect = nil
	return nil
}

// requireConsumed fails when a step expected to fail did not.
func (s *secretsScan) requireConsumed(t *testing.T) {
	t.Helper()
	if s.expect != nil {
		t.Fatalf("a step expected to fail with %s succeeded", s.expect)
	}
}

// TestAccSecrets_neverLeak runs a contact and its portal user through
// creation, a password rotation and three failures (a weak password, a
// username the API refuses, a wrong API key) with Terraform and the
// provider logging at TRACE, then looks for the API keys and every password
// in the logs of both, in every plan and state JSON, in the state files on
// disk and in every error message. The key and passwords reach Terraform
// only through ephemeral variables. It sets environment variables, so it
// does not run in parallel.
func TestAccSecrets_neverLeak(t *testing.T) {
	logDir, workDir := secretsLogToFiles(t)
	t.Setenv(envAPIKey, "")

	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Acme Inc")
	bob, err := api.CreateContact(context.Background(), client.ContactCreateRequest{FirstName: "Bob", LastName: "Doe", Email: "bob@acme.example", ClientID: acme.ID})
	if err != nil {
		t.Fatal(err)
	}
	// Carol is no resource of the configuration and has no login, so no
	// plan-time check knows her address.
	if _, err := api.CreateContact(context.Background(), client.ContactCreateRequest{FirstName: "Carol", LastName: "Doe", Email: "carol@acme.example", ClientID: acme.ID}); err != nil {
		t.Fatal(err)
	}
	const (
		pw1      = "First-Passw0rd-SECRET"
		pw2      = "Second-Passw0rd-SECRET"
		weak     = "weakpassword-SECRET"
		pwBob    = "Bob-Passw0rd-SECRET"
		wrongKey = "wrong-api-key-SECRET"
	)
	secrets := map[string]string{
		"write key": srv.WriteKey, "read key": srv.ReadKey, "wrong key": wrongKey,
		"password 1": pw1, "password 2": pw2, "weak password": weak, "bob's password": pwBob,
	}
	vars := func(key, pw string) config.Variables {
		return config.Variables{
			"api_key": config.StringVariable(key),
			"pw":      config.StringVariable(pw),
			"bob_pw":  config.StringVariable(pwBob),
		}
	}
	cfg := func(version int, extra string) string {
		return fmt.Sprintf(`
variable "api_key" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "pw" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "bob_pw" {
  type      = string
  ephemeral = true
  sensitive = true
}

provider "contacts" {
  endpoint    = %q
  api_key     = var.api_key
  max_retries = 0
}

resource "contacts_contact" "jane" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
}

resource "contacts_portal_user" "test" {
  contact_id          = contacts_contact.jane.id
  password_wo         = var.pw
  password_wo_version = %d
}
%s`, srv.URL, acme.ID, version, extra)
	}
	// Bob's login would take Carol's address as its username, which the API
	// refuses with a 422 after the request, password included, was sent
	// (Jane's would be refused at plan: her login holds it).
	// Secrets never appear as literals: the test framework logs each
	// step's configuration.
	bobUser := fmt.Sprintf(`
resource "contacts_portal_user" "bob" {
  contact_id  = %d
  username    = "carol@acme.example"
  password_wo = var.bob_pw
}
`, bob.ID)

	scan := &secretsScan{}
	checks := func(login string) resource.TestStep {
		return resource.TestStep{
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{scan}},
			ConfigStateChecks: []statecheck.StateCheck{scan},
			Check: resource.ComposeAggregateTestCheckFunc(
				scan.flatState,
				// The password really arrived, so there was a secret to leak.
				testCheckPortalLogin(srv, "jane@acme.example", login, nil),
			),
		}
	}
	step := func(base resource.TestStep, hcl string, v config.Variables, pre func()) resource.TestStep {
		base.Config, base.ConfigVariables, base.PreConfig = hcl, v, pre
		return base
	}
	consumed := func() { scan.requireConsumed(t) }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		ErrorCheck:               scan.errorCheck,
		CheckDestroy:             secretsCheckDestroyed(srv),
		Steps: []resource.TestStep{
			step(checks(pw1), cfg(1, ""), vars(srv.WriteKey, pw1), nil),
			// Rotation: a new version sends the new password.
			step(checks(pw2), cfg(2, ""), vars(srv.WriteKey, pw2), nil),
			// Caught at plan time by the password validator.
			step(resource.TestStep{}, cfg(3, ""), vars(srv.WriteKey, weak),
				scan.expectError(t, `(?s)Invalid Portal Password.*has no number`)),
			// Refused by the API after the password was sent.
			step(resource.TestStep{}, cfg(2, bobUser), vars(srv.WriteKey, pw2),
				scan.expectError(t, `(?s)username.*already been taken`)),
			// The API refuses the key while refreshing.
			step(resource.TestStep{}, cfg(2, ""), vars(wrongKey, pw2),
				scan.expectError(t, `(?s)did not accept the API key`)),
			// Back to the good key, so that destroy works; nothing to do.
			step(checks(pw2), cfg(2, ""), vars(srv.WriteKey, pw2), consumed),
		},
	})
	scan.requireConsumed(t)

	if len(scan.plans) < 3 || len(scan.states) < 6 || len(scan.errors) != 3 {
		t.Fatalf("scanned %d plans, %d states and %d errors; the steps above must yield at least 3, 6 and exactly 3",
			len(scan.plans), len(scan.states), len(scan.errors))
	}
	texts := map[string][]string{"plan JSON": scan.plans, "state JSON": scan.states, "error message": scan.errors}
	texts["log"] = secretsReadLogs(t, logDir)
	texts["state file"] = secretsReadStateFiles(t, workDir)
	for where, list := range texts {
		for _, text := range list {
			for name, secret := range secrets {
				if strings.Contains(text, secret) {
					t.Errorf("the %s appears in a %s", name, where)
				}
			}
		}
	}
}

// secretsLogToFiles makes the acceptance tests log at TRACE to files in a
// directory of their own and keep their working directories, and returns
// both directories. TF_LOG_PATH_MASK sends Terraform's own log (through
// terraform-exec) and the in-process provider's tflog output
// (terraform-plugin-go's test sink) to the same per-test file, at TRACE
// unless TF_ACC_LOG says otherwise. The working directories are kept so
// their state files can be read after the test. It sets environment
// variables, so its callers do not run in parallel.
func secretsLogToFiles(t *testing.T) (logDir, workDir string) {
	t.Helper()
	base := t.TempDir()
	logDir, workDir = filepath.Join(base, "logs"), filepath.Join(base, "work")
	for _, d := range []string{logDir, workDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG_CORE", "")
	t.Setenv("TF_LOG_PROVIDER", "")
	t.Setenv("TF_ACC_LOG_PATH", "")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	return logDir, workDir
}

// TestAccSecrets_keyFromEnvironmentNeverLeaks: the key reaches the provider
// only through CONTACTS_API_KEY, which no configuration, plan or state
// holds; it and the password must stay out of the TRACE logs and the state
// files all the same.
func TestAccSecrets_keyFromEnvironmentNeverLeaks(t *testing.T) {
	logDir, workDir := secretsLogToFiles(t)
	srv := testAccServer(t)
	t.Setenv(envAPIKey, srv.WriteKey)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Acme Inc")
	const pw = "Env-Key-Passw0rd-SECRET"
	cfg := fmt.Sprintf(`
variable "pw" {
  type      = string
  ephemeral = true
  sensitive = true
}

provider "contacts" {
  endpoint = %q
}

resource "contacts_contact" "jane" {
  client_id  = %d
  first_name = "Jane"
  last_name  = "Doe"
  email      = "jane@acme.example"
}

resource "contacts_portal_user" "jane" {
  contact_id          = contacts_contact.jane.id
  password_wo         = var.pw
  password_wo_version = 1
}
`, srv.URL, acme.ID)
	scan := &secretsScan{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigVariables:   config.Variables{"pw": config.StringVariable(pw)},
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{scan}},
			ConfigStateChecks: []statecheck.StateCheck{scan},
			Check:             resource.ComposeAggregateTestCheckFunc(scan.flatState, testCheckPortalLogin(srv, "jane@acme.example", pw, nil)),
		}},
	})
	logs := secretsLogFiles(t, logDir)
	if !strings.Contains(strings.Join(logs, "\n"), "contacts API request") {
		t.Fatalf("the logs in %s have no request line of the provider; the scan would prove nothing", logDir)
	}
	texts := map[string][]string{"plan JSON": scan.plans, "state JSON": scan.states, "log": logs, "state file": secretsReadStateFiles(t, workDir)}
	for where, list := range texts {
		for _, text := range list {
			for name, secret := range map[string]string{"API key from CONTACTS_API_KEY": srv.WriteKey, "password": pw} {
				if strings.Contains(text, secret) {
					t.Errorf("the %s appears in a %s", name, where)
				}
			}
		}
	}
}

// secretsCheckDestroyed asks the server that no portal user and no contact
// but the seeded ones (Bob and Carol) and the staff fixture are left.
func secretsCheckDestroyed(srv *apiservertest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if users := srv.PortalUsers(); len(users) != 0 {
			return fmt.Errorf("portal users left on the server after destroy: %+v", users)
		}
		if n := len(srv.Contacts()); n != 3 {
			return fmt.Errorf("the server holds %d contacts after destroy, want the staff fixture, Bob and Carol", n)
		}
		return nil
	}
}

// secretsReadLogs returns the TRACE logs and fails unless they hold both
// the CLI's lines (Terraform's or OpenTofu's) and the provider's request
// lines (with the password reset among them), without which a clean scan
// would prove nothing.
func secretsReadLogs(t *testing.T, dir string) []string {
	t.Helper()
	logs := secretsLogFiles(t, dir)
	all := strings.Join(logs, "\n")
	for what, marker := range map[string]string{
		"the CLI's own log":                 testAccEngine.LogMarker(),
		"the CLI's TRACE lines":             "[TRACE]",
		"the provider's request lines":      "contacts API request",
		"the provider's password reset":     "/actions/set-password",
		"the framework's resource handling": "Calling provider defined Resource",
	} {
		if !strings.Contains(all, marker) {
			t.Fatalf("the logs in %s lack %s (%q); the secret scan would prove nothing", dir, what, marker)
		}
	}
	// The failures must be logged too: the refused create (whose request
	// carried a password) and the refused key.
	// hclog writes fields in no fixed order, so each is matched as a word.
	for _, want := range [][]string{{"path=/api/portal-users", "status=422"}, {"status=401"}} {
		found := false
		for _, line := range strings.Split(all, "\n") {
			words := strings.Fields(line)
			matches := strings.Contains(line, "contacts API request")
			for _, w := range want {
				matches = matches && slices.Contains(words, w)
			}
			found = found || matches
		}
		if !found {
			t.Fatalf("the logs in %s have no request line with %q", dir, want)
		}
	}
	return logs
}

// secretsPrivateKeys are the private-state entries the provider may write:
// the framework's own start with a dot. Anything else could hide a secret
// where no state check looks.
var secretsPrivateKeys = map[string]bool{privateKeyPlannedUser: true}

// secretsLogFiles returns the text of every log file in dir.
func secretsLogFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var logs []string
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		logs = append(logs, string(raw))
	}
	return logs
}

// secretsReadStateFiles returns every state file (and backup) that
// Terraform wrote in the kept working directories, and, for each resource
// instance, its private state decoded: the base64 of a JSON object whose
// values are themselves base64, so a secret there would not show up by
// substring. It fails on a private entry the provider is not known to write.
func secretsReadStateFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(d.Name(), "terraform.tfstate") {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, string(raw))
		var st struct {
			Resources []struct {
				Instances []struct {
					Private string `json:"private"`
				} `json:"instances"`
			} `json:"resources"`
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			return nil
		}
		if err := json.Unmarshal(raw, &st); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for _, r := range st.Resources {
			for _, in := range r.Instances {
				texts, err := secretsDecodePrivate(in.Private)
				if err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
				out = append(out, texts...)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no state file under %s; the scan would prove nothing", dir)
	}
	return out
}

// secretsDecodePrivate decodes one instance's private state into the texts
// to scan: the whole, and each entry's value.
func secretsDecodePrivate(encoded string) ([]string, error) {
	if encoded == "" {
		return nil, nil
	}
	outer, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, fmt.Errorf("private state is not base64: %w", err)
	}
	texts := []string{string(outer)}
	var entries map[string][]byte // encoding/json decodes each value's base64
	if err := json.Unmarshal(outer, &entries); err != nil {
		return nil, fmt.Errorf("private state is not the framework's JSON object: %w", err)
	}
	for key, value := range entries {
		if !strings.HasPrefix(key, ".") && !secretsPrivateKeys[key] {
			return nil, fmt.Errorf("private state holds an entry %q that the provider is not known to write", key)
		}
		texts = append(texts, string(value))
	}
	return texts, nil
}

// TestClientLoggerMasksAPIKey: the hook that routes the client's request
// lines to tflog masks the key in the message and in every string field,
// should any ever carry it.
func TestClientLoggerMasksAPIKey(t *testing.T) {
	t.Parallel()
	const key = "ck_live_SECRET_provider_logger"
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	log := clientLogger(key)
	log(ctx, "request with Bearer "+key, map[string]any{
		"path":   "/api/contacts",
		"error":  "Post \"https://crm.example.com/api/contacts?k=" + key + "\": refused",
		"status": 401,
	})
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("got %d log entries, want 1: %s", len(entries), buf.String())
	}
	raw, _ := json.Marshal(entries[0])
	if strings.Contains(string(raw), key) {
		t.Errorf("the key is in the log entry: %s", raw)
	}
	if entries[0]["path"] != "/api/contacts" || entries[0]["status"] != float64(401) || !strings.Contains(string(raw), "***") {
		t.Errorf("the entry lost its fields or was not masked: %s", raw)
	}

	// Without a key there is nothing to mask, and nothing breaks.
	buf.Reset()
	clientLogger("")(ctx, "contacts API request", map[string]any{"path": "/api/clients"})
	if !strings.Contains(buf.String(), "/api/clients") {
		t.Errorf("nothing was logged without a key: %q", buf.String())
	}
}
