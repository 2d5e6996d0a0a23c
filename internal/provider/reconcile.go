// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// afterLossTimeout bounds the requests that find out what a write whose
// answer was lost did. They run even when the operation's own context has
// ended (its time limit passed, or Terraform was interrupted): they are
// what keeps an object that was created out of sight from being left out of
// the state, and Terraform waits for them before it saves the state.
const afterLossTimeout = time.Minute

// abandonedSettle is how long to wait before repeating a create whose
// request the provider abandoned (time limit or interrupt): the server may
// still be finishing that request.
const abandonedSettle = 500 * time.Millisecond

// mayHaveApplied reports whether a failed write may nonetheless have been
// applied on the server. 401, 403, 404, 409 and 422 are definite refusals:
// the client sends one Idempotency-Key for every attempt of a POST, so had
// an earlier attempt been applied, the server would have replayed its
// answer instead. A request that never reached the server did nothing.
// Anything else (429 or 5xx after the retries, a connection lost after the
// request was sent, the end of the operation's context, an unreadable
// answer) can follow an attempt that was applied but whose answer was lost.
func mayHaveApplied(err error) bool {
	if err == nil {
		return false
	}
	for _, refused := range []error{client.ErrUnauthorized, client.ErrForbidden, client.ErrNotFound, client.ErrConflict, client.ErrValidation, client.ErrNotSent, client.ErrRedirect, client.ErrWrongEndpoint} {
		if errors.Is(err, refused) {
			return false
		}
	}
	return true
}

// afterLoss returns a context for the requests that check what a lost
// write did: detached from the operation's context, with its own limit.
func afterLoss(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), afterLossTimeout)
}

// createCall describes one create request and how to settle its failure.
type createCall[T any] struct {
	// summary is the diagnostics' summary, e.g. "Error Creating Contact".
	summary string
	// what names the planned object, e.g. "contact jane@acme.example".
	what string
	// kind is the object's noun, e.g. "contact".
	kind string
	// resourceType is the Terraform type that manages it, for the import advice.
	resourceType string
	// key says how the object is unique, e.g. `the email address "jane@acme.example"`.
	key string
	// takenField is the API field whose 422 says that key is taken.
	takenField string
	// send makes the create request. Called again after a lost answer with
	// a context that carries the same Idempotency-Key, it makes the server
	// replay its answer to the first request if it acted on it.
	send func(context.Context) (*T, error)
	// find looks the object holding the key up, or returns client.ErrNotFound.
	find func(context.Context) (*T, error)
	// id is an object's id.
	id func(*T) int64
	// report adds a refusal that needs nothing more than its own message.
	report func(*diag.Diagnostics, error)
	// heldHere says how this run holds object id for another resource
	// instance (created it, or planned or read it for another instance),
	// or "" when it does not; nil means never.
	heldHere func(id int64) string
}

// create sends the request and returns the object made, or nil with an
// error in diags. An object is only ever returned when the server answered
// this very request (or replayed its answer to it): an object found by its
// key may be another writer's and is never adopted, but named, with the
// import that adopts it on purpose.
func create[T any](ctx context.Context, diags *diag.Diagnostics, cc createCall[T]) *T {
	ctx = client.WithIdempotencyKey(ctx, client.NewIdempotencyKey())
	obj, err := cc.send(ctx)
	switch {
	case err == nil:
		return obj
	case mayHaveApplied(err):
		return cc.settleLost(ctx, diags, err)
	case isTaken(err, cc.takenField) && cc.reportExisting(ctx, diags, cc.takenDetail(err), whyTakenNotOurs):
		return nil
	default:
		cc.report(diags, err)
		return nil
	}
}

