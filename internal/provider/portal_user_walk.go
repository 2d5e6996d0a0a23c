// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"sync"
)

// portalUserWalk records what one walk (plan or apply) of one configured
// provider sees, because Terraform tells a provider nothing about the
// other resource instances of a plan, nor whether a prior object is tainted
// (the replacement of a tainted object is planned as a plain create). It
// fills the gap for the one-login-per-contact check:
//
//   - read: portal users that some state holds (Read ran for them);
//   - kept: portal users that a resource instance plans to update, keep or
//     destroy, which a tainted object never does.
//
// A contact's existing user that was read but is kept by no instance is the
// tainted object being replaced, so its replacement is no duplicate; a
// second login declared for one contact is (plannedClaims finds those). Instances are planned concurrently, but
// Terraform plans each instance right after refreshing it, so a create plan
// that finds the user read and not yet kept waits briefly (walkWait) for
// the plan that keeps it. A duplicate that still slips through (a machine
// so loaded that a plan lags its refresh by longer) is refused by the API
// at apply, with one error.
type portalUserWalk struct {
	read, kept sync.Map // id → struct{}
}

func (w *portalUserWalk) markRead(id int64) { w.read.Store(id, struct{}{}) }

func (w *portalUserWalk) markKept(id int64) { w.kept.Store(id, struct{}{}) }

// replacedAsTainted reports a portal user that this walk read from a state
// and that no instance keeps: the tainted object being replaced.
func (w *portalUserWalk) replacedAsTainted(ctx context.Context, id int64) bool {
	if _, read := w.read.Load(id); !read {
		return false
	}
	// Only the replacement of a tainted object waits the whole walkWait.
	return !awaitID(ctx, &w.kept, id)
}
