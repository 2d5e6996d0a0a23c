// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

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
	"time"

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

// reconcileRequestTimeoutErr is the client's own error for an attempt
// that ran out of request_timeout: the server took the request and sent no
// answer in time, so it may have acted on it. Only the client can make it
// (the limit it reports is unexported).
func reconcileRequestTimeoutErr(t *testing.T) error {
	t.Helper()
	stall := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		// Read the body: only then does the server notice the client go.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(stall.Close)
	c, err := client.New(client.Config{Endpoint: stall.URL, APIKey: "k", RequestTimeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateContact(context.Background(), client.ContactCreateRequest{FirstName: "Jane", LastName: "Doe", Email: "jane@acme.example", ClientID: 1})
	if !errors.Is(err, client.ErrRequestTimeout) || errors.Is(err, client.ErrNotSent) {
		t.Fatalf("a stalled create failed with %v, want the client's request time limit error", err)
	}
	return err
}

func TestMayHaveApplied(t *testing.T) {
	t.Parallel()
	requestTimedOut := reconcileRequestTimeoutErr(t)
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
		"request_timeout reached":   {requestTimedOut, true},
		"operation timed out":       {reconcileTimedOutErr, true},
		"interrupted":               {reconcileCanceledErr, true},
		"undecodable 2xx":           {fmt.Errorf("x: %w", client.ErrUnexpected), true},
		"never sent":                {&client.TransportError{Method: "POST", Path: "/api/contacts", Err: fmt.Errorf("dial: %w", client.ErrNotSent)}, false},
		"redirected":                {fmt.Errorf("x: %w", client.ErrRedirect), false},
		"not the Contacts API":      {fmt.Errorf("x: %w", client.ErrWrongEndpoint), false},
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

// errReconcileTaken is the API's answer to a create whose email another
// contact holds.
var errReconcileTaken = fmt.Errorf("%w: %w", &client.APIError{
	Method: "POST", Path: "/api/contacts", StatusCode: 422, Message: "The given data was invalid.",
	FieldErrors: map[string][]string{"email": {"The email has already been taken."}},
}, client.ErrValidation)

// errReconcilePhone is a create refused for its phone, not its key.
var errReconcilePhone = fmt.Errorf("%w: %w", &client.APIError{
	Method: "POST", Path: "/api/contacts", StatusCode: 422, Message: "The given data was invalid.",
	FieldErrors: map[string][]string{"phone": {"The phone format is invalid."}},
}, client.ErrValidation)

func TestCreate(t *testing.T) {
	t.Parallel()
	made := &client.Contact{ID: 45, Email: "jane@acme.example"}
	requestTimedOut := reconcileRequestTimeoutErr(t)
	notFound := fmt.Errorf("GET /api/contacts: %w", client.ErrNotFound)
	notSent := &client.TransportError{Method: "POST", Path: "/api/contacts", Err: fmt.Errorf("dial tcp: connection refused: %w", client.ErrNotSent)}
	type answer struct {
		obj *client.Contact
		err error
	}
	tests := map[string]struct {
		// answers are what the create's sends return, in order.
		answers []answer
		foundID int64
		findErr error
		// heldHere is what the create's heldHere says of foundID.
		heldHere string
		// canceled ends the create's context first: the repeat must still run.
		canceled bool

		wantCreated bool
		// wantWarning is the summary of the one warning a create that
		// worked may carry.
		wantWarning string
		wantSends   int
		wantReports int
		// wantDetail is what the error (or the warning) says, wantNot what it must not.
		wantDetail []string
		wantNot    []string
		// wantOnEmail: the error names the contact holding the email, on email.
		wantOnEmail bool
		// wantSettle: the first request was abandoned, so the repeat waits
		// for the server to finish it.
		wantSettle bool
	}{
		"created": {
			answers: []answer{{obj: made}}, wantCreated: true, wantSends: 1,
		},
		"answer lost, the repeat replays it": {
			answers: []answer{{err: reconcileDroppedErr}, {obj: made}}, wantCreated: true, wantSends: 2,
		},
		"request_timeout reached, the repeat replays it": {
			answers: []answer{{err: requestTimedOut}, {obj: made}}, wantCreated: true, wantSends: 2, wantSettle: true,
		},
		"interrupted, the repeat runs although the context ended": {
			answers: []answer{{err: reconcileCanceledErr}, {obj: made}}, canceled: true, wantCreated: true, wantSends: 2, wantSettle: true,
			wantWarning: "Contact Created After the Operation Ended", wantDetail: []string{"The create of contact jane@acme.example was interrupted before the Contacts API answered"},
		},
		"out of time, the repeat settles it": {
			answers: []answer{{err: reconcileTimedOutErr}, {obj: made}}, wantCreated: true, wantSends: 2, wantSettle: true,
			wantWarning: "Contact Created After the Operation Ended", wantDetail: []string{"The create of contact jane@acme.example ran out of its time limit (timeouts) before the Contacts API answered"},
		},
		"server error, the repeat finds the key taken: another writer's, not adopted": {
			answers: []answer{{err: errReconcileServer}, {err: errReconcileTaken}}, foundID: 77, wantSends: 2,
			wantDetail: []string{"server error for contact jane@acme.example", "already been taken",
				`already holds a contact with the email address "jane@acme.example" (id 77)`, "This run did not create it",
				"terraform import contacts_contact.<name> 77", `id = "77"`},
			wantOnEmail: true,
		},
		"the repeat is refused otherwise: nothing was created": {
			answers: []answer{{err: errReconcileThrottled}, {err: fmt.Errorf("POST /api/contacts: 404 The selected clientid is invalid.: %w", client.ErrValidation)}},
			findErr: notFound, wantSends: 2,
			wantDetail: []string{"429 Too Many Attempts", "-parallelism", "Nothing was created", "The next apply creates the contact again."},
		},
		"the repeat fails too, the key is free: nothing was created": {
			answers: []answer{{err: errReconcileServer}, {err: errReconcileServer}}, findErr: notFound, wantSends: 2,
			wantDetail: []string{"server error for contact jane@acme.example", "Nothing was created", `no contact with the email address "jane@acme.example"`, "The next apply creates it again."},
		},
		"the repeat fails too, the key is held: named, not adopted": {
			answers: []answer{{err: errReconcileServer}, {err: errReconcileServer}}, foundID: 51, wantSends: 2,
			wantDetail:  []string{`already holds a contact with the email address "jane@acme.example" (id 51)`, "could not tell, so it was not adopted", "terraform import contacts_contact.<name> 51"},
			wantOnEmail: true,
		},
		"the repeat and the lookup fail: cannot tell": {
			answers: []answer{{err: reconcileDroppedErr}, {err: fmt.Errorf("POST /api/contacts: 503: %w", client.ErrServer)}},
			findErr: fmt.Errorf("GET /api/contacts: 503: %w", client.ErrServer), wantSends: 2,
			wantDetail: []string{"may have been created anyway", "failed too", "503",
				`check the server for a contact with the email address "jane@acme.example"`, "terraform import contacts_contact.<name>"},
		},
		"taken at once: the existing contact and its import": {
			answers: []answer{{err: errReconcileTaken}}, foundID: 34, wantSends: 1,
			wantDetail: []string{`already holds a contact with the email address "jane@acme.example" (id 34)`, "interrupted", "terraform import contacts_contact.<name> 34",
				"If another resource of this configuration already manages contact 34", "declares the same contact twice"},
			wantOnEmail: true,
		},
		"taken by a contact this run holds for another resource: declared twice, no import": {
			answers: []answer{{err: errReconcileTaken}}, foundID: 31, heldHere: "this run created it for another contacts_contact resource", wantSends: 1,
			wantDetail: []string{"already been taken", `Contact 31, which holds the email address "jane@acme.example", is another resource's: this run created it for another contacts_contact resource.`,
				"The configuration declares the same contact twice; remove one of the two resources. Nothing was created."},
			wantNot: []string{"import", "not in this"},
		},
		"refused on another field while the email is held: the API's own message": {
			answers: []answer{{err: errReconcilePhone}}, foundID: 34, wantSends: 1, wantReports: 1,
		},
		"the repeat is refused on another field while the email is held: nothing was created": {
			answers: []answer{{err: errReconcileServer}, {err: errReconcilePhone}}, foundID: 34, wantSends: 2,
			wantDetail: []string{"Nothing was created", "The next apply creates the contact again."},
		},
		"taken by something that is no contact: the API's own message": {
			answers: []answer{{err: errReconcileTaken}}, findErr: notFound, wantSends: 1, wantReports: 1,
		},
		"refused: the API's own message": {
			answers: []answer{{err: fmt.Errorf("x: %w", client.ErrForbidden)}}, wantSends: 1, wantReports: 1,
		},
		"never sent: not repeated": {
			answers: []answer{{err: notSent}}, wantSends: 1, wantReports: 1,
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
			sends, reports := 0, 0
			var sent []time.Time
			got := create(ctx, &diags, createCall[client.Contact]{
				summary:      "Error Creating Contact",
				what:         "contact jane@acme.example",
				kind:         "contact",
				resourceType: "contacts_contact",
				key:          `the email address "jane@acme.example"`,
				takenField:   "email",
				send: func(ctx context.Context) (*client.Contact, error) {
					sends++
					sent = append(sent, time.Now())
					if sends > 1 {
						if err := ctx.Err(); err != nil {
							return nil, fmt.Errorf("the repeat ran on an ended context: %w", err)
						}
					}
					if sends > len(tc.answers) {
						return nil, errors.New("sent more often than the test expects")
					}
					a := tc.answers[sends-1]
					return a.obj, a.err
				},
				find: func(context.Context) (*client.Contact, error) {
					if tc.findErr != nil {
						return nil, tc.findErr
					}
					return &client.Contact{ID: tc.foundID}, nil
				},
				id: func(c *client.Contact) int64 { return c.ID },
				heldHere: func(id int64) string {
					if id == tc.foundID {
						return tc.heldHere
					}
					return ""
				},
				report: func(diags *diag.Diagnostics, err error) {
					reports++
					diags.AddError("Error Creating Contact", err.Error())
				},
			})

			if sends != tc.wantSends || reports != tc.wantReports {
				t.Errorf("sent %d times and reported %d times, want %d and %d", sends, reports, tc.wantSends, tc.wantReports)
			}
			if tc.wantSettle && len(sent) == 2 && sent[1].Sub(sent[0]) < abandonedSettle {
				t.Errorf("the repeat followed the abandoned request after %s, want at least %s", sent[1].Sub(sent[0]), abandonedSettle)
			}
			if (got != nil) != tc.wantCreated {
				t.Fatalf("created = %v, want %v (diagnostics %v)", got != nil, tc.wantCreated, diags)
			}
			switch {
			case tc.wantCreated && tc.wantWarning == "":
				if len(diags) != 0 {
					t.Errorf("diagnostics for a create that worked: %v", diags)
				}
				return
			case tc.wantCreated:
				if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning || diags[0].Summary() != tc.wantWarning {
					t.Fatalf("want one warning %q, got %v", tc.wantWarning, diags)
				}
			case len(diags) != 1 || diags[0].Severity() != diag.SeverityError || diags[0].Summary() != "Error Creating Contact":
				t.Fatalf("want exactly one error Error Creating Contact, got %v", diags)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail does not say %q:\n%s", want, diags[0].Detail())
				}
			}
			for _, not := range tc.wantNot {
				if strings.Contains(diags[0].Detail(), not) {
					t.Errorf("detail says %q:\n%s", not, diags[0].Detail())
				}
			}
			if p := diagPath(diags[0]); tc.wantOnEmail && p != "email" {
				t.Errorf("the error naming the contact that holds the email is on %s, want email", p)
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
