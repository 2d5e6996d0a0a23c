// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// checkEndpoint makes the provider process's one request before any
// resource is read or written: a wrong endpoint, a refused key or an
// unreachable host then fails the plan once, on the setting at fault,
// instead of once per resource halfway through an apply — and a wrong
// endpoint's 404s are never mistaken for objects deleted outside Terraform.
func checkEndpoint(ctx context.Context, c *client.Client, endpoint string, diags *diag.Diagnostics) {
	err := c.CheckEndpoint(ctx)
	if err == nil || errors.Is(err, client.ErrRateLimited) {
		// The API counts requests only once it has accepted the key, so a
		// 429 is the Contacts API's answer to a good key: the requests
		// that follow wait for the limit as every request does.
		return
	}
	unchanged := " Nothing was read or changed."
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		// The check's own budget ended it, not Terraform.
		unchanged = fmt.Sprintf(" The check gives up after request_timeout plus max_wait (%s).", c.CheckBudget()) + unchanged
	}
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		diags.AddAttributeError(path.Root("api_key"), "Contacts API Key Not Accepted",
			fmt.Sprintf("The Contacts API at %s did not accept the API key (401). Check api_key in the provider block or the %s environment variable.%s", endpoint, envAPIKey, unchanged))
	case errors.Is(err, client.ErrRedirect):
		diags.AddAttributeError(path.Root("endpoint"), "Contacts API Endpoint Redirects",
			fmt.Sprintf("%s. The provider follows no redirect, since its requests carry the API key and passwords. Set endpoint (or %s) to the address the API really answers on.%s", capitalize(err.Error()), envEndpoint, unchanged))
	case errors.Is(err, client.ErrWrongEndpoint):
		diags.AddAttributeError(path.Root("endpoint"), "Contacts API Not Found at Endpoint",
			fmt.Sprintf("The answer from %s did not come from the Contacts API: %s. Check endpoint in the provider block or %s, and any proxy in front of the API.%s",
				endpoint, err, envEndpoint, unchanged))
	case errors.Is(err, client.ErrTransport):
		diags.AddAttributeError(path.Root("endpoint"), "Contacts API Unreachable",
			fmt.Sprintf("Could not reach the Contacts API at %s: %s. Check endpoint in the provider block or %s, and the network.%s", endpoint, err, envEndpoint, unchanged))
	default:
		diags.AddAttributeError(path.Root("endpoint"), "Contacts API Check Failed",
			fmt.Sprintf("The first request to the Contacts API at %s failed: %s. Try again; if it persists, check endpoint (or %s) and the server.%s", endpoint, err, envEndpoint, unchanged))
	}
}
