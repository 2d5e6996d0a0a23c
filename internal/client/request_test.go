// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		userAgent     string
		call          func(context.Context, *Client) error
		method, path  string
		wantAuth      bool
		wantBody      bool
		wantUserAgent string
	}{
		"GET carries the key and no content type": {
			userAgent: "terraform-provider-contacts/1.2.3",
			call:      func(ctx context.Context, c *Client) error { _, err := c.GetContact(ctx, 7); return err },
			method:    "GET", path: "/api/contacts/7", wantAuth: true,
			wantUserAgent: "terraform-provider-contacts/1.2.3",
		},
		"POST sends JSON": {
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateClient(ctx, ClientCreateRequest{CompanyName: "Acme"})
				return err
			},
			method: "POST", path: "/api/clients", wantAuth: true, wantBody: true,
			wantUserAgent: "terraform-provider-contacts",
		},
		"PATCH sends JSON": {
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdatePortalUser(ctx, 3, PortalUserUpdateRequest{Username: Set("jane")})
				return err
			},
			method: "PATCH", path: "/api/portal-users/3", wantAuth: true, wantBody: true,
			wantUserAgent: "terraform-provider-contacts",
		},
		"PUT without a body": {
			call:   func(ctx context.Context, c *Client) error { _, err := c.SetAccountOwner(ctx, 9); return err },
			method: "PUT", path: "/api/contacts/9/account-owner", wantAuth: true,
			wantUserAgent: "terraform-provider-contacts",
		},
		"action without a body": {
			call:   func(ctx context.Context, c *Client) error { _, err := c.RevokeAccess(ctx, 4); return err },
			method: "POST", path: "/api/portal-users/4/actions/revoke-access", wantAuth: true,
			wantUserAgent: "terraform-provider-contacts",
		},
		"portal login sends no API key": {
			call: func(ctx context.Context, c *Client) error {
				_, err := c.PortalLogin(ctx, "jane", "pw12345678")
				return err
			},
			method: "POST", path: "/api/portal/login", wantAuth: false, wantBody: true,
			wantUserAgent: "terraform-provider-contacts",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				writeJSON(w, 200, anyObjectJSON)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.UserAgent = tc.userAgent })
			if err := tc.call(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			hits := rec.all()
			if len(hits) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(hits))
			}
			h := hits[0]
			if h.Method != tc.method || h.Path != tc.path {
				t.Errorf("request = %s %s, want %s %s", h.Method, h.Path, tc.method, tc.path)
			}
			wantAuth := ""
			if tc.wantAuth {
				wantAuth = "Bearer " + testAPIKey
			}
			if got := h.Header.Get("Authorization"); got != wantAuth {
				t.Errorf("Authorization = %q, want %q", got, wantAuth)
			}
			if got := h.Header.Get("User-Agent"); got != tc.wantUserAgent {
				t.Errorf("User-Agent = %q, want %q", got, tc.wantUserAgent)
			}
			if got := h.Header.Get("Accept"); got != "application/json" {
				t.Errorf("Accept = %q, want application/json", got)
			}
			wantCT := ""
			if tc.wantBody {
				wantCT = "application/json"
				if !json.Valid(h.Body) {
					t.Errorf("body is not JSON: %q", h.Body)
				}
			} else if len(h.Body) != 0 {
				t.Errorf("body = %q, want none", h.Body)
			}
			if got := h.Header.Get("Content-Type"); got != wantCT {
				t.Errorf("Content-Type = %q, want %q", got, wantCT)
			}
		})
	}
}

func TestEndpointWithPathPrefix(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		writeJSON(w, 200, contactJSON(5, "a@b.example"))
	})
	c := newTestClient(t, srv.URL+"/crm/")
	if _, err := c.GetContact(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if got := rec.all()[0].Path; got != "/crm/api/contacts/5" {
		t.Errorf("path = %q, want /crm/api/contacts/5", got)
	}
}

