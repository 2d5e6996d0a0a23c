package provider

import (
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
	switch {
	case errors.Is(err, client.ErrValidation) && errors.As(err, &apiErr):
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
	case errors.Is(err, client.ErrUnauthorized):
		diags.AddError(summary, fmt.Sprintf("The Contacts API did not accept the API key while working on %s (401). Check api_key in the provider block or the %s environment variable.", what, envAPIKey))
	case errors.Is(err, client.ErrForbidden):
		diags.AddError(summary, fmt.Sprintf("The API key may not change %s (403): it is a read-only key. Use a key with write scope in api_key or %s.", what, envAPIKey))
	case errors.Is(err, client.ErrRateLimited):
		diags.AddError(summary, fmt.Sprintf("The Contacts API kept answering 429 Too Many Attempts for %s after every retry. Lower Terraform's -parallelism, set max_requests_per_second below the server's limit, or raise max_retries. Details: %s", what, err))
	case errors.Is(err, client.ErrServer):
		diags.AddError(summary, fmt.Sprintf("The Contacts API failed with a server error for %s: %s. Retry the apply; if it persists, the server's operators need to look at it.", what, err))
	case errors.Is(err, client.ErrTransport):
		diags.AddError(summary, fmt.Sprintf("Could not reach the Contacts API for %s: %s. Check endpoint and the network; the next plan shows what the server holds.", what, err))
	default:
		diags.AddError(summary, fmt.Sprintf("%s: %s", what, err))
	}
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
