// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package release

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// gpgHint is how to get gpg where it is missing.
const gpgHint = "install GnuPG (Debian and Ubuntu: apt-get install gnupg; macOS: brew install gnupg) and put gpg on PATH"

// keyring is a GnuPG home of its own in a temporary folder, so that nothing
// is read from or written to the user's keys; close removes it and stops
// the agent gpg started for it.
type keyring struct {
	dir string
}

func newKeyring() (*keyring, error) {
	if _, err := exec.LookPath("gpg"); err != nil {
		return nil, fmt.Errorf("gpg not found: %s", gpgHint)
	}
	// A short path: gpg-agent's socket lives in it and socket paths are
	// limited to about a hundred bytes.
	dir, err := os.MkdirTemp("", "gpg-")
	if err != nil {
		return nil, err
	}
	return &keyring{dir: dir}, nil
}

func (k *keyring) run(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "gpg", append([]string{"--batch", "--no-tty", "--homedir", k.dir}, args...)...)
	cmd.Env = append(os.Environ(), "GNUPGHOME="+k.dir)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("gpg %s: %w: %s", args[len(args)-1], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

func (k *keyring) close() error {
	// gpgconf is GnuPG's own way to stop the agent of a home; an agent left
	// running would keep the removed folder's key material in memory.
	_ = exec.Command("gpgconf", "--homedir", k.dir, "--kill", "all").Run()
	return os.RemoveAll(k.dir)
}

// SigningKey is a throwaway GPG key with no passphrase, generated in a
// keyring of its own, for signing a test release. Close deletes it.
type SigningKey struct {
	// Fingerprint is what goreleaser's signs step takes as GPG_FINGERPRINT.
	Fingerprint string
	// PublicKey is the ASCII-armored public key, as a registry holds it.
	PublicKey []byte
	ring      *keyring
}

// NewThrowawayKey generates an RSA signing key (the registries take RSA or
// DSA keys) that expires in a day.
func NewThrowawayKey(ctx context.Context) (*SigningKey, error) {
	ring, err := newKeyring()
	if err != nil {
		return nil, err
	}
	key, err := generate(ctx, ring)
	if err != nil {
		_ = ring.close()
		return nil, err
	}
	return key, nil
}

func generate(ctx context.Context, ring *keyring) (*SigningKey, error) {
	if _, err := ring.run(ctx, nil, "--pinentry-mode", "loopback", "--passphrase", "",
		"--quick-generate-key", "release check <release-check@example.invalid>", "rsa2048", "sign", "1d"); err != nil {
		return nil, err
	}
	out, err := ring.run(ctx, nil, "--with-colons", "--list-secret-keys")
	if err != nil {
		return nil, err
	}
	fpr := firstFingerprint(out)
	if fpr == "" {
		return nil, errors.New("gpg generated a key but listed no fingerprint for it")
	}
	pub, err := ring.run(ctx, nil, "--armor", "--export", fpr)
	if err != nil {
		return nil, err
	}
	return &SigningKey{Fingerprint: fpr, PublicKey: pub, ring: ring}, nil
}

// GNUPGHOME is the keyring holding the key, for a gpg that another program
// (goreleaser) runs.
func (k *SigningKey) GNUPGHOME() string { return k.ring.dir }

// Sign writes a detached binary signature of path to path.sig, as
// goreleaser's signs step does.
func (k *SigningKey) Sign(ctx context.Context, path string) error {
	_, err := k.ring.run(ctx, nil, "--local-user", k.Fingerprint, "--output", path+".sig", "--yes", "--detach-sign", path)
	return err
}

// Close deletes the key and its keyring.
func (k *SigningKey) Close() error { return k.ring.close() }

// VerifySignature checks that sig is a valid detached signature of data
// made by the key with fingerprint fpr, trusting nothing but publicKey, as
// the CLIs do with the key a registry serves.
func VerifySignature(ctx context.Context, publicKey []byte, fpr, sig, data string) error {
	ring, err := newKeyring()
	if err != nil {
		return err
	}
	defer ring.close()
	if _, err := ring.run(ctx, publicKey, "--import"); err != nil {
		return fmt.Errorf("importing the public key: %w", err)
	}
	status, err := ring.run(ctx, nil, "--status-fd", "1", "--verify", sig, data)
	if err != nil {
		return fmt.Errorf("does not verify against the checksums (%s)", statusSummary(status))
	}
	for _, f := range statusLines(status, "VALIDSIG") {
		// VALIDSIG names the signing key first and its primary key last.
		if strings.EqualFold(f[0], fpr) || strings.EqualFold(f[len(f)-1], fpr) {
			return nil
		}
	}
	return fmt.Errorf("is not signed by key %s (%s)", fpr, statusSummary(status))
}

// firstFingerprint reads the first "fpr" record of gpg --with-colons.
func firstFingerprint(colons []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(colons))
	for sc.Scan() {
		if f := strings.Split(sc.Text(), ":"); len(f) > 9 && f[0] == "fpr" {
			return f[9]
		}
	}
	return ""
}

// statusLines returns the fields after the keyword of each "[GNUPG:] KEYWORD"
// line of gpg --status-fd output.
func statusLines(status []byte, keyword string) [][]string {
	var lines [][]string
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 2 && f[0] == "[GNUPG:]" && f[1] == keyword {
			lines = append(lines, f[2:])
		}
	}
	return lines
}

// statusSummary names the signature outcome gpg reported, for an error.
func statusSummary(status []byte) string {
	var seen []string
	for _, kw := range []string{"BADSIG", "ERRSIG", "NO_PUBKEY", "NODATA", "EXPKEYSIG", "REVKEYSIG", "GOODSIG", "VALIDSIG"} {
		if len(statusLines(status, kw)) > 0 {
			seen = append(seen, kw)
		}
	}
	if len(seen) == 0 {
		return "gpg reported no signature"
	}
	return "gpg: " + strings.Join(seen, ", ")
}
