// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/engine"
)

// TestAccList_generatedConfigRoundTrip drives the bulk-import workflow of
// Terraform 1.14+ through the CLI, for every kind at once: terraform query
// -generate-config-out writes configuration that plans as imports only,
// with no warning, applies, and then plans empty; importing the portal
// users sets no password and sends no email.
func TestAccList_generatedConfigRoundTrip(t *testing.T) {
	t.Parallel()
	srv := testAccServer(t)
	s := seedListData(t, testAPIClient(t, srv))
	w := newCLIWorkspace(t, srv, "provider \"contacts\" {}\n")
	if testAccEngine.Name != engine.Terraform || !testAccEngine.AtLeast("1.14.0") {
		t.Skipf("%s has no terraform query", testAccEngine)
	}
	var lists strings.Builder
	for _, kind := range []string{"contacts_client", "contacts_contact", "contacts_portal_user", "contacts_account_owner"} {
		fmt.Fprintf(&lists, "list %q \"all\" {\n  provider = contacts\n  include_resource = true\n}\n", kind)
	}
	cliWriteFile(t, filepath.Join(w.dir, "all.tfquery.hcl"), lists.String())

	out := w.query("-generate-config-out=generated.tf")
	results := 0
	kinds := map[string]int{}
	for line := range strings.SplitSeq(out, "\n") {
		if addr, ok := strings.CutPrefix(line, "list."); ok {
			results++
			kinds[strings.Split(addr, ".")[0]]++
		}
	}
	for _, want := range []string{"jdoe (active)", "john.doe (terminated)", "Fabrikam Ltd: Jane Doe <j.doe@fabrikam.example>", "First Line <1st.line@fabrikam.example>"} {
		if !strings.Contains(out, want) {
			t.Errorf("query output lacks %q:\n%s", want, out)
		}
	}
	if len(kinds) != 4 {
		t.Fatalf("query listed the kinds %v, want all four:\n%s", kinds, out)
	}
	noWarnings := func(step, out string) {
		for line := range strings.SplitSeq(out, "\n") {
			line = strings.TrimLeft(line, "│ ")
			if strings.HasPrefix(line, "Warning: ") && line != "Warning: Provider development overrides are in effect" || strings.HasPrefix(line, "Error: ") {
				t.Errorf("%s: %s\n%s", step, line, out)
			}
		}
	}
	noWarnings("query", out)

	out = w.mustRun("plan")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", results); !strings.Contains(out, want) {
		t.Fatalf("plan of the generated configuration: want %q\n%s", want, out)
	}
	noWarnings("plan", out)
	noWarnings("apply", w.mustRun("apply", "-auto-approve"))
	if code, out := w.run("plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan after the import exited %d, want 0 (no changes):\n%s", code, out)
	}
	for kind, n := range kinds {
		if got := len(w.stateIDs()[kind]); got != n {
			t.Errorf("%s: %d in state, want the %d listed", kind, got, n)
		}
	}
	if mails := srv.Outbox(); len(mails) != 0 {
		t.Errorf("the import sent %d emails, want none: %+v", len(mails), mails)
	}
	for _, id := range []int64{s.active.ID, s.revoked.ID} {
		if !srv.CheckPassword(id, listSeedPassword) {
			t.Errorf("portal user %d: the import changed its password", id)
		}
	}
}

// query runs terraform query in the workspace, which takes no -input flag
// (command adds one), and fails the test unless it exits 0.
func (w *cliWorkspace) query(args ...string) string {
	w.t.Helper()
	cmd := exec.Command(testAccEngine.Path, append([]string{"query", "-no-color"}, args...)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("%s query %s: %v\n%s", cliName(), strings.Join(args, " "), err, out)
	}
	return string(out)
}
