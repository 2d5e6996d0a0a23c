// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client_test

// The contract suite: every rule of the API contract (api/README.md; the
// § numbers below are its sections), checked over real HTTP against the
// local server, through this client wherever the client can express the
// request and with raw HTTP where it deliberately cannot (missing keys,
// chosen Idempotency-Keys, malformed or huge bodies). Tests of a rule the
// upstream contract left open, which api/README.md settles, say so.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// contract is one fresh server with a client for each of its keys.
type contract struct {
	t   *testing.T
	srv *apiservertest.Server
	w   *client.Client // write key
	r   *client.Client // read key
	ctx context.Context
	seq atomic.Int64
}

func newContract(t *testing.T, opts ...apiservertest.Option) *contract {
	t.Helper()
	srv := apiservertest.New(t, opts...)
	return &contract{
		t: t, srv: srv, ctx: context.Background(),
		w: apiClient(t, srv.URL, srv.WriteKey),
		r: apiClient(t, srv.URL, srv.ReadKey),
	}
}

// apiClient never retries, so every server answer reaches the test as it was.
func apiClient(t *testing.T, endpoint, key string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{
		Endpoint: endpoint, APIKey: key, MaxRetries: 0,
		MaxRetryWait: 5 * time.Millisecond, RequestTimeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *contract) next() int64 { return c.seq.Add(1) }

// mkClient creates a client account with a unique name.
func (c *contract) mkClient() *client.ClientAccount {
	c.t.Helper()
	cl, err := c.w.CreateClient(c.ctx, client.ClientCreateRequest{CompanyName: fmt.Sprintf("Company %d", c.next())})
	if err != nil {
		c.t.Fatalf("creating a client: %v", err)
	}
	return cl
}

// mkContact creates a contact with a unique address under clientID.
func (c *contract) mkContact(clientID int64, mods ...func(*client.ContactCreateRequest)) *client.Contact {
	c.t.Helper()
	n := c.next()
	req := client.ContactCreateRequest{
		FirstName: "First" + strconv.FormatInt(n, 10), LastName: "Last", ClientID: clientID,
		Email: fmt.Sprintf("person%d@acme.example", n),
	}
	for _, m := range mods {
		m(&req)
	}
	ct, err := c.w.CreateContact(c.ctx, req)
	if err != nil {
		c.t.Fatalf("creating a contact: %v", err)
	}
	return ct
}

// mkPortalUser creates a portal user for a new contact of a new client.
func (c *contract) mkPortalUser(mods ...func(*client.PortalUserCreateRequest)) (*client.PortalUser, *client.Contact) {
	c.t.Helper()
	ct := c.mkContact(c.mkClient().ID)
	req := client.PortalUserCreateRequest{ContactID: ct.ID}
	for _, m := range mods {
		m(&req)
	}
	pu, err := c.w.CreatePortalUser(c.ctx, req)
	if err != nil {
		c.t.Fatalf("creating a portal user: %v", err)
	}
	return pu, ct
}

// withGoodPassword gives the portal user a password the API accepts.
func withGoodPassword(r *client.PortalUserCreateRequest) { r.Password = goodPassword }

// rawResp is one raw HTTP answer.
type rawResp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as an object; a body that is not one fails the test.
func (r rawResp) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.Body, err)
	}
	return m
}

