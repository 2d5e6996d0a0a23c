// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// testPlatforms cover the three executable formats and the .exe suffix.
var testPlatforms = []Platform{{"darwin", "arm64"}, {"linux", "amd64"}, {"windows", "amd64"}}

func testSpec(key *SigningKey) Spec {
	return Spec{
		Project:     "terraform-provider-contacts",
		Version:     "1.2.3",
		Platforms:   testPlatforms,
		PublicKey:   key.PublicKey,
		Fingerprint: key.Fingerprint,
	}
}

type zipEntry struct {
	data []byte
	mode fs.FileMode
}

func writeZip(t *testing.T, path string, entries map[string]zipEntry) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(entries[name].mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(entries[name].data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// platformZip writes p's archive as goreleaser does: its executable alone.
func platformZip(t *testing.T, dir string, spec Spec, p Platform) {
	t.Helper()
	writeZip(t, filepath.Join(dir, spec.ZipName(p)), map[string]zipEntry{
		spec.BinaryName(p): {fakeExecutable(t, p), 0o755},
	})
}

// writeSums lists the SHA-256 of every zip and manifest in dir.
func writeSums(t *testing.T, dir string, spec Spec) {
	t.Helper()
	var lines []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zip") || e.Name() == spec.ManifestName() {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			lines = append(lines, hex.EncodeToString(sum[:])+"  "+e.Name())
		}
	}
	writeFile(t, filepath.Join(dir, spec.SumsName()), strings.Join(lines, "\n")+"\n")
}

func sign(t *testing.T, dir string, spec Spec, key *SigningKey) {
	t.Helper()
	if err := key.Sign(t.Context(), filepath.Join(dir, spec.SumsName())); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const manifest6 = `{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`

// writeRelease writes a complete, correct release of spec to dir.
func writeRelease(t *testing.T, dir string, spec Spec, key *SigningKey) {
	t.Helper()
	for _, p := range spec.Platforms {
		platformZip(t, dir, spec, p)
	}
	writeFile(t, filepath.Join(dir, spec.ManifestName()), manifest6)
	writeSums(t, dir, spec)
	sign(t, dir, spec, key)
}

// rewriteRelease replaces the release in dir with one of spec.
func rewriteRelease(t *testing.T, dir string, spec Spec, key *SigningKey) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	writeRelease(t, dir, spec, key)
}

