// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The outputs below are the engines' own, as printed by Terraform 1.11.4
// and 1.13.3 and OpenTofu 1.11.14 and 1.12.6.
const (
	tofuMissingConfigWarning = `
Warning: Unable to open CLI configuration file

The CLI configuration file at "/root/.terraformrc" does not exist.
`
	terraformJSON = `{
  "terraform_version": "1.13.3",
  "platform": "linux_amd64",
  "provider_selections": {},
  "terraform_outdated": false
}
`
	tofuJSON = `{
  "terraform_version": "1.12.6",
  "platform": "linux_amd64",
  "provider_selections": {}
}
`
)

func TestParseVersionJSON(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		out     string
		want    string
		wantErr string
	}{
		"terraform":               {out: terraformJSON, want: "1.13.3"},
		"opentofu":                {out: tofuJSON, want: "1.12.6"},
		"opentofu warning before": {out: tofuMissingConfigWarning + tofuJSON, want: "1.12.6"},
		"text after":              {out: tofuJSON + "\nSomething else {not json}\n", want: "1.12.6"},
		"braces before":           {out: "Warning: {odd} \"{\"\n" + terraformJSON, want: "1.13.3"},
		"pre-release":             {out: `{"terraform_version":"1.14.0-beta2"}`, want: "1.14.0-beta2"},
		"no json":                 {out: "Terraform v1.11.4\non linux_amd64\n", wantErr: "no JSON object"},
		"no version field":        {out: `{"platform":"linux_amd64"}`, wantErr: "no terraform_version"},
		"broken json":             {out: `{"terraform_version": }`, wantErr: "invalid character"},
		"empty":                   {out: "", wantErr: "no JSON object"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := parseVersionJSON([]byte(tc.out))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("parseVersionJSON = %q, %v; want an error with %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parseVersionJSON = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestParseBanner(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		out           string
		name, version string
		wantErr       bool
	}{
		"terraform":               {out: "Terraform v1.11.4\non linux_amd64\n", name: Terraform, version: "1.11.4"},
		"opentofu":                {out: "OpenTofu v1.12.6\non linux_amd64\n", name: OpenTofu, version: "1.12.6"},
		"opentofu warning before": {out: tofuMissingConfigWarning + "OpenTofu v1.12.6\non linux_amd64\n", name: OpenTofu, version: "1.12.6"},
		"with provider lines":     {out: "Terraform v1.13.3\non linux_amd64\n+ provider registry.terraform.io/contactsapi/contacts v0.1.0\n", name: Terraform, version: "1.13.3"},
		"another engine":          {out: "Foo v1.0.0\n", wantErr: true},
		"name without version":    {out: "Terraform\n", wantErr: true},
		"prose naming the engine": {out: "Your version of Terraform is out of date!\n", wantErr: true},
		"empty":                   {out: "", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			gotName, gotVersion, err := parseBanner([]byte(tc.out))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("parseBanner = %q %q, want an error", gotName, gotVersion)
				}
				return
			}
			if err != nil || gotName != tc.name || gotVersion != tc.version {
				t.Fatalf("parseBanner = %q %q, %v; want %q %q", gotName, gotVersion, err, tc.name, tc.version)
			}
		})
	}
}

func TestAtLeast(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		version, min string
		want         bool
	}{
		"equal":             {"1.11.0", "1.11.0", true},
		"newer patch":       {"1.11.4", "1.11.0", true},
		"newer minor":       {"1.12.6", "1.12.0", true},
		"newer major":       {"2.0.0", "1.12.0", true},
		"older minor":       {"1.11.14", "1.12.0", false},
		"older patch":       {"1.12.0", "1.12.1", false},
		"minor by number":   {"1.9.8", "1.11.0", false},
		"pre-release":       {"1.12.0-beta1", "1.12.0", true},
		"two parts":         {"1.12", "1.12.0", true},
		"not a version":     {"dev", "1.11.0", false},
		"bad minimum":       {"1.12.0", "latest", false},
		"too many parts":    {"1.12.0.1", "1.11.0", false},
		"negative is wrong": {"1.-1.0", "1.0.0", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := (Engine{Version: tc.version}).AtLeast(tc.min); got != tc.want {
				t.Errorf("%s AtLeast(%s) = %v, want %v", tc.version, tc.min, got, tc.want)
			}
		})
	}
}

func TestEngineAddresses(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		engine                Engine
		host, address, marker string
	}{
		"terraform": {Engine{Name: Terraform, Version: "1.13.3"}, "registry.terraform.io", "registry.terraform.io/contactsapi/contacts", "Terraform version: "},
		"opentofu":  {Engine{Name: OpenTofu, Version: "1.12.6"}, "registry.opentofu.org", "registry.opentofu.org/contactsapi/contacts", "OpenTofu version: "},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := tc.engine
			if e.ProviderHost() != tc.host || e.ProviderAddress() != tc.address || e.LogMarker() != tc.marker {
				t.Errorf("%s: host %q, address %q, marker %q; want %q, %q, %q", e, e.ProviderHost(), e.ProviderAddress(), e.LogMarker(), tc.host, tc.address, tc.marker)
			}
		})
	}
}

func TestDetectErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := map[string]struct {
		path, want string
	}{
		"no path":   {"", "no CLI given"},
		"missing":   {filepath.Join(dir, "terraform"), "running " + filepath.Join(dir, "terraform") + " version -json: "},
		"directory": {dir, "running " + dir + " version -json: "},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Detect(t.Context(), tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Detect(%q) = %v, want an error with %q", tc.path, err, tc.want)
			}
		})
	}
}

// TestAccDetect detects the CLI the acceptance tests were given, with the
// environment pointing at a CLI configuration that does not exist: OpenTofu
// then prints warnings on stdout, which must not break the detection.
func TestAccDetect(t *testing.T) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || path == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to the CLI to run it")
	}
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(t.TempDir(), "missing.tfrc"))
	e, err := Detect(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != Terraform && e.Name != OpenTofu || !e.AtLeast("1.0.0") || e.Path != path {
		t.Fatalf("Detect(%q) = %+v, want Terraform or OpenTofu, 1.0.0 or newer, at that path", path, e)
	}
	t.Logf("%s at %s", e, e.Path)
}
