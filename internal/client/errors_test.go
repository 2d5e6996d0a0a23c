// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestErrorDecoding(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		status     int
		body       string
		header     map[string]string
		want       error
		message    string
		fields     map[string][]string
		retryAfter time.Duration
	}{
		"401 unauthenticated": {
			status: 401, body: `{"message":"Unauthenticated."}`,
			want: ErrUnauthorized, message: "Unauthenticated.",
		},
		"403 wrong scope": {
			status: 403, body: `{"message":"This action is unauthorized."}`,
			want: ErrForbidden, message: "This action is unauthorized.",
		},
		"404 not found": {
			status: 404, body: `{"message":"Contact not found."}`,
			want: ErrNotFound, message: "Contact not found.",
		},
		"409 conflict": {
			status: 409, body: `{"message":"The contact does not belong to a client account."}`,
			want: ErrConflict, message: "The contact does not belong to a client account.",
		},
		"422 keeps every message of every field": {
			status: 422,
			body: `{"message":"The given data was invalid.","errors":{` +
				`"email":["The email has already been taken."],` +
				`"password":["The password field must contain at least one letter.","The password field must contain at least one number."],` +
				`"roles.0.reference":["The selected roles.0.reference is invalid."]}}`,
			want: ErrValidation, message: "The given data was invalid.",
			fields: map[string][]string{
				"email":             {"The email has already been taken."},
				"password":          {"The password field must contain at least one letter.", "The password field must contain at least one number."},
				"roles.0.reference": {"The selected roles.0.reference is invalid."},
			},
		},
		"429 with Retry-After seconds": {
			status: 429, body: `{"message":"Too Many Attempts."}`, header: map[string]string{"Retry-After": "42"},
			want: ErrRateLimited, message: "Too Many Attempts.", retryAfter: 42 * time.Second,
		},
		"429 without Retry-After": {
			status: 429, body: `{"message":"Too Many Attempts."}`,
			want: ErrRateLimited, message: "Too Many Attempts.",
		},
		"429 with a garbage Retry-After": {
			status: 429, body: `{"message":"Too Many Attempts."}`, header: map[string]string{"Retry-After": "soon"},
			want: ErrRateLimited, message: "Too Many Attempts.",
		},
		"500": {
			status: 500, body: `{"message":"Server Error"}`,
			want: ErrServer, message: "Server Error",
		},
		"502 with an HTML body from a proxy": {
			status: 502, body: `<html><body><h1>502 Bad Gateway</h1></body></html>`,
			want: ErrServer, message: "Bad Gateway",
		},
		"503": {
			status: 503, body: `{"message":"Service Unavailable"}`,
			want: ErrServer, message: "Service Unavailable",
		},
		"504 with an empty body": {
			status: 504, body: ``,
			want: ErrServer, message: "Gateway Timeout",
		},
		"400 malformed JSON": {
			status: 400, body: `{"message":"Malformed JSON body."}`,
			want: ErrUnexpected, message: "Malformed JSON body.",
		},
		"413 too large": {
			status: 413, body: `{"message":"The request body is too large."}`,
			want: ErrUnexpected, message: "The request body is too large.",
		},
		"405": {
			status: 405, body: `{"message":"The PUT method is not supported for this route."}`,
			want: ErrUnexpected, message: "The PUT method is not supported for this route.",
		},
		"404 plain text": {
			status: 404, body: `404 page not found`,
			want: ErrWrongEndpoint, message: "Not Found",
		},
		"404 of another route": {
			status: 404, body: `{"message":"Not found."}`,
			want: ErrWrongEndpoint, message: "Not found.",
		},
		"422 truncated JSON": {
			status: 422, body: `{"message":"The given data was invalid.","errors":{"email":["The em`,
			want: ErrValidation, message: "Unprocessable Entity",
		},
		"409 JSON that is not an object": {
			status: 409, body: `["conflict"]`,
			want: ErrConflict, message: "Conflict",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				writeJSON(w, tc.status, tc.body)
			})
			c := newTestClient(t, srv.URL, noRetries)
			got, err := c.GetContact(context.Background(), 45)
			if got != nil {
				t.Errorf("contact = %+v, want nil on error", got)
			}
			assertOnlySentinel(t, err, tc.want)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("errors.As(*APIError) = false for %T %v", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Method != "GET" || apiErr.Path != "/api/contacts/45" {
				t.Errorf("APIError = %d %s %s, want %d GET /api/contacts/45", apiErr.StatusCode, apiErr.Method, apiErr.Path, tc.status)
			}
			if apiErr.Message != tc.message {
				t.Errorf("Message = %q, want %q", apiErr.Message, tc.message)
			}
			if len(tc.fields) > 0 || len(apiErr.FieldErrors) > 0 {
				if !reflect.DeepEqual(apiErr.FieldErrors, tc.fields) {
					t.Errorf("FieldErrors = %v, want %v", apiErr.FieldErrors, tc.fields)
				}
			}
			if apiErr.RetryAfter != tc.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tc.retryAfter)
			}
			// The error string names the call and the API's own sentence,
			// and every field message, so a diagnostic can show it as is.
			msg := err.Error()
			for _, want := range []string{"GET /api/contacts/45", tc.message} {
				if !strings.Contains(msg, want) {
					t.Errorf("Error() = %q, want it to contain %q", msg, want)
				}
			}
			for field, msgs := range tc.fields {
				for _, m := range msgs {
					if !strings.Contains(msg, field+": ") || !strings.Contains(msg, m) {
						t.Errorf("Error() = %q, want it to contain %q and %q", msg, field, m)
					}
				}
			}
		})
	}
}