func TestVerify(t *testing.T) {
	t.Parallel()
	key, other := testKeys(t)
	linux := Platform{"linux", "amd64"}

	type testCase struct {
		// change breaks the complete release in dir; it re-signs what it
		// rewrites unless the signature is what it breaks.
		change  func(t *testing.T, dir string, spec *Spec)
		wantErr string // a regexp; empty for a release that passes
	}
	tests := map[string]testCase{
		"complete release": {
			change: func(*testing.T, string, *Spec) {},
		},
		"missing zip": {
			change: func(t *testing.T, dir string, spec *Spec) {
				if err := os.Remove(filepath.Join(dir, spec.ZipName(Platform{"windows", "amd64"}))); err != nil {
					t.Fatal(err)
				}
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `missing terraform-provider-contacts_1\.2\.3_windows_amd64\.zip`,
		},
		"zip for a platform not in the list": {
			change: func(t *testing.T, dir string, spec *Spec) {
				platformZip(t, dir, *spec, Platform{"freebsd", "amd64"})
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `unexpected archive terraform-provider-contacts_1\.2\.3_freebsd_amd64\.zip`,
		},
		"extra file in a zip": {
			change: func(t *testing.T, dir string, spec *Spec) {
				writeZip(t, filepath.Join(dir, spec.ZipName(linux)), map[string]zipEntry{
					spec.BinaryName(linux): {fakeExecutable(t, linux), 0o755},
					"README.md":            {[]byte("hello"), 0o644},
				})
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `linux_amd64\.zip: must hold exactly terraform-provider-contacts_v1\.2\.3 and nothing else, holds README\.md, terraform-provider-contacts_v1\.2\.3`,
		},
		"wrong binary name": {
			change: func(t *testing.T, dir string, spec *Spec) {
				writeZip(t, filepath.Join(dir, spec.ZipName(linux)), map[string]zipEntry{
					"terraform-provider-contacts": {fakeExecutable(t, linux), 0o755},
				})
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `linux_amd64\.zip: must hold exactly terraform-provider-contacts_v1\.2\.3 and nothing else, holds terraform-provider-contacts \(`,
		},
		"windows binary without .exe": {
			change: func(t *testing.T, dir string, spec *Spec) {
				win := Platform{"windows", "amd64"}
				writeZip(t, filepath.Join(dir, spec.ZipName(win)), map[string]zipEntry{
					"terraform-provider-contacts_v1.2.3": {fakeExecutable(t, win), 0o755},
				})
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `windows_amd64\.zip: must hold exactly terraform-provider-contacts_v1\.2\.3\.exe`,
		},
		"binary built for another platform": {
			change: func(t *testing.T, dir string, spec *Spec) {
				writeZip(t, filepath.Join(dir, spec.ZipName(linux)), map[string]zipEntry{
					spec.BinaryName(linux): {fakeExecutable(t, Platform{"linux", "arm64"}), 0o755},
				})
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `linux_amd64\.zip: terraform-provider-contacts_v1\.2\.3 is built for linux_arm64, not linux_amd64`,
		},
		"binary not executable": {
			change: func(t *testing.T, dir string, spec *Spec) {
				writeZip(t, filepath.Join(dir, spec.ZipName(linux)), map[string]zipEntry{
					spec.BinaryName(linux): {fakeExecutable(t, linux), 0o644},
				})
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `terraform-provider-contacts_v1\.2\.3 is not executable`,
		},
		"bad checksum": {
			change: func(t *testing.T, dir string, spec *Spec) {
				path := filepath.Join(dir, spec.SumsName())
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(string(data), "\n")
				for i, l := range lines {
					if strings.HasSuffix(l, spec.ZipName(linux)) {
						lines[i] = strings.Repeat("0", 64) + "  " + spec.ZipName(linux)
					}
				}
				writeFile(t, path, strings.Join(lines, "\n"))
				sign(t, dir, *spec, key)
			},
			wantErr: `_SHA256SUMS: lists 0{64} for terraform-provider-contacts_1\.2\.3_linux_amd64\.zip, but the file's SHA-256 is [0-9a-f]{64}`,
		},
		"zip missing from the checksums": {
			change: func(t *testing.T, dir string, spec *Spec) {
				path := filepath.Join(dir, spec.SumsName())
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				var kept []string
				for _, l := range strings.Split(string(data), "\n") {
					if !strings.HasSuffix(l, spec.ZipName(linux)) {
						kept = append(kept, l)
					}
				}
				writeFile(t, path, strings.Join(kept, "\n"))
				sign(t, dir, *spec, key)
			},
			wantErr: `_SHA256SUMS: does not list terraform-provider-contacts_1\.2\.3_linux_amd64\.zip`,
		},
		"checksums list a file not in the release": {
			change: func(t *testing.T, dir string, spec *Spec) {
				path := filepath.Join(dir, spec.SumsName())
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, path, string(data)+strings.Repeat("a", 64)+"  notes.txt\n")
				sign(t, dir, *spec, key)
			},
			wantErr: `_SHA256SUMS: lists notes\.txt, which is not an archive or the manifest`,
		},
		"checksums not in sha256sum's format": {
			change: func(t *testing.T, dir string, spec *Spec) {
				writeFile(t, filepath.Join(dir, spec.SumsName()), "SHA256 (a.zip) = 00\n")
				sign(t, dir, *spec, key)
			},
			wantErr: `_SHA256SUMS: line 1 is not "<sha256>  <file>"`,
		},
		"manifest without protocol 6.0": {
			change: func(t *testing.T, dir string, spec *Spec) {
				writeFile(t, filepath.Join(dir, spec.ManifestName()), `{"version": 1, "metadata": {"protocol_versions": ["5.0"]}}`)
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `_manifest\.json: metadata\.protocol_versions is \["5\.0"\], must be \["6\.0"\]`,
		},
		"manifest missing": {
			change: func(t *testing.T, dir string, spec *Spec) {
				if err := os.Remove(filepath.Join(dir, spec.ManifestName())); err != nil {
					t.Fatal(err)
				}
				writeSums(t, dir, *spec)
				sign(t, dir, *spec, key)
			},
			wantErr: `_manifest\.json: missing from the release`,
		},
		"manifest uploaded from the repository": {
			change: func(t *testing.T, dir string, spec *Spec) {
				// As goreleaser's release.extra_files does: the checksums
				// name the release's file, the bytes are the repository's.
				spec.ManifestFile = filepath.Join(t.TempDir(), "terraform-registry-manifest.json")
				if err := os.Rename(filepath.Join(dir, spec.ManifestName()), spec.ManifestFile); err != nil {
					t.Fatal(err)
				}
			},
		},
		"repository manifest other than the one the checksums list": {
			change: func(t *testing.T, dir string, spec *Spec) {
				spec.ManifestFile = filepath.Join(t.TempDir(), "terraform-registry-manifest.json")
				writeFile(t, spec.ManifestFile, manifest6+"\n")
			},
			wantErr: `_SHA256SUMS: lists [0-9a-f]{64} for terraform-provider-contacts_1\.2\.3_manifest\.json, but the file's SHA-256 is`,
		},
		"missing signature": {
			change: func(t *testing.T, dir string, spec *Spec) {
				if err := os.Remove(filepath.Join(dir, spec.SumsName()+".sig")); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: `_SHA256SUMS\.sig: missing: the registries refuse unsigned checksums`,
		},
		"corrupt signature": {
			change: func(t *testing.T, dir string, spec *Spec) {
				path := filepath.Join(dir, spec.SumsName()+".sig")
				sig, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				sig[len(sig)/2] ^= 0xff
				writeFile(t, path, string(sig))
			},
			wantErr: `_SHA256SUMS\.sig: does not verify against the checksums`,
		},
		"checksums changed after signing": {
			change: func(t *testing.T, dir string, spec *Spec) {
				path := filepath.Join(dir, spec.SumsName())
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, path, string(data)+"\n")
			},
			wantErr: `_SHA256SUMS\.sig: does not verify against the checksums \(gpg: BADSIG`,
		},
		"signed by another key": {
			change: func(t *testing.T, dir string, spec *Spec) {
				sign(t, dir, *spec, other)
			},
			wantErr: `_SHA256SUMS\.sig: does not verify against the checksums \(gpg: ERRSIG, NO_PUBKEY\)`,
		},
		"signed by a key other than the expected one": {
			change: func(t *testing.T, dir string, spec *Spec) {
				// Both public keys are trusted, but the release must be
				// signed by the one named.
				spec.PublicKey = append(append([]byte{}, key.PublicKey...), other.PublicKey...)
				spec.Fingerprint = other.Fingerprint
			},
			wantErr: `_SHA256SUMS\.sig: is not signed by key ` + other.Fingerprint,
		},
		"version that is not semver": {
			change: func(t *testing.T, dir string, spec *Spec) {
				spec.Version = "1.2"
				rewriteRelease(t, dir, *spec, key)
			},
			wantErr: `version "1\.2" is not a semantic version`,
		},
		"snapshot version": {
			change: func(t *testing.T, dir string, spec *Spec) {
				spec.Version = "0.0.1-snapshot-f436670"
				rewriteRelease(t, dir, *spec, key)
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			spec := testSpec(key)
			writeRelease(t, dir, spec, key)
			tc.change(t, dir, &spec)

			err := Verify(t.Context(), dir, spec)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("a correct release failed the check:\n%v", err)
			case tc.wantErr == "":
			case err == nil:
				t.Fatalf("the check passed, want an error matching %s", tc.wantErr)
			case !regexp.MustCompile(tc.wantErr).MatchString(err.Error()):
				t.Fatalf("error does not match %s:\n%v", tc.wantErr, err)
			}
		})
	}
}

func TestParseSums(t *testing.T) {
	t.Parallel()
	sum := strings.Repeat("ab", 32)
	type testCase struct {
		in      string
		want    map[string]string
		wantErr string
	}
	tests := map[string]testCase{
		"two files":      {in: sum + "  a.zip\n" + strings.ToUpper(sum) + "  b.json\n", want: map[string]string{"a.zip": sum, "b.json": sum}},
		"blank lines":    {in: "\n" + sum + "  a.zip\n\n", want: map[string]string{"a.zip": sum}},
		"one space":      {in: sum + " a.zip\n", wantErr: `line 1 is not`},
		"short sum":      {in: "abcd  a.zip\n", wantErr: `line 1: "abcd" is not a SHA-256`},
		"not hex":        {in: strings.Repeat("zz", 32) + "  a.zip\n", wantErr: `is not a SHA-256`},
		"listed twice":   {in: sum + "  a.zip\n" + sum + "  a.zip\n", wantErr: `line 2: a\.zip is listed twice`},
		"no file name":   {in: sum + "  \n", wantErr: `line 1 is not`},
		"empty checksum": {in: "", want: map[string]string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := parseSums([]byte(tc.in))
			if tc.wantErr != "" {
				if err == nil || !regexp.MustCompile(tc.wantErr).MatchString(err.Error()) {
					t.Fatalf("error %v, want one matching %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
