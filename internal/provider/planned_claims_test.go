// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"testing"
)

func TestPlannedClaims_claim(t *testing.T) {
	t.Parallel()
	existing := claimant{id: 31, what: "contact 31"}
	tests := map[string]struct {
		first, second claimant
		firstKey      string
		secondKey     string
		wantTwice     bool
	}{
		"one object planned twice (a replacement)": {first: existing, second: claimant{id: 31, what: "a new contact"}, firstKey: "a@x.example", secondKey: "a@x.example"},
		"two creates":                 {first: claimant{what: "one"}, second: claimant{what: "two"}, firstKey: "a@x.example", secondKey: "a@x.example", wantTwice: true},
		"differing in case and space": {first: existing, second: claimant{what: "new"}, firstKey: "A@x.example", secondKey: " a@X.example ", wantTwice: true},
		"two objects":                 {first: existing, second: claimant{id: 32}, firstKey: "a@x.example", secondKey: "a@x.example", wantTwice: true},
		"distinct emails":             {first: claimant{what: "one"}, second: claimant{what: "two"}, firstKey: "a@x.example", secondKey: "b@x.example"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var p plannedClaims
			if _, twice := p.claim(emailKey(tc.firstKey), tc.first); twice {
				t.Fatal("the first claim found another")
			}
			got, twice := p.claim(emailKey(tc.secondKey), tc.second)
			if twice != tc.wantTwice || (twice && got != tc.first) {
				t.Fatalf("second claim: got %+v, %v; want %v naming %+v", got, twice, tc.wantTwice, tc.first)
			}
			// A third claim by either is no news.
			if _, again := p.claim(emailKey(tc.firstKey), tc.first); again && tc.first.id != 0 {
				t.Error("the first claimant's repeat was reported")
			}
		})
	}
}

type emailChange struct {
	id       int64
	from, to string
}

// reversedChain is n contacts each taking the next one's address,
// e0 → e1 → … → en, planned from the last to the first.
func reversedChain(n int) []emailChange {
	var moves []emailChange
	for i := n - 1; i >= 0; i-- {
		moves = append(moves, emailChange{int64(i + 1), fmt.Sprintf("e%d@x", i), fmt.Sprintf("e%d@x", i+1)})
	}
	return moves
}

func TestPlannedClaims_leave(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		moves     []emailChange
		wantCycle int // members besides the last mover; 0 for none
	}{
		"swap":          {moves: []emailChange{{1, "a@x", "b@x"}, {2, "b@x", "A@x"}}, wantCycle: 1},
		"rotation":      {moves: []emailChange{{1, "a@x", "b@x"}, {2, "b@x", "c@x"}, {3, "c@x", "a@x"}}, wantCycle: 2},
		"chain":         {moves: []emailChange{{1, "a@x", "b@x"}, {2, "c@x", "a@x"}}},
		"to a free one": {moves: []emailChange{{1, "a@x", "new@x"}}},
		"planned twice": {moves: []emailChange{{1, "a@x", "b@x"}, {1, "a@x", "b@x"}}},
		"two chains joined, then closed": {
			moves:     []emailChange{{1, "a@x", "b@x"}, {3, "c@x", "d@x"}, {2, "b@x", "c@x"}, {4, "d@x", "a@x"}},
			wantCycle: 3,
		},
		"closed from the middle": {
			moves:     []emailChange{{1, "a@x", "b@x"}, {3, "c@x", "a@x"}, {2, "b@x", "c@x"}},
			wantCycle: 2,
		},
		"re-planned to another address, then closed": {
			moves:     []emailChange{{1, "a@x", "b@x"}, {1, "a@x", "c@x"}, {2, "c@x", "a@x"}},
			wantCycle: 1,
		},
		"re-planned away from a cycle": {
			moves: []emailChange{{1, "a@x", "b@x"}, {1, "a@x", "c@x"}, {2, "b@x", "a@x"}},
		},
		"a long chain planned from its end, then closed": {
			moves:     append(reversedChain(1000), emailChange{1001, "e1000@x", "e0@x"}),
			wantCycle: 1000,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var p plannedClaims
			var cycle []emailMove
			for i, m := range tc.moves {
				cycle = p.leave(m.from, m.to, claimant{id: m.id})
				if cycle != nil && i < len(tc.moves)-1 {
					t.Fatalf("move %d closed a cycle early: %+v", i, cycle)
				}
			}
			if len(cycle) != tc.wantCycle || (tc.wantCycle > 0 && cycle == nil) {
				t.Fatalf("cycle %+v, want %d other members", cycle, tc.wantCycle)
			}
		})
	}
}

