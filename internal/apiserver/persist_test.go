// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

func TestPersistenceRoundTrip(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data.json")
	clk := newClock()
	opts := []apiservertest.Option{apiservertest.WithDataFile(file), apiservertest.WithClock(clk.Now)}

	a := newAPI(t, opts...)
	c := a.contact(a.client().ID, map[string]any{"send_email": "yes", "phone": "555"})
	gone := a.contact(c.Client.ID, nil)
	a.must(200, "DELETE", path("/api/contacts/%d", gone.ID), nil)
	pu := a.portalUser(map[string]any{"contact_id": c.ID, "password": "secret123", "roles": []string{"billing"}})
	a.must(200, "PUT", path("/api/contacts/%d/account-owner", c.ID), nil)
	before := struct {
		clients  []apiserver.Client
		contacts []apiserver.Contact
		users    []apiserver.PortalUser
		outbox   []apiserver.OutboxEmail
	}{a.srv.Clients(), a.srv.Contacts(), a.srv.PortalUsers(), a.srv.Outbox()}
	a.srv.Close()

	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("data file: %v %v", fi, err)
	}
	b := newAPI(t, opts...)
	after := struct {
		clients  []apiserver.Client
		contacts []apiserver.Contact
		users    []apiserver.PortalUser
		outbox   []apiserver.OutboxEmail
	}{b.srv.Clients(), b.srv.Contacts(), b.srv.PortalUsers(), b.srv.Outbox()}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("data changed across restart:\n%+v\n%+v", before, after)
	}
	if b.login(pu.Username, "secret123").status != 200 {
		t.Errorf("password hash lost")
	}
	if d, _ := b.srv.Contact(gone.ID); d.Status != "deleted" {
		t.Errorf("deleted contact %+v", d)
	}
	if b.srv.StaffContactID() != a.srv.StaffContactID() {
		t.Errorf("staff fixture id changed")
	}
	// Sequences continue: no id is handed out twice.
	next := b.contact(c.Client.ID, nil)
	if next.ID != gone.ID+1 {
		t.Errorf("next contact id %d, want %d", next.ID, gone.ID+1)
	}
	if u := b.portalUser(map[string]any{"contact_id": next.ID}); u.ID != pu.ID+1 {
		t.Errorf("next portal user id %d, want %d", u.ID, pu.ID+1)
	}
}

