// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/mod/semver"
)

// Verify checks the release in dir against spec as the registries read it,
// and returns every problem found (joined), or nil.
func Verify(ctx context.Context, dir string, spec Spec) error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	// Canonical also rejects the shorthands "1" and "1.2" that IsValid takes.
	if v := "v" + spec.Version; !semver.IsValid(v) || semver.Canonical(v) != v {
		fail("version %q is not a semantic version: the registries and the CLIs refuse it (tag vMAJOR.MINOR.PATCH; snapshots take snapshot.version_template in .goreleaser.yml)", spec.Version)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading the release: %w", err)
	}
	want := map[string]Platform{}
	for _, p := range spec.Platforms {
		want[spec.ZipName(p)] = p
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".zip") && !e.IsDir() {
			if _, ok := want[name]; !ok {
				fail("unexpected archive %s: it is no platform's %s_%s_<os>_<arch>.zip; build only the platforms in release.RegistryPlatforms, or add the new one there", name, spec.Project, spec.Version)
			}
		}
	}
	var zips []string
	for _, p := range spec.Platforms {
		name := spec.ZipName(p)
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			fail("missing %s: the release has no archive for %s (check builds.goos/goarch and archives.name_template in .goreleaser.yml)", name, p)
			continue
		}
		zips = append(zips, name)
		if err := checkZip(filepath.Join(dir, name), spec, p); err != nil {
			fail("%s: %w", name, err)
		}
	}

	manifest := spec.ManifestFile
	if manifest == "" {
		manifest = filepath.Join(dir, spec.ManifestName())
	}
	if err := checkManifest(manifest); err != nil {
		fail("%s: %w", spec.ManifestName(), err)
	}

	files := map[string]string{spec.ManifestName(): manifest}
	for _, name := range zips {
		files[name] = filepath.Join(dir, name)
	}
	sumsPath := filepath.Join(dir, spec.SumsName())
	for _, err := range checkSums(sumsPath, files) {
		fail("%s: %w", spec.SumsName(), err)
	}

	if err := checkSignature(ctx, spec, sumsPath); err != nil {
		fail("%s.sig: %w", spec.SumsName(), err)
	}
	return errors.Join(errs...)
}

// checkZip checks that a platform's archive holds exactly its executable,
// built for that platform.
func checkZip(path string, spec Spec, p Platform) error {
	r, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("not a readable zip: %w", err)
	}
	defer r.Close()

	want := spec.BinaryName(p)
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
	}
	if len(names) != 1 || names[0] != want {
		hint := "builds.binary"
		if slices.Contains(names, want) {
			hint = "archives.files"
		}
		return fmt.Errorf("must hold exactly %s and nothing else, holds %s (check %s in .goreleaser.yml)", want, strings.Join(names, ", "), hint)
	}
	f := r.File[0]
	if !f.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (mode %s)", want, f.Mode())
	}
	if p.OS != "windows" && f.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s is not executable (mode %s): Terraform could not start it", want, f.Mode())
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("reading %s: %w", want, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return fmt.Errorf("reading %s: %w", want, err)
	}
	got, err := binaryPlatform(data)
	if err != nil {
		return fmt.Errorf("%s: %w", want, err)
	}
	if got != p {
		return fmt.Errorf("%s is built for %s, not %s", want, got, p)
	}
	return nil
}

// registryManifest is terraform-registry-manifest.json.
type registryManifest struct {
	Version  int `json:"version"`
	Metadata struct {
		ProtocolVersions []string `json:"protocol_versions"`
	} `json:"metadata"`
}

// checkManifest checks that the manifest announces protocol 6.0, the only
// protocol the provider serves (tf6server): a manifest that names another
// would make the registry offer the provider to CLIs it cannot talk to.
func checkManifest(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("missing from the release (checksum.extra_files in .goreleaser.yml copies terraform-registry-manifest.json): %w", err)
	}
	var m registryManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	if m.Version != 1 {
		return fmt.Errorf("version is %d, the registry reads version 1", m.Version)
	}
	if !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}) {
		return fmt.Errorf("metadata.protocol_versions is %q, must be [\"6.0\"]: the provider serves plugin protocol 6.0 only (fix terraform-registry-manifest.json)", m.Metadata.ProtocolVersions)
	}
	return nil
}

// checkSums checks that the checksum file lists every file in files (the
// release's name of each, and where it is) with its SHA-256, and nothing
// that is not in the release.
func checkSums(path string, files map[string]string) []error {
	data, err := os.ReadFile(path)
	if err != nil {
		return []error{fmt.Errorf("missing from the release (checksum in .goreleaser.yml): %w", err)}
	}
	sums, err := parseSums(data)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, name := range sortedKeys(files) {
		listed, ok := sums[name]
		if !ok {
			errs = append(errs, fmt.Errorf("does not list %s", name))
			continue
		}
		got, err := fileSHA256(files[name])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if got != listed {
			errs = append(errs, fmt.Errorf("lists %s for %s, but the file's SHA-256 is %s", listed, name, got))
		}
	}
	var extra []string
	for name := range sums {
		if _, ok := files[name]; !ok {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		errs = append(errs, fmt.Errorf("lists %s, which is not an archive or the manifest of this release", name))
	}
	return errs
}

func checkSignature(ctx context.Context, spec Spec, sumsPath string) error {
	sig := sumsPath + ".sig"
	if _, err := os.Stat(sig); err != nil {
		return fmt.Errorf("missing: the registries refuse unsigned checksums (the signs step of .goreleaser.yml needs GPG_FINGERPRINT): %w", err)
	}
	if len(spec.PublicKey) == 0 || spec.Fingerprint == "" {
		return errors.New("no public key to check it against")
	}
	return VerifySignature(ctx, spec.PublicKey, spec.Fingerprint, sig, sumsPath)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
