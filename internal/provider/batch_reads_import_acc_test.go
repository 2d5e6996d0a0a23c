// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/engine"
)

// importBlocks writes imports.tf: an import block for every resource
// instance of attrs (stateAttributes of ws), by id or by identity, and
// drops the state, so that the next plan imports them all.
func importBlocks(t *testing.T, ws *cliWorkspace, attrs map[string]any, byIdentity bool) int {
	t.Helper()
	var b strings.Builder
	for addr, a := range attrs {
		id := a.(map[string]any)["id"].(string)
		if byIdentity {
			fmt.Fprintf(&b, "import {\n  to       = %s\n  identity = { id = %s }\n}\n", addr, id)
		} else {
			fmt.Fprintf(&b, "import {\n  to = %s\n  id = %q\n}\n", addr, id)
		}
	}
	cliWriteFile(t, filepath.Join(ws.dir, "imports.tf"), b.String())
	if err := os.Remove(filepath.Join(ws.dir, "terraform.tfstate")); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return len(attrs)
}

// importPlanLine is the plan's summary when it imports n objects and
// changes nothing.
func importPlanLine(n int) string {
	return fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", n)
}

// TestAccBatchReads_importRequestCounts: the plan that imports many
// contacts and portal users of two clients, by id or by identity, reads
// them from the unfiltered list pages (the state holds no client yet),
// the identity's existence check included: about a page per 100 objects,
// not a GET per object. With batching off each object is read by its own
// GET.
func TestAccBatchReads_importRequestCounts(t *testing.T) {
	t.Parallel()
	const perClient = 55
	srv := testAccServer(t)
	api := testAPIClient(t, srv)
	var cfg strings.Builder
	for i := range 2 {
		acct := mustCreateClient(t, api, fmt.Sprintf("Import Count %d Ltd", i))
		fmt.Fprintf(&cfg, `
resource "contacts_contact" "p%[1]d" {
  count      = %[2]d
  first_name = "Count"
  last_name  = "Person ${count.index}"
  email      = "person${count.index}@import%[1]d.example"
  client_id  = %[3]d
}

resource "contacts_portal_user" "p%[1]d" {
  count      = %[2]d
  contact_id = contacts_contact.p%[1]d[count.index].id
}
`, i, perClient, acct.ID)
	}
	ws := newCLIWorkspace(t, srv, "provider \"contacts\" {}\n"+cfg.String())
	ws.mustRun("apply", "-auto-approve")
	ws.mustRun("apply", "-refresh-only", "-auto-approve")

	forms := []bool{false}
	if testAccEngine.Name == engine.Terraform && testAccEngine.AtLeast("1.12.0") {
		forms = append(forms, true)
	}
	attrs := stateAttributes(t, ws.dir)
	for _, byIdentity := range forms {
		objects := importBlocks(t, ws, attrs, byIdentity)
		for _, batched := range []bool{true, false} {
			srv.ResetRequestLog()
			out := withBatching(ws, batched).mustRun("plan")
			if !strings.Contains(out, importPlanLine(objects)) {
				t.Fatalf("identity %t, batched %t: want %q:\n%s", byIdentity, batched, importPlanLine(objects), out)
			}
			counts := srv.RequestCounts()
			lists := counts["GET /api/contacts"] + counts["GET /api/portal-users"]
			gets := counts["GET /api/contacts/{id}"] + counts["GET /api/portal-users/{id}"]
			t.Logf("identity %t, batched %t: %v", byIdentity, batched, counts)
			if batched {
				// Two pages per kind, and at most a GET per page past
				// the first for the check and one for the Read.
				if lists != 4 || gets > 4 {
					t.Errorf("identity %t, batched: %d list pages and %d GETs for %d objects, want 4 pages and at most 4 GETs", byIdentity, lists, gets, objects)
				}
			} else if lists != 0 || gets < objects {
				t.Errorf("identity %t, unbatched: %d list pages and %d GETs for %d objects, want a GET per object and no list", byIdentity, lists, gets, objects)
			}
		}
	}
}

// TestAccBatchReads_importHostileUnfilteredList: the unfiltered pages that
// serve a plan's imports are hints as the client's are: sparse items,
// items that name no client, and objects listed twice with other values
// are read with their own GET, so the plan imports exactly what it
// imports with batching off, and changes nothing.
func TestAccBatchReads_importHostileUnfilteredList(t *testing.T) {
	t.Parallel()
	type rewrite = func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any))
	tests := map[string]rewrite{
		"sparse items": eachItem(func(_ string, it map[string]any) {
			delete(it, "phone")
			delete(it, "job_position")
			delete(it, "roles")
		}),
		"items that name no client": eachItem(func(path string, it map[string]any) {
			if path == "/api/contacts" {
				it["client"].(map[string]any)["id"] = 0
			} else {
				it["client_id"] = 0
			}
		}),
		"objects repeated with other values on the last page": func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any)) {
			status, body := forward(withLimit(r, 5))
			meta, _ := body["meta"].(map[string]any)
			if meta == nil || meta["current_page"] != meta["last_page"] || meta["current_page"] == float64(1) {
				writeBody(w, status, body)
				return
			}
			_, page1 := forward(pageOf(withLimit(r, 5), 1))
			items, _ := page1["data"].([]any)
			for _, it := range items {
				m := it.(map[string]any)
				m["first_name"], m["username"], m["name"] = "Evil", fmt.Sprintf("evil%v", m["id"]), "Evil Twin"
			}
			body["data"] = items
			writeBody(w, status, body)
		},
	}
	for name, rw := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testAccServer(t)
			api := testAPIClient(t, srv)
			acct := mustCreateClient(t, api, "Hostile Imports Ltd")
			proxy := newListProxy(t, srv)
			proxy.unfiltered.Store(true)
			// Without the read timeouts, which an import cannot know.
			ws := newCLIWorkspace(t, srv, regexp.MustCompile(`(?m)^\s*timeouts\s*=.*\n`).ReplaceAllString(hostileBatchConfig(acct.ID, "Fd"), ""))
			ws.env = append(ws.env, "CONTACTS_ENDPOINT="+proxy.URL, envMaxRetries+"=1")
			ws.mustRun("apply", "-auto-approve")
			ws.mustRun("apply", "-refresh-only", "-auto-approve")
			n := importBlocks(t, ws, stateAttributes(t, ws.dir), false)
			proxy.set(rw)
			for _, on := range []bool{true, false} {
				proxy.lists.Store(0)
				out := withBatching(ws, on).mustRun("plan")
				if !strings.Contains(out, importPlanLine(n)) {
					t.Errorf("plan with batch reads %t: want %q:\n%s", on, importPlanLine(n), out)
				}
				if warnings := strings.Count(out, "Warning: ") - strings.Count(out, "Warning: Provider development overrides"); warnings != 0 {
					t.Errorf("plan with batch reads %t warns:\n%s", on, out)
				}
				if on && proxy.lists.Load() == 0 {
					t.Errorf("the batched import plan read no list page")
				}
			}
		})
	}
}
