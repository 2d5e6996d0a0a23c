package apiserver_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

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
