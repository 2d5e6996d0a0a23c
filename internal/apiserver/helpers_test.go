// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// api drives a test server over plain HTTP with one API key.
type api struct {
	t   *testing.T
	srv *apiservertest.Server
	key string
}

func newAPI(t *testing.T, opts ...apiservertest.Option) *api {
	t.Helper()
	srv := apiservertest.New(t, opts...)
	return &api{t: t, srv: srv, key: srv.WriteKey}
}

// as returns a copy of the api that sends another key ("" sends none).
func (a *api) as(key string) *api {
	b := *a
	b.key = key
	return &b
}

type resp struct {
	status int
	header http.Header
	raw    []byte
}

// do sends a request. body is nil, a string (sent raw as JSON), url.Values
// (sent as a form) or anything else (marshalled to JSON). hdr holds
// header name/value pairs.
func (a *api) do(method, path string, body any, hdr ...string) resp {
	a.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, a.srv.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	if a.key != "" {
		req.Header.Set("Authorization", "Bearer "+a.key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, raw: raw}
}

// must sends a request and fails the test unless the status matches.
func (a *api) must(status int, method, path string, body any, hdr ...string) resp {
	a.t.Helper()
	r := a.do(method, path, body, hdr...)
	if r.status != status {
		a.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, status, r.raw)
	}
	return r
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.raw, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.raw)
	}
	return m
}

func (r resp) message(t *testing.T) string {
	t.Helper()
	s, _ := r.json(t)["message"].(string)
	return s
}

func (r resp) errors(t *testing.T) map[string][]string {
	t.Helper()
	var b struct {
		Errors map[string][]string `json:"errors"`
	}
	if err := json.Unmarshal(r.raw, &b); err != nil {
		t.Fatal(err)
	}
	return b.Errors
}

// data decodes the envelope's data into T.
func data[T any](t *testing.T, r resp) T {
	t.Helper()
	var env struct {
		Data T `json:"data"`
	}
	if err := json.Unmarshal(r.raw, &env); err != nil {
		t.Fatalf("decoding data: %v: %s", err, r.raw)
	}
	return env.Data
}

func meta(t *testing.T, r resp) apiserver.Meta {
	t.Helper()
	var env struct {
		Meta apiserver.Meta `json:"meta"`
	}
	if err := json.Unmarshal(r.raw, &env); err != nil {
		t.Fatal(err)
	}
	return env.Meta
}

func wantErrors(t *testing.T, r resp, want map[string][]string) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.status, r.raw)
	}
	if msg := r.message(t); msg != "The given data was invalid." {
		t.Errorf("message %q", msg)
	}
	if got := r.errors(t); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n got %v\nwant %v", got, want)
	}
}

func wantMessage(t *testing.T, r resp, status int, msg string) {
	t.Helper()
	if r.status != status || r.message(t) != msg {
		t.Fatalf("got %d %s, want %d %q", r.status, r.raw, status, msg)
	}
}

var uniq struct {
	sync.Mutex
	n int
}

// unique returns a fresh name so parallel subtests on one server never clash.
func unique(prefix string) string {
	uniq.Lock()
	defer uniq.Unlock()
	uniq.n++
	return fmt.Sprintf("%s%d", prefix, uniq.n)
}

func (a *api) client() apiserver.Client {
	a.t.Helper()
	return data[apiserver.Client](a.t, a.must(201, "POST", "/api/clients", map[string]any{"company_name": unique("Company ")}))
}

func (a *api) contact(clientID int64, extra map[string]any) apiserver.Contact {
	a.t.Helper()
	body := map[string]any{
		"first_name": "Jane", "last_name": "Doe",
		"email": unique("jane") + "@acme.example", "clientid": clientID,
	}
	for k, v := range extra {
		body[k] = v
	}
	return data[apiserver.Contact](a.t, a.must(201, "POST", "/api/contacts", body))
}

func (a *api) portalUser(body map[string]any) apiserver.PortalUser {
	a.t.Helper()
	return data[apiserver.PortalUser](a.t, a.must(201, "POST", "/api/portal-users", body))
}

// fresh creates a client with one contact.
func (a *api) fresh() apiserver.Contact {
	a.t.Helper()
	return a.contact(a.client().ID, nil)
}

func (a *api) login(username, password string) resp {
	a.t.Helper()
	return a.as("").do("POST", "/api/portal/login", map[string]any{"username": username, "password": password})
}

func path(format string, id int64) string { return fmt.Sprintf(format, id) }

// clock is an injectable clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 6, 15, 9, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func itoa(n int64) string { return fmt.Sprint(n) }

// equalJSON compares decoded JSON values.
func equalJSON(a, b any) bool { return reflect.DeepEqual(a, b) }
