// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contactsapi/terraform-provider-contacts/internal/batchread"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// The keys a list item must carry to stand for its object: every field
// the resource's state takes from it. An item without one of them (a
// sparse list) would read as a cleared value.
var (
	contactItemKeys = []string{
		"first_name", "last_name", "name", "email", "phone", "job_position", "account_owner", "status",
		"client.id", "role.name", "portal_user_id", "dates.created", "dates.updated",
	}
	portalUserItemKeys = []string{
		"contact_id", "client_id", "username", "email", "name", "auth_method", "status",
		"invitation.status", "invitation.sent_at", "roles", "password_updated_at", "last_login_at",
		"dates.created", "dates.updated",
	}
)

// batchList describes one kind's list for the readers' sources and
// messages.
type batchList struct {
	noun   string // "contact"
	route  string // "GET /api/contacts"
	filter string // the list request's filter besides client_id
}

var (
	contactsList    = batchList{noun: "contact", route: "GET /api/contacts"}
	portalUsersList = batchList{noun: "portal user", route: "GET /api/portal-users", filter: "status=all"}
)

// query is the list request of clientID's objects; of every client's
// for clientID 0, which serves the reads of imported objects.
func (l batchList) query(clientID int64) string {
	var q []string
	if clientID != 0 {
		q = append(q, fmt.Sprintf("client_id=%d", clientID))
	}
	if l.filter != "" {
		q = append(q, l.filter)
	}
	if len(q) == 0 {
		return l.route
	}
	return l.route + "?" + strings.Join(q, "&")
}

func (l batchList) request(clientID int64, page int) string {
	return fmt.Sprintf("%s (page %d)", l.query(clientID), page)
}

// whose names the objects that one list serves the reads of.
func (l batchList) whose(clientID int64) string {
	if clientID == 0 {
		return fmt.Sprintf("each imported %s (whose client the state does not hold yet)", l.noun)
	}
	return fmt.Sprintf("each %s of client %d", l.noun, clientID)
}

// contactsSource reads contacts for batched reads through c.
func (d *providerData) contactsSource(c *client.Client) batchread.Source[client.Contact] {
	return batchread.Source[client.Contact]{
		ListPage: func(ctx context.Context, clientID int64, page int) (batchread.Page[client.Contact], error) {
			items, meta, err := c.ListedContactsPage(ctx, client.ContactListFilter{ClientID: clientID}, client.Page{Number: page, Limit: client.MaxPageSize})
			return listedPage(items, meta, err, contactItemKeys, func(ct client.Contact) int64 { return ct.Client.ID }, clientID)
		},
		Get:      c.GetContact,
		ID:       func(ct client.Contact) int64 { return ct.ID },
		Updated:  func(ct client.Contact) string { return ct.Dates.Updated },
		Key:      func(ct client.Contact) string { return sameEmail(ct.Email) },
		FallBack: listRefused,
		Notice:   func(n batchread.Notice) { d.notices.batchNotice(contactsList, n) },
	}
}

// portalUsersSource reads portal users for batched reads through c.
func (d *providerData) portalUsersSource(c *client.Client) batchread.Source[client.PortalUser] {
	return batchread.Source[client.PortalUser]{
		ListPage: func(ctx context.Context, clientID int64, page int) (batchread.Page[client.PortalUser], error) {
			items, meta, err := c.ListedPortalUsersPage(ctx, client.PortalUserListFilter{ClientID: clientID, Status: "all"}, client.Page{Number: page, Limit: client.MaxPageSize})
			return listedPage(items, meta, err, portalUserItemKeys, func(u client.PortalUser) int64 { return u.ClientID }, clientID)
		},
		Get:      c.GetPortalUser,
		ID:       func(u client.PortalUser) int64 { return u.ID },
		Updated:  func(u client.PortalUser) string { return u.Dates.Updated },
		Key:      func(u client.PortalUser) string { return sameEmail(u.Username) },
		FallBack: listRefused,
		Notice:   func(n batchread.Notice) { d.notices.batchNotice(portalUsersList, n) },
	}
}

// listedPage turns a listed page of clientID's list into the reader's,
// naming each item's flaw: it fails an object's checks, names another
// client than the filter, or lacks one of keys.
func listedPage[T any](items []client.Listed[T], meta client.Meta, err error, keys []string, clientOf func(T) int64, clientID int64) (batchread.Page[T], error) {
	if err != nil {
		return batchread.Page[T]{}, err
	}
	// clientID 0 is the list of every client: any client will do (an
	// item that names none fails its object's checks).
	out := batchread.Page[T]{LastPage: meta.LastPage, Items: make([]batchread.Item[T], len(items))}
	for i, it := range items {
		out.Items[i].Object = it.Item
		switch lacks := it.Lacks(keys...); {
		case it.Invalid != nil:
			out.Items[i].Flaw = it.Invalid.Error()
		case clientID != 0 && clientOf(it.Item) != clientID:
			out.Items[i].Flaw = fmt.Sprintf("it names client %d", clientOf(it.Item))
		case len(lacks) > 0:
			out.Items[i].Flaw = "it lacks " + strings.Join(lacks, ", ")
		}
	}
	return out, nil
}

