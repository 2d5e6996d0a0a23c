// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

func TestOrderOfChecks(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	huge := `{"company_name":"` + strings.Repeat("a", 1<<20) + `"}`
	for _, tc := range []struct {
		name, key, method, path string
		body                    any
		status                  int
		message                 string
	}{
		{"unknown route", "", "GET", "/api/nothing", nil, 404, "Not found."},
		{"wrong method", "", "PUT", "/api/clients", nil, 405, "The PUT method is not supported for this route. Supported methods: GET, HEAD, POST."},
		{"too large before key", "", "POST", "/api/clients", huge, 413, "The request body is too large."},
		{"no key", "", "GET", "/api/contacts", nil, 401, "Unauthenticated."},
		{"unknown key", "nope", "GET", "/api/contacts", nil, 401, "Unauthenticated."},
		{"key before syntax", "", "POST", "/api/clients", "{bad", 401, "Unauthenticated."},
		{"scope before syntax", "read", "POST", "/api/clients", "{bad", 403, "This action is unauthorized."},
		{"read key on PATCH", "read", "PATCH", "/api/clients/1", map[string]any{}, 403, "This action is unauthorized."},
		{"read key on PUT", "read", "PUT", "/api/contacts/1/account-owner", nil, 403, "This action is unauthorized."},
		{"read key on DELETE", "read", "DELETE", "/api/contacts/1", nil, 403, "This action is unauthorized."},
		{"malformed JSON", "write", "POST", "/api/clients", "{bad", 400, "Malformed JSON body."},
		{"JSON not an object", "write", "POST", "/api/clients", "[1]", 400, "Malformed JSON body."},
		{"trailing data", "write", "POST", "/api/clients", `{"company_name":"x"} {}`, 400, "Malformed JSON body."},
		{"syntax before existence", "write", "PATCH", "/api/contacts/999999", "{bad", 400, "Malformed JSON body."},
		{"existence", "write", "PATCH", "/api/contacts/999999", map[string]any{}, 404, "Contact not found."},
		{"non-numeric id", "write", "GET", "/api/portal-users/abc", nil, 404, "Portal user not found."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			key := map[string]string{"read": a.srv.ReadKey, "write": a.srv.WriteKey, "nope": "nope"}[tc.key]
			r := a.as(key).do(tc.method, tc.path, tc.body)
			wantMessage(t, r, tc.status, tc.message)
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("content type %q", ct)
			}
			if r.header.Get("X-RateLimit-Limit") == "" || r.header.Get("X-RateLimit-Remaining") == "" {
				t.Errorf("rate-limit headers missing: %v", r.header)
			}
		})
	}
	// A read key may read.
	a.as(a.srv.ReadKey).must(200, "GET", "/api/contacts", nil)
	// A body without a declared length is cut off at 1 MiB too.
	req, err := http.NewRequest("POST", a.srv.URL+"/api/clients", io.MultiReader(strings.NewReader(huge)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.srv.WriteKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 413 {
		t.Errorf("chunked oversize body: %d", res.StatusCode)
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	clk := newClock()
	a := newAPI(t, apiservertest.WithRateLimit(3), apiservertest.WithClock(clk.Now))
	for i := 2; i >= 0; i-- {
		r := a.must(200, "GET", "/api/access-roles", nil)
		if r.header.Get("X-RateLimit-Limit") != "3" || r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(i) {
			t.Fatalf("headers %v", r.header)
		}
		clk.Advance(10 * time.Second)
	}
	r := a.do("GET", "/api/access-roles", nil)
	wantMessage(t, r, 429, "Too Many Attempts.")
	if r.header.Get("Retry-After") != "30" || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429 headers %v", r.header)
	}
	// Routes and 404s report the state without counting.
	if r := a.do("GET", "/api/unknown", nil); r.status != 404 || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("404 under limit: %d %v", r.status, r.header)
	}
	// Another key has its own budget.
	a.as(a.srv.ReadKey).must(200, "GET", "/api/access-roles", nil)
	// The window resets.
	clk.Advance(30 * time.Second)
	if r := a.must(200, "GET", "/api/access-roles", nil); r.header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("after reset: %v", r.header)
	}
	// The portal login has no key and is limited per address.
	for range 3 {
		a.login("nobody", "secret123")
	}
	wantMessage(t, a.login("nobody", "secret123"), 429, "Too Many Attempts.")
}

// TestSetRateLimit: a running server takes a new limit, and every key's
// window opens afresh under it.
func TestSetRateLimit(t *testing.T) {
	t.Parallel()
	clk := newClock()
	a := newAPI(t, apiservertest.WithClock(clk.Now))
	for range 5 {
		a.must(200, "GET", "/api/access-roles", nil)
	}
	if err := a.srv.SetRateLimit(2); err != nil {
		t.Fatal(err)
	}
	for i := 1; i >= 0; i-- {
		r := a.must(200, "GET", "/api/access-roles", nil)
		if r.header.Get("X-RateLimit-Limit") != "2" || r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(i) {
			t.Fatalf("after SetRateLimit(2): headers %v", r.header)
		}
	}
	wantMessage(t, a.do("GET", "/api/access-roles", nil), 429, "Too Many Attempts.")
	if err := a.srv.SetRateLimit(-1); err == nil {
		t.Error("SetRateLimit(-1) accepted a negative limit")
	}
}

