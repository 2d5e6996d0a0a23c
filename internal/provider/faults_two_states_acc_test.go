// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// twoStatesPeople is how many contacts both configurations declare.
const twoStatesPeople = 20

// twoStatesDomain marks the test's contacts among the server's fixtures.
const twoStatesDomain = "@two-states.example"

func twoStatesMainTF(clientID int64) string {
	return fmt.Sprintf(`
provider "contacts" {
  max_retries = 15
}

resource "contacts_contact" "p" {
  for_each   = toset([for i in range(%d) : format("person%%02d%s", i)])
  client_id  = %d
  first_name = "Person"
  last_name  = "Shared"
  email      = each.key
}
`, twoStatesPeople, twoStatesDomain, clientID)
}

// TestAccFaults_twoStatesNeverShareAnObject: two configurations declare the
// same 20 contacts and apply at once against a server that answers 30 % of
// the requests 500 (before acting) and drops some answers after
// committing. Whatever the interleaving, a contact may only enter the state
// whose request created it: every contact on the server ends up in exactly
// one state, the losing creates fail naming the winner's id and the import
// that adopts it, and destroying one state leaves the other's contacts.
func TestAccFaults_twoStatesNeverShareAnObject(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t)
	acme := mustCreateClient(t, testAPIClient(t, srv), "Two States Inc")
	workspaces := []*cliWorkspace{
		newCLIWorkspace(t, srv, twoStatesMainTF(acme.ID)),
		newCLIWorkspace(t, srv, twoStatesMainTF(acme.ID)),
	}
	srv.SetFaults(apiserver.Faults{
		Seed:                7,
		Latency:             2 * time.Millisecond,
		Jitter:              10 * time.Millisecond,
		ErrorRate:           0.3,
		ErrorStatus:         http.StatusInternalServerError,
		DropAfterCommitRate: 0.15,
	})

	outputs := make([]string, len(workspaces))
	var wg sync.WaitGroup
	for i, ws := range workspaces {
		wg.Go(func() { _, outputs[i] = ws.run("apply", "-auto-approve", "-parallelism=10") })
	}
	wg.Wait()
	srv.ClearFaults()
	if srv.FaultCounts()[apiserver.FaultServerError] == 0 {
		t.Fatal("the server injected no 500s; the test proves nothing")
	}
	for i, out := range outputs {
		for _, s := range cliErrorSummaries(out) {
			if s != "Error Creating Contact" {
				t.Errorf("apply %d failed with an unexpected error %q:\n%s", i, s, out)
			}
		}
		if strings.Contains(out, "Error: ") && !strings.Contains(out, "terraform import contacts_contact.<name>") {
			t.Errorf("apply %d failed without naming the import that adopts the other state's contact:\n%s", i, out)
		}
	}

	owners := twoStatesOwners(t, srv, workspaces)
	for id, in := range owners {
		if len(in) != 1 {
			t.Errorf("contact %s is in the states %v, want exactly one", id, in)
		}
	}
	if len(owners) == 0 {
		t.Fatal("no contact was created; the test proves nothing")
	}

	keep := workspaces[1].stateIDs()["contacts_contact"]
	// Without a refresh: the normal plan that a destroy runs first would
	// fail on the contacts this configuration declares and the other state
	// holds (the plan-time email check).
	workspaces[0].mustRun("destroy", "-auto-approve", "-parallelism=10", "-refresh=false")
	for _, id := range keep {
		if _, ok := srv.Contact(mustParseID(t, id)); !ok {
			t.Errorf("destroying the first state deleted contact %s of the second", id)
		}
	}
	workspaces[1].mustRun("destroy", "-auto-approve", "-parallelism=10")
}

// twoStatesOwners maps each of the test's contacts on the server (by id)
// to the workspaces whose state holds it, and fails on a state entry the
// server does not hold.
func twoStatesOwners(t *testing.T, srv *apiservertest.Server, workspaces []*cliWorkspace) map[string][]int {
	t.Helper()
	owners := map[string][]int{}
	for _, c := range srv.Contacts() {
		if strings.HasSuffix(c.Email, twoStatesDomain) {
			owners[formatID(c.ID)] = nil
		}
	}
	for i, ws := range workspaces {
		for _, id := range ws.stateIDs()["contacts_contact"] {
			if _, ok := owners[id]; !ok {
				t.Errorf("state %d holds contact %s, which the server does not", i, id)
				continue
			}
			if !slices.Contains(owners[id], i) {
				owners[id] = append(owners[id], i)
			}
		}
	}
	return owners
}

func mustParseID(t *testing.T, id string) int64 {
	t.Helper()
	n, ok := parseID(id)
	if !ok {
		t.Fatalf("%q is not an object id", id)
	}
	return n
}
