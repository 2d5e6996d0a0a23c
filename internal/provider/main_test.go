// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/engine"
)

// testAccEngine is the one CLI every acceptance test runs, whether through
// terraform-plugin-testing or directly (cliWorkspace): TestMain detects it
// when TF_ACC is set.
var testAccEngine engine.Engine

func TestMain(m *testing.M) {
	testAccEngine = engine.SetUpAcceptanceOrExit()
	code := m.Run()
	if cliProviderDir != "" {
		os.RemoveAll(cliProviderDir)
	}
	os.Exit(code)
}

// TestMainRequiresTheCLI runs this test binary again, running no test,
// the way `go test` would with TF_ACC set: it must refuse to start without
// a CLI it can run rather than let the tests find one themselves.
func TestMainRequiresTheCLI(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "terraform")
	tests := map[string]struct {
		env      []string
		wantCode int
		want     string
	}{
		"no CLI":        {env: []string{"TF_ACC=1", "TF_ACC_TERRAFORM_PATH="}, wantCode: 1, want: "TF_ACC_TERRAFORM_PATH is not set"},
		"CLI not there": {env: []string{"TF_ACC=1", "TF_ACC_TERRAFORM_PATH=" + missing}, wantCode: 1, want: "running " + missing + " version -json"},
		"relative path": {env: []string{"TF_ACC=1", "TF_ACC_TERRAFORM_PATH=terraform"}, wantCode: 1, want: "TF_ACC_TERRAFORM_PATH=terraform is not an absolute path"},
		"no acceptance": {env: []string{"TF_ACC=", "TF_ACC_TERRAFORM_PATH="}, wantCode: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), tc.env...)
			out, err := cmd.CombinedOutput()
			code := 0
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				code = exitErr.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.wantCode || !strings.Contains(string(out), tc.want) {
				t.Fatalf("exit %d, want %d with %q in the output:\n%s", code, tc.wantCode, tc.want, out)
			}
		})
	}
}
