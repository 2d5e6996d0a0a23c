// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// TestAccBatchReads_refreshOnlySameChanges: after out-of-band changes (a
// field, a revoke, a deleted contact with its login), terraform plan
// -refresh-only shows the same changes with batching on and off.
func TestAccBatchReads_refreshOnlySameChanges(t *testing.T) {
	t.Parallel()
	srv, api, clientID := batchSetup(t)
	ws := newCLIWorkspace(t, srv, fmt.Sprintf(`
provider "contacts" {}

resource "contacts_contact" "p" {
  for_each   = toset(["kept", "gone"])
  first_name = "Refresh"
  last_name  = each.key
  email      = "${each.key}@refresh.example"
  client_id  = %d
  phone      = "555-0100"
}

resource "contacts_portal_user" "p" {
  for_each   = contacts_contact.p
  contact_id = each.value.id
}
`, clientID))
	ws.mustRun("apply", "-auto-approve")
	ctx := context.Background()
	kept, _ := srv.ContactByEmail("kept@refresh.example")
	gone, _ := srv.ContactByEmail("gone@refresh.example")
	phone := "555-0199"
	if _, err := api.UpdateContact(ctx, kept.ID, client.ContactUpdateRequest{FirstName: "Refresh", LastName: "kept", Email: "kept@refresh.example", Phone: client.SetOrNull(&phone)}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.RevokeAccess(ctx, *kept.PortalUserID); err != nil {
		t.Fatal(err)
	}
	if err := api.DeleteContact(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	plan := func(batch string) string {
		srv.ResetRequestLog()
		defer func() {
			// The switch took effect: lists when on, none when off.
			if lists := srv.RequestCounts()["GET /api/contacts"]; (lists > 0) != (batch == "true") {
				t.Errorf("CONTACTS_BATCH_READS=%s: %d contact list requests", batch, lists)
			}
		}()
		w := *ws
		w.env = append(slices.Clone(ws.env), "CONTACTS_BATCH_READS="+batch)
		out := w.mustRun("plan", "-refresh-only")
		// Refreshes run in parallel: their progress lines come in any order.
		var lines []string
		for line := range strings.SplitSeq(out, "\n") {
			if !strings.Contains(line, "Refreshing state...") {
				lines = append(lines, line)
			}
		}
		return strings.Join(lines, "\n")
	}
	batched, unbatched := plan("true"), plan("false")
	for _, want := range []string{
		`contacts_contact.p["kept"] has changed`, `"555-0199"`,
		`contacts_portal_user.p["kept"] has changed`, `"terminated"`,
		`contacts_contact.p["gone"] has been deleted`, `contacts_portal_user.p["gone"] has been deleted`,
	} {
		if !strings.Contains(batched, want) {
			t.Errorf("the batched refresh-only plan lacks %q:\n%s", want, batched)
		}
	}
	if batched != unbatched {
		t.Errorf("refresh-only plans differ.\nbatched:\n%s\nunbatched:\n%s", batched, unbatched)
	}
}
