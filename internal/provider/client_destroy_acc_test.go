// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// seedGenerated creates, through the API, a client with n contacts, each
// with a portal user, and returns the import blocks that bring them under
// Terraform, as a user writes them before -generate-config-out.
func seedGenerated(t *testing.T, api *client.Client, company string, n int) (clientID int64, imports string) {
	t.Helper()
	ctx := context.Background()
	acct := mustCreateClient(t, api, company)
	var b strings.Builder
	fmt.Fprintf(&b, "import {\n  to = contacts_client.c\n  id = %q\n}\n", formatID(acct.ID))
	for i := range n {
		ct, err := api.CreateContact(ctx, client.ContactCreateRequest{
			FirstName: "Gen", LastName: fmt.Sprintf("Person%02d", i), Email: fmt.Sprintf("gen%02d@%d.generated.example", i, acct.ID), ClientID: acct.ID,
		})
		if err != nil {
			t.Fatal(err)
		}
		pu, err := api.CreatePortalUser(ctx, client.PortalUserCreateRequest{ContactID: ct.ID})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "import {\n  to = contacts_contact.p%02d\n  id = %q\n}\n", i, formatID(ct.ID))
		fmt.Fprintf(&b, "import {\n  to = contacts_portal_user.p%02d\n  id = %q\n}\n", i, formatID(pu.ID))
	}
	return acct.ID, b.String()
}

// generateAndImport writes the configuration of the imports with
// -generate-config-out, as the bulk-import guide does, and applies it.
func generateAndImport(t *testing.T, w *cliWorkspace, wantImported int) {
	t.Helper()
	w.run("plan", "-generate-config-out=generated.tf")
	raw, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	generated := string(raw)
	// The generated configuration names the client by its literal id, so
	// nothing orders the client's delete after its contacts'.
	if !strings.Contains(generated, "client_id") || strings.Contains(generated, "contacts_client.c.id") {
		t.Fatalf("the generated configuration does not hold literal client ids:\n%s", generated)
	}
	out := w.mustRun("apply", "-auto-approve")
	if want := fmt.Sprintf("%d imported", wantImported); !strings.Contains(out, want) {
		t.Fatalf("the apply did not import %d objects:\n%s", wantImported, out)
	}
}

// TestAccClientResource_destroyGeneratedConfiguration: a configuration
// written by -generate-config-out (literal ids, no references) of a
// client, 20 contacts and their portal users is destroyed by one
// terraform destroy: the client's delete waits while Terraform deletes its
// contacts in parallel.
func TestAccClientResource_destroyGeneratedConfiguration(t *testing.T) {
	t.Parallel()
	// Slow contact deletes make sure the client's delete comes while
	// contacts are still there, however Terraform orders the deletes.
	srv := apiservertest.New(t, apiservertest.WithFaults(apiserver.Faults{
		Latency: 300 * time.Millisecond, Routes: []string{"DELETE /api/contacts/{id}"},
	}))
	api := testAPIClient(t, srv)
	const n = 20
	clientID, imports := seedGenerated(t, api, "Generated Destroy Co", n)
	w := newCLIWorkspace(t, srv, "provider \"contacts\" {}\n"+imports)
	generateAndImport(t, w, 1+2*n)

	code, out := w.run("destroy", "-auto-approve")
	if code != 0 {
		t.Fatalf("terraform destroy exited %d:\n%s", code, out)
	}
	if want := fmt.Sprintf("%d destroyed", 1+2*n); !strings.Contains(out, want) {
		t.Fatalf("the destroy did not report %q:\n%s", want, out)
	}
	if _, ok := srv.Client(clientID); ok {
		t.Errorf("client %d still exists after the destroy", clientID)
	}
	for _, ct := range srv.Contacts() {
		if ct.Client.ID == clientID && ct.Status != "deleted" {
			t.Errorf("contact %d of client %d is still %s after the destroy", ct.ID, clientID, ct.Status)
		}
	}
	if ids := w.stateIDs(); len(ids) != 0 {
		t.Errorf("state still holds %v", ids)
	}
}

// TestAccClientResource_destroyWithContactLeftFailsPromptly: when a contact
// that nobody is deleting stays, the client's delete stops waiting soon
// after the contacts being deleted are gone, well within the delete
// timeout, with the API's reason and what to do.
func TestAccClientResource_destroyWithContactLeftFailsPromptly(t *testing.T) {
	t.Parallel()
	srv := apiservertest.New(t, apiservertest.WithFaults(apiserver.Faults{
		Latency: 100 * time.Millisecond, Routes: []string{"DELETE /api/contacts/{id}"},
	}))
	api := testAPIClient(t, srv)
	clientID, imports := seedGenerated(t, api, "Left Behind Co", 5)
	w := newCLIWorkspace(t, srv, "provider \"contacts\" {}\n"+imports)
	generateAndImport(t, w, 1+2*5)
	// A contact outside the configuration keeps the client.
	stay, err := api.CreateContact(context.Background(), client.ContactCreateRequest{
		FirstName: "Stay", LastName: "Put", Email: "stay@left-behind.example", ClientID: clientID,
	})
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	code, out := w.run("destroy", "-auto-approve")
	elapsed := time.Since(start)
	if code == 0 {
		t.Fatalf("terraform destroy succeeded although contact %d stays:\n%s", stay.ID, out)
	}
	if !testErrorRegexp("Error Deleting Client", fmt.Sprintf(`"Left Behind Co" (id %d)`, clientID),
		"The client still has contacts.", "then run the destroy again.").MatchString(out) {
		t.Fatalf("the destroy's error is not the client's refusal:\n%s", out)
	}
	if sums := cliErrorSummaries(out); len(sums) != 1 {
		t.Errorf("want exactly one error, got %q:\n%s", sums, out)
	}
	// Well under the default delete timeout: the wait gave up once no
	// contact went any more.
	if limit := time.Minute; elapsed > limit {
		t.Errorf("the refused destroy took %s, more than %s", elapsed, limit)
	}
	if ct, ok := srv.Contact(stay.ID); !ok || ct.Status == "deleted" {
		t.Errorf("contact %d, outside the configuration, was deleted", stay.ID)
	}
	if ids := w.stateIDs(); len(ids["contacts_client"]) != 1 || len(ids) != 1 {
		t.Errorf("state holds %v, want only the client", ids)
	}
}