func TestFieldMarshalling(t *testing.T) {
	t.Parallel()
	phone := "+1 555 0100"
	tests := map[string]struct {
		req  any
		want string
	}{
		"contact: phone and position absent are left out": {
			req:  ContactUpdateRequest{FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example"},
			want: `{"first_name":"Jane","last_name":"Doe","email":"jane@acme.example"}`,
		},
		"contact: null clears": {
			req:  ContactUpdateRequest{FirstName: "Jane", LastName: "Doe", Email: "j@a.example", Phone: Null[string](), Position: Null[string]()},
			want: `{"first_name":"Jane","last_name":"Doe","email":"j@a.example","phone":null,"position":null}`,
		},
		"contact: values": {
			req:  ContactUpdateRequest{FirstName: "Jane", LastName: "Doe", Email: "j@a.example", Phone: Set(phone), Position: Set("Lead")},
			want: `{"first_name":"Jane","last_name":"Doe","email":"j@a.example","phone":"+1 555 0100","position":"Lead"}`,
		},
		"contact: an empty string is a value, not absent": {
			req:  ContactUpdateRequest{FirstName: "Jane", LastName: "Doe", Email: "j@a.example", Phone: Set("")},
			want: `{"first_name":"Jane","last_name":"Doe","email":"j@a.example","phone":""}`,
		},
		"contact: SetOrNull": {
			req:  ContactUpdateRequest{FirstName: "J", LastName: "D", Email: "j@a.example", Phone: SetOrNull(&phone), Position: SetOrNull[string](nil)},
			want: `{"first_name":"J","last_name":"D","email":"j@a.example","phone":"+1 555 0100","position":null}`,
		},
		"client: absent name is left out": {
			req:  ClientUpdateRequest{},
			want: `{}`,
		},
		"client: name": {
			req:  ClientUpdateRequest{CompanyName: Set("Acme")},
			want: `{"company_name":"Acme"}`,
		},
		"portal user: absent fields are left out": {
			req:  PortalUserUpdateRequest{},
			want: `{}`,
		},
		"portal user: empty role list is sent as a list": {
			req:  PortalUserUpdateRequest{Roles: Set([]RoleGrant{})},
			want: `{"roles":[]}`,
		},
		"portal user: nil role list is still a list": {
			req:  PortalUserUpdateRequest{Roles: Set([]RoleGrant(nil))},
			want: `{"roles":[]}`,
		},
		"portal user: null roles": {
			req:  PortalUserUpdateRequest{Roles: Null[[]RoleGrant]()},
			want: `{"roles":null}`,
		},
		"portal user: every field": {
			req: PortalUserUpdateRequest{
				Username: Set("jane"), AuthMethod: Set(AuthAzure),
				Roles: Set([]RoleGrant{{Reference: "billing"}, {Reference: "tickets", Expires: &phone}}),
			},
			want: `{"username":"jane","auth_method":"azure","roles":[{"reference":"billing","expires":null},{"reference":"tickets","expires":"+1 555 0100"}]}`,
		},
		"contact create: send_email no by default, optional fields left out": {
			req:  ContactCreateRequest{FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: 12},
			want: `{"clientid":12,"email":"jane@acme.example","first_name":"Jane","last_name":"Doe","send_email":"no"}`,
		},
		"contact create: send_email yes and optional fields": {
			req:  ContactCreateRequest{FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: 12, Phone: &phone, Position: &phone, SendEmail: true},
			want: `{"clientid":12,"email":"jane@acme.example","first_name":"Jane","last_name":"Doe","phone":"+1 555 0100","position":"+1 555 0100","send_email":"yes"}`,
		},
		"portal user create: defaults left to the server": {
			req:  PortalUserCreateRequest{ContactID: 45},
			want: `{"contact_id":45}`,
		},
		"portal user create: every field": {
			req:  PortalUserCreateRequest{ContactID: 45, Username: "jane", AuthMethod: AuthLocal, Password: "s3cretpass", SendInvite: true, Roles: []RoleGrant{{Reference: "billing"}}},
			want: `{"contact_id":45,"username":"jane","auth_method":"local","password":"s3cretpass","send_invite":true,"roles":[{"reference":"billing","expires":null}]}`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := json.Marshal(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("json = %s\nwant   %s", got, tc.want)
			}
		})
	}
}

func TestFieldOnTheWire(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		writeJSON(w, 200, contactJSON(45, "jane@acme.example"))
	})
	c := newTestClient(t, srv.URL)
	_, err := c.UpdateContact(context.Background(), 45, ContactUpdateRequest{
		FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", Phone: Null[string](),
	})
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.all()[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if v, ok := body["phone"]; !ok || v != nil {
		t.Errorf("phone = %v (present %v), want null", v, ok)
	}
	if _, ok := body["position"]; ok {
		t.Errorf("position was sent; absent fields must be left out: %v", body)
	}
}