// raw sends one request with key ("" sends no Authorization header). body is
// nil, a string or []byte (sent verbatim as JSON), url.Values (a form) or
// anything else (marshalled). hdr is header name/value pairs.
func (c *contract) raw(method, path, key string, body any, hdr ...string) rawResp {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/json"
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequestWithContext(c.ctx, method, c.srv.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return rawResp{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// wantRawError checks a raw error answer: status, message and (when fields
// is not nil) exactly these per-field errors.
// wantPortalUserGone checks that every route of a deleted portal user
// answers 404.
func (c *contract) wantPortalUserGone(t *testing.T, puID int64) {
	t.Helper()
	id := fmt.Sprint(puID)
	for _, rt := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/portal-users/" + id, nil},
		{"PATCH", "/api/portal-users/" + id, map[string]any{"username": "someone"}},
		{"DELETE", "/api/portal-users/" + id, nil},
		{"POST", "/api/portal-users/" + id + "/actions/grant-access", nil},
		{"POST", "/api/portal-users/" + id + "/actions/revoke-access", nil},
		{"POST", "/api/portal-users/" + id + "/actions/set-password", map[string]any{"password": "abcdefg2"}},
		{"POST", "/api/portal-users/" + id + "/actions/send-invite", nil},
	} {
		wantRawError(t, c.raw(rt.method, rt.path, c.srv.WriteKey, rt.body), 404, "Portal user not found.", nil)
	}
}

func wantRawError(t *testing.T, r rawResp, status int, message string, fields map[string][]string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body %s", r.Status, status, r.Body)
	}
	var body struct {
		Message string              `json:"message"`
		Errors  map[string][]string `json:"errors"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("error body %q is not JSON: %v", r.Body, err)
	}
	if body.Message != message {
		t.Errorf("message = %q, want %q", body.Message, message)
	}
	if fields != nil && !reflect.DeepEqual(body.Errors, fields) {
		t.Errorf("errors = %v\nwant     %v", body.Errors, fields)
	}
}

var sentinelForStatus = map[int]error{
	401: client.ErrUnauthorized, 403: client.ErrForbidden, 404: client.ErrNotFound,
	409: client.ErrConflict, 422: client.ErrValidation, 429: client.ErrRateLimited,
}

// wantAPIError checks an error from the client: its class, status, message
// and (when fields is not nil) exactly these per-field errors.
func wantAPIError(t *testing.T, err error, status int, message string, fields map[string][]string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %d %q", status, message)
	}
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want an *APIError", err, err)
	}
	if s, ok := sentinelForStatus[status]; ok && !errors.Is(err, s) {
		t.Errorf("errors.Is(err, %v) = false for %v", s, err)
	}
	if apiErr.StatusCode != status || apiErr.Message != message {
		t.Errorf("got %d %q, want %d %q (%v)", apiErr.StatusCode, apiErr.Message, status, message, err)
	}
	if fields != nil && !reflect.DeepEqual(apiErr.FieldErrors, fields) {
		t.Errorf("field errors = %v\nwant           %v", apiErr.FieldErrors, fields)
	}
}

const invalidData = "The given data was invalid."

// fieldErr is a 422's single-field expectation.
func fieldErr(field string, msgs ...string) map[string][]string {
	return map[string][]string{field: msgs}
}

var timestampRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$`)

func wantTimestamp(t *testing.T, name string, v any) {
	t.Helper()
	s, ok := v.(string)
	if !ok || !timestampRE.MatchString(s) {
		t.Errorf("%s = %#v, want a timestamp like 2026-06-15T09:30:00.000000Z", name, v)
	}
}

// keysOf returns the sorted keys of a JSON object.
func keysOf(t *testing.T, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%#v is not a JSON object", v)
	}
	return slices.Sorted(maps.Keys(m))
}

// fakeClock is a settable clock for the server (role expiry, sent_at).
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 6, 15, 9, 30, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func ptr[T any](v T) *T { return &v }

// ---------------------------------------------------------------------------
// §1 Conventions

// routeCase is one route of the API with placeholder ids that name nothing.
type routeCase struct {
	method, path string
	write        bool
	body         any
}

const missingID = "999999"

var allRoutes = []routeCase{
	{"GET", "/api/clients", false, nil},
	{"POST", "/api/clients", true, map[string]any{"company_name": "X"}},
	{"GET", "/api/clients/" + missingID, false, nil},
	{"PATCH", "/api/clients/" + missingID, true, map[string]any{}},
	{"DELETE", "/api/clients/" + missingID, true, nil},
	{"GET", "/api/contacts", false, nil},
	{"POST", "/api/contacts", true, map[string]any{}},
	{"GET", "/api/contacts/" + missingID, false, nil},
	{"PATCH", "/api/contacts/" + missingID, true, map[string]any{}},
	{"DELETE", "/api/contacts/" + missingID, true, nil},
	{"PUT", "/api/contacts/" + missingID + "/account-owner", true, nil},
	{"GET", "/api/portal-users", false, nil},
	{"POST", "/api/portal-users", true, map[string]any{}},
	{"GET", "/api/portal-users/" + missingID, false, nil},
	{"PATCH", "/api/portal-users/" + missingID, true, map[string]any{}},
	{"DELETE", "/api/portal-users/" + missingID, true, nil},
	{"POST", "/api/portal-users/" + missingID + "/actions/grant-access", true, nil},
	{"POST", "/api/portal-users/" + missingID + "/actions/revoke-access", true, nil},
	{"POST", "/api/portal-users/" + missingID + "/actions/set-password", true, map[string]any{"password": "abcdefg1"}},
	{"POST", "/api/portal-users/" + missingID + "/actions/send-invite", true, nil},
	{"GET", "/api/access-roles", false, nil},
}

func TestContractAuthAndScopes(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	for _, rt := range allRoutes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			// The id routes name nothing, so each 401/403 also shows that the
			// key and scope are checked before existence (§7).
			for name, key := range map[string]string{"missing": "", "unknown": "not-a-key"} {
				r := c.raw(rt.method, rt.path, key, rt.body)
				if r.Status != 401 || string(bytes.TrimSpace(r.Body)) != `{"message":"Unauthenticated."}` {
					t.Errorf("%s key: %d %s, want 401 {\"message\":\"Unauthenticated.\"}", name, r.Status, r.Body)
				}
			}
			r := c.raw(rt.method, rt.path, "", rt.body, "Authorization", "Basic "+c.srv.WriteKey)
			if r.Status != 401 {
				t.Errorf("a non-Bearer scheme: %d, want 401", r.Status)
			}
			r = c.raw(rt.method, rt.path, c.srv.ReadKey, rt.body)
			switch {
			case rt.write && (r.Status != 403 || string(bytes.TrimSpace(r.Body)) != `{"message":"This action is unauthorized."}`):
				t.Errorf("read key on a write: %d %s, want 403 {\"message\":\"This action is unauthorized.\"}", r.Status, r.Body)
			case !rt.write && r.Status != 200 && r.Status != 404:
				t.Errorf("read key on a read: %d %s, want 200 or 404", r.Status, r.Body)
			}
			r = c.raw(rt.method, rt.path, c.srv.WriteKey, rt.body)
			if r.Status == 401 || r.Status == 403 {
				t.Errorf("write key: %d %s, want it let through", r.Status, r.Body)
			}
		})
	}
	t.Run("through the client", func(t *testing.T) {
		_, _, err := apiClient(t, c.srv.URL, "not-a-key").ListContactsPage(c.ctx, client.ContactListFilter{}, client.Page{})
		wantAPIError(t, err, 401, "Unauthenticated.", nil)
		_, err = c.r.CreateClient(c.ctx, client.ClientCreateRequest{CompanyName: "Read Only Inc"})
		wantAPIError(t, err, 403, "This action is unauthorized.", nil)
		if _, err := c.r.ListClients(c.ctx, client.ClientListFilter{}); err != nil {
			t.Errorf("read key listing clients: %v", err)
		}
		for _, cl := range c.srv.Clients() {
			if cl.CompanyName == "Read Only Inc" {
				t.Error("the refused write happened anyway")
			}
		}
	})
	t.Run("the portal login needs no key", func(t *testing.T) {
		r := c.raw("POST", "/api/portal/login", "", map[string]any{"username": "nobody", "password": "whatever1"})
		wantRawError(t, r, 401, "These credentials do not match our records.", nil)
	})
}

func TestContractRouting(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	key := c.srv.WriteKey
	tests := map[string]struct {
		method, path string
		status       int
		message      string
	}{
		"unknown route":          {"GET", "/api/nothing-here", 404, "Not found."},
		"unknown route, no key":  {"GET", "/api/nothing-here", 404, "Not found."},
		"wrong method":           {"PUT", "/api/contacts", 405, ""},
		"wrong method, no key":   {"DELETE", "/api/access-roles", 405, ""},
		"non-numeric contact id": {"GET", "/api/contacts/abc", 404, "Contact not found."},
		"zero contact id":        {"GET", "/api/contacts/0", 404, "Contact not found."},
		"negative client id":     {"GET", "/api/clients/-1", 404, "Client not found."},
		"non-numeric portal id":  {"DELETE", "/api/portal-users/x", 404, "Portal user not found."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			k := key
			if strings.HasSuffix(name, "no key") {
				k = "" // the route is checked before the key (§7)
			}
			r := c.raw(tc.method, tc.path, k, nil)
			if r.Status != tc.status {
				t.Fatalf("status = %d, want %d (%s)", r.Status, tc.status, r.Body)
			}
			if tc.status == 405 {
				if r.Header.Get("Allow") == "" {
					t.Error("405 without an Allow header")
				}
				return
			}
			wantRawError(t, r, tc.status, tc.message, nil)
		})
	}
}

