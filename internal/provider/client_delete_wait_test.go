// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/contactsapi/terraform-provider-contacts/internal/apiserver/apiservertest"
	"github.com/contactsapi/terraform-provider-contacts/internal/client"
)

func TestContactsGoneWaitDeleteClient(t *testing.T) {
	t.Parallel()
	type testCase struct {
		contacts int
		// deleteEvery deletes one contact per interval out of band, as
		// Terraform's parallel deletes do; 0 deletes none.
		deleteEvery time.Duration
		// keep contacts are never deleted.
		keep     int
		wait     contactsGoneWait
		ctxLimit time.Duration
		missing  bool
		wantErr  error
		wantLeft int
		// within bounds how long the call may take.
		within time.Duration
	}
	quick := contactsGoneWait{firstPoll: 5 * time.Millisecond, maxPoll: 20 * time.Millisecond, stall: 150 * time.Millisecond}
	tests := map[string]testCase{
		"no contacts: deleted at once": {
			wait: quick, within: time.Second,
		},
		"contacts being deleted: waits for them": {
			contacts: 4, deleteEvery: 30 * time.Millisecond, wait: quick, within: 5 * time.Second,
		},
		// The deletes take longer in all than the stall, so only a stall
		// counted since the last contact went lets the delete finish.
		"slow but steady deletes: the stall restarts with each": {
			contacts: 6, deleteEvery: 100 * time.Millisecond, wait: quick, within: 5 * time.Second,
		},
		"a contact stays: the refusal after the stall": {
			contacts: 2, deleteEvery: 20 * time.Millisecond, keep: 1, wait: quick,
			wantErr: client.ErrConflict, wantLeft: 1, within: 2 * time.Second,
		},
		"nobody deletes: gives up after the stall": {
			keep: 3, wait: quick, wantErr: client.ErrConflict, wantLeft: 3, within: time.Second,
		},
		"the delete timeout ends the wait": {
			keep: 1, wait: contactsGoneWait{firstPoll: 5 * time.Millisecond, maxPoll: 20 * time.Millisecond, stall: time.Hour},
			ctxLimit: 200 * time.Millisecond, wantErr: client.ErrConflict, wantLeft: 1, within: 2 * time.Second,
		},
		"a client already gone": {
			missing: true, wait: quick, wantErr: client.ErrNotFound, within: time.Second,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := apiservertest.New(t)
			api := testAPIClient(t, srv)
			ctx := context.Background()
			acct := mustCreateClient(t, api, "Wait Co")
			var going []int64
			for i := range tc.contacts + tc.keep {
				ct, err := api.CreateContact(ctx, client.ContactCreateRequest{
					FirstName: "W", LastName: "Ait", Email: fmt.Sprintf("w%d@wait.example", i), ClientID: acct.ID,
				})
				if err != nil {
					t.Fatal(err)
				}
				if i < tc.contacts {
					going = append(going, ct.ID)
				}
			}
			id := acct.ID
			if tc.missing {
				id = acct.ID + 1000
			}
			if tc.deleteEvery > 0 {
				done := make(chan struct{})
				t.Cleanup(func() { <-done })
				go func() {
					defer close(done)
					for _, ct := range going {
						time.Sleep(tc.deleteEvery)
						if err := api.DeleteContact(ctx, ct); err != nil {
							t.Error(err)
							return
						}
					}
				}()
			}
			// Without a limit of its own, a wait that never ends fails the
			// case instead of hanging it.
			limit := tc.ctxLimit
			if limit == 0 {
				limit = 2 * tc.within
			}
			callCtx, cancel := context.WithTimeout(ctx, limit)
			defer cancel()
			start := time.Now()
			left, err := tc.wait.deleteClient(callCtx, api, id)
			elapsed := time.Since(start)
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("deleteClient: %v", err)
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Fatalf("deleteClient: got %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil && left != tc.wantLeft {
				t.Errorf("left %d contacts, want %d", left, tc.wantLeft)
			}
			// A loaded machine (CI runs the suite beside other work) may
			// take longer than the wait's own rule; a wait that never
			// gives up takes the whole limit above and fails here anyway.
			if elapsed > 3*tc.within/2+time.Second {
				t.Errorf("took %s, more than %s", elapsed, 3*tc.within/2+time.Second)
			}
			_, live := srv.Client(acct.ID)
			if wantLive := tc.wantErr != nil || tc.missing; live != wantLive {
				t.Errorf("client %d live after the call: %v, want %v", acct.ID, live, wantLive)
			}
		})
	}
}

func TestContactsGoneWaitStallNote(t *testing.T) {
	t.Parallel()
	w := contactsGoneWait{stall: 10 * time.Second}
	tests := map[string]struct {
		left int
		want string
	}{
		"not counted": {left: -1, want: ""},
		"none left":   {left: 0, want: ""},
		"one":         {left: 1, want: " The provider waited while the client's contacts were being deleted: 1 contact remained and none was deleted for 10s."},
		"several":     {left: 3, want: " The provider waited while the client's contacts were being deleted: 3 contacts remained and none was deleted for 10s."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := w.stallNote(tc.left); got != tc.want {
				t.Errorf("stallNote(%d) = %q, want %q", tc.left, got, tc.want)
			}
		})
	}
}