func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		endpoint      string
		allowInsecure bool
		want          string // "" means an error
		errContains   string
	}{
		"https site root":                  {endpoint: "https://crm.example.com", want: "https://crm.example.com"},
		"trailing slash trimmed":           {endpoint: "https://crm.example.com/", want: "https://crm.example.com"},
		"path prefix kept":                 {endpoint: "https://example.com/crm/", want: "https://example.com/crm"},
		"https with port":                  {endpoint: "https://crm.example.com:8443", want: "https://crm.example.com:8443"},
		"http to localhost":                {endpoint: "http://localhost:8080", want: "http://localhost:8080"},
		"http to LOCALHOST":                {endpoint: "http://LOCALHOST", want: "http://LOCALHOST"},
		"http to 127.0.0.1":                {endpoint: "http://127.0.0.1:9000", want: "http://127.0.0.1:9000"},
		"http to 127.0.0.0/8":              {endpoint: "http://127.3.2.1", want: "http://127.3.2.1"},
		"http to [::1]":                    {endpoint: "http://[::1]:8080", want: "http://[::1]:8080"},
		"http elsewhere when allowed":      {endpoint: "http://crm.example.com", allowInsecure: true, want: "http://crm.example.com"},
		"http elsewhere refused":           {endpoint: "http://crm.example.com", errContains: "allow_insecure_http"},
		"http to a private address":        {endpoint: "http://10.0.0.5", errContains: "plain http"},
		"http to a lookalike of loopback":  {endpoint: "http://localhost.example.com", errContains: "plain http"},
		"http to 127.0.0.1 as a subdomain": {endpoint: "http://127.0.0.1.example.com", errContains: "plain http"},
		"empty":                            {endpoint: "", errContains: "empty"},
		"blank":                            {endpoint: "   ", errContains: "empty"},
		"relative host":                    {endpoint: "crm.example.com", errContains: "absolute"},
		"relative path":                    {endpoint: "/api", errContains: "absolute"},
		"host and port without scheme":     {endpoint: "localhost:8080", errContains: "absolute"},
		"bad scheme":                       {endpoint: "ftp://crm.example.com", errContains: "absolute"},
		"no host":                          {endpoint: "https://", errContains: "absolute"},
		"query":                            {endpoint: "https://crm.example.com/?tenant=1", errContains: "query"},
		"fragment":                         {endpoint: "https://crm.example.com/#top", errContains: "fragment"},
		"unparseable":                      {endpoint: "https://crm.example.com/%zz", errContains: "absolute"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			u, err := ParseEndpoint(tc.endpoint, tc.allowInsecure)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("ParseEndpoint(%q) = %v, want an error", tc.endpoint, u)
				}
				if !strings.Contains(err.Error(), tc.errContains) {
					t.Errorf("error = %q, want it to contain %q", err, tc.errContains)
				}
				// New refuses the same endpoints.
				if _, nerr := New(Config{Endpoint: tc.endpoint, AllowInsecureHTTP: tc.allowInsecure}); nerr == nil {
					t.Errorf("New accepted %q", tc.endpoint)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseEndpoint(%q): %v", tc.endpoint, err)
			}
			if u.String() != tc.want {
				t.Errorf("ParseEndpoint(%q) = %q, want %q", tc.endpoint, u, tc.want)
			}
		})
	}
}

