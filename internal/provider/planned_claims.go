// Copyright (c) The terraform-provider-contacts contributors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"sync"
)

// plannedClaims records, for one walk (a plan or an apply) of one configured
// provider, which resource instance claims each value the API keeps unique:
// a contact's email, a portal user's username, a contact's one login.
// Terraform tells a provider nothing about the other instances of a plan,
// so without it two resources that declare the same object both plan
// cleanly and the second fails only at apply, when the first has been
// created. Every planned instance whose value is known claims it (those
// that keep an existing object too), so whichever of two claimants plans
// second fails, once, naming the first; each claim costs one map lookup.
//
// An instance is planned more than once in one walk only when it is
// replaced: Terraform plans it with its prior state, then as a create that
// receives the first plan's private data. The create claims with the
// replaced object's id, taken from that private data, so it is the same
// claimant. Each walk configures its own provider, so a plan walk's claims
// never meet the apply walk's.
type plannedClaims struct {
	mu     sync.Mutex
	claims map[claimKey][]claimant
	// leaving holds the emails that existing contacts give up in this walk
	// for another one, to find a cycle (a swap) that the API cannot apply.
	leaving map[string]emailMove
	// chainEnd and chainStart hold the chains of those moves by their
	// ends: the first address given up → the last one taken, and back.
	chainEnd, chainStart map[string]string
	// moves holds the contacts replaced with another client_id: contact id
	// → the client its replacement is created in.
	moves map[int64]int64
	// newContacts counts the contacts planned for creation per client.
	newContacts map[int64]int
	// created holds the contacts and portal users this process created.
	created map[claimKey]struct{}
	// claimedIDs holds, by kind of claim, the objects (by id) that claim
	// a value: an existing object that some instance plans to keep.
	claimedIDs map[claimKey]struct{}
}

// claimKey is a claimed value: kind is claimEmail, claimUsername or
// claimLogin, value the email or username as the API compares it, or the
// contact's id.
type claimKey struct {
	kind, value string
}

const (
	claimEmail    = "email"
	claimUsername = "username"
	claimLogin    = "login"
	// createdContact and createdPortalUser key the created set.
	createdContact    = "contact"
	createdPortalUser = "portal user"
)

// claimant is a resource instance as a diagnostic can name it: Terraform
// does not tell a provider the address, so by its planned values.
type claimant struct {
	// id is the object's id, or for a planned create 0 (the replacement
	// of an object takes that object's id).
	id int64
	// what names it, e.g. `contact 31 "Jane Doe" <jane@acme.example>`.
	what string
}

func (c claimant) same(o claimant) bool { return c.id != 0 && c.id == o.id }

// emailMove is an existing contact changing its email.
type emailMove struct {
	claimant
	to string // the new email, as the API compares it
}

// sameEmail is how the API compares emails and usernames: trimmed and
// ignoring case.
func sameEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func emailKey(email string) claimKey    { return claimKey{claimEmail, sameEmail(email)} }
func usernameKey(name string) claimKey  { return claimKey{claimUsername, sameEmail(name)} }
func loginKey(contactID int64) claimKey { return claimKey{claimLogin, formatID(contactID)} }

