// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// binaries are the provider builds Terraform runs: each directory holds
// the rsswrap launcher under the provider's name and the real provider
// next to it with ".real" appended. The providers are built with the
// benchheap tag, which adds one file to their main packages that records
// the peak live heap (internal/bench/heapwatch); their code is otherwise
// the release build's.
type binaries struct {
	ContactsDir string
	FloorDir    string
}

// buildProviders builds both providers and their launchers once, from the
// module that contains this package. With profile set, the contacts
// provider is the CPU-profiling build of the same provider code.
func buildProviders(ctx context.Context, workDir string, profile bool) (binaries, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return binaries{}, err
	}
	b := binaries{
		ContactsDir: filepath.Join(workDir, "plugins", "contacts"),
		FloorDir:    filepath.Join(workDir, "plugins", "floor"),
	}
	contactsPkg := "."
	if profile {
		contactsPkg = "./internal/bench/pprofprovider"
	}
	builds := []struct{ pkg, out string }{
		{contactsPkg, filepath.Join(b.ContactsDir, "terraform-provider-contacts.real")},
		{"./internal/bench/rsswrap", filepath.Join(b.ContactsDir, "terraform-provider-contacts")},
		{"./internal/bench/floorprovider", filepath.Join(b.FloorDir, "terraform-provider-floor.real")},
		{"./internal/bench/rsswrap", filepath.Join(b.FloorDir, "terraform-provider-floor")},
	}
	for _, bd := range builds {
		// The release build's flags (see `make build`), and the tag that
		// only the providers' main packages know.
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-tags", heapTag, "-ldflags", "-X main.version=bench", "-o", bd.out, bd.pkg)
		cmd.Dir = root
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return b, fmt.Errorf("go build %s: %w", bd.pkg, err)
		}
	}
	return b, nil
}

// heapTag is the build tag of the files that start internal/bench/heapwatch
// in the providers' main packages.
const heapTag = "benchheap"

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run the benchmark from inside the provider's module (go env GOMOD is empty)")
	}
	return filepath.Dir(mod), nil
}
