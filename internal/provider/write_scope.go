// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// writeScope learns, at most once per configured provider, whether its API
// key can write, and makes sure the warning about a key that cannot is
// given once. A read-only key plans without error (plans only read), so
// without it a plan of changes passes review and its apply fails with 403.
type writeScope struct {
	check    sync.Once
	readOnly bool // set by check
	warned   atomic.Bool
}

// writeScopeCheckLimit bounds the scope check: it only decides a warning,
// so a slow answer is not worth holding the plan for.
const writeScopeCheckLimit = 30 * time.Second

// warnReadOnlyKey warns on the first planned change of this provider whose
// API key has only the read scope. A plan that changes nothing neither
// asks nor warns: a read-only key is the right key for it (a review
// pipeline's plan, terraform query). The framework lets a resource's plan
// add no diagnostic on the provider's api_key, so the warning names it.
func (d *providerData) warnReadOnlyKey(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	if req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	d.warnReadOnlyKeyForWrite(ctx, diags)
}

// warnReadOnlyKeyForWrite is warnReadOnlyKey for a plan known to write: a
// planned change, or an action that Terraform will invoke.
func (d *providerData) warnReadOnlyKeyForWrite(ctx context.Context, diags *diag.Diagnostics) {
	if d == nil || d.client == nil || d.scope.warned.Load() {
		return
	}
	d.scope.check.Do(func() {
		ctx, cancel := context.WithTimeout(ctx, writeScopeCheckLimit)
		defer cancel()
		canWrite, err := d.client.KeyCanWrite(ctx)
		if err != nil {
			// The apply reports whatever is wrong with the key or the API.
			tflog.Debug(ctx, "could not tell the API key's scope", map[string]any{"error": err.Error()})
			return
		}
		d.scope.readOnly = !canWrite
	})
	if !d.scope.readOnly || !d.scope.warned.CompareAndSwap(false, true) {
		return
	}
	diags.AddWarning("API Key Cannot Apply This Plan",
		"The API key in the provider's api_key (or the "+envAPIKey+" environment variable) has only the read scope: the Contacts API refuses "+
			"every change made with it (403). This plan is fine for review, but applying it needs an API key with write scope: "+
			"set api_key or "+envAPIKey+" to such a key where the apply runs. A read-only key is the right key for plans that change nothing "+
			"and for terraform query, which get no warning.")
}
