// Command contacts-server runs the in-memory Contacts API for local
// development and acceptance tests.
//
//	contacts-server -addr 127.0.0.1:0 -key secret:write -data ./contacts.json
//
// The -fault-* flags make it slow and unreliable on purpose (see
// apiserver.Faults), e.g. -fault-seed 7 -fault-error-rate 0.1 -fault-drop-rate 0.05.
//
// It prints "contacts API listening on http://ADDR" once it accepts
// connections; scripts parse that line.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"golang.org/x/crypto/bcrypt"
)

// keyFlags collects repeated -key KEY:SCOPE flags.
type keyFlags map[string]string

func (k keyFlags) String() string { return fmt.Sprintf("%d keys", len(k)) }

func (k keyFlags) Set(v string) error {
	key, scope, found := strings.Cut(strings.TrimSpace(v), ":")
	if !found || key == "" || (scope != apiserver.ScopeRead && scope != apiserver.ScopeWrite) {
		return errors.New("want KEY:read or KEY:write")
	}
	k[key] = scope
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "contacts-server:", err)
		os.Exit(1)
	}
}

func run() error {
	keys := keyFlags{}
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (port 0 picks a free port)")
	flag.Var(keys, "key", "API key as KEY:SCOPE, scope read or write (repeatable; also CONTACTS_SERVER_KEYS, comma-separated)")
	rateLimit := flag.Int("rate-limit", apiserver.DefaultRateLimit, "requests per minute per API key")
	cost := flag.Int("bcrypt-cost", bcrypt.DefaultCost, "bcrypt cost of password hashes")
	data := flag.String("data", "", "JSON file to load at start and save after every change")
	seed := flag.Bool("seed", false, `create a demo client "Acme Inc" when starting without data`)
	var faults apiserver.Faults
	flag.Int64Var(&faults.Seed, "fault-seed", 0, "seed of the fault decisions (the same seed and request order give the same faults)")
	flag.DurationVar(&faults.Latency, "fault-latency", 0, "delay added to every API request")
	flag.DurationVar(&faults.Jitter, "fault-jitter", 0, "random extra delay in [0, jitter) added to every API request")
	flag.Float64Var(&faults.ErrorRate, "fault-error-rate", 0, "fraction of API requests answered 500 or 503 before acting")
	flag.IntVar(&faults.ErrorStatus, "fault-error-status", 0, "status of those errors: 500, 503, or 0 for an even mix")
	flag.Float64Var(&faults.Throttle429Rate, "fault-429-rate", 0, "chance that an API request starts a burst of 429 answers")
	flag.IntVar(&faults.Throttle429Burst, "fault-429-burst", 1, "length of each burst of 429 answers")
	flag.IntVar(&faults.RetryAfter, "fault-retry-after", 0, "Retry-After seconds of injected 429 answers")
	flag.Float64Var(&faults.DropAfterCommitRate, "fault-drop-rate", 0, "fraction of successful writes committed and then answered by closing the connection")
	flag.Float64Var(&faults.ServerErrorAfterCommitRate, "fault-500-after-commit-rate", 0, "fraction of successful writes committed and then answered 500 (with -fault-drop-rate at most 1 in all)")
	flag.Parse()

	if env := os.Getenv("CONTACTS_SERVER_KEYS"); env != "" {
		for _, kv := range strings.Split(env, ",") {
			if err := keys.Set(kv); err != nil {
				return fmt.Errorf("CONTACTS_SERVER_KEYS: %w", err)
			}
		}
	}
	if len(keys) == 0 {
		// The only time a key is printed: nobody else could know it.
		k := rand.Text()
		keys[k] = apiserver.ScopeWrite
		fmt.Printf("generated write API key: %s\n", k)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	api, err := apiserver.New(apiserver.Config{
		Keys: keys, RateLimit: *rateLimit, BcryptCost: *cost,
		Logger: logger, DataFile: *data, SeedDemo: *seed, Faults: faults,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("contacts API listening on http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Error("shutdown", "error", err)
	}
	return api.Save()
}
