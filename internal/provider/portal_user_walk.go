package provider

import (
	"sync"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// Terraform tells a provider nothing about the other resource instances of
// a plan, nor whether a prior object is tainted (the replacement of a
// tainted object is planned as a plain create). What one provider process
// sees during one walk (plan or apply; each configures its own client, which
// keys these sets) fills the gap for the one-login-per-contact check:
//
//   - walkReadUsers: portal users that some state holds (Read ran for them);
//   - walkKeptUsers: portal users that a resource instance plans to update,
//     keep or destroy, which a tainted object never does;
//   - walkNewLogins: contacts for which a create is planned.
//
// A contact's existing user that was read but is kept by no instance is the
// tainted object being replaced, so its replacement is no duplicate; a
// second create for one contact is. Instances are planned concurrently, so
// a new login planned just between another instance's refresh and its plan
// passes this check; the API's refusal at apply then reports it.
var walkReadUsers, walkKeptUsers, walkNewLogins sync.Map // walkKey → struct{}

type walkKey struct {
	api *client.Client
	id  int64
}

func markUserRead(c *client.Client, id int64) { walkReadUsers.Store(walkKey{c, id}, struct{}{}) }

func markUserKept(c *client.Client, id int64) { walkKeptUsers.Store(walkKey{c, id}, struct{}{}) }

// userReplacedAsTainted reports a portal user that this walk read from a
// state and that no instance keeps: the tainted object being replaced.
func userReplacedAsTainted(c *client.Client, id int64) bool {
	_, read := walkReadUsers.Load(walkKey{c, id})
	_, kept := walkKeptUsers.Load(walkKey{c, id})
	return read && !kept
}

// claimNewLogin records a planned create for the contact and reports
// whether another create in this walk claimed it first.
func claimNewLogin(c *client.Client, contactID int64) (taken bool) {
	_, taken = walkNewLogins.LoadOrStore(walkKey{c, contactID}, struct{}{})
	return taken
}
