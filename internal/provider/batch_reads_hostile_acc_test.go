// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// listProxy stands in front of the local server and rewrites the answers
// to the list requests that batched reads make (GET /api/contacts and GET
// /api/portal-users with a client_id), as a cache, a proxy or an API with
// sparser lists than objects would.
type listProxy struct {
	*hostileProxy
	mu sync.Mutex
	// rewrite, when set, answers a list request; forward fetches the
	// local server's answer to a request (after any query change).
	rewrite func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any))
	lists   atomic.Int64
	// unfiltered extends the rewrites to the lists without a client_id
	// that serve the reads of imported objects.
	unfiltered atomic.Bool
}

func newListProxy(t *testing.T, srv *apiservertest.Server) *listProxy {
	t.Helper()
	p := &listProxy{hostileProxy: newHostileProxy(t, srv)}
	f := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet || (r.URL.Path != "/api/contacts" && r.URL.Path != "/api/portal-users") || r.URL.Query().Get("client_id") == "" && !p.unfiltered.Load() {
			return false
		}
		p.lists.Add(1)
		p.mu.Lock()
		rewrite := p.rewrite
		p.mu.Unlock()
		if rewrite == nil {
			return false
		}
		rewrite(w, r, p.fetch)
		return true
	}
	p.intercept.Store(&f)
	return p
}

func (p *listProxy) set(rewrite func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any))) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rewrite = rewrite
}

// fetch asks the local server and decodes its answer.
func (p *listProxy) fetch(r *http.Request) (int, map[string]any) {
	rec := httptest.NewRecorder()
	p.forward.ServeHTTP(rec, r.Clone(r.Context()))
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body
}

func writeBody(w http.ResponseWriter, status int, body map[string]any) {
	raw, _ := json.Marshal(body)
	hostileJSON(w, status, string(raw))
}

// eachItem rewrites every item of a forwarded list answer.
func eachItem(edit func(path string, item map[string]any)) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any)) {
	return func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any)) {
		status, body := forward(r)
		items, _ := body["data"].([]any)
		for _, it := range items {
			edit(r.URL.Path, it.(map[string]any))
		}
		writeBody(w, status, body)
	}
}

// withLimit asks the local server for pages of n items, so that a few
// objects span several pages.
func withLimit(r *http.Request, n int) *http.Request {
	q := r.URL.Query()
	q.Set("limit", fmt.Sprint(n))
	r = r.Clone(r.Context())
	r.URL.RawQuery = q.Encode()
	return r
}

// pageOf is r asking for page n.
func pageOf(r *http.Request, n int) *http.Request {
	q := r.URL.Query()
	q.Set("page", fmt.Sprint(n))
	r = r.Clone(r.Context())
	r.URL.RawQuery = q.Encode()
	return r
}

const hostileContacts = 7

// hostileBatchConfig declares seven contacts of clientID, each with a
// phone, a job position and a portal user; first is their first name.
func hostileBatchConfig(clientID int64, first string) string {
	return fmt.Sprintf(`
provider "contacts" {}

resource "contacts_contact" "p" {
  count        = %d
  first_name   = %q
  last_name    = "Person ${count.index}"
  email        = "person${count.index}@hostile-list.example"
  client_id    = %d
  phone        = "+1 555 0100"
  job_position = "Engineer"
  timeouts     = { read = "30s" }
}

resource "contacts_portal_user" "p" {
  count      = %d
  contact_id = contacts_contact.p[count.index].id
  roles      = [{ reference = "technical" }]
  timeouts   = { read = "30s" }
}
`, hostileContacts, first, clientID, hostileContacts)
}

