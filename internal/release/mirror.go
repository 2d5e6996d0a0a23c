// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/mod/sumdb/dirhash"
)

// Installed is what a CLI reported after installing the provider.
type Installed struct {
	// Resources and DataSources are the type names in the provider's
	// schema, as `providers schema -json` lists them.
	Resources   []string
	DataSources []string
	// LockHashes are the hashes the dependency lock file recorded.
	LockHashes []string
}

// InstallFromMirror installs the release's zip for platform p the way a
// user without registry access would: a packed filesystem mirror of that
// zip, a CLI configuration whose provider_installation has that mirror
// and nothing else, and `init` on a configuration that requires exactly
// this version. It then reads the schema back through the CLI and checks
// that the lock file's hashes are those of the zip the checksums list.
//
// Every proxy variable points at a local listener that counts connections,
// and the install fails if the CLI made any: it must not reach a registry.
func InstallFromMirror(ctx context.Context, e Engine, spec Spec, namespace, dist string, p Platform) (*Installed, error) {
	zipName := spec.ZipName(p)
	zipPath := filepath.Join(dist, zipName)
	sums, err := os.ReadFile(filepath.Join(dist, spec.SumsName()))
	if err != nil {
		return nil, err
	}
	listed, err := parseSums(sums)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec.SumsName(), err)
	}
	zipSum, ok := listed[zipName]
	if !ok {
		return nil, fmt.Errorf("%s does not list %s", spec.SumsName(), zipName)
	}

	work, err := os.MkdirTemp("", "release-mirror-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	addr := e.Host + "/" + namespace + "/" + spec.ProviderType()
	mirror := filepath.Join(work, "mirror")
	if err := copyFile(zipPath, filepath.Join(mirror, filepath.FromSlash(addr), zipName)); err != nil {
		return nil, err
	}
	cliConfig := filepath.Join(work, "cli.tfrc")
	if err := os.WriteFile(cliConfig, []byte(mirrorCLIConfig(mirror)), 0o600); err != nil {
		return nil, err
	}
	config := filepath.Join(work, "config")
	if err := os.MkdirAll(config, 0o700); err != nil {
		return nil, err
	}
	mainTF := fmt.Sprintf(requiredProvider, spec.ProviderType(), namespace+"/"+spec.ProviderType(), spec.Version)
	if err := os.WriteFile(filepath.Join(config, "main.tf"), []byte(mainTF), 0o600); err != nil {
		return nil, err
	}

	trap, err := NewNetworkTrap()
	if err != nil {
		return nil, err
	}
	defer trap.Close()
	env := append(engineEnv(cliConfig), trap.Env()...)

	if _, err := runEngine(ctx, e.Path, config, env, "init", "-input=false", "-no-color"); err != nil {
		return nil, fmt.Errorf("init from the filesystem mirror failed: %w", err)
	}
	out, err := runEngine(ctx, e.Path, config, env, "providers", "schema", "-json")
	if err != nil {
		return nil, err
	}
	inst, err := schemaNames(out, addr)
	if err != nil {
		return nil, err
	}
	if err := checkSelected(ctx, e, config, env, addr, spec.Version); err != nil {
		return nil, err
	}
	lock, err := os.ReadFile(filepath.Join(config, ".terraform.lock.hcl"))
	if err != nil {
		return nil, fmt.Errorf("init wrote no dependency lock file: %w", err)
	}
	if inst.LockHashes, err = checkLock(lock, addr, spec.Version, zipPath, zipSum); err != nil {
		return nil, fmt.Errorf(".terraform.lock.hcl: %w", err)
	}
	if n := trap.Connections(); n > 0 {
		return nil, fmt.Errorf("%s opened %d network connection(s) while installing from the mirror: it must need none", e, n)
	}
	return inst, nil
}

// mirrorCLIConfig is a CLI configuration that installs providers from the
// mirror only: no direct installation, no dev_overrides, no plugin cache.
func mirrorCLIConfig(mirror string) string {
	return fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", filepath.ToSlash(mirror))
}

const requiredProvider = `terraform {
  required_providers {
    %s = {
      source  = %q
      version = %q
    }
  }
}
`

func schemaNames(out []byte, addr string) (*Installed, error) {
	var doc struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas   map[string]json.RawMessage `json:"resource_schemas"`
			DataSourceSchemas map[string]json.RawMessage `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("providers schema -json printed no JSON: %w", err)
	}
	s, ok := doc.ProviderSchemas[addr]
	if !ok {
		return nil, fmt.Errorf("providers schema -json has no schema for %s", addr)
	}
	return &Installed{Resources: sortedKeys(s.ResourceSchemas), DataSources: sortedKeys(s.DataSourceSchemas)}, nil
}

func checkSelected(ctx context.Context, e Engine, dir string, env []string, addr, version string) error {
	out, err := runEngine(ctx, e.Path, dir, env, "version", "-json")
	if err != nil {
		return err
	}
	var v struct {
		ProviderSelections map[string]string `json:"provider_selections"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return fmt.Errorf("version -json printed no JSON: %w", err)
	}
	if got := v.ProviderSelections[addr]; got != version {
		return fmt.Errorf("%s selected %s %q, want %q", e, addr, got, version)
	}
	return nil
}

var (
	lockVersion = regexp.MustCompile(`(?m)^\s*version\s*=\s*"([^"]*)"`)
	lockHash    = regexp.MustCompile(`"((?:h1|zh):[^"]+)"`)
)

// checkLock checks the lock file's entry for addr: the version, and hashes
// that all belong to the zip. A CLI records an "h1:" hash of the package's
// contents; a "zh:" hash, the zip's SHA-256, which only a registry supplies,
// must be the one the checksums list.
func checkLock(lock []byte, addr, version, zipPath, zipSum string) ([]string, error) {
	block, err := lockBlock(string(lock), addr)
	if err != nil {
		return nil, err
	}
	if m := lockVersion.FindStringSubmatch(block); m == nil || m[1] != version {
		return nil, fmt.Errorf("records no version %q for %s", version, addr)
	}
	h1, err := dirhash.HashZip(zipPath, dirhash.Hash1)
	if err != nil {
		return nil, err
	}
	var hashes []string
	var sawH1 bool
	for _, m := range lockHash.FindAllStringSubmatch(block, -1) {
		h := m[1]
		hashes = append(hashes, h)
		switch h {
		case h1:
			sawH1 = true
		case "zh:" + zipSum:
		default:
			return nil, fmt.Errorf("records %s, which is neither the zip's contents (%s) nor its checksum (zh:%s)", h, h1, zipSum)
		}
	}
	if !sawH1 {
		return nil, fmt.Errorf("records no %s hash of the installed zip", h1)
	}
	return hashes, nil
}

// lockBlock returns the body of `provider "addr" { ... }`.
func lockBlock(lock, addr string) (string, error) {
	start := strings.Index(lock, fmt.Sprintf("provider %q {", addr))
	if start < 0 {
		return "", fmt.Errorf("has no entry for %s", addr)
	}
	rest := lock[start:]
	if end := strings.Index(rest, "\n}"); end >= 0 {
		return rest[:end], nil
	}
	return "", fmt.Errorf("the entry for %s is not closed", addr)
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close()
		return err
	}
	return dst.Close()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
