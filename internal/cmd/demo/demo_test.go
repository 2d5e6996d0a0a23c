// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// secretRecorder hands out random secrets and remembers them, so a test can
// check that none of them was printed.
type secretRecorder struct {
	mu   sync.Mutex
	seen []string
}

func (s *secretRecorder) newSecret() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := rand.Text()
	s.seen = append(s.seen, v)
	return v
}

func (s *secretRecorder) assertNotIn(t *testing.T, text string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) < 3 {
		t.Fatalf("the demo asked for %d secrets, want at least 3 (API key, password, wrong password)", len(s.seen))
	}
	for _, v := range s.seen {
		if strings.Contains(text, v) {
			t.Fatal("the demo printed a secret (the API key or a portal password)")
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while the demo writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var removedDir = regexp.MustCompile(`removed (\S*contacts-demo-[^\s:]+)`)

// assertRemoved checks that the demo said it removed its temporary folder
// and that the folder is really gone.
func assertRemoved(t *testing.T, out string) {
	t.Helper()
	m := removedDir.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the output does not say which temporary folder was removed:\n%s", out)
	}
	if _, err := os.Stat(m[1]); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("temporary folder %s still exists (stat: %v)", m[1], err)
	}
}

// TestDemo runs `make demo` end to end: build, server, apply of
// examples/onboarding, portal login, empty second plan, destroy, cleanup.
func TestDemo(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	var out syncBuffer
	secrets := &secretRecorder{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	if err := run(ctx, options{out: &out, newSecret: secrets.newSecret, repo: repoRoot(t), terraform: cli.Path}); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	text := out.String()
	t.Log(text)
	for _, want := range []string{
		fmt.Sprintf("Engine              %s (%s)", cli, cli.Path),
		"dev_overrides " + cli.ProviderAddress() + " → ",
		"Apply complete! Resources: 11 added, 0 changed, 0 destroyed.",
		"with the password the apply set: accepted",
		"with a wrong password:            refused (401)",
		"terraform.tfstate does not hold it",
		"No changes. Your infrastructure matches the configuration.",
		"Destroy complete! Resources: 11 destroyed.",
		"1 client, 5 contacts, 1 account owner (jane@acme.example), 4 portal users (1 password, 2 invitation, 1 single sign-on)",
		"Emails queued       5 welcome, 2 invitation",
		"0 contacts, 0 portal users left on the server",
		"nothing is left behind",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	secrets.assertNotIn(t, text)
	assertRemoved(t, text)
}

// TestDemoKeep runs the demo with -keep: the server keeps serving what
// Terraform created, the env file holds what working by hand needs, and
// Ctrl-C (here: cancelling the context) still cleans everything up.
func TestDemoKeep(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	var out syncBuffer
	secrets := &secretRecorder{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	kept := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, options{keep: true, out: &out, newSecret: secrets.newSecret, repo: repoRoot(t), terraform: cli.Path, kept: kept})
	}()

	var envFile string
	select {
	case envFile = <-kept:
	case err := <-done:
		t.Fatalf("the demo ended before keeping the server: %v\n%s", err, out.String())
	}
	info, err := os.Stat(envFile)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("%s has mode %v; it holds secrets and must be private", envFile, perm)
	}
	env := readEnvFile(t, envFile)
	for _, name := range []string{"TF_CLI_CONFIG_FILE", "CONTACTS_ENDPOINT", "CONTACTS_API_KEY", "TF_VAR_portal_passwords"} {
		if env[name] == "" {
			t.Errorf("%s does not set %s", envFile, name)
		}
	}
	api, err := client.New(client.Config{Endpoint: env["CONTACTS_ENDPOINT"], APIKey: env["CONTACTS_API_KEY"]})
	if err != nil {
		t.Fatal(err)
	}
	contacts, err := api.ListContacts(ctx, client.ContactListFilter{Search: "acme.example"})
	if err != nil || len(contacts) != 5 {
		t.Fatalf("the kept server lists %d Acme contacts (err %v), want 5", len(contacts), err)
	}
	if !strings.Contains(out.String(), "plan") || !strings.Contains(out.String(), filepath.Base(envFile)) {
		t.Errorf("the output does not say how to continue by hand:\n%s", out.String())
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo after Ctrl-C: %v\n%s", err, out.String())
	}
	text := out.String()
	secrets.assertNotIn(t, text)
	assertRemoved(t, text)
	if _, err := api.ListContacts(context.Background(), client.ContactListFilter{}); err == nil {
		t.Error("the server still answers after Ctrl-C")
	}
}

// readEnvFile parses the demo's `export NAME='value'` lines.
func readEnvFile(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for line := range strings.SplitSeq(string(b), "\n") {
		kv, ok := strings.CutPrefix(line, "export ")
		if !ok {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		env[k] = strings.ReplaceAll(strings.Trim(v, "'"), `'\''`, "'")
	}
	return env
}

func TestCountLines(t *testing.T) {
	t.Parallel()
	out := `contacts_client.company: Creating...
contacts_client.company: Creation complete after 0s [id=2]
contacts_contact.people["jane@acme.example"]: Creation complete after 0s [id=3]
contacts_contact.people["sam@acme.example"]: Creation complete after 0s [id=4]
Warning: something. Creation complete
Apply complete! Resources: 3 added, 0 changed, 0 destroyed.`
	got := countLines(out, ": Creation complete")
	if len(got) != 2 || got["contacts_client"] != 1 || got["contacts_contact"] != 2 {
		t.Errorf("countLines = %v, want contacts_client 1, contacts_contact 2", got)
	}
}

func TestCleanEnv(t *testing.T) {
	t.Parallel()
	got := cleanEnv([]string{"PATH=/bin", "TF_VAR_x=1", "TF_CLI_CONFIG_FILE=/x", "TF_LOG=debug", "CONTACTS_API_KEY=k", "HOME=/h"})
	want := []string{"PATH=/bin", "TF_LOG=debug", "HOME=/h"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("cleanEnv = %v, want %v", got, want)
	}
}