func TestLoadRejectsBadFile(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data.json")
	if err := os.WriteFile(file, []byte(`{"format":99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := apiserver.New(apiserver.Config{DataFile: file}); err == nil {
		t.Error("unknown format accepted")
	}
	for _, cfg := range []apiserver.Config{
		{Keys: map[string]string{"k": "admin"}},
		{BcryptCost: 99},
		{RateLimit: -1},
	} {
		if _, err := apiserver.New(cfg); err == nil {
			t.Errorf("config %+v accepted", cfg)
		}
	}
}

// TestStaleTempFilesRemovedAtStart pins that the temporary files a save
// killed half-way leaves next to the data file are removed at start, and
// nothing else is.
func TestStaleTempFilesRemovedAtStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "data.json")
	type testCase struct {
		name string
		kept bool
	}
	cases := map[string]testCase{
		"own temporary":           {"data.json.123456.tmp", false},
		"another own temporary":   {"data.json.7.tmp", false},
		"other data file's":       {"other.json.123.tmp", true},
		"not the random pattern":  {"data.json.abc.tmp", true},
		"no random part":          {"data.json..tmp", true},
		"other suffix":            {"data.json.123.tmp.keep", true},
		"prefix of the data file": {"data.jso.123.tmp", true},
	}
	for _, tc := range cases {
		if err := os.WriteFile(filepath.Join(dir, tc.name), []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "data.json.99.tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := apiserver.New(apiserver.Config{DataFile: file}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := os.Stat(filepath.Join(dir, tc.name))
			if gone := os.IsNotExist(err); gone == tc.kept {
				t.Errorf("%s: kept %v, want %v (%v)", tc.name, !gone, tc.kept, err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "data.json.99.tmp")); err != nil {
		t.Errorf("a directory matching the pattern was removed: %v", err)
	}
}

// TestIdempotencyKeysPersisted pins that with a data file a stored answer
// survives a restart: a commit whose answer was lost, then a restart, then
// the client's retry gets the first answer replayed instead of a 422. The
// records expire after 24 hours and hold no API key.
func TestIdempotencyKeysPersisted(t *testing.T) {
	t.Parallel()
	const apiKey = "persisted-idempotency-write-key"
	file := filepath.Join(t.TempDir(), "data.json")
	clk := newClock()
	opts := []apiservertest.Option{
		apiservertest.WithDataFile(file), apiservertest.WithClock(clk.Now),
		apiservertest.WithKeys(map[string]string{apiKey: apiserver.ScopeWrite}),
	}
	start := func() *api { return newAPI(t, opts...).as(apiKey) }

	a := start()
	ct := a.fresh()
	body := map[string]any{"contact_id": ct.ID, "password": "secret123"}
	a.srv.SetFaults(apiserver.Faults{DropAfterCommitRate: 1})
	if r := a.send("POST", "/api/portal-users", body, "Idempotency-Key", "create-1"); r.err == nil {
		t.Fatalf("answered %d %s, want a dropped connection", r.status, r.raw)
	}
	after, _ := a.srv.Contact(ct.ID)
	if after.PortalUserID == nil {
		t.Fatal("the dropped POST did not commit")
	}
	committed := *after.PortalUserID
	a.srv.Close()

	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{apiKey, "secret123"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the data file holds %q", secret)
		}
	}

	b := start()
	r := b.send("POST", "/api/portal-users", body, "Idempotency-Key", "create-1")
	if r.err != nil || r.status != 201 || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry after restart: %v %d %v %s", r.err, r.status, r.header, r.raw)
	}
	if got := data[apiserver.PortalUser](t, resp{raw: r.raw}); got.ID != committed {
		t.Errorf("replayed portal user %d, want %d", got.ID, committed)
	}
	other := map[string]any{"contact_id": ct.ID, "password": "other123"}
	wantErrors(t, b.do("POST", "/api/portal-users", other, "Idempotency-Key", "create-1"), map[string][]string{
		"Idempotency-Key": {"The Idempotency-Key has already been used with a different request body."},
	})
	// Another API key never sees the record.
	r = b.as(b.srv.WriteKey).send("POST", "/api/portal-users", body, "Idempotency-Key", "create-1")
	if r.status != 422 || r.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("other API key: %d %v %s", r.status, r.header, r.raw)
	}
	b.srv.Close()

	// After 24 hours the key is forgotten, across a restart too.
	clk.Advance(24*time.Hour + time.Second)
	c := start()
	wantErrors(t, c.do("POST", "/api/portal-users", body, "Idempotency-Key", "create-1"), map[string][]string{
		"contact_id": {"The contact already has a portal user."},
	})
	c.client() // a save, which writes the live records only
	c.srv.Close()
	raw, err = os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var df struct {
		Idempotency []struct {
			Key    string `json:"key"`
			Status int    `json:"status"`
		} `json:"idempotency"`
	}
	if err := json.Unmarshal(raw, &df); err != nil {
		t.Fatal(err)
	}
	for _, rec := range df.Idempotency {
		if rec.Key == "create-1" && rec.Status != 422 {
			t.Errorf("the expired answer is still in the data file: %+v", rec)
		}
	}
}

// TestIdempotencyKeyAfterFailedSave pins that a write whose save failed
// (answered 500, the change kept in memory) is not done twice: the retry
// with its Idempotency-Key gets the committed answer replayed.
func TestIdempotencyKeyAfterFailedSave(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data.json")
	a := newAPI(t, apiservertest.WithDataFile(file))
	// A directory where the file goes: every save's rename fails.
	if err := os.Mkdir(file, 0o700); err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"company_name": "Kept Inc"}
	wantMessage(t, a.do("POST", "/api/clients", body, "Idempotency-Key", "save-1"), 500, "Server Error")
	r := a.must(201, "POST", "/api/clients", body, "Idempotency-Key", "save-1")
	if r.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("the retry was not a replay: %v %s", r.header, r.raw)
	}
	kept := data[apiserver.Client](t, r)
	n := 0
	for _, c := range a.srv.Clients() {
		if c.CompanyName == "Kept Inc" {
			n++
			if c.ID != kept.ID {
				t.Errorf("replayed client %d, the server holds %d", kept.ID, c.ID)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d clients named Kept Inc, want 1", n)
	}
}
