// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import "sync"

// freshContacts remembers the contacts this provider process created and
// that have not been given a portal user by it since. The API creates
// contacts without one, so the plan-time "contact already has a portal
// user" check (one GET per portal user) can skip them: that is the common
// case of a contact and its login created in the same apply, where
// Terraform plans the portal user again once the contact's id is known.
// Should someone else give such a contact a login in the meantime, the
// create's 422 yields the same diagnostic.
type freshContacts struct {
	ids sync.Map // contact id → struct{}
}

func (f *freshContacts) mark(id int64) { f.ids.Store(id, struct{}{}) }

func (f *freshContacts) forget(id int64) { f.ids.Delete(id) }

func (f *freshContacts) has(id int64) bool {
	_, ok := f.ids.Load(id)
	return ok
}
