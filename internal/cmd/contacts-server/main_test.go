// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildServer builds this command once per test into a temporary folder.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "contacts-server")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is the server binary running as a child, its stdout read line
// by line.
type process struct {
	t      *testing.T
	cmd    *exec.Cmd
	lines  chan string
	stderr *strings.Builder
	done   chan error
}

func start(t *testing.T, bin string, env []string, args ...string) *process {
	t.Helper()
	p := &process{t: t, cmd: exec.Command(bin, args...), lines: make(chan string, 100), stderr: &strings.Builder{}, done: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
		p.done <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
		}
	})
	return p
}

// until reads stdout lines until one has the prefix, returning all read.
func (p *process) until(prefix string) []string {
	p.t.Helper()
	var got []string
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				p.t.Fatalf("the server exited before printing %q; stdout %q, stderr:\n%s", prefix, got, p.stderr)
			}
			got = append(got, l)
			if strings.HasPrefix(l, prefix) {
				return got
			}
		case <-timeout:
			p.t.Fatalf("no %q line within 30s; stdout %q", prefix, got)
		}
	}
}

// wait waits for the process to exit and returns the rest of its stdout.
func (p *process) wait() ([]string, error) {
	p.t.Helper()
	var rest []string
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				return rest, <-p.done
			}
			rest = append(rest, l)
		case <-timeout:
			p.t.Fatalf("the server did not exit within 30s; stdout so far %q", rest)
		}
	}
}

func request(t *testing.T, method, url, key, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// TestStartAndStop pins what the binary prints at start (its pid, the
// keys' scopes, the data file, the URL) and at stop, and that a SIGTERM
// or SIGINT stops it cleanly with the data saved.
func TestStartAndStop(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	t.Parallel()
	bin := buildServer(t)
	data := filepath.Join(t.TempDir(), "data.json")
	const hidden = "hidden-env-key-value"
	env := []string{"CONTACTS_SERVER_KEYS=" + hidden + ":write"}
	args := []string{"-addr", "127.0.0.1:0", "-bcrypt-cost", "4", "-data", data,
		"-key", "dev-write-key:write", "-key", "dev-read-key:read"}

	p := start(t, bin, env, args...)
	banner := p.until("contacts API listening on ")
	url := strings.TrimPrefix(banner[len(banner)-1], "contacts API listening on ")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^contacts-server pid ` + strconv.Itoa(p.cmd.Process.Pid) + `$`),
		regexp.MustCompile(`^key dev-write-key \(write\)$`),
		regexp.MustCompile(`^key dev-read-key \(read\)$`),
		regexp.MustCompile(`^key sha256:[0-9a-f]{8} from CONTACTS_SERVER_KEYS \(write\)$`),
		regexp.MustCompile(`^data file ` + regexp.QuoteMeta(data) + ` \(new: written on the first change\)$`),
		regexp.MustCompile(`^contacts API listening on http://127\.0\.0\.1:[1-9][0-9]*$`),
	}
	if len(banner) != len(want) {
		t.Fatalf("banner %q, want %d lines", banner, len(want))
	}
	for i, re := range want {
		if !re.MatchString(banner[i]) {
			t.Errorf("line %d %q, want %s", i+1, banner[i], re)
		}
	}

	if s := request(t, "POST", url+"/api/clients", hidden, `{"company_name":"Saved Inc"}`); s != 201 {
		t.Fatalf("create with the environment's key: %d", s)
	}
	if s := request(t, "POST", url+"/api/clients", "dev-read-key", `{"company_name":"Nope Inc"}`); s != 403 {
		t.Errorf("create with the read key: %d", s)
	}
	// Remove the file the first change wrote: only the stop can bring it
	// back, so its presence shows the stop saved the data.
	if err := os.Remove(data); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, err := p.wait()
	if err != nil {
		t.Fatalf("exit after SIGTERM: %v\nstderr:\n%s", err, p.stderr)
	}
	if wantStop := "contacts API stopped (SIGTERM): data saved to " + data; len(rest) != 1 || rest[0] != wantStop {
		t.Errorf("after SIGTERM printed %q, want %q", rest, wantStop)
	}
	raw, err := os.ReadFile(data)
	if err != nil {
		t.Fatalf("data not saved at stop: %v", err)
	}
	var df struct {
		Clients map[string]struct {
			CompanyName string `json:"company_name"`
		} `json:"clients"`
	}
	if err := json.Unmarshal(raw, &df); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range df.Clients {
		found = found || c.CompanyName == "Saved Inc"
	}
	if !found {
		t.Errorf("the saved data lacks the client: %s", raw)
	}
	for _, out := range []string{strings.Join(banner, "\n"), strings.Join(rest, "\n"), p.stderr.String(), string(raw)} {
		if strings.Contains(out, hidden) {
			t.Errorf("the environment's key was printed or saved")
		}
	}

	// A restart loads the file and says so; SIGINT stops it the same way.
	p = start(t, bin, env, args...)
	banner = p.until("contacts API listening on ")
	loaded := fmt.Sprintf("data file %s (loaded clients: 2, contacts: 1, portal users: 0)", data)
	if !containsLine(banner, loaded) {
		t.Errorf("restart banner %q, want %q", banner, loaded)
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, err = p.wait()
	if err != nil || len(rest) != 1 || rest[0] != "contacts API stopped (SIGINT): data saved to "+data {
		t.Errorf("after SIGINT: %v %q", err, rest)
	}
}

// TestStartWithoutKeysOrData pins the generated key and the warning that
// nothing is kept.
func TestStartWithoutKeysOrData(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	t.Parallel()
	p := start(t, buildServer(t), []string{"CONTACTS_SERVER_KEYS="}, "-addr", "127.0.0.1:0")
	banner := p.until("contacts API listening on ")
	var key string
	for _, l := range banner {
		if k, ok := strings.CutPrefix(l, "generated write API key: "); ok {
			key = k
		}
	}
	url := strings.TrimPrefix(banner[len(banner)-1], "contacts API listening on ")
	if key == "" || !containsLine(banner, "no data file (-data): the data is lost when the server stops") {
		t.Fatalf("banner %q", banner)
	}
	if s := request(t, "GET", url+"/api/clients", key, ""); s != 200 {
		t.Errorf("the generated key: %d", s)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if rest, err := p.wait(); err != nil || len(rest) != 1 || rest[0] != "contacts API stopped (SIGTERM): no data file, nothing kept" {
		t.Errorf("after SIGTERM: %v %q", err, rest)
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}