// settleLost repeats a create that failed with err, an error for which
// mayHaveApplied holds, with its Idempotency-Key: the answer is the one
// the server gave the first request, or that of acting on it now.
func (cc createCall[T]) settleLost(ctx context.Context, diags *diag.Diagnostics, err error) *T {
	retryCtx, cancel := afterLoss(ctx)
	defer cancel()
	if contextEnded(err) != nil || errors.Is(err, client.ErrRequestTimeout) {
		// The provider gave up on a request the server may still be
		// working on: give the server a moment to finish it.
		select {
		case <-time.After(abandonedSettle):
		case <-retryCtx.Done():
		}
	}
	obj, repeatErr := cc.send(retryCtx)
	if repeatErr == nil {
		tflog.Info(ctx, "a lost create answer was settled by repeating the request with its Idempotency-Key",
			map[string]any{"kind": cc.kind, "error": err.Error()})
		if ended := contextEnded(err); ended != nil {
			// The repeat may have done the work only now: the object exists
			// and is recorded, later than the limit allowed.
			diags.AddWarning(fmt.Sprintf("%s Created After the Operation Ended", titleCase(cc.kind)),
				fmt.Sprintf("The create of %s %s before the Contacts API answered (%s). Repeating the request with its Idempotency-Key settled it: the %s exists on the server and is recorded in the state.",
					cc.what, endedHow(ended), err, cc.kind))
		}
		return obj
	}
	detail := apiErrorDetail(cc.what, err)
	repeated := fmt.Sprintf("Repeating the request with the same Idempotency-Key, so that the server would answer it as it answered the first, failed too: %s.", repeatErr)
	if isTaken(repeatErr, cc.takenField) && cc.reportExisting(retryCtx, diags, detail+"\n\n"+repeated, whyTakenNotOurs) {
		return nil
	}
	if !mayHaveApplied(repeatErr) {
		diags.AddError(cc.summary, fmt.Sprintf("%s\n\nNothing was created. %s The next apply creates the %s again.", detail, repeated, cc.kind))
		return nil
	}
	// The server cannot say what became of the request: what it holds
	// under the key tells what may have been created.
	switch found, findErr := cc.find(retryCtx); {
	case findErr == nil:
		cc.addExisting(diags, detail+"\n\n"+repeated, cc.id(found), whyMaybeOurs)
	case errors.Is(findErr, client.ErrNotFound):
		diags.AddError(cc.summary, fmt.Sprintf("%s\n\nNothing was created: the server holds no %s with %s (checked after the failure). The next apply creates it again.",
			detail, cc.kind, cc.key))
	default:
		diags.AddError(cc.summary, fmt.Sprintf("%s\n\nThe %s may have been created anyway. %s Looking it up by %s failed too: %s\n\n"+
			"Before applying again, check the server for a %s with %s. If there is one, import it (terraform import %s.<name> followed by its id); otherwise the next apply creates it.",
			detail, cc.kind, repeated, cc.key, findErr, cc.kind, cc.key, cc.resourceType))
	}
	return nil
}

// Why an object found under a create's key is not in the state, for reportExisting.
const (
	whyTakenNotOurs = "This run did not create it: it may be left over from an apply that was interrupted before it could record it, belong to another configuration, or be another resource's of this one."
	whyMaybeOurs    = "It may be the one this request created before its answer was lost, or another writer's: the server could not tell, so it was not adopted."
)

// reportExisting looks up the object that holds the key and adds the
// error that names it (addExisting); false when it cannot be found, and
// nothing was added.
func (cc createCall[T]) reportExisting(ctx context.Context, diags *diag.Diagnostics, detail, why string) bool {
	found, err := cc.find(ctx)
	if err != nil {
		return false
	}
	id := cc.id(found)
	if how := cc.heldBy(id); how != "" {
		diags.AddAttributeError(path.Root(cc.takenField), cc.summary, fmt.Sprintf("%s\n\n%s %d, which holds %s, is another resource's: %s. "+
			"The configuration declares the same %s twice; remove one of the two resources. Nothing was created.",
			detail, titleCase(cc.kind), id, cc.key, how, cc.kind))
		return true
	}
	cc.addExisting(diags, detail, id, why)
	return true
}

// heldBy is heldHere, or "" without it.
func (cc createCall[T]) heldBy(id int64) string {
	if cc.heldHere == nil {
		return ""
	}
	return cc.heldHere(id)
}

// addExisting adds an error naming object id, which holds the key, and
// the import that brings it under this configuration.
func (cc createCall[T]) addExisting(diags *diag.Diagnostics, detail string, id int64, why string) {
	diags.AddAttributeError(path.Root(cc.takenField), cc.summary, fmt.Sprintf("%s\n\nThe server already holds a %s with %s (id %d). %s "+
		"If this configuration should manage it and no resource of it does yet, import it and apply again:\n\n"+
		"  terraform import %s.<name> %d\n\n"+
		"or with an import block: import { to = %s.<name>, id = \"%d\" }. "+
		"If another resource of this configuration already manages %s %d (terraform state list and terraform state show tell), the configuration declares the same %s twice: remove one of the two resources. "+
		"Otherwise change the configuration.",
		detail, cc.kind, cc.key, id, why, cc.resourceType, id, cc.resourceType, id, cc.kind, id, cc.kind))
}

// takenDetail is the detail of a create refused because its key is taken:
// the API's own words for the field.
func (cc createCall[T]) takenDetail(err error) string {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return apiErrorDetail(cc.what, err)
	}
	return fmt.Sprintf("The Contacts API rejected %s: %s", cc.what, strings.Join(apiErr.FieldErrors[cc.takenField], " "))
}

// endedHow says how an operation's context ended, for a sentence.
func endedHow(ended error) string {
	if errors.Is(ended, context.Canceled) {
		return "was interrupted"
	}
	return "ran out of its time limit (timeouts)"
}

// isTaken reports a 422 with a message on field, the API's answer to a
// create whose unique key another object already holds.
func isTaken(err error, field string) bool {
	var apiErr *client.APIError
	if field == "" || !errors.Is(err, client.ErrValidation) || !errors.As(err, &apiErr) {
		return false
	}
	return len(apiErr.FieldErrors[field]) > 0
}
