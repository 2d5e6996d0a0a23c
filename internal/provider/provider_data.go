// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// providerData is what the provider's Configure hands to every resource and
// data source: the API client, and what the process shares between
// resource instances. Each configured provider (one per provider block or
// alias, in each plan or apply) has its own, so nothing is shared at package
// level and one block's records never leak into another's.
type providerData struct {
	client *client.Client
	// fresh lets the portal user plan skip asking about contacts that
	// this process created.
	fresh freshContacts
	// walk fills in what Terraform does not tell a plan about the other
	// portal user instances.
	walk portalUserWalk
}

func newProviderData(c *client.Client) *providerData {
	return &providerData{client: c}
}

// apiClient returns the client, or nil before the provider is configured.
func (d *providerData) apiClient() *client.Client {
	if d == nil {
		return nil
	}
	return d.client
}

// providerDataFrom is the Configure of every resource and data source: it
// takes the data that the provider's Configure handed out. Nil data gives
// nil without an error, because the framework also calls Configure before
// the provider itself is configured (validation, early plans); Read and the
// others run only once it is.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	d, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected the provider's configured data (*providerData), got %T. This is a bug in the provider; please report it.", data))
	}
	return d
}
