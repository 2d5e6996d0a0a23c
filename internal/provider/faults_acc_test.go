// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// faultsPeople is how many contacts, each with a portal user, the test applies.
const faultsPeople = 50

// faultsDomain marks the test's contacts among the server's fixtures.
const faultsDomain = "@faults.example"

// faultsMainTF declares faultsPeople contacts of clientID, each with a portal
// user whose password comes from an ephemeral map variable: it is sent to
// the API and never stored in plan or state.
func faultsMainTF(clientID int64, people int, providerSettings string) string {
	return fmt.Sprintf(`
provider "contacts" {
%s
}

variable "passwords" {
  type      = map(string)
  sensitive = true
  ephemeral = true
}

locals {
  people = { for i in range(%d) : format("p%%02d", i) => format("person%%02d%s", i) }
}

resource "contacts_contact" "p" {
  for_each   = local.people
  client_id  = %d
  first_name = "Person"
  last_name  = each.key
  email      = each.value
}

resource "contacts_portal_user" "p" {
  for_each            = contacts_contact.p
  contact_id          = each.value.id
  password_wo         = var.passwords[each.key]
  password_wo_version = 1
}
`, providerSettings, people, faultsDomain, clientID)
}

// faultsPasswords makes a password for each person and the
// TF_VAR_passwords value that hands them to Terraform.
func faultsPasswords(t *testing.T, people int) (map[string]string, string) {
	t.Helper()
	pw := make(map[string]string, people)
	for i := range people {
		pw[fmt.Sprintf("p%02d", i)] = fmt.Sprintf("Pw%d-%s", i, rand.Text()[:12])
	}
	raw, err := json.Marshal(pw)
	if err != nil {
		t.Fatal(err)
	}
	return pw, string(raw)
}

// faultsOnServer returns the test's live contacts (by email) and the
// portal users of those contacts (by email), failing on any duplicate.
func faultsOnServer(t *testing.T, srv *apiservertest.Server) (contacts map[string]int64, users map[string]apiserver.PortalUser) {
	t.Helper()
	contacts, users = map[string]int64{}, map[string]apiserver.PortalUser{}
	byID := map[int64]string{}
	for _, c := range srv.Contacts() {
		if !strings.HasSuffix(c.Email, faultsDomain) {
			continue
		}
		if _, dup := contacts[c.Email]; dup {
			t.Errorf("the server holds two contacts with the email %s", c.Email)
		}
		contacts[c.Email], byID[c.ID] = c.ID, c.Email
	}
	for _, u := range srv.PortalUsers() {
		email, ours := byID[u.ContactID]
		if !ours {
			continue
		}
		if _, dup := users[email]; dup {
			t.Errorf("contact %s has two portal users", email)
		}
		users[email] = u
	}
	return contacts, users
}

// faultsSecretsIn reports any password that appears in Terraform's output.
func faultsSecretsIn(t *testing.T, out string, passwords map[string]string) {
	t.Helper()
	for k, pw := range passwords {
		if strings.Contains(out, pw) {
			t.Errorf("the password of %s appears in Terraform's output", k)
		}
	}
}

// TestAccFaults_fiftyContactsAndPortalUsers applies 50 contacts with 50
// portal users (with passwords) in ONE apply against a busy server: a
// quarter of the writes answered 503, others committed and then dropped
// before the answer, 429 bursts and a tight rate limit. Retries (with one
// Idempotency-Key per create) must absorb all of it: exactly 50 + 50
// objects, every password logs in, a plan is empty, destroy leaves nothing.
func TestAccFaults_fiftyContactsAndPortalUsers(t *testing.T) {
	t.Parallel()
	testAccFaults(t, faultsCase{
		errorStatus: http.StatusServiceUnavailable, errorRate: 0.25,
		methods:    []string{http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete},
		maxApplies: 1,
	})
}

// TestAccFaults_serverErrorsConverge is the same with 500s and 503s on
// every kind of request, reads included, and the faults left on for the
// destroy. Every request is safe to repeat (reads, PATCH and DELETE by
// nature, creates and actions through their Idempotency-Key), so retries
// absorb the 500s too: at most three applies reach exactly 50 + 50 objects,
// and the destroy removes them all.
func TestAccFaults_serverErrorsConverge(t *testing.T) {
	t.Parallel()
	testAccFaults(t, faultsCase{errorRate: 0.2, maxApplies: 3, faultyDestroy: true})
}

