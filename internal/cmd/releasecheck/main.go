// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command releasecheck proves on one machine, offline, that a release built
// from .goreleaser.yml is what the Terraform and OpenTofu registries and
// their users need (`make release-check` runs it):
//
//  1. goreleaser check, then a snapshot release (nothing published) whose
//     signs step signs the checksums with a throwaway GPG key made for this
//     run and deleted after it;
//  2. release.Verify on dist/: one zip per platform holding exactly the
//     executable for that platform, the manifest with protocol 6.0,
//     checksums that match every zip and the manifest, and a signature
//     that verifies against the throwaway public key;
//  3. for each CLI given, an install of the host platform's zip through a
//     filesystem mirror, as a user's `init` would do it, and its schema
//     read back through the CLI and compared with the provider's own.
//
// goreleaser runs with GOPROXY=off and every proxy variable pointing at a
// local listener: the check fails if it, or a CLI, tries the network.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/release"
)

// What the registries know this provider as.
const (
	project   = "terraform-provider-contacts"
	namespace = "contactsapi"
)

func main() {
	goreleaser := flag.String("goreleaser", "bin/goreleaser", "the goreleaser to build with (make release-check builds it from tools/go.mod)")
	engines := flag.String("engines", "", "space-separated Terraform and OpenTofu CLIs to install the release with; at least one of each")
	dist := flag.String("dist", "dist", "goreleaser's output folder (its dist setting)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	if err := run(ctx, *goreleaser, strings.Fields(*engines), *dist); err != nil {
		fmt.Fprintf(os.Stderr, "\nrelease check FAILED after %s:\n%v\n", since(start), err)
		stop()
		os.Exit(1)
	}
	fmt.Printf("\nrelease check passed in %s\n", since(start))
}

func run(ctx context.Context, goreleaser string, enginePaths []string, dist string) error {
	engines, err := detectEngines(ctx, enginePaths)
	if err != nil {
		return err
	}

	step("goreleaser check")
	if err := runGoreleaser(ctx, goreleaser, nil, "check"); err != nil {
		return err
	}

	step("throwaway signing key")
	key, err := release.NewThrowawayKey(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err := key.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "deleting the throwaway key:", err)
		}
	}()
	fmt.Printf("RSA key %s in a temporary GNUPGHOME\n", key.Fingerprint)

	step("goreleaser release --snapshot --clean (signed with the throwaway key, not published)")
	t := time.Now()
	if err := runGoreleaser(ctx, goreleaser, []string{"GNUPGHOME=" + key.GNUPGHOME(), "GPG_FINGERPRINT=" + key.Fingerprint},
		"release", "--snapshot", "--clean"); err != nil {
		return err
	}
	fmt.Printf("built in %s\n", since(t))

	version, err := snapshotVersion(dist)
	if err != nil {
		return err
	}
	spec := release.Spec{
		Project:   project,
		Version:   version,
		Platforms: release.RegistryPlatforms,
		// What release.extra_files in .goreleaser.yml uploads.
		ManifestFile: "terraform-registry-manifest.json",
		PublicKey:    key.PublicKey,
		Fingerprint:  key.Fingerprint,
	}

	step("verify " + dist + " as the registries read it")
	if err := release.Verify(ctx, dist, spec); err != nil {
		return err
	}
	fmt.Printf("%d zips, %s, %s and its signature by %s: ok\n",
		len(spec.Platforms), spec.ManifestName(), spec.SumsName(), key.Fingerprint)

	want, err := providerSchemaNames(ctx)
	if err != nil {
		return err
	}
	host := release.Platform{OS: runtime.GOOS, Arch: runtime.GOARCH}
	for _, e := range engines {
		step(fmt.Sprintf("install %s on %s through a filesystem mirror", spec.ZipName(host), e))
		inst, err := release.InstallFromMirror(ctx, e, spec, namespace, dist, host)
		if err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		if err := sameNames("resource", inst.Resources, want.Resources); err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		if err := sameNames("data source", inst.DataSources, want.DataSources); err != nil {
			return fmt.Errorf("%s: %w", e, err)
		}
		fmt.Printf("%s %s installed; schema lists %d resources and %d data sources (%s); lock file records %s\n",
			namespace+"/"+spec.ProviderType(), version, len(inst.Resources), len(inst.DataSources),
			strings.Join(inst.Resources, ", "), strings.Join(inst.LockHashes, ", "))
	}
	return nil
}

// detectEngines requires at least one Terraform and one OpenTofu: the
// release is for both registries.
func detectEngines(ctx context.Context, paths []string) ([]release.Engine, error) {
	var engines []release.Engine
	names := map[string]bool{}
	for _, p := range paths {
		e, err := release.DetectEngine(ctx, p)
		if err != nil {
			return nil, err
		}
		engines = append(engines, e)
		names[e.Name] = true
	}
	var missing []string
	for _, name := range []string{"Terraform", "OpenTofu"} {
		if !names[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no %s CLI among -engines %q: pass one of each (make release-check RELEASE_TERRAFORM=/path/to/terraform RELEASE_TOFU=/path/to/tofu; make engines unpacks OpenTofu into bin/engines)",
			strings.Join(missing, " or "), strings.Join(paths, " "))
	}
	return engines, nil
}

// snapshotVersion reads the version goreleaser gave the snapshot.
func snapshotVersion(dist string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	if err != nil {
		return "", fmt.Errorf("goreleaser wrote no metadata.json: %w", err)
	}
	var m struct {
		ProjectName string `json:"project_name"`
		Version     string `json:"version"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return "", fmt.Errorf("%s/metadata.json: %w", dist, err)
	}
	if m.ProjectName != project {
		return "", fmt.Errorf("goreleaser named the project %q, the registries need %q: set project_name in .goreleaser.yml (without it goreleaser takes the name of the git remote or folder)", m.ProjectName, project)
	}
	return m.Version, nil
}

func sameNames(kind string, got, want []string) error {
	if slices.Equal(got, want) {
		return nil
	}
	return fmt.Errorf("the installed provider's %s types are %v, the source's are %v: the zip holds another build", kind, got, want)
}

func step(s string) { fmt.Printf("\n==> %s\n", s) }

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Second) }

var errNoGoreleaser = errors.New("goreleaser not found: make release-check builds it into bin/ from tools/go.mod")