// TestPlannedClaims_chainEnds: a chain is kept by its two ends alone, so
// that each move costs a constant however long the chain (a walk along it
// per move would make a plan that shifts N emails cost N²).
func TestPlannedClaims_chainEnds(t *testing.T) {
	t.Parallel()
	var p plannedClaims
	for _, m := range reversedChain(1000) {
		if cycle := p.leave(m.from, m.to, claimant{id: m.id}); cycle != nil {
			t.Fatalf("a chain closed no cycle, got %d members", len(cycle))
		}
	}
	if len(p.chainEnd) != 1 || p.chainEnd["e0@x"] != "e1000@x" || len(p.chainStart) != 1 || p.chainStart["e1000@x"] != "e0@x" {
		t.Fatalf("chain ends %v and starts %v, want the one chain e0 → e1000", p.chainEnd, p.chainStart)
	}
	if cycle := p.leave("e1000@x", "e0@x", claimant{id: 1001}); len(cycle) != 1000 {
		t.Fatalf("closing the chain: %d other members, want 1000", len(cycle))
	}
	if len(p.chainEnd) != 0 || len(p.chainStart) != 0 {
		t.Fatalf("a cycle left chain ends %v and starts %v", p.chainEnd, p.chainStart)
	}
}

// TestPlannedClaims_unconfigured: before Configure there are no claims,
// and asking finds nothing rather than panicking.
func TestPlannedClaims_unconfigured(t *testing.T) {
	t.Parallel()
	var d *providerData
	p := d.plans()
	if _, twice := p.claim(emailKey("a@x"), claimant{}); twice {
		t.Error("a nil registry reported a claim")
	}
	p.move(1, 2)
	if _, moved := p.movedTo(1); moved || p.wasCreated(createdContact, 1) || d.contactHeldHere(1) != "" || d.portalUserHeldHere(1) != "" {
		t.Error("a nil registry remembered something")
	}
}

// TestPlannedClaims_claimedByID: an existing object that claims a value of
// a kind is found by its id, in one lookup however many claims the walk
// holds; a planned create (id 0) and another kind are not.
func TestPlannedClaims_claimedByID(t *testing.T) {
	t.Parallel()
	var p plannedClaims
	for i := range int64(1000) {
		p.claim(emailKey(formatID(i)+"@x.example"), claimant{id: i + 100})
	}
	p.claim(loginKey(7), claimant{id: 2000})
	p.claim(emailKey("new@x.example"), claimant{what: "a new contact"})
	tests := map[string]struct {
		kind string
		id   int64
		want bool
	}{
		"an email's claimant":        {kind: claimEmail, id: 599, want: true},
		"a login's claimant":         {kind: claimLogin, id: 2000, want: true},
		"another kind":               {kind: claimLogin, id: 599},
		"no claim":                   {kind: claimEmail, id: 5000},
		"a planned create has no id": {kind: claimEmail, id: 0},
		"a username never claimed":   {kind: claimUsername, id: 2000},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := p.claimedByID(tc.kind, tc.id); got != tc.want {
				t.Errorf("claimedByID(%s, %d) = %v, want %v", tc.kind, tc.id, got, tc.want)
			}
		})
	}
}
