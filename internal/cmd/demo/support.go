// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// serverProcess is the contacts-server binary running as a child process.
type serverProcess struct {
	cmd      *exec.Cmd
	url      string
	dataFile string
	log      *os.File
	done     chan error // receives Wait's result once the process exits
}

// listenPrefix is the line the server prints once it accepts connections.
const listenPrefix = "contacts API listening on "

// startServer starts the server on a free loopback port with key as its
// only (write) API key, passed through the environment so that it does not
// show in the process list, and waits until it listens.
func startServer(ctx context.Context, bin, key, dir string) (*serverProcess, error) {
	s := &serverProcess{dataFile: filepath.Join(dir, "contacts.json"), done: make(chan error, 1)}
	var err error
	if s.log, err = os.Create(filepath.Join(dir, "server.log")); err != nil {
		return nil, err
	}
	// An os.Pipe rather than StdoutPipe: the reader outlives the line we
	// wait for, and Wait must not close it under the reader.
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "-addr", "127.0.0.1:0", "-data", s.dataFile)
	s.cmd.Env = append(cleanEnv(os.Environ()), "CONTACTS_SERVER_KEYS="+key+":write")
	s.cmd.SysProcAttr = serverProcAttr()
	s.cmd.Stdout, s.cmd.Stderr = w, s.log
	if err := s.cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	w.Close()
	go func() { s.done <- s.cmd.Wait() }()

	urls := make(chan string, 1)
	go func() {
		defer r.Close()
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), listenPrefix); ok {
				urls <- strings.TrimSpace(u)
			}
		}
	}()
	select {
	case s.url = <-urls:
		return s, nil
	case err := <-s.done:
		s.done <- err
		s.log.Close()
		logText, _ := os.ReadFile(s.log.Name())
		return nil, fmt.Errorf("the server exited before listening (%v):\n%s", err, logText)
	case <-time.After(30 * time.Second):
		_ = s.stop()
		return nil, errors.New("the server did not start listening within 30s")
	case <-ctx.Done():
		_ = s.stop()
		return nil, errInterrupted
	}
}

// stop asks the server to shut down (it saves its data and exits), and
// kills it if it has not exited after ten seconds.
func (s *serverProcess) stop() error {
	defer s.log.Close()
	select {
	case err := <-s.done: // already gone: it stopped on its own
		return err
	default:
	}
	if runtime.GOOS == "windows" {
		_ = s.cmd.Process.Kill() // no interrupt signal to send there
	} else {
		_ = s.cmd.Process.Signal(os.Interrupt)
	}
	select {
	case err := <-s.done:
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && runtime.GOOS == "windows" {
			return nil
		}
		return err
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		err := <-s.done
		return fmt.Errorf("the server did not stop within 10s and was killed (%v)", err)
	}
}

// outbox counts the emails the server queued, by kind. The API does not
// expose the outbox (emails are sent, not returned), so it is read from the
// data file, which the server rewrites after every change.
func (s *serverProcess) outbox() (map[string]int, error) {
	b, err := os.ReadFile(s.dataFile)
	if err != nil {
		return nil, err
	}
	var data struct {
		Outbox []struct {
			Kind string `json:"kind"`
		} `json:"outbox"`
	}
	if err := json.Unmarshal(b, &data); err != nil {
		return nil, fmt.Errorf("reading the outbox from %s: %w", s.dataFile, err)
	}
	n := map[string]int{}
	for _, e := range data.Outbox {
		n[e.Kind]++
	}
	return n, nil
}

// terraformRunner runs the CLI (Terraform or OpenTofu) in the working copy.
type terraformRunner struct {
	bin     string // path of the CLI
	dir     string
	env     []string
	verbose bool
	out     io.Writer
}

func (r *terraformRunner) statePath() string { return filepath.Join(r.dir, "terraform.tfstate") }

// name is the CLI as a shell would name it: terraform or tofu.
func (r *terraformRunner) name() string { return filepath.Base(r.bin) }

// run runs the CLI and returns its exit code and combined output; err is
// set only when the CLI could not be run at all.
func (r *terraformRunner) run(ctx context.Context, args ...string) (int, string, error) {
	args = append(args, "-no-color")
	cmd := exec.CommandContext(ctx, r.bin, args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	// Interrupt, as Ctrl-C would, so the CLI can finish its state write.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	var buf bytes.Buffer
	var w io.Writer = &buf
	if r.verbose {
		w = io.MultiWriter(&buf, &prefixWriter{w: r.out, prefix: "    | "})
	}
	cmd.Stdout, cmd.Stderr = w, w
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0, buf.String(), nil
	case errors.As(err, &exitErr) && ctx.Err() == nil && !killedByInterrupt(exitErr):
		return exitErr.ExitCode(), buf.String(), nil
	case ctx.Err() != nil || killedByInterrupt(exitErr):
		return -1, buf.String(), errInterrupted
	default:
		return -1, buf.String(), fmt.Errorf("running %s %s: %w", r.name(), args[0], err)
	}
}

// killedByInterrupt says whether a Ctrl-C (or kill) ended the CLI: the
// terminal sends it to the CLI and the demo at once, and a CLI that gets it
// before it handles signals dies of it before the demo has seen its own.
func killedByInterrupt(exitErr *exec.ExitError) bool {
	if exitErr == nil {
		return false
	}
	ws, ok := exitErr.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && (ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGTERM)
}

// mustRun is run that fails unless the CLI exits 0.
func (r *terraformRunner) mustRun(ctx context.Context, args ...string) (string, error) {
	code, out, err := r.run(ctx, args...)
	if err != nil {
		return out, err
	}
	if code != 0 {
		return out, fmt.Errorf("%s %s exited %d:\n%s", r.name(), strings.Join(args, " "), code, out)
	}
	return out, nil
}

// prefixWriter indents each line written through it.
type prefixWriter struct {
	w       io.Writer
	prefix  string
	midLine bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	var out bytes.Buffer
	for _, c := range b {
		if !p.midLine {
			out.WriteString(p.prefix)
		}
		out.WriteByte(c)
		p.midLine = c != '\n'
	}
	if _, err := p.w.Write(out.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}

// copyDir copies the example's files, leaving out anything a previous
// terraform run by hand may have left in the repository.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			if name == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		if !e.Type().IsRegular() || strings.Contains(name, ".tfstate") || name == ".terraform.lock.hcl" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
}

// csvContact is the part of a contacts.csv row the demo needs.
type csvContact struct {
	email  string
	portal string
}

// readContactsCSV reads the onboarding example's contacts file.
func readContactsCSV(name string) ([]csvContact, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(records) < 2 {
		return nil, fmt.Errorf("%s holds no contacts", name)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[strings.TrimSpace(h)] = i
	}
	emailCol, ok1 := col["email"]
	portalCol, ok2 := col["portal"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s needs email and portal columns", name)
	}
	rows := make([]csvContact, 0, len(records)-1)
	for _, rec := range records[1:] {
		rows = append(rows, csvContact{email: strings.ToLower(rec[emailCol]), portal: rec[portalCol]})
	}
	return rows, nil
}
