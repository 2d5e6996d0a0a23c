// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package apiserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver"
)

const (
	fuzzKey      = "fuzz-write-key-SECRET"
	fuzzPassword = "Fuzz-Seed-Passw0rd"
)

// fuzzWriteRoutes are the routes that read a request body: everything but
// GET, whose bodies the server ignores.
var fuzzWriteRoutes = func() []string {
	var out []string
	for _, r := range apiserver.Routes() {
		if !strings.HasPrefix(r, "GET ") {
			out = append(out, r)
		}
	}
	return out
}()

// fuzzServer is a fresh server holding one client, one contact and its
// portal user (with fuzzPassword), so {id} routes reach their validation.
type fuzzServer struct {
	srv                           *apiserver.Server
	clientID, contactID, portalID int64
}

func newFuzzServer(t *testing.T) *fuzzServer {
	t.Helper()
	srv, err := apiserver.New(apiserver.Config{
		Keys:       map[string]string{fuzzKey: apiserver.ScopeWrite},
		RateLimit:  1 << 30,
		BcryptCost: bcrypt.MinCost,
	})
	if err != nil {
		t.Fatal(err)
	}
	fs := &fuzzServer{srv: srv}
	create := func(path, body string) int64 {
		status, raw := fs.send("POST", path, "application/json", body, "")
		var env struct {
			Data struct {
				ID int64 `json:"id"`
			} `json:"data"`
		}
		if status != http.StatusCreated || json.Unmarshal(raw, &env) != nil {
			t.Fatalf("seeding %s: %d %s", path, status, raw)
		}
		return env.Data.ID
	}
	fs.clientID = create("/api/clients", `{"company_name":"Fuzz Ltd"}`)
	fs.contactID = create("/api/contacts", fmt.Sprintf(`{"first_name":"F","last_name":"Z","email":"fuzz@fuzz.example","clientid":%d}`, fs.clientID))
	fs.portalID = create("/api/portal-users", fmt.Sprintf(`{"contact_id":%d,"password":%q}`, fs.contactID, fuzzPassword))
	return fs
}

// send calls the handler directly, so a panic fails the fuzz target
// instead of being recovered by net/http.
func (fs *fuzzServer) send(method, path, contentType, body, idemKey string) (int, []byte) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+fuzzKey)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	rec := httptest.NewRecorder()
	fs.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// path fills a route pattern's {id} with the seeded record it names, or
// with the fuzzed id when one is given.
func (fs *fuzzServer) path(pattern, id string) string {
	p := pattern[strings.IndexByte(pattern, ' ')+1:]
	if !strings.Contains(p, "{id}") {
		return p
	}
	if id == "" {
		switch {
		case strings.HasPrefix(p, "/api/clients/"):
			id = fmt.Sprint(fs.clientID)
		case strings.HasPrefix(p, "/api/contacts/"):
			id = fmt.Sprint(fs.contactID)
		default:
			id = fmt.Sprint(fs.portalID)
		}
	}
	return strings.Replace(p, "{id}", url.PathEscape(id), 1)
}

