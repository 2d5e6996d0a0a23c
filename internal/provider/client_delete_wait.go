// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

// contactsGoneWait is how a client's delete waits for its contacts to go.
// A configuration without references between its resources (what
// -generate-config-out writes: client_id = 6) gives Terraform no order, so
// it deletes the client in parallel with its contacts, and the API refuses
// the client until the last contact is gone (409). Waiting while their
// number goes down lets one destroy finish; giving up after a short stall
// keeps a contact that nobody deletes from holding the destroy for the
// whole delete timeout.
type contactsGoneWait struct {
	// firstPoll is the first pause before counting again; each pause
	// doubles, up to maxPoll, which bounds the delay after the last
	// contact goes and the requests spent counting.
	firstPoll, maxPoll time.Duration
	// stall is how long the pauses since the count last went down may add
	// up to before the delete gives up. Only the pauses count, not the
	// requests, so time spent waiting for the API's rate limit, which
	// holds up the contacts' deletes too, is not taken for a stall.
	stall time.Duration
}

var defaultContactsGoneWait = contactsGoneWait{firstPoll: 250 * time.Millisecond, maxPoll: 2 * time.Second, stall: 10 * time.Second}

// deleteClient deletes client id, waiting while the API refuses because
// the client still has contacts and their number goes down. On a refusal
// that stays it returns the API's last 409 and the number of contacts left
// (-1 when they could not be counted); ctx bounds the whole wait.
func (w contactsGoneWait) deleteClient(ctx context.Context, c *client.Client, id int64) (left int, err error) {
	err = c.DeleteClient(ctx, id)
	if !errors.Is(err, client.ErrConflict) {
		return 0, err
	}
	refused := err
	left, pause, stalled := -1, w.firstPoll, time.Duration(0)
	for {
		n, countErr := countContacts(ctx, c, id)
		if countErr != nil {
			// Without a count there is no telling progress from a stall;
			// the refusal says what to do.
			tflog.Warn(ctx, "counting a client's contacts failed; no longer waiting for them", map[string]any{"client_id": id, "error": countErr.Error()})
			return left, refused
		}
		if n < left {
			stalled = 0
		}
		left = n
		if n == 0 {
			err := c.DeleteClient(ctx, id)
			if !errors.Is(err, client.ErrConflict) {
				return 0, err
			}
			refused = err
		}
		if stalled >= w.stall {
			return left, refused
		}
		tflog.Debug(ctx, "client still has contacts; waiting for them to be deleted", map[string]any{"client_id": id, "contacts": n, "pause": pause.String()})
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return left, refused
		case <-timer.C:
		}
		stalled += pause
		pause = min(2*pause, w.maxPoll)
	}
}

// countContacts returns how many contacts, not deleted, client id has: the
// total of a one-item list page.
func countContacts(ctx context.Context, c *client.Client, id int64) (int, error) {
	items, meta, err := c.ListContactsPage(ctx, client.ContactListFilter{ClientID: id}, client.Page{Number: 1, Limit: 1})
	if err != nil {
		return 0, err
	}
	return max(meta.Total, len(items)), nil
}

// stallNote says, after a refusal that stayed, how many contacts were
// left and for how long none went.
func (w contactsGoneWait) stallNote(left int) string {
	if left <= 0 {
		return ""
	}
	noun := "contacts"
	if left == 1 {
		noun = "contact"
	}
	return fmt.Sprintf(" The provider waited while the client's contacts were being deleted: %d %s remained and none was deleted for %s.", left, noun, w.stall)
}
