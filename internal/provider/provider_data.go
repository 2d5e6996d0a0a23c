// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contactsapi/terraform-provider-contacts/internal/batchread"
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
	// contacts and portalUsers serve the resources' Reads from each
	// client's list pages, fetched on the first Read of that client; nil
	// when batch_reads is off, and every Read is its own GET. Key 0 is the
	// list of every client, which serves the Reads (and identity checks)
	// of imported objects, whose client the state does not hold yet.
	contacts    *batchread.Reader[client.Contact]
	portalUsers *batchread.Reader[client.PortalUser]
	// notices holds the readers' warnings until a Read reports them.
	notices batchNotices
	// readContacts holds the contacts that some state holds (Read ran for
	// them in this walk), which the plan-time email check leaves alone,
	// with what their portal users mirror of them.
	readContacts sync.Map // id → contactMirror
	// scope warns once when a plan's changes need a write the key cannot make.
	scope writeScope
	// claims records which instance of this walk claims each unique value
	// (email, username, a contact's login), so that a configuration that
	// declares one object twice fails at plan.
	claims plannedClaims
}

func newProviderData(c *client.Client) *providerData {
	return &providerData{client: c}
}

// withBatchReads gives d the readers that serve Reads from list pages.
// Nothing is fetched until the first Read.
func (d *providerData) withBatchReads() *providerData {
	d.contacts = batchread.New(d.contactsSource(d.client))
	d.portalUsers = batchread.New(d.portalUsersSource(d.client))
	return d
}

// readContact reads contact id of client clientID (0 when not known, as
// after an import): from the client's list when batching is on (from the
// list of every client for 0), otherwise by its own GET. Either way it
// answers as the GET: a list item older than the state's, or that differs
// from it, is confirmed by the GET (see batchread.Held).
func (d *providerData) readContact(ctx context.Context, clientID, id int64, held batchread.Held[client.Contact]) (*client.Contact, error) {
	if d.contacts == nil {
		return d.client.GetContact(ctx, id)
	}
	return d.contacts.Read(ctx, clientID, id, held)
}

// readPortalUser is readContact for portal users.
func (d *providerData) readPortalUser(ctx context.Context, clientID, id int64, held batchread.Held[client.PortalUser]) (*client.PortalUser, error) {
	if d.portalUsers == nil {
		return d.client.GetPortalUser(ctx, id)
	}
	return d.portalUsers.Read(ctx, clientID, id, held)
}

// contactMirror is what a portal user mirrors of its contact.
type contactMirror struct {
	name, email string
	clientID    int64
}

func mirrorOf(c *client.Contact) contactMirror {
	return contactMirror{name: c.Name, email: c.Email, clientID: c.Client.ID}
}

// agreesWithContact reports whether a listed portal user mirrors its
// contact as this walk read it (true when the walk has not read it). A
// contact's change moves its portal user's name and email but not its
// update time, so a lagging page (a cache) passes the update-time check
// with the contact's old name: this check sends it to its own GET.
func (d *providerData) agreesWithContact(u client.PortalUser) bool {
	v, _ := d.readContacts.Load(u.ContactID)
	read, ok := v.(contactMirror)
	return !ok || read == contactMirror{name: u.Name, email: u.Email, clientID: u.ClientID}
}

// wrote forgets what was read of the client's contacts and portal users
// after a write that touched either (a contact mirrors its login's id, a
// login its contact's name and email), so nothing read before a write is
// served after it, nor from the list of every client. clientID 0 (not
// known) forgets every client.
func (d *providerData) wrote(clientID int64) {
	if d == nil || d.contacts == nil {
		return
	}
	if clientID == 0 {
		d.contacts.InvalidateAll()
		d.portalUsers.InvalidateAll()
		return
	}
	for _, key := range []int64{clientID, 0} {
		d.contacts.Invalidate(key)
		d.portalUsers.Invalidate(key)
	}
}

// walkWait bounds how long a plan-time check waits for another instance's
// Read or plan to record an object in this walk: Terraform plans each
// instance right after refreshing it, not after refreshing the others.
const walkWait = time.Second

// contactWithEmail returns a contact of client clientID with the email
// (trimmed, ignoring case) that no state in this walk holds, answering only
// from the list pages already fetched; nil when there is none or the pages
// are not at hand.
func (d *providerData) contactWithEmail(ctx context.Context, clientID int64, email string) *client.Contact {
	if d == nil || d.contacts == nil {
		return nil
	}
	found, _ := d.contacts.Find(clientID, sameEmail(email))
	if found == nil || awaitID(ctx, &d.readContacts, found.ID) {
		return nil
	}
	return found
}

// portalUserWithUsername returns a portal user with the username (trimmed,
// ignoring case) that no state in this walk holds, from the list pages
// already fetched of any client; nil when there is none at hand.
func (d *providerData) portalUserWithUsername(ctx context.Context, username string) *client.PortalUser {
	if d == nil || d.portalUsers == nil {
		return nil
	}
	found := d.portalUsers.FindAny(sameEmail(username))
	if found == nil || awaitID(ctx, &d.walk.read, found.ID) {
		return nil
	}
	return found
}

// awaitID reports whether id is in ids, waiting up to walkWait for another
// instance to record it; false when the wait or ctx ends first.
func awaitID(ctx context.Context, ids *sync.Map, id int64) bool {
	deadline := time.NewTimer(walkWait)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if _, ok := ids.Load(id); ok {
			return true
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
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
