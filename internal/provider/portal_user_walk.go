package provider

import (
	"context"
	"sync"
	"time"

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
// second create for one contact is. Instances are planned concurrently, but
// Terraform plans each instance right after refreshing it, so a create plan
// that finds the user read and not yet kept waits briefly (keptWait) for
// the plan that keeps it. A duplicate that still slips through (a machine
// so loaded that a plan lags its refresh by longer) is refused by the API
// at apply, with one error.
var walkReadUsers, walkKeptUsers, walkNewLogins sync.Map // walkKey → struct{}

type walkKey struct {
	api *client.Client
	id  int64
}

func markUserRead(c *client.Client, id int64) { walkReadUsers.Store(walkKey{c, id}, struct{}{}) }

func markUserKept(c *client.Client, id int64) { walkKeptUsers.Store(walkKey{c, id}, struct{}{}) }

// keptWait bounds how long a create plan waits for the instance that keeps
// a portal user this walk read to plan; only the replacement of a tainted
// object waits that long.
const keptWait = time.Second

// userReplacedAsTainted reports a portal user that this walk read from a
// state and that no instance keeps: the tainted object being replaced.
func userReplacedAsTainted(ctx context.Context, c *client.Client, id int64) bool {
	key := walkKey{c, id}
	if _, read := walkReadUsers.Load(key); !read {
		return false
	}
	deadline := time.NewTimer(keptWait)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if _, kept := walkKeptUsers.Load(key); kept {
			return false
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			return true
		case <-ctx.Done():
			return true
		}
	}
}

// claimNewLogin records a planned create for the contact and reports
// whether another create in this walk claimed it first.
func claimNewLogin(c *client.Client, contactID int64) (taken bool) {
	_, taken = walkNewLogins.LoadOrStore(walkKey{c, contactID}, struct{}{})
	return taken
}
