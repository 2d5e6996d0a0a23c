// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package engine tells which Terraform-compatible CLI a path names
// (Terraform or OpenTofu) and which version, and what running this
// provider on it takes: the address the CLI resolves the provider's
// source to, the registry host terraform-plugin-testing must name, and the
// line the CLI's own log starts with. The provider's acceptance tests, the
// demo and its tests all detect the engine here, so that they run the one
// CLI they were given, whichever engine it is.
package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// The engines this package knows, as their CLIs name themselves.
const (
	Terraform = "Terraform"
	OpenTofu  = "OpenTofu"
)

// providerSource is the provider's source address as configurations write
// it (see main.go); each engine qualifies it with its own registry host.
const providerSource = "contactsapi/contacts"

// Engine is one Terraform-compatible CLI.
type Engine struct {
	Path    string // the CLI as given
	Name    string // Terraform or OpenTofu
	Version string // e.g. "1.12.6", as the CLI reports it
}

// String names the engine and its version, e.g. "OpenTofu 1.12.6".
func (e Engine) String() string { return e.Name + " " + e.Version }

// ProviderHost is the registry host the engine gives a source address
// without one; terraform-plugin-testing's TF_ACC_PROVIDER_HOST must name
// it, since OpenTofu refuses the reattached provider otherwise.
func (e Engine) ProviderHost() string {
	if e.Name == OpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// ProviderAddress is the address the engine resolves the provider's source
// to: what a dev_overrides block must name.
func (e Engine) ProviderAddress() string { return e.ProviderHost() + "/" + providerSource }

// LogMarker is how the engine's own log (TF_LOG) announces it, at its
// start.
func (e Engine) LogMarker() string { return e.Name + " version: " }

// AtLeast reports whether the engine's version is oldest or newer; both
// are "major.minor.patch", a pre-release suffix being ignored.
func (e Engine) AtLeast(oldest string) bool {
	got, err1 := parseVersion(e.Version)
	want, err2 := parseVersion(oldest)
	if err1 != nil || err2 != nil {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return got[i] > want[i]
		}
	}
	return true
}

// Detect runs the CLI at path to tell its engine and version. The CLI runs
// with an empty CLI configuration and no update check, so that neither a
// missing or odd configuration (which OpenTofu reports as warnings on
// stdout) nor the network can disturb the answer.
func Detect(ctx context.Context, path string) (Engine, error) {
	if path == "" {
		return Engine{}, errors.New("no CLI given: name a terraform or tofu binary")
	}
	asJSON, err := versionOutput(ctx, path, "-json")
	if err != nil {
		return Engine{}, err
	}
	version, err := parseVersionJSON(asJSON)
	if err != nil {
		return Engine{}, fmt.Errorf("reading the version of %s: %w", path, err)
	}
	// The JSON has no engine field; the plain output's banner line names it.
	plain, err := versionOutput(ctx, path)
	if err != nil {
		return Engine{}, err
	}
	name, bannerVersion, err := parseBanner(plain)
	if err != nil {
		return Engine{}, fmt.Errorf("reading the engine of %s: %w", path, err)
	}
	if bannerVersion != version {
		return Engine{}, fmt.Errorf("%s reports version %s in its JSON but %s in its banner", path, version, bannerVersion)
	}
	return Engine{Path: path, Name: name, Version: version}, nil
}

func versionOutput(ctx context.Context, path string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, append([]string{"version"}, args...)...)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(string(out) + "\n" + stderr.String())
		if msg != "" {
			msg = ":\n" + msg
		}
		return nil, fmt.Errorf("running %s: %w%s", strings.Join(cmd.Args, " "), err, msg)
	}
	return out, nil
}

// parseVersionJSON reads terraform_version from `version -json`, ignoring
// any text around the JSON object: it decodes from each "{" in turn until
// one starts an object with the version.
func parseVersionJSON(out []byte) (string, error) {
	lastErr := errors.New("no JSON object")
	for rest := out; ; rest = rest[1:] {
		i := bytes.IndexByte(rest, '{')
		if i < 0 {
			return "", fmt.Errorf("%w in %q", lastErr, out)
		}
		rest = rest[i:]
		var v struct {
			Version string `json:"terraform_version"`
		}
		if lastErr = json.NewDecoder(bytes.NewReader(rest)).Decode(&v); lastErr == nil {
			if v.Version != "" {
				return v.Version, nil
			}
			lastErr = errors.New("no terraform_version")
		}
	}
}

// parseBanner finds the "Terraform v1.13.3" or "OpenTofu v1.12.6" line of
// the plain `version` output, whatever lines come before it.
func parseBanner(out []byte) (name, version string, err error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 || (fields[0] != Terraform && fields[0] != OpenTofu) {
			continue
		}
		if v, ok := strings.CutPrefix(fields[1], "v"); ok {
			return fields[0], v, nil
		}
	}
	return "", "", fmt.Errorf(`no "Terraform v…" or "OpenTofu v…" line in %q`, out)
}

// parseVersion reads "1.11.4", "1.11" or "1.12.0-beta1" as major, minor
// and patch.
func parseVersion(v string) ([3]int, error) {
	var parts [3]int
	core, _, _ := strings.Cut(v, "-")
	fields := strings.Split(core, ".")
	if len(fields) < 2 || len(fields) > 3 {
		return parts, fmt.Errorf("version %q is not major.minor.patch", v)
	}
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return parts, fmt.Errorf("version %q is not major.minor.patch", v)
		}
		parts[i] = n
	}
	return parts, nil
}