func TestContractEnvelope(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	key := c.srv.WriteKey
	cl := c.mkClient()
	ct := c.mkContact(cl.ID)
	tests := map[string]struct {
		method, path string
		body         any
		status       int
		keys         []string
		message      string // "" when the contract leaves the sentence open
	}{
		"list":    {"GET", "/api/contacts", nil, 200, []string{"data", "message", "meta"}, "Contacts retrieved successfully."},
		"one":     {"GET", fmt.Sprintf("/api/contacts/%d", ct.ID), nil, 200, []string{"data", "message"}, "Contact retrieved successfully."},
		"created": {"POST", "/api/contacts", map[string]any{"first_name": "A", "last_name": "B", "email": "env@acme.example", "clientid": cl.ID}, 201, []string{"data", "message"}, "Contact created successfully."},
		"updated": {"PATCH", fmt.Sprintf("/api/contacts/%d", ct.ID), map[string]any{"first_name": "A", "last_name": "B", "email": ct.Email}, 200, []string{"data", "message"}, "Contact updated successfully."},
		"owner":   {"PUT", fmt.Sprintf("/api/contacts/%d/account-owner", ct.ID), nil, 200, []string{"data", "message"}, "Contact set as account owner successfully."},
		"clients": {"GET", "/api/clients", nil, 200, []string{"data", "message", "meta"}, ""},
		"users":   {"GET", "/api/portal-users", nil, 200, []string{"data", "message", "meta"}, ""},
		"roles":   {"GET", "/api/access-roles", nil, 200, []string{"data", "message"}, ""},
		"error":   {"GET", "/api/contacts/" + missingID, nil, 404, []string{"message"}, "Contact not found."},
		"invalid": {"POST", "/api/clients", map[string]any{}, 422, []string{"errors", "message"}, invalidData},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := c.raw(tc.method, tc.path, key, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status = %d, want %d (%s)", r.Status, tc.status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			m := r.JSON(t)
			if got := keysOf(t, m); !slices.Equal(got, tc.keys) {
				t.Errorf("envelope keys = %v, want %v", got, tc.keys)
			}
			msg, _ := m["message"].(string)
			if tc.message != "" && msg != tc.message {
				t.Errorf("message = %q, want %q", msg, tc.message)
			}
			if !strings.HasSuffix(msg, ".") || len(msg) < 5 {
				t.Errorf("message = %q, want a sentence", msg)
			}
			if meta, ok := m["meta"]; ok {
				if got := keysOf(t, meta); !slices.Equal(got, []string{"current_page", "last_page", "per_page", "total"}) {
					t.Errorf("meta keys = %v", got)
				}
			}
		})
	}
	t.Run("delete", func(t *testing.T) {
		victim := c.mkContact(cl.ID)
		r := c.raw("DELETE", fmt.Sprintf("/api/contacts/%d", victim.ID), key, nil)
		m := r.JSON(t)
		if r.Status != 200 || m["message"] != "Contact deleted successfully." {
			t.Errorf("delete = %d %s, want 200 Contact deleted successfully.", r.Status, r.Body)
		}
	})
}

