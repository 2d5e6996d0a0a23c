// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestRedirectsAreNeverFollowed sends a password to a server that
// redirects it elsewhere: the other listener must receive nothing at all,
// whatever the HTTP client the caller supplied would do with a redirect.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	t.Parallel()
	clients := map[string]func() *http.Client{
		"built-in client": func() *http.Client { return nil },
		// Go's default follows 307 and 308 with the body.
		"caller's client with Go's default policy": func() *http.Client { return &http.Client{} },
		"caller's client that follows everything": func() *http.Client {
			return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
		},
	}
	targets := map[string]func(otherURL string) string{
		"another host name":           func(u string) string { return strings.Replace(u, "127.0.0.1", "localhost", 1) },
		"the same host, another port": func(u string) string { return u },
	}
	for cname, mkHTTP := range clients {
		for tname, target := range targets {
			for _, status := range []int{301, 302, 303, 307, 308} {
				t.Run(cname+" "+tname+" "+http.StatusText(status), func(t *testing.T) {
					t.Parallel()
					other := &recorder{}
					otherSrv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
						other.record(r)
						writeJSON(w, 201, anyObjectJSON)
					})
					location := target(otherSrv.URL) + "/api/portal-users"
					first := &recorder{}
					srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
						first.record(r)
						w.Header().Set("Location", location)
						w.WriteHeader(status)
					})
					hc := mkHTTP()
					var before func(*http.Request, []*http.Request) error
					if hc != nil {
						before = hc.CheckRedirect
					}
					c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = hc; cfg.MaxRetries = 3 })
					_, err := c.CreatePortalUser(context.Background(), PortalUserCreateRequest{ContactID: 1, Password: hostilePassword})
					assertOnlySentinel(t, err, ErrRedirect)
					var rerr *RedirectError
					if !errors.As(err, &rerr) {
						t.Fatalf("errors.As(*RedirectError) = false for %T %v", err, err)
					}
					if rerr.Method != "POST" || rerr.Path != "/api/portal-users" || rerr.StatusCode != status || rerr.Location != location {
						t.Errorf("RedirectError = %+v, want POST /api/portal-users %d to %s", rerr, status, location)
					}
					for _, want := range []string{http.StatusText(status), location, `"` + target(otherSrv.URL) + `"`} {
						if !strings.Contains(err.Error(), want) {
							t.Errorf("Error() = %q, want it to contain %q", err, want)
						}
					}
					if n := first.count(); n != 1 {
						t.Errorf("the redirecting server saw %d requests, want 1: a redirect is not retried", n)
					}
					for _, h := range other.all() {
						t.Errorf("the redirect target received %s %s (with Authorization: %v, %d body bytes)", h.Method, h.Path, h.Header.Get("Authorization") != "", len(h.Body))
					}
					if hc != nil && (hc.CheckRedirect == nil) != (before == nil) {
						t.Error("New changed the caller's http.Client")
					}
				})
			}
		}
	}
}

// TestRedirectsOverTLS: the client's own transport with CA certificates
// (the provider's TLS set-up) refuses redirects too.
func TestRedirectsOverTLS(t *testing.T) {
	t.Parallel()
	other := &recorder{}
	otherSrv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) { other.record(r) })
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherSrv.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.CACertPEM = certPEM(srv) })
	_, err := c.SetPassword(context.Background(), 3, hostilePassword)
	if !errors.Is(err, ErrRedirect) {
		t.Fatalf("err = %v, want ErrRedirect", err)
	}
	if n := other.count(); n != 0 {
		t.Errorf("the redirect target received %d requests, want none", n)
	}
}

// TestRedirectEchoingTheBodyLeaksNoPassword: a server that sends the
// request to a login page with the body in the Location (`?next=`, or in
// the path) quotes the password twice, JSON inside a URL; the error, which
// shows the Location, must show none of it.
func TestRedirectEchoingTheBodyLeaksNoPassword(t *testing.T) {
	t.Parallel()
	locations := map[string]func(body string) string{
		"query":                 func(b string) string { return "/login?next=" + url.QueryEscape(b) },
		"query, lower hex":      func(b string) string { return "/login?next=" + lowerHex(url.QueryEscape)(b) },
		"query, escaped twice":  func(b string) string { return "/login?next=" + url.QueryEscape(url.QueryEscape(b)) },
		"path":                  func(b string) string { return "/login/" + url.PathEscape(b) },
		"absolute, in fragment": func(b string) string { return "https://sso.example/login?x=1#" + url.PathEscape(b) },
	}
	for lname, location := range locations {
		for cname, call := range secretCalls {
			t.Run(lname+" "+cname, func(t *testing.T) {
				t.Parallel()
				var sent string
				srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
					raw, _ := io.ReadAll(r.Body)
					sent = string(raw)
					w.Header().Set("Location", location(sent))
					w.WriteHeader(http.StatusFound)
				})
				logs := &logSink{}
				c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = logs.log })
				err := call(context.Background(), c)
				assertOnlySentinel(t, err, ErrRedirect)
				if !strings.Contains(sent, "password") {
					t.Fatalf("the request carried no password: %s", sent)
				}
				texts := errorTexts(err)
				for _, e := range logs.all() {
					texts = append(texts, e.Msg, fmt.Sprintf("%#v", e.Fields))
				}
				for _, text := range texts {
					for ename, enc := range testEncoders {
						composed := map[string]func(string) string{
							"JSON in " + ename:            func(s string) string { return enc(jsonEscape(true)(s)) },
							"JSON in " + ename + " twice": func(s string) string { return enc(enc(jsonEscape(true)(s))) },
							ename:                         enc,
						}
						for cname, c := range composed {
							if parts := recognisable(text, hostilePassword, c); len(parts) > 0 {
								t.Errorf("the password is recognisable (%s) in %q: %q", cname, text, parts)
							}
						}
					}
				}
				if !strings.Contains(err.Error(), "/login") && lname != "absolute, in fragment" {
					t.Errorf("Error() = %q, want the Location shown", err)
				}
				if !strings.Contains(err.Error(), redacted) {
					t.Errorf("Error() = %q, want the echoed password shown as %s", err, redacted)
				}
			})
		}
	}
}
