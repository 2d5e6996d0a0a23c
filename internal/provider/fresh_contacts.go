package provider

import (
	"sync"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// freshContacts remembers the contacts this provider process created and
// that have not been given a portal user by it since. The API creates
// contacts without one, so the plan-time "contact already has a portal
// user" check (one GET per portal user) can skip them: that is the common
// case of a contact and its login created in the same apply, where
// Terraform plans the portal user again once the contact's id is known.
// Should someone else give such a contact a login in the meantime, the
// create's 422 yields the same diagnostic.
var freshContacts sync.Map // freshContact → struct{}

type freshContact struct {
	api *client.Client // one per configured provider instance
	id  int64
}

func markContactFresh(c *client.Client, id int64) {
	freshContacts.Store(freshContact{c, id}, struct{}{})
}

func forgetFreshContact(c *client.Client, id int64) { freshContacts.Delete(freshContact{c, id}) }

func isFreshContact(c *client.Client, id int64) bool {
	_, ok := freshContacts.Load(freshContact{c, id})
	return ok
}