func TestContractObjectShapes(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	key := c.srv.WriteKey
	pu, ct := c.mkPortalUser(withGoodPassword, func(r *client.PortalUserCreateRequest) {
		r.Roles = []client.RoleGrant{{Reference: "billing"}}
		r.SendInvite = true
	})
	data := func(path string) map[string]any {
		t.Helper()
		r := c.raw("GET", path, key, nil)
		if r.Status != 200 {
			t.Fatalf("GET %s = %d %s", path, r.Status, r.Body)
		}
		d, ok := r.JSON(t)["data"].(map[string]any)
		if !ok {
			t.Fatalf("GET %s: data is not an object: %s", path, r.Body)
		}
		return d
	}
	t.Run("client", func(t *testing.T) {
		d := data(fmt.Sprintf("/api/clients/%d", ct.Client.ID))
		if got := keysOf(t, d); !slices.Equal(got, []string{"company_name", "dates", "id", "status"}) {
			t.Errorf("client keys = %v", got)
		}
		if d["status"] != "active" {
			t.Errorf("status = %v, want active", d["status"])
		}
		if got := keysOf(t, d["dates"]); !slices.Equal(got, []string{"created", "updated"}) {
			t.Errorf("dates keys = %v", got)
		}
		wantTimestamp(t, "dates.created", d["dates"].(map[string]any)["created"])
		wantTimestamp(t, "dates.updated", d["dates"].(map[string]any)["updated"])
	})
	t.Run("contact", func(t *testing.T) {
		d := data(fmt.Sprintf("/api/contacts/%d", ct.ID))
		want := []string{"account_owner", "client", "dates", "email", "first_name", "id", "job_position", "last_name", "name", "phone", "portal_user_id", "role", "social", "status"}
		if got := keysOf(t, d); !slices.Equal(got, want) {
			t.Errorf("contact keys = %v\nwant         %v", got, want)
		}
		if got := keysOf(t, d["client"]); !slices.Equal(got, []string{"company_name", "id"}) {
			t.Errorf("client keys = %v", got)
		}
		if got := keysOf(t, d["role"]); !slices.Equal(got, []string{"id", "name"}) {
			t.Errorf("role keys = %v", got)
		}
		social := d["social"].(map[string]any)
		if got := keysOf(t, social); !slices.Equal(got, []string{"dribbble", "facebook", "github", "linkedin", "twitter"}) {
			t.Errorf("social keys = %v", got)
		}
		for k, v := range social {
			if v != nil {
				t.Errorf("social.%s = %v, want null", k, v)
			}
		}
		if d["portal_user_id"] != float64(pu.ID) {
			t.Errorf("portal_user_id = %v, want %d", d["portal_user_id"], pu.ID)
		}
		wantTimestamp(t, "dates.created", d["dates"].(map[string]any)["created"])
		wantTimestamp(t, "dates.updated", d["dates"].(map[string]any)["updated"])
	})
	t.Run("portal user", func(t *testing.T) {
		d := data(fmt.Sprintf("/api/portal-users/%d", pu.ID))
		want := []string{"auth_method", "client_id", "contact_id", "dates", "email", "id", "invitation", "last_login_at", "name", "password_updated_at", "roles", "status", "username"}
		if got := keysOf(t, d); !slices.Equal(got, want) {
			t.Errorf("portal user keys = %v\nwant             %v", got, want)
		}
		if got := keysOf(t, d["invitation"]); !slices.Equal(got, []string{"sent_at", "status"}) {
			t.Errorf("invitation keys = %v", got)
		}
		roles := d["roles"].([]any)
		if len(roles) != 1 {
			t.Fatalf("roles = %v", roles)
		}
		if got := keysOf(t, roles[0]); !slices.Equal(got, []string{"expires", "reference"}) {
			t.Errorf("role keys = %v", got)
		}
		wantTimestamp(t, "password_updated_at", d["password_updated_at"])
		wantTimestamp(t, "invitation.sent_at", d["invitation"].(map[string]any)["sent_at"])
		wantTimestamp(t, "dates.created", d["dates"].(map[string]any)["created"])
		if d["last_login_at"] != nil {
			t.Errorf("last_login_at = %v, want null", d["last_login_at"])
		}
		if strings.Contains(strings.ToLower(string(c.raw("GET", fmt.Sprintf("/api/portal-users/%d", pu.ID), key, nil).Body)), "abcdefg1") {
			t.Error("the password is in the portal user's JSON")
		}
	})
	t.Run("access role", func(t *testing.T) {
		r := c.raw("GET", "/api/access-roles", key, nil)
		items, _ := r.JSON(t)["data"].([]any)
		if len(items) == 0 {
			t.Fatalf("no access roles: %s", r.Body)
		}
		for _, it := range items {
			if got := keysOf(t, it); !slices.Equal(got, []string{"description", "name", "reference"}) {
				t.Errorf("access role keys = %v", got)
			}
		}
	})
	t.Run("no password or hash anywhere", func(t *testing.T) {
		for _, path := range []string{"/api/portal-users?status=all", fmt.Sprintf("/api/portal-users/%d", pu.ID), "/api/contacts", fmt.Sprintf("/api/contacts/%d", ct.ID)} {
			body := strings.ToLower(string(c.raw("GET", path, key, nil).Body))
			for _, bad := range []string{"abcdefg1", `"password"`, "hash", "$2a$"} {
				if strings.Contains(body, bad) {
					t.Errorf("GET %s contains %q", path, bad)
				}
			}
		}
	})
}

