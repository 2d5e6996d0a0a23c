// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command demo shows the provider doing its job on one machine, with nothing
// but Go and a CLI, Terraform or OpenTofu: it builds the provider and the
// local Contacts API server, starts the server on a free loopback port, and
// runs the onboarding example (examples/onboarding) with the CLI pointed at
// the fresh build through a generated CLI configuration (dev_overrides, for
// the address the detected engine gives the provider), so no registry and
// no account are involved. It then logs in to the portal with the password
// the apply set, checks that a second plan is empty, destroys everything,
// stops the server and removes its temporary folder.
//
//	go run ./internal/cmd/demo          # what `make demo` runs
//	go run ./internal/cmd/demo -keep    # keep the server and state to continue by hand
//	go run ./internal/cmd/demo -v       # also show the CLI's own output
//	go run ./internal/cmd/demo -terraform /path/to/tofu   # on OpenTofu
//
// Secrets (the API key, the portal passwords) are generated for each run and
// never printed; -keep writes them to a mode-0600 env file in the temporary
// folder instead.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	opts := options{out: os.Stdout, newSecret: rand.Text}
	flag.BoolVar(&opts.keep, "keep", false, "keep the server, the data and the state after the run, print how to continue by hand, and clean up on Ctrl-C")
	flag.BoolVar(&opts.verbose, "v", false, "show the CLI's own output as well")
	flag.StringVar(&opts.repo, "repo", "", "root of the provider's repository (default: the module root of the working directory)")
	flag.StringVar(&opts.terraform, "terraform", "", "the CLI to run, Terraform or OpenTofu (default: terraform on PATH)")
	flag.Parse()

	// SIGPIPE too: when the reader of the output goes away (`make demo | head`),
	// stop and clean up rather than die with the server still running.
	ctx, stop := stopOnSignal(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGPIPE)
	defer stop()
	err := run(ctx, opts)
	stopped := stopRequest{os.Interrupt}
	signalled := errors.As(context.Cause(ctx), &stopped)
	var cleanup cleanupError
	switch {
	case err == nil:
	case stopped.sig != syscall.SIGPIPE && (signalled || errors.Is(err, errInterrupted)) && !errors.As(err, &cleanup):
		// Ctrl-C or kill: a stop the user asked for, and run cleaned up.
		// Whatever a step said then is the signal's doing (the CLI gets
		// the same Ctrl-C, and can fail of it before ctx is cancelled).
		// Exit 0, so that make, which got the same Ctrl-C, stops without
		// an error of its own (it reports a child's 130 as "Error 130").
		fmt.Fprintf(os.Stderr, "\ndemo stopped (%s) before it finished; the server is stopped and nothing is left behind\n", stopped)
	default:
		fmt.Fprintf(os.Stderr, "\ndemo failed: %v\n", err)
		os.Exit(1)
	}
}

// errInterrupted is what run returns when a signal stopped it before it
// finished, once it has cleaned up.
var errInterrupted = errors.New("interrupted")

// cleanupError is a failure to stop the server or remove the temporary
// folder: a failure even when the user stopped the demo.
type cleanupError struct{ err error }

func (e cleanupError) Error() string { return e.err.Error() }
func (e cleanupError) Unwrap() error { return e.err }

// stopRequest is the cause of the context stopOnSignal cancels.
type stopRequest struct{ sig os.Signal }

func (s stopRequest) Error() string {
	if s.sig == os.Interrupt {
		return "Ctrl-C"
	}
	return s.sig.String()
}

// stopOnSignal returns a context that the first of sigs cancels, with a
// stopRequest naming it as the cause. Later signals are caught as well, so
// a second Ctrl-C cannot cut the cleanup short.
func stopOnSignal(parent context.Context, sigs ...os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case sig := <-ch:
			cancel(stopRequest{sig})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// options are the demo's settings; tests fill them in directly.
type options struct {
	keep    bool
	verbose bool
	repo    string
	// terraform is the CLI to run, Terraform or OpenTofu; empty means
	// terraform on PATH.
	terraform string
	out       io.Writer
	// newSecret returns a fresh random string for the API key and the
	// portal passwords; tests inject one they can look for in the output.
	newSecret func() string
	// kept, when not nil, receives the env file's path once a -keep run is
	// ready for work by hand (tests use it instead of a terminal).
	kept chan<- string
}
