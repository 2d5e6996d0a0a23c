// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
)

// TestAPIKeyComparison pins which Authorization headers pass. A test cannot
// show that the comparison takes constant time; auth.go's lookupKey does
// that by comparing SHA-256 digests of the token and of every key with
// crypto/subtle.ConstantTimeCompare, without stopping at a match. What a
// test can show is that only the exact key passes: near misses of every
// kind (prefix, extension, case, one character off) are refused the same
// way as a made-up key.
func TestAPIKeyComparison(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	key := a.srv.WriteKey
	last := key[len(key)-1]
	tests := map[string]struct {
		header string
		want   int
	}{
		"exact key":                 {"Bearer " + key, 200},
		"scheme in any case":        {"bEARER " + key, 200},
		"spaces around the key":     {"Bearer   " + key + "  ", 200},
		"prefix of the key":         {"Bearer " + key[:len(key)-1], 401},
		"key plus one character":    {"Bearer " + key + "x", 401},
		"last character changed":    {"Bearer " + key[:len(key)-1] + string(last^1), 401},
		"key in another case":       {"Bearer " + strings.ToUpper(key), 401},
		"key twice":                 {"Bearer " + key + key, 401},
		"empty key":                 {"Bearer ", 401},
		"no scheme":                 {key, 401},
		"basic scheme":              {"Basic " + key, 401},
		"both keys":                 {"Bearer " + key + " " + a.srv.ReadKey, 401},
		"key of another server":     {"Bearer " + newAPI(t).srv.WriteKey, 401},
		"no Authorization at all":   {"", 401},
		"key sent as its own value": {"Bearer Bearer " + key, 401},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest("GET", a.srv.URL+"/api/access-roles", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.header != "" {
				req.Header["Authorization"] = []string{tc.header}
			}
			r := sendRaw(t, req)
			if r.status != tc.want {
				t.Fatalf("status %d, want %d: %s", r.status, tc.want, r.raw)
			}
			if tc.want == 401 {
				wantMessage(t, r, 401, "Unauthenticated.")
			}
		})
	}
	// A key in the query string is not a credential.
	r := a.as("").do("GET", "/api/access-roles?api_key="+url.QueryEscape(key)+"&token="+url.QueryEscape(key), nil)
	wantMessage(t, r, 401, "Unauthenticated.")
}

// TestBodyLimitBoundary: a body of exactly 1 MiB is read; one byte more is
// 413, whether its length is declared or not. (TestOrderOfChecks covers
// where the 413 sits among the other checks.)
func TestBodyLimitBoundary(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	const limit = 1 << 20
	body := func(size int, name string) string {
		obj := fmt.Sprintf(`{"company_name":%q}`, name)
		return obj + strings.Repeat(" ", size-len(obj)) // trailing white space is valid JSON
	}
	tests := map[string]struct {
		size    int
		chunked bool
		want    int
	}{
		"exactly 1 MiB":                 {size: limit, want: 201},
		"exactly 1 MiB, chunked":        {size: limit, chunked: true, want: 201},
		"one byte over":                 {size: limit + 1, want: 413},
		"one byte over, chunked":        {size: limit + 1, chunked: true, want: 413},
		"far over, length declared":     {size: 8 * limit, want: 413},
		"far over, length not declared": {size: 8 * limit, chunked: true, want: 413},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			company := unique("Boundary ")
			var rd io.Reader = strings.NewReader(body(tc.size, company))
			if tc.chunked {
				rd = io.MultiReader(rd) // hides the length from net/http
			}
			req, err := http.NewRequest("POST", a.srv.URL+"/api/clients", rd)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+a.srv.WriteKey)
			req.Header.Set("Content-Type", "application/json")
			if got := req.ContentLength > 0; got == tc.chunked {
				t.Fatalf("declared length %d, chunked %v", req.ContentLength, tc.chunked)
			}
			r := sendRaw(t, req)
			if r.status != tc.want {
				t.Fatalf("status %d, want %d: %.200s", r.status, tc.want, r.raw)
			}
			if tc.want == 413 {
				wantMessage(t, r, 413, "The request body is too large.")
			}
			stored := false
			for _, c := range a.srv.Clients() {
				stored = stored || c.CompanyName == company
			}
			if stored != (tc.want == 201) {
				t.Errorf("client stored = %v after a %d", stored, r.status)
			}
		})
	}
}