// listRefused reports a list failure after which reads fall back to their
// own GETs: the API answered, but not with a list the provider can use (a
// 4xx, a 5xx after the retries, a redirect, an answer that is not the
// API's). A failed connection or an inconsistent list fails the reads.
func listRefused(err error) bool {
	return !errors.Is(err, client.ErrTransport) && !errors.Is(err, client.ErrInconsistentList) &&
		!errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// batchNotices holds the warnings of the batched reads until a Read hands
// them to Terraform, each at most once per configured provider (one plan
// or apply): a warning per client or per read would bury the plan.
type batchNotices struct {
	mu      sync.Mutex
	said    map[string]bool
	pending diag.Diagnostics
}

func (n *batchNotices) warn(key, summary, detail string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.said[key] {
		return
	}
	if n.said == nil {
		n.said = map[string]bool{}
	}
	n.said[key] = true
	n.pending.AddWarning(summary, detail)
}

// flush moves the pending warnings into diags.
func (n *batchNotices) flush(diags *diag.Diagnostics) {
	n.mu.Lock()
	defer n.mu.Unlock()
	diags.Append(n.pending...)
	n.pending = nil
}

// batchNotice words the reader's notice that one client's reads stopped
// using list l. Each of its two reasons is told once, for the first list
// it concerns.
func (n *batchNotices) batchNotice(l batchList, bn batchread.Notice) {
	off := fmt.Sprintf("set batch_reads = false in the provider block (or %s=false)", envBatchReads)
	var listErr *batchread.ListError
	if errors.As(bn.Err, &listErr) {
		n.warn("list refused", "Batched Reads Fell Back to Single Reads",
			fmt.Sprintf("The Contacts API did not serve the list request %s, which the provider uses to read many %ss at once: %s. "+
				"The provider read %s with its own request instead (and does the same for any other list the API refuses): "+
				"the plan is not affected, but each object costs a request. If the API does not offer this list, %s to skip it.",
				l.request(bn.Client, listErr.Page), l.noun, listFailure(listErr.Err), l.whose(bn.Client), off))
		return
	}
	n.warn("list distrusted", "Batched Reads Stopped for a Client",
		fmt.Sprintf("The list request %s returned %d items that could not stand for their %ss: items that name another client, "+
			"lack fields the object has, list one object twice with different values, or are older than the state. Those, and %s "+
			"from then on, were read with their own requests: the plan is not affected, but each object costs a request. If the API's "+
			"lists are often like this, %s to skip them.",
			l.query(bn.Client), bn.Unusable, l.noun, l.whose(bn.Client), off))
}

// listFailure is what the API answered to a list request, without the
// client's guesses about single-object routes (a 404 on a list is not a
// wrong endpoint, and a 422 names the list's filter, not an object).
func listFailure(err error) string {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return err.Error()
	}
	s := fmt.Sprintf("%d %s", apiErr.StatusCode, apiErr.Message)
	fields := make([]string, 0, len(apiErr.FieldErrors))
	for f, msgs := range apiErr.FieldErrors {
		fields = append(fields, f+": "+strings.Join(msgs, " "))
	}
	slices.Sort(fields)
	if len(fields) > 0 {
		s += " (" + strings.Join(fields, "; ") + ")"
	}
	if apiErr.Attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", apiErr.Attempts)
	}
	return s
}

// addReadError reports the failure of a Read of what (e.g. "contact 7"),
// a resource of list l: a failure of its client's list names the list
// request and batch_reads, never the object, which the API did not refuse.
func addReadError(diags *diag.Diagnostics, summary, what string, l batchList, err error) {
	var listErr *batchread.ListError
	if !errors.As(err, &listErr) {
		addAPIError(diags, summary, what, err, nil)
		return
	}
	off := fmt.Sprintf("set batch_reads = false in the provider block (or %s=false) to read each %s with its own request", envBatchReads, l.noun)
	advice := "Retry when the API answers again, or " + off + "."
	if errors.Is(err, client.ErrInconsistentList) || errors.Is(err, batchread.ErrInconsistent) {
		advice = "The provider stopped walking the list there rather than page on without end; " + off + "."
	}
	diags.AddError(summary, fmt.Sprintf("The provider reads %ss in batches, from their client's list, and the list request %s that %s needs failed: %v. %s",
		l.noun, l.request(listErr.Client, listErr.Page), what, listFailure(listErr.Err), advice))
}
