package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// Errors shaped like the client's: sentinels wrapped by the request that
// failed, and the client's join of a failure with the end of the context.
var (
	errReconcileServer    = fmt.Errorf("POST /api/contacts: 500 Server Error: %w", client.ErrServer)
	errReconcileThrottled = fmt.Errorf("POST /api/contacts: 429 Too Many Attempts.: %w", client.ErrRateLimited)
	reconcileDroppedErr   = &client.TransportError{Method: "POST", Path: "/api/contacts", Err: errors.New("EOF")}
	reconcileAttemptErr   = &client.TransportError{Method: "POST", Path: "/api/contacts", Err: &url.Error{Op: "Post", URL: "http://127.0.0.1/api/contacts", Err: context.DeadlineExceeded}}
	reconcileTimedOutErr  = errors.Join(reconcileDroppedErr, context.DeadlineExceeded)
	reconcileCanceledErr  = errors.Join(reconcileDroppedErr, context.Canceled)
)

func TestMayHaveApplied(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		err  error
		want bool
	}{
		"success":                   {nil, false},
		"401":                       {fmt.Errorf("x: %w", client.ErrUnauthorized), false},
		"403":                       {fmt.Errorf("x: %w", client.ErrForbidden), false},
		"404":                       {fmt.Errorf("x: %w", client.ErrNotFound), false},
		"409":                       {fmt.Errorf("x: %w", client.ErrConflict), false},
		"422":                       {fmt.Errorf("x: %w", client.ErrValidation), false},
		"429 after retries":         {errReconcileThrottled, true},
		"5xx after retries":         {errReconcileServer, true},
		"connection dropped":        {reconcileDroppedErr, true},
		"attempt timed out":         {reconcileAttemptErr, true},
		"operation timed out":       {reconcileTimedOutErr, true},
		"interrupted":               {reconcileCanceledErr, true},
		"undecodable 2xx":           {fmt.Errorf("x: %w", client.ErrUnexpected), true},
		"refusal joined to the end": {errors.Join(fmt.Errorf("x: %w", client.ErrValidation), context.Canceled), false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := mayHaveApplied(tc.err); got != tc.want {
				t.Errorf("mayHaveApplied(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func TestReconcileCreate(t *testing.T) {
	t.Parallel()
	planned := &client.Contact{ID: 45, Email: "jane@acme.example"}
	tests := map[string]struct {
		err     error
		found   *client.Contact
		findErr error
		differs string
		// canceled runs the create's context to its end first: the lookup
		// must still run.
		canceled bool

		wantAdopt   bool
		wantSummary string
		wantDetail  []string
	}{
		"found and matching: adopted": {
			err: reconcileDroppedErr, found: planned, wantAdopt: true,
			wantSummary: "Adopted Contact After Lost Response",
			wantDetail:  []string{"answer to creating contact jane@acme.example was lost", "EOF", `the email address "jane@acme.example"`, "adopted into the state instead of being created a second time"},
		},
		"interrupted, found: adopted although the context ended": {
			err: reconcileCanceledErr, found: planned, canceled: true, wantAdopt: true,
			wantSummary: "Adopted Contact After Lost Response",
		},
		"not found: nothing was created": {
			err: errReconcileServer, findErr: fmt.Errorf("GET /api/contacts: %w", client.ErrNotFound),
			wantSummary: "Error Creating Contact",
			wantDetail:  []string{"server error for contact jane@acme.example", "Nothing was created", `no contact with the email address "jane@acme.example"`, "The next apply creates it again."},
		},
		"rate limited, not found: says both": {
			err: errReconcileThrottled, findErr: fmt.Errorf("GET /api/contacts: %w", client.ErrNotFound),
			wantSummary: "Error Creating Contact",
			wantDetail:  []string{"429 Too Many Attempts", "-parallelism", "max_requests_per_second", "Nothing was created"},
		},
		"timed out, not found": {
			err: reconcileTimedOutErr, findErr: fmt.Errorf("GET /api/contacts: %w", client.ErrNotFound), canceled: true,
			wantSummary: "Error Creating Contact",
			wantDetail:  []string{"ran out of time", "timeouts", "Nothing was created"},
		},
		"found but different: conflict, not adopted": {
			err: errReconcileServer, found: planned, differs: "it belongs to client 7, not 12",
			wantSummary: "Error Creating Contact",
			wantDetail:  []string{"not the one this configuration plans: it belongs to client 7, not 12", "It was not adopted", "terraform import contacts_contact.<name> jane@acme.example"},
		},
		"lookup failed: cannot tell": {
			err: reconcileDroppedErr, findErr: fmt.Errorf("GET /api/contacts: 503: %w", client.ErrServer),
			wantSummary: "Error Creating Contact",
			wantDetail:  []string{"Could not reach the Contacts API", "may have been created anyway", "failed too", "503", "check the server for a contact with the email address", "terraform import contacts_contact.<name> jane@acme.example"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.canceled {
				cancel()
			}
			var diags diag.Diagnostics
			lookups := 0
			got := reconcileCreate(ctx, &diags, tc.err, lostCreate[client.Contact]{
				summary:    "Error Creating Contact",
				what:       "contact jane@acme.example",
				kind:       "contact",
				key:        `the email address "jane@acme.example"`,
				importHint: "terraform import contacts_contact.<name> jane@acme.example",
				find: func(ctx context.Context) (*client.Contact, error) {
					lookups++
					if err := ctx.Err(); err != nil {
						return nil, fmt.Errorf("lookup ran on an ended context: %w", err)
					}
					return tc.found, tc.findErr
				},
				differs: func(*client.Contact) string { return tc.differs },
			})

			if lookups != 1 {
				t.Errorf("looked up %d times, want once", lookups)
			}
			if (got != nil) != tc.wantAdopt {
				t.Fatalf("adopted = %v, want %v (diagnostics %v)", got != nil, tc.wantAdopt, diags)
			}
			if len(diags) != 1 {
				t.Fatalf("want exactly one diagnostic, got %v", diags)
			}
			d := diags[0]
			if wantSeverity := map[bool]diag.Severity{true: diag.SeverityWarning, false: diag.SeverityError}[tc.wantAdopt]; d.Severity() != wantSeverity {
				t.Errorf("severity %v, want %v", d.Severity(), wantSeverity)
			}
			if d.Summary() != tc.wantSummary {
				t.Errorf("summary %q, want %q", d.Summary(), tc.wantSummary)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("detail does not say %q:\n%s", want, d.Detail())
				}
			}
		})
	}
}

func TestAPIErrorDetailContextEnd(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		err  error
		want string
	}{
		// A single attempt's request_timeout is a network failure that the
		// client retries, not the end of the operation.
		"attempt timed out":   {reconcileAttemptErr, "Could not reach the Contacts API"},
		"operation timed out": {reconcileTimedOutErr, "ran out of time"},
		"retry wait cut off":  {errors.Join(errReconcileServer, context.DeadlineExceeded), "ran out of time"},
		"interrupted":         {reconcileCanceledErr, "was cancelled"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := apiErrorDetail("contact jane@acme.example", tc.err); !strings.Contains(got, tc.want) {
				t.Errorf("apiErrorDetail = %q, want it to say %q", got, tc.want)
			}
		})
	}
}
