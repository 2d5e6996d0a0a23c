// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
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

func TestPlannedClaims_leave(t *testing.T) {
	t.Parallel()
	type move struct {
		id       int64
		from, to string
	}
	tests := map[string]struct {
		moves     []move
		wantCycle int // members besides the last mover; 0 for none
	}{
		"swap":          {moves: []move{{1, "a@x", "b@x"}, {2, "b@x", "A@x"}}, wantCycle: 1},
		"rotation":      {moves: []move{{1, "a@x", "b@x"}, {2, "b@x", "c@x"}, {3, "c@x", "a@x"}}, wantCycle: 2},
		"chain":         {moves: []move{{1, "a@x", "b@x"}, {2, "c@x", "a@x"}}},
		"to a free one": {moves: []move{{1, "a@x", "new@x"}}},
		"planned twice": {moves: []move{{1, "a@x", "b@x"}, {1, "a@x", "b@x"}}},
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
