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

// listeningBanner starts every line the server prints once it serves.
const listeningBanner = "contacts API listening on "

// untilListening reads stdout lines until the server says it serves,
// returning all read.
func (p *process) untilListening() []string {
	p.t.Helper()
	prefix := listeningBanner
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
	banner := p.untilListening()
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
	banner = p.untilListening()
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
	banner := p.untilListening()
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

// dataFileWith is a data file holding the staff fixture (client 1 and its
// contact 1), the id counters seq and the extra contacts (raw JSON by key).
func dataFileWith(t *testing.T, seq string, contacts map[string]string) string {
	t.Helper()
	const at = `"created": "2026-06-15T09:30:00Z", "updated": "2026-06-15T09:30:00Z"`
	recs := []string{`"1": {"id": 1, "client_id": 1, "first_name": "Sam", "last_name": "Staff", "email": "staff@internal.example", "status": "active", "role": {"id": 1, "name": "Staff"}, ` + at + `}`}
	for key, rec := range contacts {
		recs = append(recs, fmt.Sprintf("%q: %s", key, rec))
	}
	raw := `{"format": 1, "seq": ` + seq + `,
		"clients": {"1": {"id": 1, "company_name": "Internal Staff", ` + at + `}},
		"contacts": {` + strings.Join(recs, ", ") + `},
		"portal_users": {}, "outbox": [], "staff_contact_id": 1}`
	file := filepath.Join(t.TempDir(), "data.json")
	if err := os.WriteFile(file, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestStartWithInconsistentDataFile pins what the binary does with a data
// file it cannot serve as it is: a null record is refused at start, naming
// the file and the record (it used to start, then drop every connection of
// GET /api/contacts); id counters behind the records are raised, with a
// warning naming the file and the counter, so the next client does not
// replace "Internal Staff".
func TestStartWithInconsistentDataFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	t.Parallel()
	bin := buildServer(t)
	args := func(data string) []string {
		return []string{"-addr", "127.0.0.1:0", "-bcrypt-cost", "4", "-data", data, "-key", "dev-write-key:write"}
	}

	broken := dataFileWith(t, `{"client": 1, "contact": 1, "portal_user": 0}`, map[string]string{"999": "null"})
	p := start(t, bin, nil, args(broken)...)
	out, err := p.wait()
	if err == nil || containsLine(out, "contacts API listening on") {
		t.Fatalf("started with a null record: %v; stdout %q", err, out)
	}
	want := "contacts-server: apiserver: data file " + broken + ` has records the server cannot serve: contacts["999"] is null`
	if !strings.Contains(p.stderr.String(), want) {
		t.Errorf("stderr does not say %q:\n%s", want, p.stderr)
	}

	behind := dataFileWith(t, `{"client": 0, "contact": 0, "portal_user": 0}`, nil)
	p = start(t, bin, nil, args(behind)...)
	banner := p.untilListening()
	url := strings.TrimPrefix(banner[len(banner)-1], "contacts API listening on ")
	if s := request(t, "POST", url+"/api/clients", "dev-write-key", `{"company_name":"New Inc"}`); s != 201 {
		t.Fatalf("create a client: %d", s)
	}
	if s, body := requestBody(t, "GET", url+"/api/clients/1", "dev-write-key"); s != 200 || !strings.Contains(body, `"company_name":"Internal Staff"`) {
		t.Errorf("client 1 after a create: %d %s", s, body)
	}
	if s, body := requestBody(t, "GET", url+"/api/clients/2", "dev-write-key"); s != 200 || !strings.Contains(body, `"company_name":"New Inc"`) {
		t.Errorf("the new client is not client 2: %d %s", s, body)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if _, err := p.wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
	// Read once the process is gone: its stderr is written until then.
	for _, counter := range []string{"counter=client was=0 raised_to=1", "counter=contact was=0 raised_to=1"} {
		if want := "file=" + behind + " " + counter; !strings.Contains(p.stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, p.stderr)
		}
	}
}

// requestBody sends a request without a body and returns the answer.
func requestBody(t *testing.T, method, url, key string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}
