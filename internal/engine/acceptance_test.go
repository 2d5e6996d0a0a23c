// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package engine

import (
	"os"
	"strings"
	"testing"
)

// TestSetUpAcceptanceRefuses: without an absolute TF_ACC_TERRAFORM_PATH
// the setup fails with the fix rather than let the tests find a CLI. It
// sets environment variables, so it does not run in parallel.
func TestSetUpAcceptanceRefuses(t *testing.T) {
	tests := map[string]struct {
		path, want string
	}{
		"unset":    {"", "TF_ACC_TERRAFORM_PATH is not set"},
		"relative": {"bin/tofu", "TF_ACC_TERRAFORM_PATH=bin/tofu is not an absolute path"},
		"missing":  {"/nonexistent/terraform", "TF_ACC_TERRAFORM_PATH names no CLI the tests can use"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv("TF_ACC_TERRAFORM_PATH", tc.path)
			if _, err := SetUpAcceptance(t.Context()); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("SetUpAcceptance = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestAccSetUpAcceptance: on the CLI the acceptance tests were given, the
// setup points terraform-plugin-testing at the engine's registry host
// unless told another, and the CLI at an empty configuration.
func TestAccSetUpAcceptance(t *testing.T) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || path == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to the CLI to run it")
	}
	for _, preset := range []string{"", "registry.example.com"} {
		t.Setenv("TF_ACC_PROVIDER_HOST", preset)
		t.Setenv("TF_CLI_CONFIG_FILE", "/nonexistent/terraformrc")
		e, err := SetUpAcceptance(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := preset
		if want == "" {
			want = e.ProviderHost()
		}
		if got := os.Getenv("TF_ACC_PROVIDER_HOST"); got != want {
			t.Errorf("%s, TF_ACC_PROVIDER_HOST preset to %q: set to %q, want %q", e, preset, got, want)
		}
		if got := os.Getenv("TF_CLI_CONFIG_FILE"); got != os.DevNull {
			t.Errorf("%s: TF_CLI_CONFIG_FILE=%q, want %q", e, got, os.DevNull)
		}
	}
}
