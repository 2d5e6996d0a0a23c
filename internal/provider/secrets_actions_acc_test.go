// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestAccSecrets_actionPasswordNeverLeaks: the set-password action's
// password stays out of the plan (saved and shown as JSON), the state
// file, the CLI's output and its TRACE log (which holds the provider's
// log too), on every path: success, a lost answer settled by the retry,
// the API's refusal of an azure user and the plan-time refusal of a weak
// password.
func TestAccSecrets_actionPasswordNeverLeaks(t *testing.T) {
	actionsSkipUnsupported(t)
	t.Parallel()
	srv, c, contact := portalUserSetup(t, "jane@acme.example")
	azure := actionsSeedUser(t, c, contact.Client.ID, "sso@acme.example", client.PortalUserCreateRequest{AuthMethod: client.AuthAzure})
	const oldPW, newPW, weakPW = "0ld-Passw0rd-SECRET", "N3w-Passw0rd-SECRET", "weak-SECRET"
	w := newCLIWorkspace(t, srv, actionsInvokeConfig(contact.ID, azure.ID))
	logFile := filepath.Join(t.TempDir(), "terraform.log")
	// The passwords go through the environment: Terraform's log repeats its
	// command line, -var values included.
	w.env = append(w.env, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile, "TF_VAR_old_password="+oldPW)
	base := w.env

	var outputs []string
	run := func(password string, wantOK bool, args ...string) {
		t.Helper()
		w.env = base
		if password != "" {
			w.env = append(slices.Clone(base), "TF_VAR_new_password="+password)
		}
		code, out := w.run(args...)
		outputs = append(outputs, out)
		if (code == 0) != wantOK {
			t.Fatalf("%s exited %d:\n%s", strings.Join(args, " "), code, out)
		}
	}
	run("", true, "apply", "-auto-approve")
	invoke := "-invoke=action.contacts_portal_user_set_password.jane"
	run(newPW, true, "plan", invoke, "-out=tfplan")
	// show takes no -input, which the workspace's run adds.
	show := exec.Command(testAccEngine.Path, "show", "-json", "tfplan")
	show.Dir, show.Env = w.dir, append(slices.Clone(base), "TF_VAR_new_password="+newPW)
	planJSON, err := show.CombinedOutput()
	if err != nil || !strings.Contains(string(planJSON), "action_invocations") {
		t.Fatalf("show -json tfplan: %v\n%s", err, planJSON)
	}
	outputs = append(outputs, string(planJSON))
	run(newPW, true, "apply", "-auto-approve", invoke)
	if err := actionsLogin(srv, "jane@acme.example", newPW); err != nil {
		t.Fatalf("the reset did not take: %v", err)
	}
	// The answer to the next reset is lost after the server applied it:
	// the client's retry with its Idempotency-Key gets the answer replayed.
	srv.SetFaults(apiserver.Faults{DropAfterCommitRate: 1, Routes: []string{portalUserRouteSetPassword}})
	run(oldPW, true, "apply", "-auto-approve", invoke)
	srv.SetFaults(apiserver.Faults{})
	if n := srv.FaultCounts()[apiserver.FaultDropped]; n != 1 {
		t.Fatalf("the server dropped %d answers, want 1", n)
	}
	if err := actionsLogin(srv, "jane@acme.example", oldPW); err != nil {
		t.Fatalf("the reset whose answer was lost did not take: %v", err)
	}
	run(newPW, false, "apply", "-auto-approve", "-invoke=action.contacts_portal_user_set_password.other")
	run(weakPW, false, "apply", "-auto-approve", invoke)
	run("", true, "plan", "-detailed-exitcode")

	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for what, marker := range map[string]string{
		"the CLI's own log":               testAccEngine.LogMarker(),
		"the provider's request lines":    "contacts API request",
		"the provider's password resets":  "/actions/set-password",
		"the framework's action handling": "InvokeAction",
		"the refusal of the azure user":   "status=409",
	} {
		if !strings.Contains(log, marker) {
			t.Fatalf("the log %s lacks %s (%q); the scan would prove nothing", logFile, what, marker)
		}
	}
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"log": log, "state file": string(state)}
	for i, out := range outputs {
		texts["output of run "+string(rune('A'+i))] = out
	}
	for where, text := range texts {
		for name, secret := range map[string]string{"API key": srv.WriteKey, "new password": newPW, "old password": oldPW, "weak password": weakPW} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s appears in the %s", name, where)
			}
		}
	}
}
