// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"
)

func TestCheckLock(t *testing.T) {
	t.Parallel()
	zipPath := filepath.Join(t.TempDir(), "p.zip")
	writeZip(t, zipPath, map[string]zipEntry{"terraform-provider-contacts_v1.2.3": {[]byte("binary"), 0o755}})
	h1, err := dirhash.HashZip(zipPath, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	zipSum := hex.EncodeToString(sum[:])
	const addr = "registry.terraform.io/contactsapi/contacts"
	lock := func(version string, hashes ...string) string {
		return fmt.Sprintf("provider %q {\n  version     = %q\n  constraints = %q\n  hashes = [\n    %s,\n  ]\n}\n",
			addr, version, version, `"`+strings.Join(hashes, `",`+"\n    "+`"`)+`"`)
	}
	type testCase struct {
		lock    string
		wantErr string
	}
	tests := map[string]testCase{
		"h1 of the zip, as a mirror records it": {lock: lock("1.2.3", h1)},
		"h1 and the listed zh, as a registry records them": {
			lock: lock("1.2.3", h1, "zh:"+zipSum),
		},
		"another package's h1": {
			lock:    lock("1.2.3", "h1:"+strings.Repeat("A", 43)+"="),
			wantErr: `records h1:A+=, which is neither the zip's contents`,
		},
		"a zh that the checksums do not list": {
			lock:    lock("1.2.3", h1, "zh:"+strings.Repeat("0", 64)),
			wantErr: `records zh:0{64}, which is neither`,
		},
		"only a zh": {
			lock:    lock("1.2.3", "zh:"+zipSum),
			wantErr: `records no h1:\S+ hash of the installed zip`,
		},
		"another version": {
			lock:    lock("1.2.4", h1),
			wantErr: `records no version "1\.2\.3"`,
		},
		"another provider": {
			lock:    strings.Replace(lock("1.2.3", h1), "contactsapi", "someone", 1),
			wantErr: `has no entry for registry\.terraform\.io/contactsapi/contacts`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := checkLock([]byte(tc.lock), addr, "1.2.3", zipPath, zipSum)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v\nlock file:\n%s", err, tc.lock)
			case tc.wantErr == "":
			case err == nil:
				t.Fatalf("no error, want one matching %s\nlock file:\n%s", tc.wantErr, tc.lock)
			case !regexp.MustCompile(tc.wantErr).MatchString(err.Error()):
				t.Fatalf("error does not match %s: %v", tc.wantErr, err)
			}
		})
	}
}

// TestInstallFromMirror installs a zip of this source's provider through a
// filesystem mirror on the CLI the acceptance tests run (TF_ACC_TERRAFORM_PATH,
// Terraform or OpenTofu), and a zip whose executable is misnamed, which the
// CLI must refuse.
func TestInstallFromMirror(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to a Terraform or OpenTofu CLI (make test does)")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is empty: point it at the Terraform or OpenTofu CLI to install with")
	}
	t.Parallel()
	e, err := DetectEngine(t.Context(), cli)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("installing on %s (%s)", e, e.Path)

	host := Platform{runtime.GOOS, runtime.GOARCH}
	spec := Spec{Project: "terraform-provider-contacts", Version: "0.0.1-test", Platforms: []Platform{host}}
	binary := filepath.Join(t.TempDir(), spec.BinaryName(host))
	build := exec.CommandContext(t.Context(), "go", "build", "-trimpath", "-o", binary, "-ldflags", "-X main.version="+spec.Version, ".")
	build.Dir = filepath.Join("..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	executable, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}

	type testCase struct {
		inZip   string // the executable's name in the zip
		wantErr string
	}
	tests := map[string]testCase{
		"the registry's layout": {inZip: spec.BinaryName(host)},
		"executable without _vVERSION": {
			inZip:   "provider",
			wantErr: `init from the filesystem mirror failed`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dist := t.TempDir()
			writeZip(t, filepath.Join(dist, spec.ZipName(host)), map[string]zipEntry{tc.inZip: {executable, 0o755}})
			writeSums(t, dist, spec)

			inst, err := InstallFromMirror(t.Context(), e, spec, "contactsapi", dist, host)
			if tc.wantErr != "" {
				if err == nil || !regexp.MustCompile(tc.wantErr).MatchString(err.Error()) {
					t.Fatalf("error %v, want one matching %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []string{"contacts_client", "contacts_contact", "contacts_account_owner", "contacts_portal_user"} {
				if !slices.Contains(inst.Resources, r) {
					t.Errorf("the installed provider's schema lacks %s: %v", r, inst.Resources)
				}
			}
			if !slices.ContainsFunc(inst.LockHashes, func(h string) bool { return strings.HasPrefix(h, "h1:") }) {
				t.Errorf("no h1 hash in the lock file: %v", inst.LockHashes)
			}
		})
	}
}
