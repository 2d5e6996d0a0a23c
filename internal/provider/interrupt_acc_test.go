// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// interruptPeople is how many contacts, each with a portal user, the
// interrupted apply declares.
const interruptPeople = 40

// TestAccInterrupt_reapplyConverges interrupts an apply (as Ctrl-C does)
// while creates are in flight on a slow server. Terraform cancels the
// provider's requests; creates that the server applied anyway must still
// reach the state, so that every object on the server is in the state, and
// the next apply creates the rest with no duplicates and no "already taken"
// errors.
func TestAccInterrupt_reapplyConverges(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Interrupt Inc")
	passwords, passwordsVar := faultsPasswords(t, interruptPeople)
	ws := newCLIWorkspace(t, srv, faultsMainTF(acme.ID, interruptPeople, ""))
	ws.env = append(ws.env, "TF_VAR_passwords="+passwordsVar)
	// Every request takes a while, so that creates are in flight when the
	// interrupt comes. Some writes are applied but their answers dropped:
	// the client waits before it retries them, and an interrupt during that
	// wait leaves an applied create without an answer.
	srv.SetFaults(apiserver.Faults{Seed: 7, Latency: 150 * time.Millisecond, Jitter: 150 * time.Millisecond, DropAfterCommitRate: 0.3})

	// First while contacts are being created, then, on a second apply,
	// while portal users are.
	interruptApply(t, ws, passwords, "contacts", func() bool {
		contacts, _ := faultsOnServer(t, srv)
		return len(contacts) >= interruptPeople/4
	})
	_, before := faultsOnServer(t, srv)
	interruptApply(t, ws, passwords, "portal users", func() bool {
		_, users := faultsOnServer(t, srv)
		return len(users) >= len(before)+interruptPeople/4
	})

	srv.ClearFaults()
	ws.mustRun("apply", "-auto-approve", "-parallelism=8")
	contacts, users := faultsOnServer(t, srv)
	if len(contacts) != interruptPeople || len(users) != interruptPeople {
		t.Fatalf("after the final apply the server holds %d contacts and %d portal users, want %d of each", len(contacts), len(users), interruptPeople)
	}
	login, err := client.New(client.Config{Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range slices.Sorted(maps.Keys(contacts)) {
		key := "p" + email[len("person"):len("person")+2]
		if _, err := login.PortalLogin(context.Background(), email, passwords[key]); err != nil {
			t.Errorf("portal login of %s with its configured password: %v", email, err)
		}
	}
	if code, out := ws.run("plan", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after the final apply is not empty (exit %d):\n%s", code, out)
	}
	ws.mustRun("destroy", "-auto-approve", "-parallelism=8")
	if contacts, _ := faultsOnServer(t, srv); len(contacts) != 0 || len(srv.PortalUsers()) != 0 {
		t.Errorf("after destroy the server holds %d of the test's contacts and %d portal users, want none", len(contacts), len(srv.PortalUsers()))
	}
}

// interruptApply starts an apply, interrupts it once ready reports true,
// and checks that the state holds exactly the test's objects on the server:
// nothing applied was left out of the state.
func interruptApply(t *testing.T, ws *cliWorkspace, passwords map[string]string, while string, ready func() bool) {
	t.Helper()
	srv := ws.srv
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	apply, err := applyUntil(ctx, ws, ready)
	if err != nil {
		t.Fatal(err)
	}
	if err := apply.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var exitErr *exec.ExitError
	out := apply.out
	if err := <-apply.done; !errors.As(err, &exitErr) {
		t.Fatalf("the apply interrupted while creating %s ended with %v, want a failure exit:\n%s", while, err, out)
	}
	faultsSecretsIn(t, out.String(), passwords)

	contacts, users := faultsOnServer(t, srv)
	t.Logf("interrupted while creating %s, with %d contacts and %d portal users on the server; %d creates adopted, %d found not to have happened",
		while, len(contacts), len(users), strings.Count(out.String(), "After Lost Response"), strings.Count(out.String(), "Nothing was created"))
	if len(contacts) == interruptPeople && len(users) == interruptPeople {
		t.Fatalf("the apply finished before the interrupt took effect; the test proves nothing:\n%s", out)
	}
	state := ws.stateIDs()
	var contactIDs, userIDs []string
	for _, id := range contacts {
		contactIDs = append(contactIDs, strconv.FormatInt(id, 10))
	}
	for _, u := range users {
		userIDs = append(userIDs, strconv.FormatInt(u.ID, 10))
	}
	for _, c := range []struct {
		kind            string
		server, inState []string
	}{
		{"contacts_contact", contactIDs, state["contacts_contact"]},
		{"contacts_portal_user", userIDs, state["contacts_portal_user"]},
	} {
		slices.Sort(c.server)
		slices.Sort(c.inState)
		if !slices.Equal(c.server, c.inState) {
			t.Errorf("%s after the interrupt: the server holds %v, the state %v\n%s", c.kind, c.server, c.inState, out)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// runningApply is an apply that applyUntil started.
type runningApply struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer // read it only once done has answered
	done chan error    // receives Wait's result
}

// applyUntil starts an apply and returns it, still running, once ready
// reports true. An apply that ends first, as one the CLI cannot even start
// does, fails the wait at once with its output.
func applyUntil(ctx context.Context, ws *cliWorkspace, ready func() bool) (*runningApply, error) {
	cmd, out := ws.command(ctx, "apply", "-auto-approve", "-parallelism=8")
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := &runningApply{cmd: cmd, out: out, done: make(chan error, 1)}
	go func() { r.done <- cmd.Wait() }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !ready() {
		select {
		case err := <-r.done:
			return nil, fmt.Errorf("the apply ended (%v) before the progress the test waits for:\n%s", err, out)
		case <-ctx.Done():
			// The context's end interrupts the apply; its output is
			// complete once it has exited.
			err := <-r.done
			return nil, fmt.Errorf("the apply made no progress (%v):\n%s", err, out)
		case <-tick.C:
		}
	}
	return r, nil
}

// TestAccInterrupt_failedApplyEndsTheWait: an apply that fails before
// making the progress the interrupt waits for (here on a configuration the
// CLI refuses) ends the wait at once, with the CLI's output, instead of
// holding the test until its deadline.
func TestAccInterrupt_failedApplyEndsTheWait(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	ws := newCLIWorkspace(t, srv, `
resource "contacts_client" "x" {
  no_such_argument = true
}
`)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := applyUntil(ctx, ws, func() bool { return false })
	if ctx.Err() != nil {
		t.Fatalf("the wait lasted until its deadline: %v", err)
	}
	if err == nil || !strings.Contains(err.Error(), "the apply ended") || !strings.Contains(err.Error(), "no_such_argument") {
		t.Fatalf("the wait ended with %v, want the failed apply's output", err)
	}
}
