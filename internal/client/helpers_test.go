// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"
)

// testAPIKey looks like a real key so a leak into an error or a log line is
// easy to spot by substring.
const testAPIKey = "ck_live_SECRET_7f3a9b2c4d5e6f708192a3b4c5d6e7f8"

// newTestServer serves h on a loopback port for the duration of the test.
func newTestServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newTestClient returns a client for endpoint with waits of a few
// milliseconds, so retry tests stay fast; opts adjust the config.
func newTestClient(t *testing.T, endpoint string, opts ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Endpoint:       endpoint,
		APIKey:         testAPIKey,
		MaxRetries:     2,
		MaxRetryWait:   3 * time.Millisecond,
		RequestTimeout: 10 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%q): %v", endpoint, err)
	}
	return c
}

func noRetries(cfg *Config) { cfg.MaxRetries = 0 }

// hit is what a test handler saw of one request.
type hit struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// recorder keeps every request a handler receives; it is safe for the
// concurrent requests of throttle and cancellation tests.
type recorder struct {
	mu   sync.Mutex
	hits []hit
}

func (r *recorder) record(req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	h := hit{Method: req.Method, Path: req.URL.Path, Query: req.URL.Query(), Header: req.Header.Clone(), Body: body}
	r.mu.Lock()
	r.hits = append(r.hits, h)
	r.mu.Unlock()
}

func (r *recorder) all() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hit(nil), r.hits...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.hits)
}

// writeJSON answers with status and a JSON body built from v (a string is
// sent verbatim, so tests can send broken JSON).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if s, ok := v.(string); ok {
		_, _ = io.WriteString(w, s)
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}

// contactJSON is a contact envelope body with the fields the client requires.
func contactJSON(id int64, email string) map[string]any {
	return map[string]any{"data": contactData(id, email), "message": "Contact retrieved successfully."}
}

func contactData(id int64, email string) map[string]any {
	return map[string]any{"id": id, "email": email, "first_name": "Jane", "last_name": "Doe", "client": map[string]any{"id": 12, "company_name": "Acme"}}
}

// anyObjectJSON is a body that every call accepts: its data carries the
// required fields of a client, a contact, a portal user and a login token.
const anyObjectJSON = `{"data":{"id":1,"company_name":"Acme","email":"a@b.example","first_name":"A","last_name":"B",` +
	`"client":{"id":12},"contact_id":4,"username":"ab","status":"active","auth_method":"local","token":"t"},"message":"ok"}`

// dropConnection closes the connection without any response, as a crashed
// proxy or a reset would.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

// logSink collects what the client's Logger hook receives.
type logSink struct {
	mu      sync.Mutex
	entries []logEntry
}

type logEntry struct {
	Msg    string
	Fields map[string]any
}

func (s *logSink) log(_ context.Context, msg string, fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := make(map[string]any, len(fields))
	for k, v := range fields {
		cp[k] = v
	}
	s.entries = append(s.entries, logEntry{msg, cp})
}

func (s *logSink) all() []logEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]logEntry(nil), s.entries...)
}

// allSentinels lets tests assert that an error matches exactly one class.
var allSentinels = map[string]error{
	"ErrNotFound":     ErrNotFound,
	"ErrConflict":     ErrConflict,
	"ErrValidation":   ErrValidation,
	"ErrUnauthorized": ErrUnauthorized,
	"ErrForbidden":    ErrForbidden,
	"ErrRateLimited":  ErrRateLimited,
	"ErrServer":       ErrServer,
	"ErrTransport":    ErrTransport,
	"ErrUnexpected":   ErrUnexpected,
	// Qualifiers and the classes added for endpoint mistakes.
	"ErrWrongEndpoint":  ErrWrongEndpoint,
	"ErrRedirect":       ErrRedirect,
	"ErrNotSent":        ErrNotSent,
	"ErrRequestTimeout": ErrRequestTimeout,
}

// assertOnlySentinel fails unless err matches every one of want and no
// other sentinel.
func assertOnlySentinel(t *testing.T, err error, want ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v", want)
	}
	for name, s := range allSentinels {
		wanted := slices.Contains(want, s)
		if got := errors.Is(err, s); got != wanted {
			t.Errorf("errors.Is(err, %s) = %v, want %v (err: %v)", name, got, wanted, err)
		}
	}
}

// hang holds a request until the client gives up on it. The body is drained
// first: the server notices a closed connection only once the body is read.
// The fallback keeps a client that never gives up from hanging the test.
func hang(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(20 * time.Second):
		writeJSON(w, 200, `{"message":"the client never gave up"}`)
	}
}
