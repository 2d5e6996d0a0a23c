// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

//go:build unix

package main

import (
	"bufio"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDemoCtrlC runs the demo binary, and `make demo`, and presses Ctrl-C
// as a terminal does: SIGINT to the whole process group, the server and the
// CLI included. A stop the user asked for is a clean one: everything is
// cleaned up, nothing says "failed", the demo exits 0, and make, stopped by
// the same Ctrl-C, adds no error of its own ("make: *** … Error 1" or
// "… Interrupt").
func TestDemoCtrlC(t *testing.T) {
	cli := requireCLI(t)
	bin := filepath.Join(t.TempDir(), "demo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the demo: %v\n%s", err, out)
	}
	demo := func(args ...string) *exec.Cmd {
		return exec.Command(bin, append(args, "-terraform", cli.Path, "-repo", repoRoot(t))...)
	}
	tests := map[string]struct {
		cmd *exec.Cmd
		// at is the line after which Ctrl-C is pressed.
		at   string
		want string
	}{
		"-keep, waiting for Ctrl-C": {cmd: demo("-keep"), at: "Press Ctrl-C here", want: "Ctrl-C: stopping"},
		"during the apply":          {cmd: demo(), at: "==> 5/8 Applying", want: "demo stopped (Ctrl-C) before it finished"},
	}
	if mk, err := exec.LookPath("make"); err == nil {
		cmd := exec.Command(mk, "demo", "DEMO_ARGS=-keep", "TERRAFORM="+cli.Path)
		cmd.Dir = repoRoot(t)
		tests["make demo DEMO_ARGS=-keep"] = struct {
			cmd  *exec.Cmd
			at   string
			want string
		}{cmd: cmd, at: "Press Ctrl-C here", want: "Ctrl-C: stopping"}
	} else {
		t.Log("no make on PATH: make demo not tried")
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testDemoCtrlC(t, tc.cmd, tc.at, tc.want)
		})
	}
}

func testDemoCtrlC(t *testing.T, cmd *exec.Cmd, at, want string) {
	cmd.Env = cleanEnv(cmd.Environ())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a terminal's foreground group of its own
	var out syncBuffer
	cmd.Stderr = &out
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stdout)
		once := false
		for sc.Scan() {
			_, _ = out.Write([]byte(sc.Text() + "\n"))
			if !once && strings.Contains(sc.Text(), at) {
				once = true
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-copied:
		_ = cmd.Wait()
		t.Fatalf("the demo ended before %q:\n%s", at, out.String())
	case <-time.After(8 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("the demo did not get to %q:\n%s", at, out.String())
	}
	// Twice, as an impatient user does: the second must not cut the
	// cleanup short either.
	for range 2 {
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	waited := make(chan error, 1)
	go func() { <-copied; waited <- cmd.Wait() }()
	select {
	case err = <-waited:
	case <-time.After(time.Minute):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("the demo did not stop within a minute of Ctrl-C:\n%s", out.String())
	}
	text := out.String()
	var exitErr *exec.ExitError
	switch {
	case filepath.Base(cmd.Path) == "make" && errors.As(err, &exitErr) && killedByInterrupt(exitErr):
		// make ends itself with the Ctrl-C it got, as it should.
	case errors.As(err, &exitErr):
		t.Errorf("%s exited with %v after Ctrl-C, want 0 (make then reports no error)", filepath.Base(cmd.Path), err)
	case err != nil:
		t.Fatal(err)
	}
	if strings.Contains(text, "make: ***") {
		t.Errorf("make reports an error after a stop the user asked for:\n%s", text)
	}
	if strings.Contains(text, "failed") {
		t.Errorf("the output of a stop the user asked for says \"failed\":\n%s", text)
	}
	if !strings.Contains(text, want) {
		t.Errorf("the output does not say %q:\n%s", want, text)
	}
	assertRemoved(t, text)
}

// TestKilledByInterrupt: a CLI that the user's Ctrl-C (or kill) ended counts
// as interrupted, whether or not the demo has seen the signal yet; any
// other end of the CLI does not.
func TestKilledByInterrupt(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		script string
		want   bool
	}{
		"SIGINT":      {script: "kill -INT $$", want: true},
		"SIGTERM":     {script: "kill -TERM $$", want: true},
		"SIGKILL":     {script: "kill -KILL $$"},
		"exit status": {script: "exit 3"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := exec.Command("sh", "-c", tc.script).Run()
			var exitErr *exec.ExitError
			if !errors.As(err, &exitErr) {
				t.Fatalf("sh -c %q: %v, want an exit error", tc.script, err)
			}
			if got := killedByInterrupt(exitErr); got != tc.want {
				t.Errorf("killedByInterrupt after %q = %t, want %t", tc.script, got, tc.want)
			}
		})
	}
}
