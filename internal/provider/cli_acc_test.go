// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// The tests in this file's family drive the suite's CLI (testAccEngine,
// Terraform or OpenTofu) themselves, with the provider built as a real
// binary, because terraform-plugin-testing can neither interrupt an apply
// nor let a step fail or succeed at will.

// cliWorkspace is a working directory with the provider binary installed
// through a CLI configuration's dev_overrides, so no init (and no
// registry) is needed.
type cliWorkspace struct {
	t   *testing.T
	srv *apiservertest.Server
	dir string
	env []string
}

// cliProviderBuild builds the provider binary once for every workspace of
// the test binary; TestMain removes its directory.
var (
	cliProviderDir   string
	cliProviderBuild = sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "contacts-provider-")
		if err != nil {
			return "", err
		}
		cliProviderDir = dir
		build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-contacts"), "github.com/contactsapi/terraform-provider-contacts")
		if out, err := build.CombinedOutput(); err != nil {
			return "", fmt.Errorf("building the provider: %w\n%s", err, out)
		}
		return dir, nil
	})
)

// newCLIWorkspace writes the CLI configuration, with dev_overrides for the
// address the suite's engine gives the provider, and main.tf, and points
// the provider at srv through the environment, so the API key is in no
// file.
func newCLIWorkspace(t *testing.T, srv *apiservertest.Server, mainTF string) *cliWorkspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	binDir, err := cliProviderBuild()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cliConfig := filepath.Join(dir, "terraformrc")
	cliWriteFile(t, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, testAccEngine.ProviderAddress(), binDir))
	cliWriteFile(t, filepath.Join(dir, "main.tf"), `terraform {
  required_providers {
    contacts = {
      source = "contactsapi/contacts"
    }
  }
}
`+mainTF)
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"CONTACTS_ENDPOINT="+srv.URL,
		"CONTACTS_API_KEY="+srv.WriteKey,
	)
	t.Logf("%s at %s, working directory %s", testAccEngine, testAccEngine.Path, dir)
	return &cliWorkspace{t: t, srv: srv, dir: dir, env: env}
}

// cliName is the suite's CLI as a shell would name it: terraform or tofu.
func cliName() string { return filepath.Base(testAccEngine.Path) }

func cliWriteFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// command prepares a command of the suite's CLI in the workspace.
func (w *cliWorkspace) command(ctx context.Context, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, testAccEngine.Path, append(args, "-no-color", "-input=false")...)
	cmd.Dir, cmd.Env = w.dir, w.env
	// Only an interrupt, never a kill, unless the CLI ignores it for long.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 2 * time.Minute
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// run runs the CLI to completion and returns its exit code and output.
func (w *cliWorkspace) run(args ...string) (int, string) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd, out := w.command(ctx, args...)
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exitErr):
		return exitErr.ExitCode(), out.String()
	default:
		w.t.Fatalf("running %s %s: %v\n%s", cliName(), strings.Join(args, " "), err, out)
		return -1, ""
	}
}

// mustRun runs the CLI and fails the test unless it exits 0.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	code, out := w.run(args...)
	if code != 0 {
		w.t.Fatalf("%s %s exited %d:\n%s", cliName(), strings.Join(args, " "), code, out)
	}
	return out
}

// stateIDs returns the ids that the local state file holds for each
// resource type, keyed by type.
func (w *cliWorkspace) stateIDs() map[string][]string {
	w.t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if errors.Is(err, os.ErrNotExist) {
		return map[string][]string{}
	}
	if err != nil {
		w.t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes struct {
					ID string `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		w.t.Fatalf("reading terraform.tfstate: %v", err)
	}
	out := map[string][]string{}
	for _, r := range st.Resources {
		for _, inst := range r.Instances {
			out[r.Type] = append(out[r.Type], inst.Attributes.ID)
		}
	}
	return out
}

// cliErrorSummaries returns the summaries of the errors in Terraform's
// output ("Error: <summary>" lines), in order.
func cliErrorSummaries(out string) []string {
	var sums []string
	for line := range strings.SplitSeq(out, "\n") {
		line = strings.TrimLeft(line, "│ ")
		if s, ok := strings.CutPrefix(line, "Error: "); ok {
			sums = append(sums, s)
		}
	}
	return sums
}

// TestAccCLIWorkspace_runsTheSuiteCLI: a CLI-driven test runs the CLI the
// suite was given, whatever else is on PATH, and that engine loads the
// provider from the workspace's dev_overrides. The engine's own log says
// which engine and version ran the plan.
func TestAccCLIWorkspace_runsTheSuiteCLI(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	w := newCLIWorkspace(t, srv, `
data "contacts_access_roles" "all" {}

output "roles" {
  value = length(data.contacts_access_roles.all.access_roles)
}
`)
	w.env = append(w.env, "TF_LOG=INFO")
	out := w.mustRun("plan")
	if e := testAccEngine; !strings.Contains(out, e.LogMarker()+e.Version) {
		t.Fatalf("the plan's log lacks %q: the workspace did not run %s (%s):\n%s", e.LogMarker()+e.Version, e, e.Path, out)
	}
	// The provider really ran: the plan read the server's roles.
	if want := fmt.Sprintf("roles = %d", len(srv.AccessRoles())); !strings.Contains(out, want) {
		t.Fatalf("the plan's output lacks %q:\n%s", want, out)
	}
}
