// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Package release checks a built release the way the Terraform and OpenTofu
// registries, and the CLIs that install from them, will read it: the file
// names and contents of every platform's zip, the manifest, the checksums and
// their signature (Verify), and a real installation of the host platform's
// zip through a filesystem mirror (InstallFromMirror).
package release

import (
	"fmt"
	"strings"
)

// Platform is one operating system and architecture the registry serves.
type Platform struct {
	OS   string
	Arch string
}

func (p Platform) String() string { return p.OS + "_" + p.Arch }

// RegistryPlatforms are the platforms .goreleaser.yml builds (its goos x
// goarch, less its ignore list and the pairs Go cannot build). The two are
// kept apart on purpose: a platform dropped or added in one and not the
// other fails the release check, so a change to the set is always a choice.
var RegistryPlatforms = []Platform{
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"freebsd", "386"}, {"freebsd", "amd64"}, {"freebsd", "arm"}, {"freebsd", "arm64"},
	{"linux", "386"}, {"linux", "amd64"}, {"linux", "arm"}, {"linux", "arm64"},
	{"windows", "386"}, {"windows", "amd64"}, {"windows", "arm64"},
}

// Spec is what a release must hold.
type Spec struct {
	// Project is the file name prefix, terraform-provider-NAME.
	Project string
	// Version is the release's version without its leading "v".
	Version string
	// Platforms each need a zip.
	Platforms []Platform
	// ManifestFile is the file the release uploads as ManifestName; empty,
	// that name in the release folder. goreleaser uploads the repository's
	// terraform-registry-manifest.json under the release's name only when
	// it publishes (release.extra_files), so a snapshot's folder lacks it.
	ManifestFile string
	// PublicKey is the ASCII-armored public key the checksums must be
	// signed with, and Fingerprint that key's fingerprint.
	PublicKey   []byte
	Fingerprint string
}

// ZipName is the registry's name for a platform's archive.
func (s Spec) ZipName(p Platform) string {
	return fmt.Sprintf("%s_%s_%s.zip", s.Project, s.Version, p)
}

// BinaryName is the one file a platform's zip must hold.
func (s Spec) BinaryName(p Platform) string {
	name := fmt.Sprintf("%s_v%s", s.Project, s.Version)
	if p.OS == "windows" {
		name += ".exe"
	}
	return name
}

// ManifestName is the registry manifest's name in the release.
func (s Spec) ManifestName() string { return s.Project + "_" + s.Version + "_manifest.json" }

// SumsName is the checksum file's name; its detached signature adds ".sig".
func (s Spec) SumsName() string { return s.Project + "_" + s.Version + "_SHA256SUMS" }

// ProviderType is the NAME of terraform-provider-NAME.
func (s Spec) ProviderType() string { return strings.TrimPrefix(s.Project, "terraform-provider-") }
