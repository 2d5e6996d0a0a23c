// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command testprogress runs `go test -json …` and prints what a person
// waiting on a long run wants to see: a line when a package starts running
// tests, a progress line for each package still running whenever nothing
// was printed for a while, the whole output of every failed test, and go
// test's own lines for each package (`ok`, `FAIL`, `PASS`, build errors),
// unchanged. It exits with go test's exit status.
//
//	testprogress -every 30s -- go test -json -count=1 ./...
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	every := flag.Duration("every", 30*time.Second, "print the progress of the running packages after this long without output")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: testprogress [-every DURATION] -- go test -json [flags] [packages]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	// Ctrl-C reaches go test too (one process group); waiting for it to
	// print what it has is better than dying first.
	signal.Ignore(os.Interrupt, syscall.SIGTERM)
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stderr = os.Stdin, os.Stderr
	os.Exit(run(cmd, os.Stdout, *every))
}

// run runs cmd with its stdout read as go test's JSON events, printed to
// out, and returns its exit status.
func run(cmd *exec.Cmd, out io.Writer, every time.Duration) int {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testprogress:", err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "testprogress:", err)
		return 1
	}
	p := newPrinter(out, every, time.Now)
	stop := p.tickEvery(time.Second)
	p.read(stdout)
	stop()
	err = cmd.Wait()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr) && exitErr.ExitCode() > 0:
		return exitErr.ExitCode()
	default:
		fmt.Fprintln(os.Stderr, "testprogress:", err)
		return 1
	}
}
