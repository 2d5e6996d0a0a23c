// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// savedData is a data file that a server wrote: the staff fixture (client
// 1, contact 1), client 2 "Acme" with contact 2 and that contact's portal
// user 1. edit changes its decoded JSON before it is written back.
func savedData(t *testing.T, edit func(df map[string]any)) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "data.json")
	a := newAPI(t, apiservertest.WithDataFile(file))
	cl := data[apiserver.Client](t, a.must(201, "POST", "/api/clients", map[string]any{"company_name": "Acme"}))
	ct := a.contact(cl.ID, nil)
	a.portalUser(map[string]any{"contact_id": ct.ID})
	a.srv.Close()
	if cl.ID != 2 || ct.ID != 2 {
		t.Fatalf("the saved data has client %d and contact %d, want 2 and 2", cl.ID, ct.ID)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var df map[string]any
	if err := json.Unmarshal(raw, &df); err != nil {
		t.Fatal(err)
	}
	edit(df)
	if raw, err = json.Marshal(df); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// record is the decoded record at collection[key] of a data file.
func record(t *testing.T, df map[string]any, collection, key string) map[string]any {
	t.Helper()
	rec, ok := df[collection].(map[string]any)[key].(map[string]any)
	if !ok {
		t.Fatalf("the data file has no %s[%q]: %v", collection, key, df[collection])
	}
	return rec
}

// move puts the record at collection[from] under the key to, unchanged.
func move(t *testing.T, df map[string]any, collection, from, to string) {
	t.Helper()
	recs := df[collection].(map[string]any)
	recs[to] = record(t, df, collection, from)
	delete(recs, from)
}

// TestLoadRefusesInconsistentFile pins that a data file the server could
// not serve is refused at start, with an error that names the file and the
// record, instead of a server that panics on the first request that meets
// the record or hands out an id again.
func TestLoadRefusesInconsistentFile(t *testing.T) {
	t.Parallel()
	type testCase struct {
		edit func(t *testing.T, df map[string]any)
		want []string
	}
	tests := map[string]testCase{
		"null contact": {
			edit: func(t *testing.T, df map[string]any) { df["contacts"].(map[string]any)["999"] = nil },
			want: []string{`contacts["999"] is null`},
		},
		"null client": {
			edit: func(t *testing.T, df map[string]any) { df["clients"].(map[string]any)["2"] = nil },
			want: []string{`clients["2"] is null`},
		},
		"null portal user": {
			edit: func(t *testing.T, df map[string]any) { df["portal_users"].(map[string]any)["7"] = nil },
			want: []string{`portal_users["7"] is null`},
		},
		"contact under another id": {
			edit: func(t *testing.T, df map[string]any) { move(t, df, "contacts", "2", "9") },
			want: []string{`contacts["9"] has the id 2`},
		},
		"client under another id": {
			edit: func(t *testing.T, df map[string]any) { record(t, df, "clients", "2")["id"] = 5 },
			want: []string{`clients["2"] has the id 5`},
		},
		"portal user under another id": {
			edit: func(t *testing.T, df map[string]any) { move(t, df, "portal_users", "1", "3") },
			want: []string{`portal_users["3"] has the id 1`},
		},
		"id zero": {
			edit: func(t *testing.T, df map[string]any) {
				move(t, df, "clients", "2", "0")
				record(t, df, "clients", "0")["id"] = 0
			},
			want: []string{`clients["0"]`, "ids are whole numbers from 1"},
		},
		"negative id": {
			edit: func(t *testing.T, df map[string]any) {
				move(t, df, "portal_users", "1", "-1")
				record(t, df, "portal_users", "-1")["id"] = -1
			},
			want: []string{`portal_users["-1"]`, "ids are whole numbers from 1"},
		},
		"contact of a client not in the file": {
			edit: func(t *testing.T, df map[string]any) { record(t, df, "contacts", "2")["client_id"] = 77 },
			want: []string{`contacts["2"]`, "client 77", "not in the file"},
		},
		"portal user of a contact not in the file": {
			edit: func(t *testing.T, df map[string]any) { record(t, df, "portal_users", "1")["contact_id"] = 77 },
			want: []string{`portal_users["1"]`, "contact 77", "not in the file"},
		},
		"contact naming a portal user not in the file": {
			edit: func(t *testing.T, df map[string]any) { record(t, df, "contacts", "1")["portal_user_id"] = 77 },
			want: []string{`contacts["1"]`, "portal user 77", "not in the file"},
		},
		"contact naming another contact's portal user": {
			edit: func(t *testing.T, df map[string]any) { record(t, df, "contacts", "1")["portal_user_id"] = 1 },
			want: []string{`contacts["1"]`, "portal user 1", "belongs to contact 2"},
		},
		"portal user its contact does not name": {
			edit: func(t *testing.T, df map[string]any) { delete(record(t, df, "contacts", "2"), "portal_user_id") },
			want: []string{`portal_users["1"]`, "contact 2", "names no portal user"},
		},
	}
	for _, collection := range []string{"clients", "contacts", "portal_users"} {
		tests["no "+collection] = testCase{
			edit: func(t *testing.T, df map[string]any) { delete(df, collection) },
			want: []string{`no "` + collection + `" collection`},
		}
		tests["null "+collection] = testCase{
			edit: func(t *testing.T, df map[string]any) { df[collection] = nil },
			want: []string{`no "` + collection + `" collection`},
		}
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			file := savedData(t, func(df map[string]any) { tc.edit(t, df) })
			_, err := apiserver.New(apiserver.Config{DataFile: file})
			if err == nil {
				t.Fatal("the data file was accepted")
			}
			for _, w := range append([]string{"data file " + file}, tc.want...) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q: %v", w, err)
				}
			}
		})
	}
}

// TestLoadRaisesCountersBehindRecords pins that id counters behind the
// records they count are raised at load, and said so: the next client and
// contact get new ids instead of replacing "Internal Staff" and its staff
// contact.
func TestLoadRaisesCountersBehindRecords(t *testing.T) {
	t.Parallel()
	file := savedData(t, func(df map[string]any) {
		df["seq"] = map[string]any{"client": 0, "contact": 2, "portal_user": 0}
	})
	var log syncBuffer
	a := newAPI(t, apiservertest.WithDataFile(file), apiservertest.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	for _, counter := range []string{"client was=0 raised_to=2", "portal_user was=0 raised_to=1"} {
		want := "level=WARN msg=\"id counter behind the records of the data file: raised\" file=" + file + " counter=" + counter
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, log.String())
		}
	}
	if strings.Contains(log.String(), "counter=contact") {
		t.Errorf("the log names the contact counter, which was not behind:\n%s", log.String())
	}
	cl := a.client()
	ct := a.contact(cl.ID, nil)
	pu := a.portalUser(map[string]any{"contact_id": ct.ID})
	if cl.ID != 3 || ct.ID != 3 || pu.ID != 2 {
		t.Errorf("new client %d, contact %d, portal user %d; want 3, 3 and 2", cl.ID, ct.ID, pu.ID)
	}
	if staff, ok := a.srv.Contact(a.srv.StaffContactID()); !ok || staff.Email != "staff@internal.example" || staff.Client.CompanyName != "Internal Staff" {
		t.Errorf("the staff fixture was replaced: %+v", staff)
	}
}