// claim records c's claim on k and returns the instance that claimed it
// first when that is another one: the configuration declares one object
// twice.
func (p *plannedClaims) claim(k claimKey, c claimant) (first claimant, twice bool) {
	if p == nil {
		return claimant{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	held := p.claims[k]
	for _, o := range held {
		if o.same(c) {
			return claimant{}, false
		}
	}
	if p.claims == nil {
		p.claims, p.claimedIDs = map[claimKey][]claimant{}, map[claimKey]struct{}{}
	}
	p.claims[k] = append(held, c)
	if c.id != 0 {
		p.claimedIDs[claimKey{k.kind, formatID(c.id)}] = struct{}{}
	}
	if len(held) > 0 {
		return held[0], true
	}
	return claimant{}, false
}

// claimedBy reports whether the object id claims k in this walk.
func (p *plannedClaims) claimedBy(k claimKey, id int64) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, o := range p.claims[k] {
		if o.id == id {
			return true
		}
	}
	return false
}

// leave records that the existing contact c changes its email from one
// address to another, and returns the other contacts of the cycle this
// closes: each of them takes the address the one before it gives up, and
// the last takes c's new address. The API refuses an email another contact
// still holds, so no order of the changes can be applied. Nil when there
// is no cycle (yet: its last member finds it).
//
// Emails are unique, so each address is left by at most one contact and
// taken by at most one (a second taker is declared twice, which claim
// refuses first): the moves form chains. Each chain is kept by its two
// ends, so a move joins two chains, or closes one into a cycle, in
// constant time however long they are; only a cycle found is walked, to
// name its members.
func (p *plannedClaims) leave(from, to string, c claimant) []emailMove {
	if p == nil {
		return nil
	}
	from, to = sameEmail(from), sameEmail(to)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.leaving == nil {
		p.leaving, p.chainEnd, p.chainStart = map[string]emailMove{}, map[string]string{}, map[string]string{}
	}
	if _, again := p.leaving[from]; again {
		// The same contact planned again, or two that held one address:
		// rare enough to rebuild the chains for.
		p.leaving[from] = emailMove{claimant: c, to: to}
		p.rebuildChains()
		return p.cycleFrom(to, c)
	}
	p.leaving[from] = emailMove{claimant: c, to: to}
	start := from // the chain that ends at from
	if s, ok := p.chainStart[from]; ok {
		start = s
		delete(p.chainStart, from)
	}
	end := to // the chain that starts at to
	if e, ok := p.chainEnd[to]; ok {
		end = e
		delete(p.chainEnd, to)
	}
	if end == from {
		// The chain from c's new address leads back to its old one.
		delete(p.chainEnd, start)
		return p.cycleFrom(to, c)
	}
	p.chainEnd[start], p.chainStart[end] = end, start
	return nil
}

// rebuildChains finds the chains' ends again from the moves alone.
func (p *plannedClaims) rebuildChains() {
	clear(p.chainEnd)
	clear(p.chainStart)
	taken := make(map[string]bool, len(p.leaving))
	for _, m := range p.leaving {
		taken[m.to] = true
	}
	for start := range p.leaving {
		if taken[start] {
			continue // inside a chain or a cycle
		}
		end := start
		for steps := 0; steps <= len(p.leaving); steps++ {
			m, ok := p.leaving[end]
			if !ok {
				break
			}
			end = m.to
		}
		p.chainEnd[start], p.chainStart[end] = end, start
	}
}

// cycleFrom follows the moves from address next until c's own: the other
// members of the cycle c closes, or nil when the moves end first.
func (p *plannedClaims) cycleFrom(next string, c claimant) []emailMove {
	var cycle []emailMove
	for len(cycle) < len(p.leaving) {
		m, ok := p.leaving[next]
		switch {
		case !ok:
			return nil
		case m.same(c):
			return cycle
		}
		cycle = append(cycle, m)
		next = m.to
	}
	return nil
}

// move records that contact id is replaced by a contact of client toClient.
func (p *plannedClaims) move(id, toClient int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.moves == nil {
		p.moves = map[int64]int64{}
	}
	p.moves[id] = toClient
}

// movedTo returns the client that contact id's replacement is created in.
func (p *plannedClaims) movedTo(id int64) (int64, bool) {
	if p == nil {
		return 0, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	to, ok := p.moves[id]
	return to, ok
}

// newContact records a contact planned for creation in client clientID.
func (p *plannedClaims) newContact(clientID int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.newContacts == nil {
		p.newContacts = map[int64]int{}
	}
	p.newContacts[clientID]++
}

// newContactsIn returns how many contacts are planned for creation in the client.
func (p *plannedClaims) newContactsIn(clientID int64) int {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.newContacts[clientID]
}

// markCreated records an object (createdContact or createdPortalUser) that
// this process created.
func (p *plannedClaims) markCreated(kind string, id int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.created == nil {
		p.created = map[claimKey]struct{}{}
	}
	p.created[claimKey{kind, formatID(id)}] = struct{}{}
}

// wasCreated reports whether this process created the object.
func (p *plannedClaims) wasCreated(kind string, id int64) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.created[claimKey{kind, formatID(id)}]
	return ok
}

// claimedByID reports whether the object id claims any value of the kind
// in this walk, that is some instance plans to keep it.
func (p *plannedClaims) claimedByID(kind string, id int64) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.claimedIDs[claimKey{kind, formatID(id)}]
	return ok
}

// plans returns the walk's claims; nil (which records and finds nothing)
// before the provider is configured.
func (d *providerData) plans() *plannedClaims {
	if d == nil {
		return nil
	}
	return &d.claims
}

// contactHeldHere says how this run holds contact id for another resource
// instance, for a create refused because that contact has its email; ""
// when it does not know it as another resource's.
func (d *providerData) contactHeldHere(id int64) string {
	if d == nil {
		return ""
	}
	_, read := d.readContacts.Load(id)
	switch {
	case d.claims.wasCreated(createdContact, id):
		return "this run created it for another contacts_contact resource"
	case d.claims.claimedByID(claimEmail, id):
		return "another contacts_contact resource of this configuration manages it (this run planned it)"
	case read:
		return "a contacts_contact resource of this configuration's state holds it (this run read it)"
	}
	return ""
}

// portalUserHeldHere is contactHeldHere for portal users.
func (d *providerData) portalUserHeldHere(id int64) string {
	if d == nil {
		return ""
	}
	_, read := d.walk.read.Load(id)
	switch {
	case d.claims.wasCreated(createdPortalUser, id):
		return "this run created it for another contacts_portal_user resource"
	case d.claims.claimedByID(claimLogin, id):
		return "another contacts_portal_user resource of this configuration manages it (this run planned it)"
	case read:
		return "a contacts_portal_user resource of this configuration's state holds it (this run read it)"
	}
	return ""
}
