// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// hostilePassword has every character that a quoting changes: JSON's `"`
// and `\`, HTML's `<`, `>` and `&`, a space and a `/`, and non-ASCII from
// the basic plane and beyond it.
const hostilePassword = `Pa"ss\wo<r>d & 1/é€😀`

// quotings are the ways a server may write a string back to us.
var quotings = map[string]func(string) string{
	"plain": func(s string) string { return s },
	"JSON": func(s string) string {
		b, _ := json.Marshal(s)
		return string(b[1 : len(b)-1])
	},
	"JSON without HTML escapes": func(s string) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		b := bytes.TrimSpace(buf.Bytes())
		return string(b[1 : len(b)-1])
	},
	"every character as \\u": func(s string) string { return uEscapeAll(s, "%04x") },
	"every character as \\U": func(s string) string { return uEscapeAll(s, "%04X") },
	"PHP json_encode": func(s string) string {
		// Slashes escaped, non-ASCII as \u, as PHP does by default.
		var b strings.Builder
		for _, r := range s {
			switch {
			case r == '"' || r == '\\' || r == '/':
				b.WriteString(`\` + string(r))
			case r > 0x7e:
				b.WriteString(uEscapeAll(string(r), "%04x"))
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	},
	"URL query":        url.QueryEscape,
	"URL path":         url.PathEscape,
	"JSON inside JSON": func(s string) string { return jsonTwice(s) },
}

func uEscapeAll(s, format string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteString(`\u` + fmt.Sprintf(format, u))
	}
	return b.String()
}

func jsonTwice(s string) string {
	once, _ := json.Marshal(s)
	twice, _ := json.Marshal(string(once))
	return string(twice[1 : len(twice)-1])
}

// leaks returns the quotings of secret that text contains.
func leaks(text, secret string) []string {
	var out []string
	for name, q := range quotings {
		if strings.Contains(text, q(secret)) {
			out = append(out, name)
		}
	}
	return out
}

// errorTexts is everything an error can show: its text, its formatted
// forms, and the fields of the typed errors in its chain.
func errorTexts(err error) []string {
	if err == nil {
		return nil
	}
	texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		texts = append(texts, apiErr.Message, apiErr.fieldSummary())
		for f, msgs := range apiErr.FieldErrors {
			texts = append(texts, f, strings.Join(msgs, " "))
		}
	}
	var terr *TransportError
	if errors.As(err, &terr) {
		texts = append(texts, terr.Err.Error())
	}
	var rerr *RedirectError
	if errors.As(err, &rerr) {
		texts = append(texts, rerr.Location)
	}
	return texts
}

// echoingServer answers every request with status, writing the request's
// password back with quoting q into the message, a field's messages and a
// field's name, next to the raw body.
func echoingServer(t *testing.T, status int, q func(string) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			Password string `json:"password"`
		}
		_ = json.Unmarshal(raw, &body)
		if body.Password == "" {
			t.Errorf("%s %s carried no password: %s", r.Method, r.URL.Path, raw)
		}
		p := q(body.Password)
		writeJSON(w, status, map[string]any{
			"message": "Rejected " + p + " in " + string(raw),
			"errors": map[string][]string{
				"password":       {"The password " + p + " is too common."},
				"password." + p:  {"Unknown field."},
				"authorization":  {q(r.Header.Get("Authorization"))},
				"echo":           {string(raw)},
				"url-encoded":    {url.Values{"password": {body.Password}}.Encode()},
				"escaped.nested": {jsonTwice(body.Password)},
			},
		})
	}
}

// secretCalls are the calls that carry a password.
var secretCalls = map[string]func(context.Context, *Client) error{
	"create portal user": func(ctx context.Context, c *Client) error {
		_, err := c.CreatePortalUser(ctx, PortalUserCreateRequest{ContactID: 1, Password: hostilePassword})
		return err
	},
	"set password": func(ctx context.Context, c *Client) error {
		_, err := c.SetPassword(ctx, 1, hostilePassword)
		return err
	},
	"portal login": func(ctx context.Context, c *Client) error {
		_, err := c.PortalLogin(ctx, "jane", hostilePassword)
		return err
	},
}

// TestEchoedSecretsAreRedacted has a server write the password (and the
// key) back in every quoting, in a 422 and in a 500, and checks that no
// error text or log line shows any of them.
func TestEchoedSecretsAreRedacted(t *testing.T) {
	t.Parallel()
	for _, status := range []int{422, 500} {
		for qname, q := range quotings {
			for cname, call := range secretCalls {
				t.Run(fmt.Sprintf("%d %s %s", status, qname, cname), func(t *testing.T) {
					t.Parallel()
					srv := newTestServer(t, echoingServer(t, status, q))
					logs := &logSink{}
					c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = logs.log })
					err := call(context.Background(), c)
					if err == nil {
						t.Fatal("call succeeded, want an error")
					}
					texts := errorTexts(err)
					for _, e := range logs.all() {
						texts = append(texts, e.Msg, fmt.Sprintf("%#v", e.Fields))
					}
					for _, text := range texts {
						for _, secret := range []string{hostilePassword, testAPIKey} {
							if l := leaks(text, secret); len(l) > 0 {
								t.Errorf("a secret leaked (quoted %v) into %q", l, text)
							}
						}
					}
					if !strings.Contains(err.Error(), "[redacted]") {
						t.Errorf("Error() = %q, want the echoed password shown as [redacted]", err)
					}
				})
			}
		}
	}
}

// TestTransportErrorTextIsRedacted: a transport (here a proxy library)
// whose error quotes the request body must not carry the password out.
func TestTransportErrorTextIsRedacted(t *testing.T) {
	t.Parallel()
	for qname, q := range quotings {
		t.Run(qname, func(t *testing.T) {
			t.Parallel()
			logs := &logSink{}
			c, err := New(Config{
				Endpoint: "http://127.0.0.1:1", APIKey: testAPIKey, Logger: logs.log,
				HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
					raw, _ := io.ReadAll(r.Body)
					var body struct {
						Password string `json:"password"`
					}
					_ = json.Unmarshal(raw, &body)
					return nil, fmt.Errorf("proxy refused body %s with password %s and %s", raw, q(body.Password), r.Header.Get("Authorization"))
				})},
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.SetPassword(context.Background(), 3, hostilePassword)
			if !errors.Is(err, ErrTransport) {
				t.Fatalf("err = %v, want a transport error", err)
			}
			texts := errorTexts(err)
			for _, e := range logs.all() {
				texts = append(texts, fmt.Sprintf("%#v", e.Fields))
			}
			for _, text := range texts {
				for _, secret := range []string{hostilePassword, testAPIKey} {
					if l := leaks(text, secret); len(l) > 0 {
						t.Errorf("a secret leaked (quoted %v) into %q", l, text)
					}
				}
			}
		})
	}
}

// TestHostileAnswers covers answers that do not come from the Contacts API
// (a proxy, another site, a login page) or that come from it broken: each
// must fail with the class that tells the user what to fix, and say so.
func TestHostileAnswers(t *testing.T) {
	t.Parallel()
	createPortalUser := func(ctx context.Context, c *Client) error {
		_, err := c.CreatePortalUser(ctx, PortalUserCreateRequest{ContactID: 1, Password: hostilePassword})
		return err
	}
	deleteContact := func(ctx context.Context, c *Client) error { return c.DeleteContact(ctx, 45) }
	listContacts := func(ctx context.Context, c *Client) error {
		_, err := c.ListContacts(ctx, ContactListFilter{})
		return err
	}
	html := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, "<html><body>Welcome</body></html>")
		}
	}
	redirect := func(status int, location string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", location)
			w.WriteHeader(status)
		}
	}
	tests := map[string]struct {
		handler  http.HandlerFunc
		call     func(context.Context, *Client) error
		want     []error
		attempts int      // requests the server must see; 0 means 1
		contains []string // in Error()
	}{
		"307 to another host": {
			handler: redirect(307, "https://crm.example.com/api/portal-users"),
			call:    createPortalUser, want: []error{ErrRedirect},
			contains: []string{"307", "https://crm.example.com/api/portal-users", `endpoint`, `"https://crm.example.com"`},
		},
		"308 to a path prefix": {
			handler: redirect(308, "https://crm.example.com/crm/api/portal-users"),
			call:    createPortalUser, want: []error{ErrRedirect},
			contains: []string{"308", `"https://crm.example.com/crm"`},
		},
		"302 to a login page": {
			handler: redirect(302, "/login?next="+url.QueryEscape(hostilePassword)),
			call:    createPortalUser, want: []error{ErrRedirect},
			contains: []string{"302", "/login", "not the Contacts API"},
		},
		"301 from http to https": {
			handler: redirect(301, "https://127.0.0.1/api/contacts/1"),
			call:    getContact, want: []error{ErrRedirect},
			contains: []string{"301", `"https://127.0.0.1"`},
		},
		"HTML 200": {
			handler: html(200), call: getContact, want: []error{ErrWrongEndpoint, ErrUnexpected},
			contains: []string{"endpoint", "text/html"},
		},
		"HTML 200 on a delete": {
			handler: html(200), call: deleteContact, want: []error{ErrWrongEndpoint, ErrUnexpected},
			contains: []string{"endpoint"},
		},
		"HTML 200 on a list": {
			handler: html(200), call: listContacts, want: []error{ErrWrongEndpoint, ErrUnexpected},
		},
		"JSON 200 that is not the envelope": {
			handler: respondWith(200, `{"id":1,"email":"a@b.example"}`)(t), call: getContact,
			want: []error{ErrWrongEndpoint, ErrUnexpected},
		},
		"HTML 404": {
			handler: html(404), call: getContact, want: []error{ErrWrongEndpoint},
			contains: []string{"404", "endpoint"},
		},
		"generic JSON 404 of an unknown route": {
			handler: respondWith(404, `{"message":"Not found."}`)(t), call: getContact, want: []error{ErrWrongEndpoint},
			contains: []string{"404 Not found.", "endpoint"},
		},
		"404 naming another object": {
			handler: respondWith(404, `{"message":"Page not found."}`)(t), call: deleteContact, want: []error{ErrWrongEndpoint},
		},
		"404 naming the object": {
			handler: respondWith(404, `{"message":"Contact not found."}`)(t), call: getContact, want: []error{ErrNotFound},
		},
		"data null": {
			handler: respondWith(200, `{"data":null,"message":"ok"}`)(t), call: getContact, want: []error{ErrUnexpected},
			contains: []string{"no data"},
		},
		"data empty object": {
			handler: respondWith(200, `{"data":{},"message":"ok"}`)(t), call: getContact, want: []error{ErrUnexpected},
			contains: []string{"id", "email", "first_name", "last_name", "client"},
		},
		"data empty list for an object": {
			handler: respondWith(200, `{"data":[],"message":"ok"}`)(t), call: getContact, want: []error{ErrUnexpected},
		},
		"message without data": {
			handler: respondWith(201, `{"message":"Portal user created successfully."}`)(t), call: createPortalUser,
			want: []error{ErrUnexpected}, contains: []string{"no data"},
		},
		"data null for a list": {
			handler: respondWith(200, `{"data":null}`)(t), call: listContacts, want: []error{ErrUnexpected},
		},
		"a list item without an email": {
			handler: respondWith(200, `{"data":[{"id":1,"email":"a@b.example","first_name":"A","last_name":"B","client":{"id":1}},{"id":2,"first_name":"A","last_name":"B","client":{"id":1}}],"meta":{"current_page":1,"per_page":100,"total":2,"last_page":1}}`)(t),
			call:    listContacts, want: []error{ErrUnexpected}, contains: []string{"item 2", "email"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				tc.handler(w, r)
			})
			logs := &logSink{}
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = logs.log })
			err := tc.call(context.Background(), c)
			assertOnlySentinel(t, err, tc.want...)
			for _, want := range tc.contains {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Error() = %q, want it to contain %q", err, want)
				}
			}
			if got, want := rec.count(), max(tc.attempts, 1); got != want {
				t.Errorf("server saw %d requests, want %d: such an answer is not worth repeating", got, want)
			}
			texts := errorTexts(err)
			for _, e := range logs.all() {
				texts = append(texts, fmt.Sprintf("%#v", e.Fields))
			}
			for _, text := range texts {
				for _, secret := range []string{hostilePassword, testAPIKey} {
					if l := leaks(text, secret); len(l) > 0 {
						t.Errorf("a secret leaked (quoted %v) into %q", l, text)
					}
				}
			}
		})
	}
}

// TestRedactionAtTheCut: a long message is cut to a readable length, and
// a secret that straddles the cut is blanked out whole, not shown in part.
func TestRedactionAtTheCut(t *testing.T) {
	t.Parallel()
	r := (*redactor)(nil).with(hostilePassword)
	for qname, q := range quotings {
		quoted := q(hostilePassword)
		for _, off := range []int{maxText - len(quoted) - 1, maxText - 5, maxText - 1, maxText, maxText + 1} {
			t.Run(fmt.Sprintf("%s at %d", qname, off), func(t *testing.T) {
				t.Parallel()
				out := r.redact(strings.Repeat("x", off) + quoted + " and more")
				if len(out) > maxText+len(redacted)+len("…") {
					t.Errorf("kept %d bytes, want at most about %d", len(out), maxText)
				}
				if prefix := quoted[:4]; strings.Contains(out, prefix) {
					t.Errorf("the start %q of the password is shown: …%q", prefix, out[max(0, len(out)-40):])
				}
			})
		}
	}
	t.Run("a huge echo is quick", func(t *testing.T) {
		t.Parallel()
		// The most of a body the client reads.
		huge := strings.Repeat(`ab\c%d&e `+quotings["JSON"](hostilePassword), maxResponseBytes/40)
		start := time.Now()
		out := r.redact(huge)
		if elapsed := time.Since(start); elapsed > time.Second {
			t.Errorf("redacting %d bytes took %v", len(huge), elapsed)
		}
		if l := leaks(out, hostilePassword); len(l) > 0 {
			t.Errorf("leaked %v", l)
		}
	})
}