// FuzzWriteHandlers sends arbitrary bodies, as JSON or as a form, to every
// route that reads one. Whatever the body, the server must answer without
// panicking, below 500, with a JSON object (an error with a message), and
// without the key or a password in the answer. The seeds run as a normal
// test.
func FuzzWriteHandlers(f *testing.F) {
	// Every route gets the generic bodies, and the routes that validate
	// fields get bodies that reach their rules, so mutations start deep.
	generic := []string{`{}`, `{bad`, `null`}
	specific := map[string][]string{
		"POST /api/clients": {
			`{"company_name":"Acme"}`, `{"company_name":["x"]}`, `{"company_name":` + strings.Repeat("[", 1000) + `}`,
			"company_name=Acme&roles[]=billing&roles[0][reference]=x",
		},
		"PATCH /api/clients/{id}": {`{"company_name":null}`, `[]`, `{"a":1} {}`},
		"POST /api/contacts": {
			`{"first_name":"A","last_name":"B","email":"a@b.example","clientid":"1","send_email":"yes","phone":"1","position":"p"}`,
			`{"first_name":"A","last_name":"B","email":"not an email","clientid":1e99}`,
			"first_name=A&first_name=B&clientid=1",
		},
		"PATCH /api/contacts/{id}": {`{"first_name":" A ","last_name":"B","email":"c@d.example","phone":null,"position":""}`},
		"POST /api/portal-users": {
			`{"contact_id":2,"username":"x@y.example","auth_method":"local","password":"Abcdefg1","send_invite":true,"roles":["billing",{"reference":"tickets","expires":"2999-01-01T00:00:00Z"}]}`,
			`{"contact_id":-1,"roles":[null,1,{"reference":null},{"reference":"billing","expires":"yesterday"}]}`,
		},
		"PATCH /api/portal-users/{id}": {`{"roles":"billing","auth_method":"azure","username":null}`, `{"roles":["billing","billing"]}`},
		"POST /api/portal-users/{id}/actions/set-password": {
			`{"password":"short"}`, `{"password":12345678}`, `{"password":"` + strings.Repeat("é1", 100) + `"}`, "password=%zz",
		},
		"POST /api/portal/login": {
			`{"username":"fuzz@fuzz.example","password":"` + fuzzPassword + `"}`, `{"username":"nobody","password":"Wrong-passw0rd"}`,
		},
	}
	for r, pattern := range fuzzWriteRoutes {
		for _, b := range append(slices.Clone(generic), specific[pattern]...) {
			form := strings.Contains(b, "=") && !strings.HasPrefix(b, "{")
			f.Add(uint8(r), form, "", "", []byte(b))
		}
	}
	// Odd ids and idempotency keys.
	route := func(pattern string) uint8 { return uint8(slices.Index(fuzzWriteRoutes, pattern)) }
	f.Add(route("PATCH /api/contacts/{id}"), false, "abc", "k1", []byte(`{}`))
	f.Add(route("DELETE /api/clients/{id}"), false, "-1", strings.Repeat("k", 300), []byte(`{}`))
	f.Add(route("POST /api/portal-users/{id}/actions/grant-access"), false, "99999999999999999999", "", []byte(`{}`))
	f.Add(route("POST /api/portal-users"), false, "", "same-key", []byte(`{"contact_id":2}`))

	f.Fuzz(func(t *testing.T, route uint8, form bool, id, idemKey string, body []byte) {
		fs := newFuzzServer(t)
		pattern := fuzzWriteRoutes[int(route)%len(fuzzWriteRoutes)]
		method := pattern[:strings.IndexByte(pattern, ' ')]
		ctype := "application/json"
		if form {
			ctype = "application/x-www-form-urlencoded"
		}
		if strings.ContainsAny(id, "/?#") || !utf8Printable(idemKey) {
			// Not something one route's {id} or a header can carry.
			id, idemKey = "", ""
		}
		status, raw := fs.send(method, fs.path(pattern, id), ctype, string(body), idemKey)
		if status >= 500 {
			t.Fatalf("%s %q: %d %s", pattern, body, status, raw)
		}
		var obj map[string]any
		if err := json.Unmarshal(raw, &obj); err != nil {
			t.Fatalf("%s %q: %d with a body that is not a JSON object: %s", pattern, body, status, raw)
		}
		if msg, _ := obj["message"].(string); status >= 400 && msg == "" {
			t.Fatalf("%s %q: %d without a message: %s", pattern, body, status, raw)
		}
		for _, secret := range []string{fuzzKey, fuzzPassword} {
			// A secret the request put in a field that is echoed (a
			// company name, say) is not a leak.
			if bytes.Contains(raw, []byte(secret)) && !bytes.Contains(body, []byte(secret)) {
				t.Fatalf("%s %q: the answer holds a secret: %s", pattern, body, raw)
			}
		}
		if bytes.Contains(raw, []byte(`"password"`)) && status < 400 {
			t.Fatalf("%s %q: a success answer has a password field: %s", pattern, body, raw)
		}
	})
}

// utf8Printable reports whether s can be sent as an HTTP header value.
func utf8Printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