// stateAttributes is every resource instance's attributes in the
// workspace's state, by address.
func stateAttributes(t *testing.T, dir string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				IndexKey   any            `json:"index_key"`
				Attributes map[string]any `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			out[fmt.Sprintf("%s.%s[%v]", r.Type, r.Name, in.IndexKey)] = in.Attributes
		}
	}
	return out
}

// withBatching returns a copy of ws whose commands run with batched reads
// on or off.
func withBatching(ws *cliWorkspace, on bool) *cliWorkspace {
	w := *ws
	w.env = append(slices.Clone(ws.env), fmt.Sprintf("%s=%t", envBatchReads, on))
	return &w
}

// TestAccBatchReads_hostileListsPlanNothing: whatever a list page claims
// — another client than its filter, an object twice with other values,
// items without keys the object has, items older than the state, or no
// list at all (a 500, a 422 on status=all, a 404) — a plan with batched
// reads on equals the plan with them off: no change, and apply
// -refresh-only leaves the state as it was. A refused list costs one
// warning that names the list request and batch_reads, and no retry cycle
// per object.
func TestAccBatchReads_hostileListsPlanNothing(t *testing.T) {
	t.Parallel()
	type scenario struct {
		// rewrite answers the list requests, other is the client id that
		// the local server does not hold the objects under.
		rewrite func(other int64) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any))
		// stale serves the pages cached before an apply that renamed the
		// contacts.
		stale bool
		// warning is what the batched plan's output must say; "" for no
		// warning.
		warning []string
		// maxLists bounds the list requests of one batched plan.
		maxLists int64
	}
	refused := func(status int, body string) func(int64) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any)) {
		return func(int64) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any)) {
			return func(w http.ResponseWriter, _ *http.Request, _ func(*http.Request) (int, map[string]any)) {
				hostileJSON(w, status, body)
			}
		}
	}
	tests := map[string]scenario{
		"a page that contradicts its filter": {
			rewrite: func(other int64) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any)) {
				return eachItem(func(path string, it map[string]any) {
					if path == "/api/contacts" {
						it["client"].(map[string]any)["id"] = other
					} else {
						it["client_id"] = other
					}
				})
			},
		},
		"objects repeated with other values on the last page": {
			rewrite: func(int64) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any)) {
				return func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any)) {
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
				}
			},
		},
		"sparse items": {
			rewrite: func(int64) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any)) {
				return eachItem(func(_ string, it map[string]any) {
					delete(it, "phone")
					delete(it, "job_position")
					delete(it, "roles")
				})
			},
		},
		"stale pages from a cache": {stale: true},
		"a list that answers 500": {
			rewrite:  refused(http.StatusInternalServerError, `{"message":"Server Error"}`),
			warning:  []string{`Batched Reads Fell Back to Single Reads`, `list request GET /api/`, `500 Server Error`, `batch_reads = false`},
			maxLists: 4, // contacts and portal users, each sent once and retried once
		},
		"a list refused with 422 on status=all": {
			rewrite: func(int64) func(http.ResponseWriter, *http.Request, func(*http.Request) (int, map[string]any)) {
				return func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any)) {
					if r.URL.Path == "/api/portal-users" {
						hostileJSON(w, http.StatusUnprocessableEntity, `{"message":"The given data was invalid.","errors":{"status":["The selected status is invalid."]}}`)
						return
					}
					status, body := forward(r)
					writeBody(w, status, body)
				}
			},
			warning:  []string{`Batched Reads Fell Back to Single Reads`, `GET /api/portal-users?client_id=`, `status=all`, `The selected status is invalid.`, `batch_reads = false`},
			maxLists: 2,
		},
		"a list answered with 404": {
			rewrite:  refused(http.StatusNotFound, `{"message":"Not found."}`),
			warning:  []string{`Batched Reads Fell Back to Single Reads`, `404 Not found.`, `batch_reads = false`},
			maxLists: 2,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testAccServer(t)
			api := testAPIClient(t, srv)
			acct := mustCreateClient(t, api, "Hostile Lists Ltd")
			other := mustCreateClient(t, api, "Other Lists Ltd")
			proxy := newListProxy(t, srv)
			ws := newCLIWorkspace(t, srv, hostileBatchConfig(acct.ID, "Fd"))
			ws.env = append(ws.env, "CONTACTS_ENDPOINT="+proxy.URL, envMaxRetries+"=1")
			withBatching(ws, true).mustRun("apply", "-auto-approve")
			// The contacts' portal_user_id settles with the next refresh.
			withBatching(ws, false).mustRun("apply", "-refresh-only", "-auto-approve")

			if tc.stale {
				// A cache in front of the API keeps the first answer to
				// each list request; an apply then renames every contact.
				var cache sync.Map
				proxy.set(func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any)) {
					key := r.URL.String()
					if body, ok := cache.Load(key); ok {
						writeBody(w, http.StatusOK, body.(map[string]any))
						return
					}
					status, body := forward(r)
					if status == http.StatusOK {
						cache.Store(key, body)
					}
					writeBody(w, status, body)
				})
				withBatching(ws, true).mustRun("plan")
				cliWriteFile(t, filepath.Join(ws.dir, "main.tf"), cliRequiredProviders+hostileBatchConfig(acct.ID, "Renamed"))
				time.Sleep(10 * time.Millisecond) // the rename's updated time is later than the cached one
				withBatching(ws, true).mustRun("apply", "-auto-approve")
				withBatching(ws, false).mustRun("apply", "-refresh-only", "-auto-approve")
			} else {
				proxy.set(tc.rewrite(other.ID))
			}

			before := stateAttributes(t, ws.dir)
			outputs := map[bool]string{}
			for _, on := range []bool{true, false} {
				proxy.lists.Store(0)
				code, out := withBatching(ws, on).run("plan", "-detailed-exitcode")
				if code != 0 {
					t.Errorf("plan with batch reads %t exited %d, want 0 (no changes):\n%s", on, code, out)
				}
				if on && tc.maxLists > 0 && proxy.lists.Load() > tc.maxLists {
					t.Errorf("the batched plan made %d list requests, want at most %d", proxy.lists.Load(), tc.maxLists)
				}
				outputs[on] = out
			}
			warnings := strings.Count(outputs[true], "Warning: ") - strings.Count(outputs[true], "Warning: Provider development overrides")
			if len(tc.warning) == 0 && warnings != 0 {
				t.Errorf("the batched plan warns:\n%s", outputs[true])
			}
			if len(tc.warning) > 0 {
				if warnings != 1 {
					t.Errorf("the batched plan has %d warnings, want one:\n%s", warnings, outputs[true])
				}
				if !testErrorRegexp(tc.warning...).MatchString(outputs[true]) {
					t.Errorf("the batched plan's warning lacks %q:\n%s", tc.warning, outputs[true])
				}
			}
			for _, blame := range []string{"rejected portal user", "rejected contact", "endpoint looks wrong"} {
				if strings.Contains(outputs[true], blame) {
					t.Errorf("the batched plan says %q:\n%s", blame, outputs[true])
				}
			}

			out := withBatching(ws, true).mustRun("apply", "-refresh-only", "-auto-approve")
			if after := stateAttributes(t, ws.dir); !reflect.DeepEqual(after, before) {
				t.Errorf("apply -refresh-only with batched reads changed the state:\n%s", out)
				for addr, attrs := range after {
					if !reflect.DeepEqual(attrs, before[addr]) {
						t.Errorf("%s: %v\nwas %v", addr, attrs, before[addr])
					}
				}
			}
		})
	}
}

// TestAccBatchReads_neverEndingList: pages (of two items) that always
// announce another page, and past the list's end repeat its first items,
// are walked no further than the first page said, and the plan equals the
// unbatched one; when they also announce more pages than their total
// fills, the batched plan ends at once with an error that says the list
// is inconsistent and how to turn batching off. Either way no paging
// until the read timeout.
func TestAccBatchReads_neverEndingList(t *testing.T) {
	t.Parallel()
	for name, total := range map[string]float64{"always another page": 0, "more pages than its total fills": 1} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testAccServer(t)
			api := testAPIClient(t, srv)
			acct := mustCreateClient(t, api, "Endless Ltd")
			proxy := newListProxy(t, srv)
			ws := newCLIWorkspace(t, srv, hostileBatchConfig(acct.ID, "Fd"))
			ws.env = append(ws.env, "CONTACTS_ENDPOINT="+proxy.URL, envMaxRetries+"=1")
			withBatching(ws, true).mustRun("apply", "-auto-approve")
			proxy.set(func(w http.ResponseWriter, r *http.Request, forward func(*http.Request) (int, map[string]any)) {
				status, body := forward(withLimit(r, 2))
				meta := body["meta"].(map[string]any)
				meta["last_page"] = meta["current_page"].(float64) + 1
				if total > 0 {
					meta["total"] = total
				}
				if items, _ := body["data"].([]any); len(items) == 0 {
					_, page1 := forward(pageOf(withLimit(r, 2), 1))
					body["data"] = page1["data"]
				}
				writeBody(w, status, body)
			})
			proxy.lists.Store(0)
			start := time.Now()
			code, out := withBatching(ws, true).run("plan", "-detailed-exitcode")
			if n := proxy.lists.Load(); n > 4 || time.Since(start) > 20*time.Second {
				t.Errorf("the batched plan made %d list requests in %s, want it to stop at once", n, time.Since(start))
			}
			if total == 0 && code != 0 {
				t.Errorf("the batched plan exited %d, want 0 (no changes):\n%s", code, out)
			}
			if total > 0 && (code != 1 || !testErrorRegexp(`Error Reading`, `list request GET /api/`, `inconsistent`, `batch_reads = false`, envBatchReads+`=false`).MatchString(out)) {
				t.Errorf("the batched plan exited %d, want an error naming the inconsistent list and batch_reads:\n%s", code, out)
			}
			if code, out := withBatching(ws, false).run("plan", "-detailed-exitcode"); code != 0 {
				t.Errorf("the unbatched plan exited %d, want 0:\n%s", code, out)
			}
		})
	}
}

// cliRequiredProviders is the terraform block that newCLIWorkspace starts
// main.tf with.
const cliRequiredProviders = `terraform {
  required_providers {
    contacts = {
      source = "contactsapi/contacts"
    }
  }
}
`