func TestErrorRetryAfterHTTPDate(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", time.Now().Add(90*time.Second).UTC().Format(http.TimeFormat))
		writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
	})
	_, err := newTestClient(t, srv.URL, noRetries).GetContact(context.Background(), 1)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want a rate-limited *APIError", err)
	}
	// An HTTP date has one-second precision and the clock moves on.
	if apiErr.RetryAfter < 85*time.Second || apiErr.RetryAfter > 90*time.Second {
		t.Errorf("RetryAfter = %v, want about 90s", apiErr.RetryAfter)
	}
}

func TestErrorUndecodableSuccess(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		body string
		want []error
	}{
		"not JSON":             {`<html>OK</html>`, []error{ErrUnexpected, ErrWrongEndpoint}},
		"truncated JSON":       {`{"data":{"id":45,"email":"jane@`, []error{ErrUnexpected, ErrWrongEndpoint}},
		"data of another type": {`{"data":"a string","message":"Contact retrieved successfully."}`, []error{ErrUnexpected}},
		"id of another type":   {`{"data":{"id":"forty-five"},"message":"Contact retrieved successfully."}`, []error{ErrUnexpected}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				writeJSON(w, 200, tc.body)
			})
			got, err := newTestClient(t, srv.URL).GetContact(context.Background(), 45)
			if got != nil {
				t.Errorf("contact = %+v, want nil", got)
			}
			assertOnlySentinel(t, err, tc.want...)
			if !strings.Contains(err.Error(), "GET /api/contacts/45") {
				t.Errorf("Error() = %q, want it to name the call", err)
			}
			// A 2xx that cannot be read is not worth retrying: the server acted.
			if n := rec.count(); n != 1 {
				t.Errorf("requests = %d, want 1", n)
			}
		})
	}
}

func TestErrorTransport(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		// handler is nil for a server that is already closed.
		handler func(t *testing.T) http.HandlerFunc
		// attempts is what the server should see with MaxRetries 2 (0 for a closed server).
		attempts int
		notSent  bool
	}{
		"connection refused": {attempts: 0, notSent: true},
		"connection dropped before any response": {
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) { dropConnection(t, w) }
			},
			attempts: 3,
		},
		"connection dropped in the middle of the body": {
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Length", "1000")
					w.WriteHeader(200)
					_, _ = w.Write([]byte(`{"data":{"id":45,`))
					_ = http.NewResponseController(w).Flush()
					panic(http.ErrAbortHandler)
				}
			},
			attempts: 3,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			var endpoint string
			if tc.handler == nil {
				srv := newTestServer(t, func(http.ResponseWriter, *http.Request) {})
				endpoint = srv.URL
				srv.Close()
			} else {
				h := tc.handler(t)
				endpoint = newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
					rec.record(r)
					h(w, r)
				}).URL
			}
			logs := &logSink{}
			c := newTestClient(t, endpoint, func(cfg *Config) { cfg.Logger = logs.log })
			_, err := c.GetContact(context.Background(), 45)
			if tc.notSent {
				assertOnlySentinel(t, err, ErrTransport, ErrNotSent)
			} else {
				assertOnlySentinel(t, err, ErrTransport)
			}
			var terr *TransportError
			if !errors.As(err, &terr) {
				t.Fatalf("errors.As(*TransportError) = false for %T %v", err, err)
			}
			if terr.Method != "GET" || terr.Path != "/api/contacts/45" || terr.Err == nil {
				t.Errorf("TransportError = %+v, want GET /api/contacts/45 with a cause", terr)
			}
			if errors.As(err, new(*APIError)) {
				t.Errorf("a transport failure must not look like an API answer: %v", err)
			}
			if got := rec.count(); got != tc.attempts {
				t.Errorf("server saw %d requests, want %d", got, tc.attempts)
			}
			// Every attempt, including the refused ones, is logged.
			if got := len(logs.all()); got != 3 {
				t.Errorf("logged %d attempts, want 3", got)
			}
		})
	}
}

func TestAPIErrorFieldSummaryIsSorted(t *testing.T) {
	t.Parallel()
	e := &APIError{Method: "POST", Path: "/api/contacts", StatusCode: 422, Message: "The given data was invalid.",
		FieldErrors: map[string][]string{
			"last_name": {"The last name field is required."},
			"email":     {"The email field is required.", "The email field must be a valid email address."},
		}, kind: ErrValidation}
	want := "email: The email field is required. The email field must be a valid email address.; last_name: The last name field is required."
	if got := e.fieldSummary(); got != want {
		t.Errorf("fieldSummary() = %q, want %q", got, want)
	}
	if got, want := e.Error(), "POST /api/contacts: 422 The given data was invalid. ("+want+")"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := (&APIError{Method: "GET", Path: "/x", StatusCode: 500}).Error(); got != "GET /x: 500 no message" {
		t.Errorf("Error() without a message = %q", got)
	}
}
