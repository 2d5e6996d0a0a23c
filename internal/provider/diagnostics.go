// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// fieldPaths maps an API field name (as in a 422's errors) to the attribute
// that holds it. Fields with no attribute land on the resource as a whole.
type fieldPaths map[string]path.Path

// addAPIError turns a client error into diagnostics: field errors on their
// attributes, and a detail that says what to do for each kind of failure.
// summary is Title Case, e.g. "Error Creating Contact"; what names the object.
func addAPIError(diags *diag.Diagnostics, summary, what string, err error, fields fieldPaths) {
	var apiErr *client.APIError
	if !errors.Is(err, client.ErrValidation) || !errors.As(err, &apiErr) {
		diags.AddError(summary, apiErrorDetail(what, err))
		return
	}
	names := make([]string, 0, len(apiErr.FieldErrors))
	for f := range apiErr.FieldErrors {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		msg := strings.Join(apiErr.FieldErrors[f], " ")
		if p, ok := lookupField(fields, f); ok {
			diags.AddAttributeError(p, summary, fmt.Sprintf("The Contacts API rejected %s: %s", what, msg))
		} else {
			diags.AddError(summary, fmt.Sprintf("The Contacts API rejected %s: %s: %s", what, f, msg))
		}
	}
	if len(names) == 0 {
		diags.AddError(summary, fmt.Sprintf("The Contacts API rejected %s: %s", what, apiErr.Message))
	}
}

// apiErrorDetail explains a client error other than a 422 with field
// errors: what happened to what, and what to do about it. The end of the
// operation's context comes first, because the client joins it to the
// failure of the request it interrupted.
func apiErrorDetail(what string, err error) string {
	var apiErr *client.APIError
	message := err.Error()
	if errors.As(err, &apiErr) {
		message = apiErr.Message
	}
	switch ended := contextEnded(err); {
	case errors.Is(ended, context.DeadlineExceeded):
		return fmt.Sprintf("The work on %s ran out of time before the Contacts API answered: %s. The resource's timeouts setting limits each operation, retries included.", what, err)
	case errors.Is(ended, context.Canceled):
		return fmt.Sprintf("The work on %s was cancelled before the Contacts API answered (Terraform was interrupted): %s.", what, err)
	case errors.Is(err, client.ErrUnauthorized):
		return fmt.Sprintf("The Contacts API did not accept the API key while working on %s (401). Check api_key in the provider block or the %s environment variable.", what, envAPIKey)
	case errors.Is(err, client.ErrForbidden):
		return fmt.Sprintf("The API key may not change %s (403): it is a read-only key. Use a key with write scope in api_key or %s.", what, envAPIKey)
	case errors.Is(err, client.ErrWrongEndpoint):
		return fmt.Sprintf("The answer for %s did not come from the Contacts API, so it says nothing about the object: %s. Check endpoint in the provider block or %s, and any proxy in front of the API. Nothing in the state was changed.", what, err, envEndpoint)
	case errors.Is(err, client.ErrRedirect):
		return fmt.Sprintf("%s. The provider follows no redirect, since its requests carry the API key and passwords: set endpoint (or %s) to the address the API really answers on.", capitalize(err.Error()), envEndpoint)
	case errors.Is(err, client.ErrNotFound):
		return fmt.Sprintf("The Contacts API does not know %s (404: %s). It was probably deleted outside Terraform; run terraform apply again so that the next plan starts from what the server holds.", what, message)
	case errors.Is(err, client.ErrConflict):
		return fmt.Sprintf("The Contacts API refused the change to %s because of the state it is in (409): %s", what, message)
	case errors.Is(err, client.ErrValidation):
		return fmt.Sprintf("The Contacts API rejected %s (422): %s", what, message)
	case errors.Is(err, client.ErrRateLimited):
		return fmt.Sprintf("The Contacts API kept answering 429 Too Many Attempts for %s. Lower Terraform's -parallelism, set max_requests_per_second below the server's limit, or raise max_retries. Details: %s", what, err)
	case errors.Is(err, client.ErrServer):
		return fmt.Sprintf("The Contacts API failed with a server error for %s: %s. Retry the apply; if it persists, the server's operators need to look at it.", what, err)
	case errors.Is(err, client.ErrRequestTimeout):
		return fmt.Sprintf("The Contacts API sent no complete answer for %s within the provider's request_timeout: %s. Raise request_timeout (or %s) if the server is slow, or check the network.", what, err, envRequestTimeout)
	case errors.Is(err, client.ErrNotSent):
		return fmt.Sprintf("Could not reach the Contacts API for %s: %s. The request never reached the server, so nothing changed there. Check endpoint and the network.", what, err)
	case errors.Is(err, client.ErrTransport):
		return fmt.Sprintf("The connection to the Contacts API failed for %s: %s. Check endpoint and the network; the next plan shows what the server holds.", what, err)
	default:
		return fmt.Sprintf("Unexpected answer from the Contacts API for %s: %s", what, err)
	}
}

// contextEnded returns the context error that ended the operation when the
// client reports one: it joins ctx.Err() to the failure of the request that
// the end of the context interrupted. A request's own time limit
// (request_timeout) is not one: the client reports that as a transport
// error of its own, which may wrap context.DeadlineExceeded deeper down.
func contextEnded(err error) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || isClientError(err) {
		return nil
	}
	for _, e := range joined.Unwrap() {
		if e == context.DeadlineExceeded || e == context.Canceled { //nolint:errorlint // only the context's own error, not one wrapped by a request
			return e
		}
	}
	return nil
}

// isClientError reports an error the client made for one request (as
// opposed to the join of such an error with the context's end).
func isClientError(err error) bool {
	switch err.(type) { //nolint:errorlint // the error itself, not what it wraps
	case *client.APIError, *client.TransportError, *client.RedirectError:
		return true
	}
	return false
}

// lookupField finds the attribute for an API field, also for indexed fields
// such as roles.0.reference, which land on their list's attribute.
func lookupField(fields fieldPaths, name string) (path.Path, bool) {
	if p, ok := fields[name]; ok {
		return p, true
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		p, ok := fields[name[:i]]
		return p, ok
	}
	return path.Empty(), false
}