// TestPasswordsStoredAsBcrypt: the store (and so the data file) holds bcrypt
// hashes at the configured cost, never the passwords; passwords past
// bcrypt's 72-byte limit still count in full.
func TestPasswordsStoredAsBcrypt(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data.json")
	a := newAPI(t, apiservertest.WithDataFile(file))
	c := a.fresh()
	const first = "First-Stored-Passw0rd"
	// Two long passwords that agree on their first 72 bytes.
	long := strings.Repeat("L0ng-", 20)
	second, lookalike := long+"tail-A", long+"tail-B"
	pu := a.portalUser(map[string]any{"contact_id": c.ID, "password": first})
	if !a.srv.CheckPassword(pu.ID, first) {
		t.Fatal("CheckPassword refuses the password just set")
	}
	// A form body, as the upstream API documentation's curl examples send.
	a.must(200, "POST", path("/api/portal-users/%d/actions/set-password", pu.ID), url.Values{"password": {second}})
	if !a.srv.CheckPassword(pu.ID, second) || a.srv.CheckPassword(pu.ID, first) {
		t.Error("CheckPassword disagrees after set-password")
	}
	if a.srv.CheckPassword(pu.ID, lookalike) {
		t.Error("a password equal to the real one in its first 72 bytes passes")
	}
	if a.login(pu.Username, lookalike).status != 401 || a.login(pu.Username, second).status != 200 {
		t.Error("login disagrees with CheckPassword")
	}

	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{first, second, long} {
		if bytes.Contains(raw, []byte(pw)) {
			t.Errorf("the data file holds a password in plain text")
		}
	}
	var data struct {
		PortalUsers map[string]struct {
			PasswordHash []byte `json:"password_hash"`
		} `json:"portal_users"`
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatal(err)
	}
	hash := data.PortalUsers[fmt.Sprint(pu.ID)].PasswordHash
	if cost, err := bcrypt.Cost(hash); err != nil || cost != bcrypt.MinCost {
		t.Fatalf("stored hash %q: cost %d, %v; want a bcrypt hash of cost %d", hash, cost, err, bcrypt.MinCost)
	}
	for _, pw := range []string{first, second, long} {
		if bytes.Contains(hash, []byte(pw)) {
			t.Errorf("the stored hash contains the password")
		}
	}
}

