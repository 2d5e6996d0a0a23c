package client

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Sentinel errors classify every failure; test them with errors.Is. The
// details (status, message, per-field errors) are on *APIError via errors.As.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrValidation   = errors.New("validation failed")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrRateLimited  = errors.New("rate limited")
	ErrServer       = errors.New("server error")
	ErrTransport    = errors.New("transport error")
	// ErrUnexpected covers any other non-2xx status and undecodable bodies.
	ErrUnexpected = errors.New("unexpected response")
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

	kind error
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	s := fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.StatusCode, msg)
	if len(e.FieldErrors) > 0 {
		s += " (" + e.FieldSummary() + ")"
	}
	return s
}

// Unwrap exposes the sentinel that classifies the status.
func (e *APIError) Unwrap() error { return e.kind }

// FieldSummary renders the per-field messages in a stable order.
func (e *APIError) FieldSummary() string {
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
// reset, timeout). The request may or may not have been applied.
type TransportError struct {
	Method string
	Path   string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

// Unwrap exposes both ErrTransport and the underlying cause.
func (e *TransportError) Unwrap() []error { return []error{ErrTransport, e.Err} }

// kindForStatus maps an HTTP status to its sentinel.
func kindForStatus(status int) error {
	switch {
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