// faultsCase is one run of testAccFaults.
type faultsCase struct {
	// errorStatus and errorRate are the injected server errors: 500, 503,
	// or 0 for an even mix.
	errorStatus int
	errorRate   float64
	// methods limits the faults; nil means every method.
	methods []string
	// maxApplies is how many applies may fail before one must succeed.
	maxApplies int
	// faultyDestroy keeps the faults on for the destroy.
	faultyDestroy bool
}

func testAccFaults(t *testing.T, fc faultsCase) {
	// The key's rate-limit window opens with its first request (seeding the
	// client, below), so the instant the clock freezes at is counted from
	// before it: counted from later, a slow setup would freeze the clock
	// past the window's end, and the apply would start a fresh window.
	windowStart := time.Now()
	clock := &faultsClock{}
	limited := &faultsRateLimitCounter{onFirst: clock.resume}
	srv := apiservertest.New(t, apiservertest.WithRateLimit(faultsRateLimit), apiservertest.WithLogger(slog.New(limited)),
		apiservertest.WithClock(clock.now))
	api := testAPIClient(t, srv)
	acme := mustCreateClient(t, api, "Faults Inc")
	passwords, passwordsVar := faultsPasswords(t, faultsPeople)
	ws := newCLIWorkspace(t, srv, faultsMainTF(acme.ID, faultsPeople,
		// Enough retries to outlast bursts and the rate limit's window.
		"  max_retries             = 15\n  max_requests_per_second = 12"))
	ws.env = append(ws.env, "TF_VAR_passwords="+passwordsVar)

	faults := apiserver.Faults{
		Seed:                20260615,
		Methods:             fc.methods,
		Latency:             2 * time.Millisecond,
		Jitter:              20 * time.Millisecond,
		ErrorRate:           fc.errorRate,
		ErrorStatus:         fc.errorStatus,
		Throttle429Rate:     0.05,
		Throttle429Burst:    3,
		DropAfterCommitRate: 0.15,
	}
	// Spend all but a few of this minute's requests of the provider's key,
	// and stop the server's clock 3 s (more after a slow setup) before the
	// window ends until the limiter first refuses a request: the apply runs
	// into the limit however fast or slow the machine is, and its
	// Retry-After is short.
	for range faultsRateLimit - 20 {
		if _, err := api.ListAccessRoles(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	clock.freeze(windowStart.Add(57 * time.Second))
	srv.SetFaults(faults)

	start := time.Now()
	applies, converged := 0, false
	for !converged && applies < fc.maxApplies {
		code, out := ws.run("apply", "-auto-approve", "-parallelism=10")
		applies++
		faultsSecretsIn(t, out, passwords)
		if converged = code == 0; converged {
			break
		}
		for _, s := range cliErrorSummaries(out) {
			if !slices.Contains(faultsExpectedErrors, s) {
				t.Errorf("apply %d failed with an unexpected error %q:\n%s", applies, s, out)
			}
		}
		for _, dup := range []string{"already been taken", "already has a portal user", "Already Has a Portal User", "already holds"} {
			if strings.Contains(out, dup) {
				t.Fatalf("apply %d ran into an object an earlier apply left out of the state (%q):\n%s", applies, dup, out)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
		t.Logf("apply %d failed as the faults allow (%v)", applies, cliErrorSummaries(out))
	}
	counts, requests := srv.FaultCounts(), 0
	for _, n := range srv.RequestCounts() {
		requests += n
	}
	t.Logf("%d applies and %d requests in %s; %d refused by the rate limit; faults injected: %v",
		applies, requests, time.Since(start).Round(time.Second), limited.n.Load(), counts)
	srv.ClearFaults()
	if !converged {
		t.Fatalf("no apply succeeded in %d attempts", fc.maxApplies)
	}
	kinds := []string{apiserver.FaultServerError, apiserver.FaultUnavailable, apiserver.FaultThrottled, apiserver.FaultDropped}
	if fc.errorStatus == http.StatusServiceUnavailable {
		kinds = kinds[1:]
	}
	for _, kind := range kinds {
		if counts[kind] == 0 {
			t.Errorf("the server injected no %s faults; the test proves nothing about them", kind)
		}
	}
	if limited.n.Load() == 0 {
		t.Errorf("the rate limit of %d a minute refused no request; the test proves nothing about it", faultsRateLimit)
	}

	contacts, users := faultsOnServer(t, srv)
	if len(contacts) != faultsPeople || len(users) != faultsPeople {
		t.Fatalf("the server holds %d contacts and %d portal users, want %d of each", len(contacts), len(users), faultsPeople)
	}
	state := ws.stateIDs()
	if len(state["contacts_contact"]) != faultsPeople || len(state["contacts_portal_user"]) != faultsPeople {
		t.Errorf("the state holds %d contacts and %d portal users, want %d of each", len(state["contacts_contact"]), len(state["contacts_portal_user"]), faultsPeople)
	}
	login, err := client.New(client.Config{Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for key, pw := range passwords {
		email := "person" + strings.TrimPrefix(key, "p") + faultsDomain
		if u := users[email]; u.Status != client.StatusActive {
			t.Errorf("portal user of %s is %q, want active", email, u.Status)
		}
		if _, err := login.PortalLogin(context.Background(), email, pw); err != nil {
			t.Errorf("portal login of %s with its configured password: %v", email, err)
		}
	}

	if code, out := ws.run("plan", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after the apply is not empty (exit %d):\n%s", code, out)
	}
	droppedBefore := srv.FaultCounts()[apiserver.FaultDropped]
	if fc.faultyDestroy {
		faults.Seed++
		srv.SetFaults(faults)
	}
	out := ws.mustRun("destroy", "-auto-approve", "-parallelism=10")
	srv.ClearFaults()
	faultsSecretsIn(t, out, passwords)
	if fc.faultyDestroy && srv.FaultCounts()[apiserver.FaultDropped] == droppedBefore {
		t.Errorf("the destroy met no dropped answer; the test proves nothing about lost DELETE answers")
	}
	contacts, _ = faultsOnServer(t, srv)
	if len(contacts) != 0 || len(srv.PortalUsers()) != 0 {
		t.Errorf("after destroy the server holds %d of the test's contacts and %d portal users, want none", len(contacts), len(srv.PortalUsers()))
	}
}

// faultsRateLimitCounter is a slog handler for the server's request log
// that counts the requests its rate limiter refused: 429s that were not
// injected.
type faultsRateLimitCounter struct {
	n       atomic.Int64
	onFirst func()
}

func (*faultsRateLimitCounter) Enabled(context.Context, slog.Level) bool { return true }
func (h *faultsRateLimitCounter) WithAttrs([]slog.Attr) slog.Handler     { return h }
func (h *faultsRateLimitCounter) WithGroup(string) slog.Handler          { return h }

func (h *faultsRateLimitCounter) Handle(_ context.Context, r slog.Record) error {
	status, injected := int64(0), false
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "status":
			status = a.Value.Int64()
		case "fault":
			injected = true
		}
		return true
	})
	if status == http.StatusTooManyRequests && !injected && h.n.Add(1) == 1 {
		h.onFirst()
	}
	return nil
}

// faultsClock is the server's clock: real time, until frozen at a chosen
// instant, and from the moment it is resumed on at real speed again.
type faultsClock struct {
	mu        sync.Mutex
	frozen    time.Time
	resumedAt time.Time
}

func (c *faultsClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.frozen.IsZero():
		return time.Now()
	case c.resumedAt.IsZero():
		return c.frozen
	default:
		return c.frozen.Add(time.Since(c.resumedAt))
	}
}

func (c *faultsClock) freeze(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen = at
}

func (c *faultsClock) resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen.IsZero() && c.resumedAt.IsZero() {
		c.resumedAt = time.Now()
	}
}

// Tuning of the TestAccFaults_* tests.
const (
	// faultsRateLimit is the server's limit per key and minute.
	faultsRateLimit = 500
)

// faultsExpectedErrors are the only errors an apply under the faults may
// end with: a create or action that failed in a way the provider reports
// and the next apply repairs.
var faultsExpectedErrors = []string{
	"Error Creating Contact",
	"Error Creating Portal User",
}