// TestSecretsNeverLeak drives every kind of failure and checks that neither
// the API key nor a password shows in an error or in what the Logger hook gets.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const password = "Pa55word-SECRET-never-shown"
	tests := map[string]struct {
		handler func(t *testing.T) http.HandlerFunc
		call    func(context.Context, *Client) error
	}{
		"401": {
			handler: respondWith(401, `{"message":"Unauthenticated."}`),
			call:    getContact,
		},
		"422 on a password": {
			handler: respondWith(422, `{"message":"The given data was invalid.","errors":{"password":["The password field must contain at least one number."]}}`),
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SetPassword(ctx, 3, password)
				return err
			},
		},
		"401 on a portal login": {
			handler: respondWith(401, `{"message":"These credentials do not match our records."}`),
			call: func(ctx context.Context, c *Client) error {
				_, err := c.PortalLogin(ctx, "jane", password)
				return err
			},
		},
		"a server that echoes the key back": {
			handler: respondWith(401, `{"message":"Invalid key Bearer `+testAPIKey+`.","errors":{"authorization":["`+testAPIKey+` is unknown"]}}`),
			call:    getContact,
		},
		"a proxy that echoes the key in a 502 page": {
			handler: respondWith(502, `<html>upstream rejected Authorization: Bearer `+testAPIKey+`</html>`),
			call:    getContact,
		},
		"503 retried to the end": {
			handler: respondWith(503, `{"message":"Service Unavailable"}`),
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreatePortalUser(ctx, PortalUserCreateRequest{ContactID: 1, Password: password})
				return err
			},
		},
		"dropped connection": {
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) { dropConnection(t, w) }
			},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SetPassword(ctx, 3, password)
				return err
			},
		},
		"undecodable success": {
			handler: respondWith(200, `{"data":`),
			call:    getContact,
		},
		"cancelled context": {
			handler: func(t *testing.T) http.HandlerFunc {
				return hang
			},
			call: func(ctx context.Context, c *Client) error {
				ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
				defer cancel()
				_, err := c.SetPassword(ctx, 3, password)
				return err
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, tc.handler(t))
			logs := &logSink{}
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = logs.log })
			err := tc.call(context.Background(), c)
			if err == nil {
				t.Fatal("call succeeded, want an error")
			}
			texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				texts = append(texts, apiErr.Message, apiErr.fieldSummary())
			}
			entries := logs.all()
			if len(entries) == 0 {
				t.Error("the Logger hook received nothing")
			}
			for _, e := range entries {
				texts = append(texts, e.Msg, fmt.Sprintf("%#v", e.Fields))
				for _, k := range []string{"method", "path", "attempt", "duration_ms"} {
					if _, ok := e.Fields[k]; !ok {
						t.Errorf("log entry %q lacks %q: %v", e.Msg, k, e.Fields)
					}
				}
			}
			for _, text := range texts {
				for _, secret := range []string{testAPIKey, password} {
					if strings.Contains(text, secret) {
						t.Errorf("a secret leaked into %q", text)
					}
				}
			}
		})
	}
}

func respondWith(code int, body string) func(*testing.T) http.HandlerFunc {
	return func(*testing.T) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, code, body) }
	}
}

func getContact(ctx context.Context, c *Client) error {
	_, err := c.GetContact(ctx, 1)
	return err
}

func TestLoggerGetsOneEntryPerAttempt(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	n := 0
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			writeJSON(w, 503, `{"message":"Service Unavailable"}`)
			return
		}
		writeJSON(w, 200, contactJSON(3, "a@b.example"))
	})
	logs := &logSink{}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = logs.log })
	if _, err := c.GetContact(context.Background(), 3); err != nil {
		t.Fatal(err)
	}
	entries := logs.all()
	if len(entries) != 2 {
		t.Fatalf("log entries = %d, want 2: %v", len(entries), entries)
	}
	for i, want := range []int{503, 200} {
		f := entries[i].Fields
		if f["method"] != "GET" || f["path"] != "/api/contacts/3" || f["status"] != want || f["attempt"] != i+1 {
			t.Errorf("entry %d = %v, want GET /api/contacts/3 status %d attempt %d", i, f, want, i+1)
		}
	}
}

func TestRequestsPerSecondThrottles(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		rps float64
		// maxHits bounds what may reach the server within the window.
		minHits, maxHits int
	}{
		// A burst of 5, then one more every 200ms: at most 7 in 300ms.
		"throttled to 5 per second": {rps: 5, minHits: 5, maxHits: 7},
		"unthrottled":               {rps: 0, minHits: 20, maxHits: 20},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				writeJSON(w, 200, contactJSON(1, "a@b.example"))
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerSecond = tc.rps })
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() { _, _ = c.GetContact(ctx, 1) })
			}
			// Unthrottled calls all land at once; give them time even on a busy machine.
			deadline := time.Now().Add(300 * time.Millisecond)
			for tc.rps == 0 && rec.count() < 20 && time.Now().Before(deadline.Add(5*time.Second)) {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(time.Until(deadline))
			got := rec.count()
			cancel()
			wg.Wait()
			if got < tc.minHits || got > tc.maxHits {
				t.Errorf("server saw %d requests in 300ms, want %d–%d", got, tc.minHits, tc.maxHits)
			}
			// Cancelled waiters never reached the server.
			if final := rec.count(); tc.rps > 0 && final > got+1 {
				t.Errorf("server saw %d requests after the cancellation, want none beyond %d", final, got)
			}
		})
	}
}

func TestRequestsPerSecondRespectsDeadline(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, contactJSON(1, "a@b.example"))
	})
	// One request per 100 seconds: the second call cannot get a token before its deadline.
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerSecond = 0.01 })
	if _, err := c.GetContact(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetContact(ctx, 1)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want one that is context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("waited %v for a token, want to give up by the deadline", elapsed)
	}
}
