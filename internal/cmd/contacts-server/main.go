// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

// Command contacts-server runs the in-memory Contacts API for local
// development and acceptance tests.
//
//	contacts-server -addr 127.0.0.1:0 -key secret:write -data ./contacts.json
//
// The -fault-* flags make it slow and unreliable on purpose (see
// apiserver.Faults), e.g. -fault-seed 7 -fault-error-rate 0.1 -fault-drop-rate 0.05.
// The -read-timeout, -read-header-timeout, -idle-timeout and -max-conns
// flags bound what a client can hold of it (see apiserver.Limits).
//
// At start it prints its process id, each API key with its scope, and the
// data file; the last line, "contacts API listening on http://ADDR", comes
// once it accepts connections, and scripts parse it. Keys given with -key
// are printed as given: they are the caller's own and on the command line
// already. Keys from CONTACTS_SERVER_KEYS, the way to keep a key out of
// sight, are printed by scope and digest id only. On SIGINT or SIGTERM it
// stops accepting requests, lets those in flight finish, saves the data
// file and prints a "contacts API stopped" line with the reason.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"golang.org/x/crypto/bcrypt"
)

// keyFlags collects repeated -key KEY:SCOPE flags in the order given.
type keyFlags struct {
	keys  map[string]string
	order []string
}

func (k *keyFlags) String() string {
	if k == nil {
		return "0 keys"
	}
	return fmt.Sprintf("%d keys", len(k.keys))
}

func (k *keyFlags) Set(v string) error {
	key, scope, found := strings.Cut(strings.TrimSpace(v), ":")
	if !found || key == "" || (scope != apiserver.ScopeRead && scope != apiserver.ScopeWrite) {
		return errors.New("want KEY:read or KEY:write")
	}
	if _, seen := k.keys[key]; !seen {
		k.order = append(k.order, key)
	}
	k.keys[key] = scope
	return nil
}

