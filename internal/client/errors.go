// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Sentinel errors classify every failure; test them with errors.Is. The
// details (status, message, per-field errors) are on *APIError via errors.As.
var (
	// ErrNotFound is the object's own 404 ("Contact not found."): it is gone.
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrValidation   = errors.New("validation failed")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrRateLimited  = errors.New("rate limited")
	ErrServer       = errors.New("server error")
	ErrTransport    = errors.New("transport error")
	// ErrUnexpected covers any other non-2xx status and undecodable or
	// incomplete bodies.
	ErrUnexpected = errors.New("unexpected response")
	// ErrWrongEndpoint is an answer that did not come from the Contacts
	// API: a 404 that does not name the route's object (an unknown route, a
	// proxy's page) or a 2xx that is not the API's JSON envelope. It never
	// means that an object is gone.
	ErrWrongEndpoint = errors.New("the endpoint looks wrong")
	// ErrRedirect is a 3xx answer, which the client never follows.
	ErrRedirect = errors.New("redirected")
	// ErrNotSent qualifies a *TransportError whose request certainly never
	// reached the server (no connection, no name, no TLS, no rate token),
	// so it cannot have acted.
	ErrNotSent = errors.New("request not sent")
	// ErrRequestTimeout qualifies a *TransportError whose attempt ran out of
	// Config.RequestTimeout; the caller's own context had not ended.
	ErrRequestTimeout = errors.New("request time limit reached")
)

// APIError is an error response from the Contacts API.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Message is the API's own sentence, e.g. "Contact not found.".
	Message string
	// FieldErrors holds a 422's messages per field, e.g. "email" or "roles.0.reference".
	FieldErrors map[string][]string
	// RetryAfter is the server's Retry-After on a 429, zero otherwise.
	RetryAfter time.Duration
	// Attempts is how many times the call was sent before this answer was final.
	Attempts int

	kind error
	// expected is the 404 message of the route's object, for the hint of a
	// 404 that is not it.
	expected string
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	s := fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.StatusCode, msg)
	if len(e.FieldErrors) > 0 {
		s += " (" + e.fieldSummary() + ")"
	}
	if e.kind == ErrWrongEndpoint {
		s += " (" + wrongEndpointHint(e.expected) + ")"
	}
	return s + attemptsSuffix(e.Attempts)
}

// wrongEndpointHint explains a 404 that is not the object's own.
func wrongEndpointHint(expected string) string {
	what := "this route has no such answer"
	if expected != "" {
		what = fmt.Sprintf("the API answers %q for a missing object", expected)
	}
	return "the endpoint looks wrong: " + what + ", so the request reached something other than the Contacts API; set endpoint to the site root the API lives under (without /api)"
}

// Unwrap exposes the sentinel that classifies the status.
func (e *APIError) Unwrap() error { return e.kind }

// fieldSummary renders the per-field messages in a stable order.
func (e *APIError) fieldSummary() string {
	fields := make([]string, 0, len(e.FieldErrors))
	for f := range e.FieldErrors {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		parts = append(parts, f+": "+strings.Join(e.FieldErrors[f], " "))
	}
	return strings.Join(parts, "; ")
}

// TransportError is a failure to get any HTTP response (refused connection,
// reset, timeout). The request may or may not have been applied, unless it
// unwraps to ErrNotSent.
type TransportError struct {
	Method string
	Path   string
	Err    error
	// Attempts is how many times the call was sent before this failure was final.
	Attempts int

	notSent bool
	// limit is the RequestTimeout the attempt ran out of, zero otherwise.
	limit time.Duration
}

func (e *TransportError) Error() string {
	if e.limit > 0 {
		return fmt.Sprintf("%s %s: no complete answer within the request time limit of %s%s", e.Method, e.Path, e.limit, attemptsSuffix(e.Attempts))
	}
	return fmt.Sprintf("%s %s: %v%s", e.Method, e.Path, e.Err, attemptsSuffix(e.Attempts))
}

// Unwrap exposes ErrTransport, the qualifiers ErrNotSent and
// ErrRequestTimeout when they hold, and the underlying cause.
func (e *TransportError) Unwrap() []error {
	errs := []error{ErrTransport}
	if e.notSent {
		errs = append(errs, ErrNotSent)
	}
	if e.limit > 0 {
		errs = append(errs, ErrRequestTimeout)
	}
	return append(errs, e.Err)
}

// RedirectError is a 3xx answer. The client never follows one: the
// redirected request would carry the API key and any password to wherever
// the Location points.
type RedirectError struct {
	Method     string
	Path       string
	StatusCode int
	// Location is the redirect's target, resolved against the request URL.
	Location string
}

func (e *RedirectError) Error() string {
	s := fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Location == "" {
		return s + " without a Location; the client does not follow redirects, so check that endpoint is the site root of the Contacts API"
	}
	s += " to " + e.Location + "; the client does not follow redirects, which would send the API key and passwords on to that address"
	if root, ok := endpointFor(e.Location); ok {
		return s + fmt.Sprintf("; if that is the Contacts API, set endpoint to %q", root)
	}
	return s + "; the target is not the Contacts API (it is not under /api), so check endpoint"
}

// Unwrap exposes ErrRedirect.
func (e *RedirectError) Unwrap() error { return ErrRedirect }

// endpointFor derives the endpoint that reaches a redirect target
// directly: its scheme and host plus whatever path comes before /api.
func endpointFor(location string) (string, bool) {
	u, err := url.Parse(location)
	if err != nil || u.Host == "" {
		return "", false
	}
	i := strings.Index(u.Path+"/", "/api/")
	if i < 0 {
		return "", false
	}
	return u.Scheme + "://" + u.Host + u.Path[:i], true
}

func attemptsSuffix(n int) string {
	if n > 1 {
		return fmt.Sprintf(" (after %d attempts)", n)
	}
	return ""
}

// kindForStatus maps an HTTP status to its sentinel.
func kindForStatus(status int) error {
	switch {
	case status >= 300 && status < 400:
		return ErrRedirect
	case status == 401:
		return ErrUnauthorized
	case status == 403:
		return ErrForbidden
	case status == 404:
		return ErrNotFound
	case status == 409:
		return ErrConflict
	case status == 422:
		return ErrValidation
	case status == 429:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	default:
		return ErrUnexpected
	}
}
