package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// afterLossTimeout bounds the requests that find out what a write whose
// answer was lost did. They run even when the operation's own context has
// ended (its time limit passed, or Terraform was interrupted): they are
// what keeps an object that was created out of sight from being left out of
// the state, and Terraform waits for them before it saves the state.
const afterLossTimeout = time.Minute

// abandonedSettle is how long to wait before looking for the object of a
// create whose request the provider abandoned (time limit or interrupt):
// the server may still be finishing that request.
const abandonedSettle = 500 * time.Millisecond

// mayHaveApplied reports whether a failed write may nonetheless have been
// applied on the server. 401, 403, 404, 409 and 422 are definite refusals:
// the client sends one Idempotency-Key for every attempt of a POST, so had
// an earlier attempt been applied, the server would have replayed its
// answer instead. Anything else (429 or 5xx after the retries, a network
// failure, the end of the operation's context, an unreadable answer) can
// follow an attempt that was applied but whose answer was lost.
func mayHaveApplied(err error) bool {
	if err == nil {
		return false
	}
	for _, refused := range []error{client.ErrUnauthorized, client.ErrForbidden, client.ErrNotFound, client.ErrConflict, client.ErrValidation} {
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

// lostCreate describes how to find out what a create that may have been
// applied left on the server, by the object's natural unique key.
type lostCreate[T any] struct {
	// summary is the diagnostics' summary, e.g. "Error Creating Contact".
	summary string
	// what names the planned object, e.g. "contact jane@acme.example".
	what string
	// kind is the object's noun, e.g. "contact".
	kind string
	// key is how find looks it up, e.g. `the email address "jane@acme.example"`.
	key string
	// importHint says how to import what find would find.
	importHint string
	// find looks the object up by its natural key: client.ErrNotFound when
	// the server holds none.
	find func(context.Context) (*T, error)
	// differs says how a found object differs from the planned one: ""
	// when it is what this create would have made.
	differs func(*T) string
}

// reconcileCreate decides what a create that failed with err, an error for
// which mayHaveApplied holds, left behind. When the server holds the
// planned object, it returns it to be adopted into the state and adds a
// warning that says so; otherwise it returns nil and adds an error that
// says whether anything was created and what the next apply does.
func reconcileCreate[T any](ctx context.Context, diags *diag.Diagnostics, err error, lc lostCreate[T]) *T {
	lookupCtx, cancel := afterLoss(ctx)
	defer cancel()
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		// The provider gave up on a request the server may still be
		// working on: give the server a moment to finish it.
		select {
		case <-time.After(abandonedSettle):
		case <-lookupCtx.Done():
		}
	}
	found, lookupErr := lc.find(lookupCtx)
	detail := apiErrorDetail(lc.what, err)
	switch {
	case errors.Is(lookupErr, client.ErrNotFound):
		diags.AddError(lc.summary, fmt.Sprintf("%s\n\nNothing was created: the server holds no %s with %s (checked after the failure). The next apply creates it again.",
			detail, lc.kind, lc.key))
		return nil
	case lookupErr != nil:
		diags.AddError(lc.summary, fmt.Sprintf("%s\n\nThe %s may have been created anyway, and looking it up by %s to find out failed too: %s\n\n"+
			"Before applying again, check the server for a %s with %s. If there is one, import it (%s); otherwise the next apply creates it.",
			detail, lc.kind, lc.key, lookupErr, lc.kind, lc.key, lc.importHint))
		return nil
	}
	if why := lc.differs(found); why != "" {
		diags.AddError(lc.summary, fmt.Sprintf("%s\n\nThe server now holds a %s with %s, but not the one this configuration plans: %s. "+
			"It was not adopted, because someone else may have created it. Import it (%s) if it is meant to be managed here, or change the configuration.",
			detail, lc.kind, lc.key, why, lc.importHint))
		return nil
	}
	tflog.Warn(ctx, "adopted an object after its create answer was lost", map[string]any{"kind": lc.kind, "error": err.Error()})
	diags.AddWarning(fmt.Sprintf("Adopted %s After Lost Response", titleWord(lc.kind)),
		fmt.Sprintf("The answer to creating %s was lost (%s), but the server holds a %s with %s that matches the configuration, most likely created by that very request. "+
			"It was adopted into the state instead of being created a second time; nothing needs to be done.", lc.what, err, lc.kind, lc.key))
	return found
}

// titleWord capitalises the words of a noun such as "portal user".
func titleWord(s string) string {
	b := []byte(s)
	for i := range b {
		if (i == 0 || b[i-1] == ' ') && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}