func TestContractIDsAreNeverReused(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	a := c.mkContact(cl.ID)
	if err := c.w.DeleteContact(c.ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	b := c.mkContact(cl.ID, func(r *client.ContactCreateRequest) { r.Email = a.Email })
	if a.ID <= 0 || b.ID <= a.ID {
		t.Errorf("contact ids %d then %d, want positive and increasing", a.ID, b.ID)
	}
	pu1, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.w.DeletePortalUser(c.ctx, pu1.ID); err != nil {
		t.Fatal(err)
	}
	pu2, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if pu1.ID <= 0 || pu2.ID <= pu1.ID {
		t.Errorf("portal user ids %d then %d, want positive and increasing", pu1.ID, pu2.ID)
	}
	empty := c.mkClient()
	if err := c.w.DeleteClient(c.ctx, empty.ID); err != nil {
		t.Fatal(err)
	}
	again := c.mkClient()
	if empty.ID <= 0 || again.ID <= empty.ID {
		t.Errorf("client ids %d then %d, want positive and increasing", empty.ID, again.ID)
	}
}

func TestContractPagination(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	key := c.srv.WriteKey
	cl := c.mkClient()
	// 7 of each under one client: contacts, portal users; 8 more clients.
	for range 7 {
		ct := c.mkContact(cl.ID)
		if _, err := c.w.CreatePortalUser(c.ctx, client.PortalUserCreateRequest{ContactID: ct.ID}); err != nil {
			t.Fatal(err)
		}
	}
	for range 6 {
		c.mkClient()
	}
	// 8 clients in all: the staff fixture's, cl and 6 more.
	lists := map[string]struct {
		path   string
		filter string
		total  int
	}{
		"contacts":     {"/api/contacts", fmt.Sprintf("client_id=%d", cl.ID), 7},
		"portal users": {"/api/portal-users", fmt.Sprintf("client_id=%d", cl.ID), 7},
		"clients":      {"/api/clients", "", 8},
	}
	bounds := map[string]struct {
		query  string
		fields map[string][]string
	}{
		"page 0":             {"page=0", fieldErr("page", "The page field must be at least 1.")},
		"page -1":            {"page=-1", fieldErr("page", "The page field must be at least 1.")},
		"page not a number":  {"page=abc", fieldErr("page", "The page field must be an integer.")},
		"limit 0":            {"limit=0", fieldErr("limit", "The limit field must be between 1 and 100.")},
		"limit 101":          {"limit=101", fieldErr("limit", "The limit field must be between 1 and 100.")},
		"limit not a number": {"limit=ten", fieldErr("limit", "The limit field must be an integer.")},
		"both at once": {"page=0&limit=101", map[string][]string{
			"page": {"The page field must be at least 1."}, "limit": {"The limit field must be between 1 and 100."},
		}},
	}
	for lname, l := range lists {
		t.Run(lname, func(t *testing.T) {
			for bname, b := range bounds {
				t.Run(bname, func(t *testing.T) {
					wantRawError(t, c.raw("GET", l.path+"?"+b.query, key, nil), 422, invalidData, b.fields)
				})
			}
			get := func(query string) ([]any, map[string]any) {
				t.Helper()
				q := l.filter
				if query != "" {
					q = strings.TrimPrefix(q+"&"+query, "&")
				}
				r := c.raw("GET", l.path+"?"+q, key, nil)
				if r.Status != 200 {
					t.Fatalf("GET %s?%s = %d %s", l.path, q, r.Status, r.Body)
				}
				m := r.JSON(t)
				data, ok := m["data"].([]any)
				if !ok {
					t.Fatalf("data is not a list: %s", r.Body)
				}
				meta, _ := m["meta"].(map[string]any)
				return data, meta
			}
			wantMeta := func(meta map[string]any, page, per, total, last int) {
				t.Helper()
				want := map[string]any{"current_page": float64(page), "per_page": float64(per), "total": float64(total), "last_page": float64(last)}
				if !reflect.DeepEqual(meta, want) {
					t.Errorf("meta = %v, want %v", meta, want)
				}
			}
			data, meta := get("")
			if len(data) != l.total {
				t.Errorf("default page has %d items, want %d", len(data), l.total)
			}
			wantMeta(meta, 1, 25, l.total, 1)
			var seen []float64
			last := (l.total + 2) / 3
			for page := 1; page <= last; page++ {
				data, meta := get(fmt.Sprintf("page=%d&limit=3", page))
				wantMeta(meta, page, 3, l.total, last)
				if want := min(3, l.total-(page-1)*3); len(data) != want {
					t.Errorf("page %d has %d items, want %d", page, len(data), want)
				}
				for _, it := range data {
					seen = append(seen, it.(map[string]any)["id"].(float64))
				}
			}
			if len(seen) != l.total || !slices.IsSorted(seen) || len(slices.Compact(slices.Clone(seen))) != l.total {
				t.Errorf("ids over the pages = %v, want %d distinct ids in ascending order", seen, l.total)
			}
			data, meta = get(fmt.Sprintf("page=%d&limit=3", last+1))
			if data == nil || len(data) != 0 {
				t.Errorf("page past the last has data %v, want []", data)
			}
			wantMeta(meta, last+1, 3, l.total, last)
			for _, limit := range []int{1, 100} {
				data, meta = get(fmt.Sprintf("limit=%d", limit))
				if len(data) != min(limit, l.total) {
					t.Errorf("limit=%d gave %d items", limit, len(data))
				}
				wantMeta(meta, 1, limit, l.total, (l.total+limit-1)/limit)
			}
		})
	}
	t.Run("empty list", func(t *testing.T) {
		r := c.raw("GET", "/api/contacts?search=matches-nothing-at-all", key, nil)
		m := r.JSON(t)
		if d, ok := m["data"].([]any); !ok || len(d) != 0 {
			t.Errorf("data = %v, want []", m["data"])
		}
		if !reflect.DeepEqual(m["meta"], map[string]any{"current_page": 1.0, "per_page": 25.0, "total": 0.0, "last_page": 1.0}) {
			t.Errorf("meta = %v", m["meta"])
		}
	})
	t.Run("through the client", func(t *testing.T) {
		all, err := c.w.ListContacts(c.ctx, client.ContactListFilter{ClientID: cl.ID})
		if err != nil || len(all) != 7 {
			t.Fatalf("ListContacts = %d, %v; want 7", len(all), err)
		}
		items, meta, err := c.w.ListContactsPage(c.ctx, client.ContactListFilter{ClientID: cl.ID}, client.Page{Number: 2, Limit: 5})
		if err != nil || len(items) != 2 || meta != (client.Meta{CurrentPage: 2, PerPage: 5, Total: 7, LastPage: 2}) {
			t.Errorf("page 2 of 5 = %d items, %+v, %v", len(items), meta, err)
		}
		_, _, err = c.w.ListContactsPage(c.ctx, client.ContactListFilter{}, client.Page{Number: -1})
		wantAPIError(t, err, 422, invalidData, fieldErr("page", "The page field must be at least 1."))
	})
}

func TestContractRateLimit(t *testing.T) {
	t.Parallel()
	c := newContract(t, apiservertest.WithRateLimit(3))
	wantHeaders := func(t *testing.T, r rawResp, remaining int) {
		t.Helper()
		if got := r.Header.Get("X-RateLimit-Limit"); got != "3" {
			t.Errorf("X-RateLimit-Limit = %q, want 3 (status %d)", got, r.Status)
		}
		if got := r.Header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(remaining) {
			t.Errorf("X-RateLimit-Remaining = %q, want %d (status %d)", got, remaining, r.Status)
		}
	}
	w := c.srv.WriteKey
	// Answers given before the rate-limit step carry the headers too.
	wantHeaders(t, c.raw("GET", "/api/contacts", "", nil), 3)
	wantHeaders(t, c.raw("GET", "/api/nowhere", w, nil), 3)
	// Counted requests, whatever their outcome.
	wantHeaders(t, c.raw("GET", "/api/contacts", w, nil), 2)
	wantHeaders(t, c.raw("GET", "/api/contacts/"+missingID, w, nil), 1)
	wantHeaders(t, c.raw("POST", "/api/clients", w, map[string]any{}), 0)
	r := c.raw("GET", "/api/contacts", w, nil)
	wantRawError(t, r, 429, "Too Many Attempts.", nil)
	wantHeaders(t, r, 0)
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > 60 {
		t.Errorf("Retry-After = %q, want whole seconds within the one-minute window", r.Header.Get("Retry-After"))
	}
	// Through the client: ErrRateLimited with the server's Retry-After.
	_, err = c.w.GetContact(c.ctx, 1)
	wantAPIError(t, err, 429, "Too Many Attempts.", nil)
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && (apiErr.RetryAfter < time.Second || apiErr.RetryAfter > time.Minute) {
		t.Errorf("RetryAfter = %v, want 1s–60s", apiErr.RetryAfter)
	}
	// The rate limit comes before the scope check (§7): an exhausted read
	// key gets 429 on a write, not 403.
	rk := c.srv.ReadKey
	wantHeaders(t, c.raw("GET", "/api/contacts", rk, nil), 2)
	wantHeaders(t, c.raw("GET", "/api/contacts", rk, nil), 1)
	wantHeaders(t, c.raw("GET", "/api/contacts", rk, nil), 0)
	wantRawError(t, c.raw("POST", "/api/clients", rk, map[string]any{"company_name": "X"}), 429, "Too Many Attempts.", nil)
	// The portal login has its own per-address budget.
	for i := range 3 {
		r := c.raw("POST", "/api/portal/login", "", map[string]any{"username": "nobody", "password": "whatever1"})
		wantRawError(t, r, 401, "These credentials do not match our records.", nil)
		wantHeaders(t, r, 2-i)
	}
	wantRawError(t, c.raw("POST", "/api/portal/login", "", map[string]any{"username": "nobody", "password": "whatever1"}), 429, "Too Many Attempts.", nil)
	// The key is checked before the rate limit (§7): with this address's
	// budget spent, a keyless API call is still told it is unauthenticated.
	wantRawError(t, c.raw("GET", "/api/contacts", "not-a-key", nil), 401, "Unauthenticated.", nil)
}

// TestContractRateLimitHeadersOnEveryResponse sends one request of each
// kind of answer and checks both headers on each.
func TestContractRateLimitHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	ct := c.mkContact(cl.ID)
	pu, _ := c.mkPortalUser(withGoodPassword)
	w, rk := c.srv.WriteKey, c.srv.ReadKey
	tests := map[string]struct {
		method, path, key string
		body              any
		status            int
	}{
		"200 list":   {"GET", "/api/contacts", w, nil, 200},
		"200 one":    {"GET", fmt.Sprintf("/api/contacts/%d", ct.ID), rk, nil, 200},
		"201":        {"POST", "/api/clients", w, map[string]any{"company_name": "Headers Inc"}, 201},
		"202":        {"POST", fmt.Sprintf("/api/portal-users/%d/actions/send-invite", pu.ID), w, nil, 202},
		"400":        {"POST", "/api/clients", w, `{`, 400},
		"401":        {"GET", "/api/contacts", "wrong", nil, 401},
		"403":        {"DELETE", fmt.Sprintf("/api/contacts/%d", ct.ID), rk, nil, 403},
		"404 record": {"GET", "/api/portal-users/" + missingID, w, nil, 404},
		"404 route":  {"GET", "/api/nowhere", w, nil, 404},
		"405":        {"PATCH", "/api/contacts", w, nil, 405},
		"409":        {"DELETE", fmt.Sprintf("/api/clients/%d", cl.ID), w, nil, 409},
		"413":        {"POST", "/api/clients", w, strings.Repeat(" ", 1<<20+1), 413},
		"422":        {"POST", "/api/clients", w, map[string]any{}, 422},
		"login 200":  {"POST", "/api/portal/login", "", map[string]any{"username": pu.Username, "password": goodPassword}, 200},
		"login 401":  {"POST", "/api/portal/login", "", map[string]any{"username": pu.Username, "password": "nope12345"}, 401},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := c.raw(tc.method, tc.path, tc.key, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status = %d %.200s, want %d", r.Status, r.Body, tc.status)
			}
			limit, err1 := strconv.Atoi(r.Header.Get("X-RateLimit-Limit"))
			remaining, err2 := strconv.Atoi(r.Header.Get("X-RateLimit-Remaining"))
			if err1 != nil || err2 != nil || limit <= 0 || remaining < 0 || remaining > limit {
				t.Errorf("X-RateLimit-Limit %q, X-RateLimit-Remaining %q; want both, as numbers",
					r.Header.Get("X-RateLimit-Limit"), r.Header.Get("X-RateLimit-Remaining"))
			}
		})
	}
}