// shutdownGrace is how long requests in flight may take to finish once a
// stop signal came.
const shutdownGrace = 10 * time.Second

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "contacts-server:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("contacts-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	flagKeys := &keyFlags{keys: map[string]string{}}
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (port 0 picks a free port)")
	fs.Var(flagKeys, "key", "API key as KEY:SCOPE, scope read or write (repeatable; also CONTACTS_SERVER_KEYS, comma-separated, which are not printed)")
	rateLimit := fs.Int("rate-limit", apiserver.DefaultRateLimit, "requests per minute per API key")
	cost := fs.Int("bcrypt-cost", bcrypt.DefaultCost, "bcrypt cost of password hashes")
	data := fs.String("data", "", "JSON file to load at start and save after every change")
	seed := fs.Bool("seed", false, `create a demo client "Acme Inc" when starting without data`)
	limits := apiserver.DefaultLimits()
	fs.DurationVar(&limits.ReadHeaderTimeout, "read-header-timeout", limits.ReadHeaderTimeout, "time a request's headers have to arrive")
	fs.DurationVar(&limits.ReadTimeout, "read-timeout", limits.ReadTimeout, "time a whole request, body included, has to arrive (0: no limit)")
	fs.DurationVar(&limits.IdleTimeout, "idle-timeout", limits.IdleTimeout, "time a kept-alive connection may wait for its next request")
	fs.IntVar(&limits.MaxConns, "max-conns", limits.MaxConns, "connections served at once; more wait until one closes (0: no cap)")
	var faults apiserver.Faults
	fs.Int64Var(&faults.Seed, "fault-seed", 0, "seed of the fault decisions (the same seed and request order give the same faults)")
	fs.DurationVar(&faults.Latency, "fault-latency", 0, "delay added to every API request")
	fs.DurationVar(&faults.Jitter, "fault-jitter", 0, "random extra delay in [0, jitter) added to every API request")
	fs.Float64Var(&faults.ErrorRate, "fault-error-rate", 0, "fraction of API requests answered 500 or 503 before acting")
	fs.IntVar(&faults.ErrorStatus, "fault-error-status", 0, "status of those errors: 500, 503, or 0 for an even mix")
	fs.Float64Var(&faults.Throttle429Rate, "fault-429-rate", 0, "chance that an API request starts a burst of 429 answers")
	fs.IntVar(&faults.Throttle429Burst, "fault-429-burst", 1, "length of each burst of 429 answers")
	fs.IntVar(&faults.RetryAfter, "fault-retry-after", 0, "Retry-After seconds of injected 429 answers")
	fs.Float64Var(&faults.DropAfterCommitRate, "fault-drop-rate", 0, "fraction of successful writes committed and then answered by closing the connection")
	fs.Float64Var(&faults.ServerErrorAfterCommitRate, "fault-500-after-commit-rate", 0, "fraction of successful writes committed and then answered 500 (with -fault-drop-rate at most 1 in all)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}

	keys := map[string]string{}
	var banner []string
	for _, k := range flagKeys.order {
		keys[k] = flagKeys.keys[k]
		banner = append(banner, fmt.Sprintf("key %s (%s)", k, keys[k]))
	}
	if env := os.Getenv("CONTACTS_SERVER_KEYS"); env != "" {
		envKeys := &keyFlags{keys: map[string]string{}}
		for _, kv := range strings.Split(env, ",") {
			if err := envKeys.Set(kv); err != nil {
				return fmt.Errorf("CONTACTS_SERVER_KEYS: %w", err)
			}
		}
		for _, k := range envKeys.order {
			if _, given := keys[k]; given {
				continue
			}
			keys[k] = envKeys.keys[k]
			banner = append(banner, fmt.Sprintf("key %s from CONTACTS_SERVER_KEYS (%s)", keyID(k), keys[k]))
		}
	}
	if len(keys) == 0 {
		// The only time a key is printed unasked: nobody else could know it.
		k := rand.Text()
		keys[k] = apiserver.ScopeWrite
		banner = append(banner, fmt.Sprintf("generated write API key: %s", k))
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	api, err := apiserver.New(apiserver.Config{
		Keys: keys, RateLimit: *rateLimit, BcryptCost: *cost,
		Logger: logger, DataFile: *data, SeedDemo: *seed, Faults: faults, Limits: limits,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := api.HTTPServer()

	// Signals are caught before the banner, so a script that reads the
	// listen line and at once sends SIGTERM always gets a clean stop.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)

	fmt.Fprintf(stdout, "contacts-server pid %d\n", os.Getpid())
	for _, line := range banner {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintln(stdout, dataLine(api, *data))
	fmt.Fprintf(stdout, "contacts API listening on http://%s\n", ln.Addr())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(api.Listener(ln)) }()
	var reason string
	var failed error
	select {
	case failed = <-serveErr:
		// Serve only returns on a failure of the listener; what was
		// committed is saved all the same.
		reason = failed.Error()
	case sig := <-signals:
		// A second signal stops the process at once, the default way.
		signal.Stop(signals)
		reason = signalName(sig)
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	shutdownErr := srv.Shutdown(ctx)
	saveErr := api.Save()
	switch {
	case saveErr != nil:
		fmt.Fprintf(stdout, "contacts API stopped (%s): saving %s failed: %v\n", reason, *data, saveErr)
		return saveErr
	case *data != "":
		fmt.Fprintf(stdout, "contacts API stopped (%s): data saved to %s\n", reason, *data)
	default:
		fmt.Fprintf(stdout, "contacts API stopped (%s): no data file, nothing kept\n", reason)
	}
	if shutdownErr != nil {
		// Requests still running after the grace period were cut off;
		// what they committed was saved above.
		logger.Warn("shutdown cut requests short", "error", shutdownErr)
	}
	return failed
}

// dataLine says where the data lives and what was loaded.
func dataLine(api *apiserver.Server, path string) string {
	if path == "" {
		return "no data file (-data): the data is lost when the server stops"
	}
	clients, contacts, users := len(api.Clients()), len(api.Contacts()), len(api.PortalUsers())
	if _, err := os.Stat(path); err != nil {
		return fmt.Sprintf("data file %s (new: written on the first change)", path)
	}
	return fmt.Sprintf("data file %s (loaded clients: %d, contacts: %d, portal users: %d)", path, clients, contacts, users)
}

// keyID names a key without showing it: the start of its SHA-256 digest.
func keyID(key string) string {
	d := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(d[:4])
}

func signalName(sig os.Signal) string {
	names := map[os.Signal]string{os.Interrupt: "SIGINT", syscall.SIGTERM: "SIGTERM"}
	if n, ok := names[sig]; ok {
		return n
	}
	return sig.String()
}
