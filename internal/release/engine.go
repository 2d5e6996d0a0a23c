// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Engine is one Terraform or OpenTofu CLI.
type Engine struct {
	Path string
	// Name is "Terraform" or "OpenTofu", as the CLI names itself.
	Name    string
	Version string
	// Host is the registry the CLI resolves "contactsapi/contacts" to.
	Host string
}

func (e Engine) String() string { return e.Name + " " + e.Version }

// DetectEngine asks the CLI at path what it is.
func DetectEngine(ctx context.Context, path string) (Engine, error) {
	out, err := runEngine(ctx, path, "", engineEnv(os.DevNull), "version")
	if err != nil {
		return Engine{}, err
	}
	// The first line is "Terraform v1.11.4" or "OpenTofu v1.12.6".
	first, _, _ := strings.Cut(string(out), "\n")
	f := strings.Fields(first)
	if len(f) < 2 || !strings.HasPrefix(f[1], "v") {
		return Engine{}, fmt.Errorf("%s version printed %q, not \"Terraform vX.Y.Z\" or \"OpenTofu vX.Y.Z\"", path, first)
	}
	e := Engine{Path: path, Name: f[0], Version: strings.TrimPrefix(f[1], "v")}
	switch e.Name {
	case "Terraform":
		e.Host = "registry.terraform.io"
	case "OpenTofu":
		e.Host = "registry.opentofu.org"
	default:
		return Engine{}, fmt.Errorf("%s is %s, neither Terraform nor OpenTofu", path, first)
	}
	return e, nil
}

// engineEnv is the environment a CLI runs in here: this process's, less
// every TF_* setting (a plugin cache, a data directory, extra arguments or
// a CLI configuration of the user's would change what is tested), with the
// given CLI configuration and no call home.
func engineEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "CHECKPOINT_") {
			env = append(env, kv)
		}
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
}

func runEngine(ctx context.Context, path, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %w\n%s%s", path, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.Bytes(), nil
}