// TestNoSecretsInLogsOrAnswers drives a workflow that includes every kind
// of failure a request carrying a secret can meet, with the server logging
// at its most verbose, and checks that neither the keys nor any password
// appear in the log or in any answer. (TestRequestLogAndCounts checks the
// log's shape on the happy path.)
func TestNoSecretsInLogsOrAnswers(t *testing.T) {
	t.Parallel()
	var logBuf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := newAPI(t, apiservertest.WithLogger(logger), apiservertest.WithDataFile(filepath.Join(t.TempDir(), "data.json")))
	const wrongKey = "wrong-key-SECRET-value"
	secrets := map[string]string{"write key": a.srv.WriteKey, "read key": a.srv.ReadKey, "wrong key": wrongKey}
	pw := func(name string) string {
		p := "Pw-" + name + "-S3cret"
		secrets[name] = p
		return p
	}
	var answers []resp
	do := func(api *api, method, path string, body any, hdr ...string) resp {
		r := api.do(method, path, body, hdr...)
		answers = append(answers, r)
		return r
	}

	c := a.fresh()
	created := do(a, "POST", "/api/portal-users", map[string]any{"contact_id": c.ID, "password": pw("create")}, "Idempotency-Key", "create-1")
	pu := data[struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	}](t, created)
	setPw := path("/api/portal-users/%d/actions/set-password", pu.ID)
	steps := []struct {
		api    *api
		method string
		path   string
		body   any
		hdr    []string
		want   int
	}{
		{a, "POST", "/api/portal-users", map[string]any{"contact_id": c.ID, "password": secrets["create"]}, []string{"Idempotency-Key", "create-1"}, 201},
		{a, "POST", "/api/portal-users", map[string]any{"contact_id": c.ID, "password": pw("replay-mismatch")}, []string{"Idempotency-Key", "create-1"}, 422},
		{a, "POST", "/api/portal-users", map[string]any{"contact_id": c.ID, "password": pw("duplicate")}, nil, 422},
		{a, "POST", setPw, map[string]any{"password": pw("json")}, nil, 200},
		{a, "POST", setPw, url.Values{"password": {pw("form")}}, nil, 200},
		{a, "POST", setPw, map[string]any{"password": pw("weak") + strings.Repeat("x", 130)}, nil, 422},
		{a, "POST", setPw, `{"password":"` + pw("malformed") + `"`, nil, 400},
		{a, "POST", setPw, "password=" + pw("urlencoded-as-json"), nil, 400},
		{a, "POST", setPw, `{"password":"` + pw("oversize") + strings.Repeat(" ", 1<<20) + `"}`, nil, 413},
		{a, "POST", path("/api/portal-users/%d/actions/set-password", 999999), map[string]any{"password": pw("missing-user")}, nil, 404},
		{a.as(a.srv.ReadKey), "POST", setPw, map[string]any{"password": pw("read-scope")}, nil, 403},
		{a.as(wrongKey), "POST", setPw, map[string]any{"password": pw("wrong-key")}, nil, 401},
		{a.as(""), "POST", "/api/portal/login", map[string]any{"username": pu.Username, "password": secrets["form"]}, nil, 200},
		{a.as(""), "POST", "/api/portal/login", map[string]any{"username": pu.Username, "password": pw("bad-login")}, nil, 401},
		{a.as(""), "POST", "/api/portal/login", map[string]any{"username": pw("as-username"), "password": pw("unknown-user")}, nil, 401},
		{a.as(""), "POST", "/api/portal/login", url.Values{"password": {pw("no-username")}}, nil, 422},
		{a, "POST", "/api/clients", url.Values{"company_name": {"Form Ltd"}, "api_key": {a.srv.WriteKey}}, nil, 201},
		{a, "GET", "/api/contacts?search=" + url.QueryEscape(pw("query")), nil, nil, 200},
		{a, "PATCH", path("/api/portal-users/%d", pu.ID), map[string]any{"password": pw("patch-ignored")}, nil, 200},
		{a, "POST", path("/api/portal-users/%d/actions/revoke-access", pu.ID), nil, nil, 200},
		{a, "POST", setPw, map[string]any{"password": pw("terminated")}, nil, 200},
		{a, "DELETE", path("/api/portal-users/%d", pu.ID), nil, nil, 200},
		{a, "POST", setPw, map[string]any{"password": pw("deleted")}, nil, 404},
	}
	for i, s := range steps {
		if r := do(s.api, s.method, s.path, s.body, s.hdr...); r.status != s.want {
			t.Fatalf("step %d: %s %s: %d, want %d: %.300s", i, s.method, s.path, r.status, s.want, r.raw)
		}
	}

	log := logBuf.String()
	// The log must hold a line for every request, or the check proves nothing.
	if lines := strings.Count(log, "\n"); lines < len(steps)+1 || !strings.Contains(log, `"status":413`) {
		t.Fatalf("the log has %d lines for %d requests:\n%s", lines, len(steps)+1, log)
	}
	for name, secret := range secrets {
		if strings.Contains(log, secret) {
			t.Errorf("the server log holds the %s secret", name)
		}
		for _, r := range answers {
			if bytes.Contains(r.raw, []byte(secret)) {
				t.Errorf("an answer (%d) holds the %s secret: %.300s", r.status, name, r.raw)
			}
		}
	}
}

// sendRaw sends a prepared request and reads the answer.
func sendRaw(t *testing.T, req *http.Request) resp {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, raw: raw}
}
