// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/contactsapi/terraform-provider-contacts/internal/release"
)

// runGoreleaser runs goreleaser offline: Go may use only the module cache
// (GOPROXY=off; make release-check downloads the modules first), and any
// HTTP request, goreleaser's own or git's, goes to a local listener that
// counts it and fails the run.
func runGoreleaser(ctx context.Context, goreleaser string, env []string, args ...string) error {
	if _, err := os.Stat(goreleaser); err != nil {
		return errNoGoreleaser
	}
	trap, err := release.NewNetworkTrap()
	if err != nil {
		return err
	}
	defer trap.Close()

	cmd := exec.CommandContext(ctx, goreleaser, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(),
		"GOPROXY=off", "GOFLAGS=-mod=readonly",
		// No token: nothing can be published, whatever the configuration.
		"GITHUB_TOKEN=", "GITLAB_TOKEN=", "GITEA_TOKEN=")
	cmd.Env = append(append(cmd.Env, trap.Env()...), env...)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("goreleaser %s: %w", strings.Join(args, " "), err)
	}
	if n := trap.Connections(); n > 0 {
		return fmt.Errorf("goreleaser %s tried the network %d time(s): a release check must need none", strings.Join(args, " "), n)
	}
	return nil
}