func TestIdempotency(t *testing.T) {
	t.Parallel()
	clk := newClock()
	second := "second-write-key"
	a := newAPI(t, apiservertest.WithClock(clk.Now), apiservertest.WithKeys(map[string]string{second: apiserver.ScopeWrite}))
	cl := a.client()
	body := map[string]any{"first_name": "I", "last_name": "D", "email": "idem@x.example", "clientid": cl.ID}
	first := a.must(201, "POST", "/api/contacts", body, "Idempotency-Key", "k1")
	again := a.must(201, "POST", "/api/contacts", body, "Idempotency-Key", "k1")
	if !bytes.Equal(first.raw, again.raw) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay differs:\n%s\n%s", first.raw, again.raw)
	}
	if n := len(data[[]apiserver.Contact](t, a.must(200, "GET", path("/api/contacts?client_id=%d", cl.ID), nil))); n != 1 {
		t.Fatalf("%d contacts after replay", n)
	}
	wantErrors(t, a.do("POST", "/api/contacts", map[string]any{"first_name": "other"}, "Idempotency-Key", "k1"),
		map[string][]string{"Idempotency-Key": {"The Idempotency-Key has already been used with a different request body."}})
	wantErrors(t, a.do("POST", "/api/contacts", body, "Idempotency-Key", strings.Repeat("k", 256)),
		map[string][]string{"Idempotency-Key": {"The Idempotency-Key field must not be greater than 255 characters."}})
	// The same key from another API key or on another path acts afresh
	// (here: the address is now taken, so it answers 422).
	a.as(second).must(422, "POST", "/api/contacts", body, "Idempotency-Key", "k1")
	a.must(201, "POST", "/api/clients", map[string]any{"company_name": "Idem Co"}, "Idempotency-Key", "k1")
	// Answers below 500 are replayed, 422s included.
	bad := map[string]any{"company_name": ""}
	r1 := a.must(422, "POST", "/api/clients", bad, "Idempotency-Key", "k2")
	r2 := a.must(422, "POST", "/api/clients", bad, "Idempotency-Key", "k2")
	if !bytes.Equal(r1.raw, r2.raw) || r2.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("422 not replayed")
	}
	// After 24 hours the key is forgotten and the request acts again.
	clk.Advance(24*time.Hour + time.Second)
	a.must(422, "POST", "/api/contacts", body, "Idempotency-Key", "k1")
}

func TestIdempotencyConcurrent(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	c := a.fresh()
	body := map[string]any{"contact_id": c.ID, "password": "secret123", "send_invite": true}
	const n = 8
	results := make([]resp, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			results[i] = a.do("POST", "/api/portal-users", body, "Idempotency-Key", "same")
		})
	}
	wg.Wait()
	for _, r := range results {
		if r.status != 201 || !bytes.Equal(r.raw, results[0].raw) {
			t.Fatalf("got %d %s, want the first 201 %s", r.status, r.raw, results[0].raw)
		}
	}
	if n := len(a.srv.Outbox()); n != 1 {
		t.Errorf("%d invitations queued", n)
	}
}

// syncBuffer is a log sink that the server may write to from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRequestLogAndCounts(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	a := newAPI(t, apiservertest.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	c := a.fresh()
	pu := a.portalUser(map[string]any{"contact_id": c.ID, "password": "Sup3rSecretPass"})
	a.must(200, "GET", path("/api/contacts/%d", c.ID), nil)
	a.must(200, "GET", path("/api/contacts/%d", c.ID), nil)
	a.must(200, "POST", path("/api/portal-users/%d/actions/set-password", pu.ID), map[string]any{"password": "An0therSecret"})
	a.login(c.Email, "An0therSecret")
	a.as("wrong-key-value").do("GET", "/api/contacts", nil)
	a.do("GET", "/api/missing", nil)

	log := buf.String()
	for _, secret := range []string{a.srv.WriteKey, "wrong-key-value", "Sup3rSecretPass", "An0therSecret", c.Email} {
		if strings.Contains(log, secret) {
			t.Errorf("log contains %q:\n%s", secret, log)
		}
	}
	for _, want := range []string{`route="POST /api/portal-users"`, "status=201", `route="GET /api/contacts/{id}"`, "status=401", "route=unmatched", "duration="} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if lines := strings.Count(log, "\n"); lines != 9 {
		t.Errorf("%d log lines, want one per request (9):\n%s", lines, log)
	}
	counts := a.srv.RequestCounts()
	if counts["GET /api/contacts/{id}"] != 2 || counts["POST /api/portal/login"] != 1 || counts["POST /api/clients"] != 1 {
		t.Errorf("counts %v", counts)
	}
	a.srv.ResetRequestLog()
	if len(a.srv.RequestCounts()) != 0 {
		t.Errorf("counts not reset")
	}
}
