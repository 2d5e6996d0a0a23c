// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Default time limits of the resource operations. A limit bounds the whole
// operation, every attempt, retry and backoff of every request in it
// included, so that a struggling server cannot hold an apply forever.
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
)

// timeoutsAttribute is the `timeouts` attribute of every resource. It is the
// attribute form (timeouts = { create = "20m" }), which the framework's
// nested attributes support, rather than the SDK-era block.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	const units = ` A [Go duration](https://pkg.go.dev/time#ParseDuration) such as "30s" or "20m".`
	attr := timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Read: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("Time limit for creating the object, retries included (default %s).", defaultCreateTimeout) + units,
		ReadDescription:   fmt.Sprintf("Time limit for reading the object during refresh and plan, retries included (default %s).", defaultReadTimeout) + units,
		UpdateDescription: fmt.Sprintf("Time limit for an in-place update, retries included (default %s).", defaultUpdateTimeout) + units,
		DeleteDescription: fmt.Sprintf("Time limit for destroying the object, retries included (default %s). Applies only once the setting has been saved to the state by an apply.", defaultDeleteTimeout) + units,
	})
	nested, ok := attr.(schema.SingleNestedAttribute)
	if !ok {
		return attr
	}
	nested.MarkdownDescription = "Time limits for the operations on this resource. Each bounds the whole operation, including every retry " +
		"of a request that failed with a rate limit, a server error or a network error, so lowering a limit makes an apply give up sooner. " +
		"A create that reaches its limit is settled like any other lost answer: see the resource description."
	return nested
}

// operationTimeoutError is the cause of an operation context that ran out
// of time: it names the operation and its limit for the diagnostic.
type operationTimeoutError struct {
	op    string
	limit time.Duration
}

func (e *operationTimeoutError) Error() string {
	return fmt.Sprintf("the %s did not finish within its time limit of %s", e.op, e.limit)
}

// withTimeout bounds one resource operation (op is create, read, update or
// delete) by the limit that limitOf reads from the timeouts attribute, or
// def when none is set. Defer the returned function: it releases the
// context and, when the operation failed because it ran out of time or
// because Terraform was interrupted, adds a diagnostic that says so.
func withTimeout(ctx context.Context, diags *diag.Diagnostics, op string, limitOf func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration) (context.Context, func()) {
	limit, d := limitOf(ctx, def)
	diags.Append(d...)
	if limit <= 0 {
		// The attribute's validator accepts any Go duration, negative ones too.
		diags.AddWarning("Timeout Not Positive",
			fmt.Sprintf("Attribute timeouts.%s is %s, which leaves no time at all; the default of %s applies instead. Set a positive duration such as \"%s\".", op, limit, def, def))
		limit = def
	}
	opCtx, cancel := context.WithTimeoutCause(ctx, limit, &operationTimeoutError{op: op, limit: limit})
	return opCtx, func() {
		defer cancel()
		if !diags.HasError() || opCtx.Err() == nil {
			return
		}
		var timeout *operationTimeoutError
		switch cause := context.Cause(opCtx); {
		case errors.As(cause, &timeout):
			diags.AddError("Operation Timed Out",
				fmt.Sprintf("The %s did not finish within %s; the errors above show where it stopped. Retries of rate-limited or failed requests count against that limit. "+
					"Raise it in the resource, e.g. timeouts = { %s = \"%s\" }, or lower Terraform's -parallelism if the server is rate limiting. "+
					"The next plan starts from what the server holds.", op, limit, op, 2*limit))
		case ctx.Err() != nil:
			diags.AddError("Operation Interrupted",
				fmt.Sprintf("The %s was cancelled before it finished, because Terraform was interrupted. The next plan starts from what the server holds.", op))
		}
	}
}