func TestContractRateLimitPerKey(t *testing.T) {
	t.Parallel()
	other := "another-write-key"
	c := newContract(t, apiservertest.WithRateLimit(2), apiservertest.WithKeys(map[string]string{other: apiserver.ScopeWrite}))
	for range 2 {
		if r := c.raw("GET", "/api/clients", c.srv.WriteKey, nil); r.Status != 200 {
			t.Fatalf("status = %d", r.Status)
		}
	}
	wantRawError(t, c.raw("GET", "/api/clients", c.srv.WriteKey, nil), 429, "Too Many Attempts.", nil)
	if r := c.raw("GET", "/api/clients", other, nil); r.Status != 200 || r.Header.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("another key: %d with %s remaining, want 200 and 1: limits are per key", r.Status, r.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestContractRateLimitWindowResets(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	c := newContract(t, apiservertest.WithRateLimit(1), apiservertest.WithClock(clk.Now))
	w := c.srv.WriteKey
	if r := c.raw("GET", "/api/clients", w, nil); r.Status != 200 {
		t.Fatalf("status = %d", r.Status)
	}
	clk.Advance(20 * time.Second)
	r := c.raw("GET", "/api/clients", w, nil)
	wantRawError(t, r, 429, "Too Many Attempts.", nil)
	if got := r.Header.Get("Retry-After"); got != "40" {
		t.Errorf("Retry-After = %q, want 40 (seconds until the window resets)", got)
	}
	clk.Advance(40 * time.Second)
	if r := c.raw("GET", "/api/clients", w, nil); r.Status != 200 || r.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("after the window: %d, remaining %s; want 200 and 0", r.Status, r.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestContractBodies(t *testing.T) {
	t.Parallel()
	c := newContract(t)
	cl := c.mkClient()
	ct := c.mkContact(cl.ID)
	pu, _ := c.mkPortalUser()
	huge := `{"first_name":"` + strings.Repeat("a", 1<<20) + `"}`
	tests := map[string]struct {
		method, path, key string
		body              any
		status            int
		message           string
	}{
		"over 1 MiB":                  {"POST", "/api/contacts", "w", huge, 413, ""},
		"over 1 MiB to no route":      {"POST", "/api/nothing-here", "w", huge, 404, "Not found."},
		"over 1 MiB, wrong method":    {"PUT", "/api/contacts", "w", huge, 405, ""},
		"over 1 MiB without a key":    {"POST", "/api/contacts", "", huge, 413, ""},
		"over 1 MiB on a PATCH":       {"PATCH", fmt.Sprintf("/api/contacts/%d", ct.ID), "w", huge, 413, ""},
		"malformed JSON on a create":  {"POST", "/api/contacts", "w", `{"first_name":`, 400, "Malformed JSON body."},
		"malformed JSON on a PATCH":   {"PATCH", fmt.Sprintf("/api/contacts/%d", ct.ID), "w", `{first_name: "x"}`, 400, "Malformed JSON body."},
		"malformed JSON on an action": {"POST", fmt.Sprintf("/api/portal-users/%d/actions/set-password", pu.ID), "w", `{"password":"abc`, 400, "Malformed JSON body."},
		"malformed JSON on the login": {"POST", "/api/portal/login", "", `nope`, 400, "Malformed JSON body."},
		"a JSON array":                {"POST", "/api/clients", "w", `["company_name"]`, 400, "Malformed JSON body."},
		"trailing data":               {"POST", "/api/clients", "w", `{"company_name":"A"} {}`, 400, "Malformed JSON body."},
		"malformed JSON, no key":      {"POST", "/api/contacts", "", `{`, 401, "Unauthenticated."},
		"malformed JSON, read key":    {"POST", "/api/contacts", "r", `{`, 403, "This action is unauthorized."},
		"malformed JSON, unknown id":  {"PATCH", "/api/contacts/" + missingID, "w", `{`, 400, "Malformed JSON body."},
	}
	keys := map[string]string{"w": c.srv.WriteKey, "r": c.srv.ReadKey, "": ""}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := c.raw(tc.method, tc.path, keys[tc.key], tc.body)
			if tc.message == "" {
				if r.Status != tc.status {
					t.Errorf("status = %d, want %d (%.200s)", r.Status, tc.status, r.Body)
				}
				return
			}
			wantRawError(t, r, tc.status, tc.message, nil)
		})
	}
	t.Run("exactly 1 MiB is accepted", func(t *testing.T) {
		prefix := fmt.Sprintf(`{"first_name":"Max","last_name":"Size","email":"max-size@acme.example","clientid":%d,"padding":"`, cl.ID)
		body := prefix + strings.Repeat("p", 1<<20-len(prefix)-2) + `"}`
		if len(body) != 1<<20 {
			t.Fatalf("body is %d bytes", len(body))
		}
		if r := c.raw("POST", "/api/contacts", c.srv.WriteKey, body); r.Status != 201 {
			t.Errorf("status = %d %.200s, want 201", r.Status, r.Body)
		}
	})
	if got, _ := c.srv.Contact(ct.ID); got.FirstName != ct.FirstName {
		t.Errorf("a refused body changed the contact: %+v", got)
	}
	t.Run("unknown fields are ignored", func(t *testing.T) {
		r := c.raw("POST", "/api/contacts", c.srv.WriteKey, map[string]any{
			"first_name": "Una", "last_name": "Known", "email": "unknown-fields@acme.example", "clientid": cl.ID,
			"favourite_colour": "teal", "status": "deleted", "id": 1,
		})
		if r.Status != 201 {
			t.Fatalf("status = %d %s, want 201", r.Status, r.Body)
		}
		d := r.JSON(t)["data"].(map[string]any)
		if d["status"] != "active" || d["id"] == 1.0 {
			t.Errorf("unknown fields were used: %v", d)
		}
	})
	t.Run("form bodies", func(t *testing.T) {
		r := c.raw("POST", "/api/contacts", c.srv.WriteKey, url.Values{
			"first_name": {"Form"}, "last_name": {"Field"}, "email": {"form@acme.example"},
			"clientid": {strconv.FormatInt(cl.ID, 10)}, "phone": {"+1 555 0100"}, "send_email": {"yes"},
		})
		if r.Status != 201 {
			t.Fatalf("status = %d %s, want 201", r.Status, r.Body)
		}
		d := r.JSON(t)["data"].(map[string]any)
		if d["first_name"] != "Form" || d["email"] != "form@acme.example" || d["phone"] != "+1 555 0100" {
			t.Errorf("form contact = %v", d)
		}
		r = c.raw("PATCH", fmt.Sprintf("/api/clients/%d", cl.ID), c.srv.WriteKey, url.Values{"company_name": {"Form Renamed Inc"}})
		if r.Status != 200 || r.JSON(t)["data"].(map[string]any)["company_name"] != "Form Renamed Inc" {
			t.Errorf("form PATCH = %d %s", r.Status, r.Body)
		}
	})
}

func TestContractIdempotency(t *testing.T) {
	t.Parallel()
	other := "second-write-key"
	c := newContract(t, apiservertest.WithKeys(map[string]string{other: apiserver.ScopeWrite}))
	w := c.srv.WriteKey
	cl := c.mkClient()
	body := map[string]any{"first_name": "Idem", "last_name": "Potent", "email": "idem@acme.example", "clientid": cl.ID}
	contactsWith := func(email string) int {
		n := 0
		for _, ct := range c.srv.Contacts() {
			if strings.EqualFold(ct.Email, email) {
				n++
			}
		}
		return n
	}

	t.Run("same key twice acts once and answers the same", func(t *testing.T) {
		first := c.raw("POST", "/api/contacts", w, body, "Idempotency-Key", "create-idem-1")
		second := c.raw("POST", "/api/contacts", w, body, "Idempotency-Key", "create-idem-1")
		if first.Status != 201 || second.Status != 201 {
			t.Fatalf("statuses %d, %d; want 201 twice (%s / %s)", first.Status, second.Status, first.Body, second.Body)
		}
		if !bytes.Equal(first.Body, second.Body) {
			t.Errorf("replayed body differs:\n%s\n%s", first.Body, second.Body)
		}
		if n := contactsWith("idem@acme.example"); n != 1 {
			t.Errorf("%d contacts exist, want 1", n)
		}
		// Without a key the same body is a new request: the address is taken.
		r := c.raw("POST", "/api/contacts", w, body)
		wantRawError(t, r, 422, invalidData, fieldErr("email", "The email has already been taken."))
	})
	t.Run("same key with another body", func(t *testing.T) {
		b := map[string]any{"company_name": "Key Reuse A"}
		if r := c.raw("POST", "/api/clients", w, b, "Idempotency-Key", "reuse"); r.Status != 201 {
			t.Fatalf("status = %d", r.Status)
		}
		r := c.raw("POST", "/api/clients", w, map[string]any{"company_name": "Key Reuse B"}, "Idempotency-Key", "reuse")
		if r.Status != 422 {
			t.Fatalf("status = %d %s, want 422", r.Status, r.Body)
		}
		errs, _ := r.JSON(t)["errors"].(map[string]any)
		if _, ok := errs["Idempotency-Key"]; !ok || len(errs) != 1 {
			t.Errorf("errors = %v, want one on Idempotency-Key", errs)
		}
		for _, cl := range c.srv.Clients() {
			if cl.CompanyName == "Key Reuse B" {
				t.Error("the second body acted")
			}
		}
	})
	t.Run("key length", func(t *testing.T) {
		r := c.raw("POST", "/api/clients", w, map[string]any{"company_name": "Long Key Inc"}, "Idempotency-Key", strings.Repeat("k", 256))
		wantRawError(t, r, 422, invalidData, fieldErr("Idempotency-Key", "The Idempotency-Key field must not be greater than 255 characters."))
		r = c.raw("POST", "/api/clients", w, map[string]any{"company_name": "Long Key Inc"}, "Idempotency-Key", strings.Repeat("k", 255))
		if r.Status != 201 {
			t.Errorf("a 255-character key: %d %s, want 201", r.Status, r.Body)
		}
	})
	t.Run("answers below 500 are replayed", func(t *testing.T) {
		holder := c.mkContact(cl.ID)
		b := map[string]any{"first_name": "Late", "last_name": "Comer", "email": holder.Email, "clientid": cl.ID}
		first := c.raw("POST", "/api/contacts", w, b, "Idempotency-Key", "replay-422")
		wantRawError(t, first, 422, invalidData, fieldErr("email", "The email has already been taken."))
		if err := c.w.DeleteContact(c.ctx, holder.ID); err != nil {
			t.Fatal(err)
		}
		again := c.raw("POST", "/api/contacts", w, b, "Idempotency-Key", "replay-422")
		if again.Status != 422 || !bytes.Equal(again.Body, first.Body) {
			t.Errorf("replay = %d %s, want the first 422 again", again.Status, again.Body)
		}
		if r := c.raw("POST", "/api/contacts", w, b, "Idempotency-Key", "replay-422-fresh"); r.Status != 201 {
			t.Errorf("a fresh key: %d %s, want 201 now the address is free", r.Status, r.Body)
		}
	})
	t.Run("scoped to the API key and the path", func(t *testing.T) {
		pu, _ := c.mkPortalUser()
		pu2, _ := c.mkPortalUser()
		invites := func(id int64) int {
			n := 0
			for _, e := range c.srv.Outbox() {
				if e.Kind == apiserver.EmailInvitation && e.PortalUserID == id {
					n++
				}
			}
			return n
		}
		path := func(id int64) string { return fmt.Sprintf("/api/portal-users/%d/actions/send-invite", id) }
		for _, key := range []string{w, w, other} {
			if r := c.raw("POST", path(pu.ID), key, nil, "Idempotency-Key", "invite-once"); r.Status != 202 {
				t.Fatalf("send-invite = %d %s", r.Status, r.Body)
			}
		}
		if n := invites(pu.ID); n != 2 {
			t.Errorf("%d invitations queued, want 2 (one per API key)", n)
		}
		if r := c.raw("POST", path(pu2.ID), w, nil, "Idempotency-Key", "invite-once"); r.Status != 202 {
			t.Fatalf("send-invite = %d %s", r.Status, r.Body)
		}
		if n := invites(pu2.ID); n != 1 {
			t.Errorf("another path with the same key queued %d invitations, want 1", n)
		}
	})
	t.Run("a malformed body is refused before the key is recorded", func(t *testing.T) {
		// Body syntax comes before idempotency (§7): the 400 is not stored,
		// so the corrected request with the same key acts.
		wantRawError(t, c.raw("POST", "/api/clients", w, `{"company_name":`, "Idempotency-Key", "fix-me"), 400, "Malformed JSON body.", nil)
		if r := c.raw("POST", "/api/clients", w, map[string]any{"company_name": "Fixed Body Inc"}, "Idempotency-Key", "fix-me"); r.Status != 201 {
			t.Errorf("corrected body with the same key = %d %s, want 201", r.Status, r.Body)
		}
	})
	t.Run("keys last 24 hours", func(t *testing.T) {
		clk := newFakeClock()
		c := newContract(t, apiservertest.WithClock(clk.Now))
		b := map[string]any{"company_name": "Day One Inc"}
		first := c.raw("POST", "/api/clients", c.srv.WriteKey, b, "Idempotency-Key", "daily")
		if first.Status != 201 {
			t.Fatalf("status = %d %s", first.Status, first.Body)
		}
		clk.Advance(23*time.Hour + 59*time.Minute)
		if r := c.raw("POST", "/api/clients", c.srv.WriteKey, b, "Idempotency-Key", "daily"); r.Status != 201 || !bytes.Equal(r.Body, first.Body) {
			t.Errorf("within 24 h: %d %s, want the first answer", r.Status, r.Body)
		}
		clk.Advance(2 * time.Minute)
		r := c.raw("POST", "/api/clients", c.srv.WriteKey, b, "Idempotency-Key", "daily")
		wantRawError(t, r, 422, invalidData, fieldErr("company_name", "The company name has already been taken."))
	})
	t.Run("the client's retry after a lost answer acts once", func(t *testing.T) {
		srv := apiservertest.New(t, apiservertest.WithFaults(apiserver.Faults{
			Seed: 1, DropAfterCommitRate: 1, Routes: []string{"POST /api/clients"},
		}))
		cc, err := client.New(client.Config{Endpoint: srv.URL, APIKey: srv.WriteKey, MaxRetries: 3, MaxRetryWait: 5 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		got, err := cc.CreateClient(c.ctx, client.ClientCreateRequest{CompanyName: "Dropped Answer Inc"})
		if err != nil {
			t.Fatalf("CreateClient: %v", err)
		}
		n := 0
		for _, cl := range srv.Clients() {
			if cl.CompanyName == "Dropped Answer Inc" {
				n++
				if cl.ID != got.ID {
					t.Errorf("client answered id %d, the server holds %d", got.ID, cl.ID)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d clients created, want 1", n)
		}
		if got := srv.RequestCounts()["POST /api/clients"]; got != 2 {
			t.Errorf("POST /api/clients answered %d times, want 2 (the lost one and its replay)", got)
		}
	})
}
