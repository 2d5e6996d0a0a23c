// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// pacedClient is a client of srv under key whose pacer sleeps on clk, and
// the count of 429 answers it got.
func pacedClient(t *testing.T, srv *apiservertest.Server, key string, clk *fakeClock, retries int, paced bool) (*client.Client, *atomic.Int64) {
	t.Helper()
	refused := new(atomic.Int64)
	c, err := client.New(client.Config{
		Endpoint: srv.URL, APIKey: key, MaxRetries: retries,
		MaxRetryWait: time.Millisecond, RequestTimeout: 10 * time.Second,
		Logger: func(_ context.Context, _ string, f map[string]any) {
			if f["status"] == 429 {
				refused.Add(1)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !paced {
		c.WithoutPacer()
		return c, refused
	}
	c.PaceOn(clk.Now, func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		clk.Advance(d)
		return nil
	}, 0) // no cap: on this clock a minute's wait takes no time
	return c, refused
}

// TestPacerAgainstTheServer: at 60 requests a minute, a client that reads
// the rate-limit headers slows down before the limit, where one that does
// not is refused for most of its requests. The server's clock stands
// still but for the pacer's waits, so the test takes no real time.
func TestPacerAgainstTheServer(t *testing.T) {
	t.Parallel()
	const requests = 150
	tests := map[string]struct {
		paced                  bool
		minRefused, maxRefused int64
	}{
		"without the pacer": {paced: false, minRefused: requests - 60, maxRefused: requests - 60},
		"with the pacer":    {paced: true, minRefused: 0, maxRefused: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clk := newFakeClock()
			srv := apiservertest.New(t, apiservertest.WithRateLimit(60), apiservertest.WithClock(clk.Now))
			c, refused := pacedClient(t, srv, srv.WriteKey, clk, 0, tc.paced)
			start := clk.Now()
			for range requests {
				_, err := c.GetClient(context.Background(), 1)
				if err != nil && !errors.Is(err, client.ErrRateLimited) && !errors.Is(err, client.ErrNotFound) {
					t.Fatal(err)
				}
			}
			if n := refused.Load(); n < tc.minRefused || n > tc.maxRefused {
				t.Errorf("%d of %d requests refused with 429, want %d–%d", n, requests, tc.minRefused, tc.maxRefused)
			}
			if took := clk.Now().Sub(start); tc.paced && took < 2*time.Minute {
				t.Errorf("%d requests at 60 a minute took %s on the server's clock, want at least 2m", requests, took)
			}
		})
	}
}

// TestPacerTwoClientsOnOneKey: two pipelines sharing a key both finish,
// the key's count slowing both, with at most the odd 429 between them.
func TestPacerTwoClientsOnOneKey(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	srv := apiservertest.New(t, apiservertest.WithRateLimit(60), apiservertest.WithClock(clk.Now))
	var wg sync.WaitGroup
	var refused [2]*atomic.Int64
	errs := make([]error, 2)
	for i := range 2 {
		var c *client.Client
		c, refused[i] = pacedClient(t, srv, srv.WriteKey, clk, client.DefaultMaxRetries, true)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if _, err := c.GetClient(context.Background(), 1); err != nil && !errors.Is(err, client.ErrNotFound) {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("pipeline %d did not finish: %v", i+1, err)
		}
	}
	if n := refused[0].Load() + refused[1].Load(); n > 10 {
		t.Errorf("%d of 200 requests refused with 429, want the odd one", n)
	}
}

// TestPacerWaitRespectsTheDeadline: a wait for the next window that would
// outlast the caller's deadline fails at once, the request unsent.
func TestPacerWaitRespectsTheDeadline(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t, apiservertest.WithRateLimit(1))
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.WriteKey, MaxRetries: 0, MaxRetryWait: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.GetClient(context.Background(), 1) // the window's one request
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err = c.GetClient(ctx, 1)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, client.ErrNotSent) {
		t.Errorf("err = %v, want the deadline, the request not sent", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("gave up after %s, want at once", took)
	}
}

// TestPacerAfterAnInjectedThrottle: a 429 whose Retry-After says when to
// come back (here at once) sets the pace, not a guess at the window: the
// call gets through after its retries without waiting out a minute.
func TestPacerAfterAnInjectedThrottle(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t, apiservertest.WithFaults(apiserver.Faults{Throttle429Rate: 1, Throttle429Burst: 2}))
	c, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.WriteKey, MaxRetries: 3, MaxRetryWait: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	for range 3 {
		if _, err := c.GetClient(ctx, 1); err != nil && !errors.Is(err, client.ErrNotFound) {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("3 calls through bursts of 429 with Retry-After: 0 took %s", took)
	}
}

// TestPacerWaitIsCappedByMaxRetryWait: MaxRetryWait caps the pacer's wait
// as it caps every wait between attempts: with the window spent, the next
// call goes after it, gets its 429 and says so, instead of waiting out the
// minute.
func TestPacerWaitIsCappedByMaxRetryWait(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t, apiservertest.WithRateLimit(1))
	c := apiClient(t, srv.URL, srv.WriteKey) // MaxRetryWait: 5ms
	if _, err := c.ListAccessRoles(context.Background()); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := c.GetClient(context.Background(), 1)
	if !errors.Is(err, client.ErrRateLimited) {
		t.Errorf("err = %v, want the 429", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s, want MaxRetryWait's few milliseconds", took)
	}
}
