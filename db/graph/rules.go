package graph

import (
	"github.com/omero-go/omero/db/model"
)

// The rules of the references that are more than containment: objects that must stay
// whole (filesets), objects attached to another that may be left behind (ROIs), and
// objects used by annotations (files).

// whole keeps together the rows that f groups (4.3.3, 4.4.3: a fileset goes with its
// images only if all of them go): a named target brings all its rows; rows merely
// carried along then stay with it; and a row named by the request while a sibling
// stays is an error.
func (p *planner) whole(f *model.Field) error {
	rows, target := f.Owner.Space, f.Target.Space
	// A named target brings all its rows.
	named, err := p.referrers(f, p.ids(target, included))
	if err != nil {
		return err
	}
	for _, n := range named {
		if n.state == stays {
			n.state = included
			n.set(targeted, true)
		}
	}
	// The targets of the rows that go, with all their rows.
	var groups []int64
	seen := map[int64]bool{}
	for _, n := range p.inState(rows, included) {
		if id := n.ref(f); id != 0 && !seen[id] {
			seen[id] = true
			groups = append(groups, id)
		}
	}
	set := SetOf(groups...)
	if _, err := p.loadRows(target, set); err != nil {
		return err
	}
	members, err := p.referrers(f, set)
	if err != nil {
		return err
	}
	byGroup := map[int64][]*node{}
	for _, n := range members {
		byGroup[n.ref(f)] = append(byGroup[n.ref(f)], n)
	}
	for _, g := range set.IDs() {
		var staying, going []*node
		for _, n := range byGroup[g] {
			if n.kept() {
				staying = append(staying, n)
			} else {
				going = append(going, n)
			}
		}
		t := p.node(target, g)
		if t == nil {
			continue // its row is gone: nothing to keep whole
		}
		if len(staying) == 0 {
			if t.kept() {
				t.state = included
				t.set(free, true)
			}
			continue
		}
		for _, n := range sortNodes(going) {
			if n.is(targeted) || t.state != stays {
				return ruleFailure("within %s[%d] may not %s %s[%d] while %s[%d] remains",
					t.typ().Name, g, p.req.Op.Verb(), n.typ().Name, n.id, n.typ().Name, sortNodes(staying)[0].id)
			}
			n.state = stays
			n.set(free, false)
		}
	}
	return nil
}

// attachedTo decides the rows attached through f to objects that go (the ROIs of an
// image, 4.3.2, 4.4.2); links are the container links that may also hold them.
func (p *planner) attachedTo(f *model.Field, links []*model.Type) error {
	list, err := p.referrers(f, p.ids(f.Target.Space, included))
	if err != nil {
		return err
	}
	defer unmark(list, markHeld)
	if err := p.held(f.Owner.Space, setOfNodes(list), eachOf(list), links); err != nil {
		return err
	}
	for _, n := range sortNodes(list) {
		if n.state != stays || p.isExcluded(n.typ()) {
			continue
		}
		target := p.node(f.Target.Space, n.ref(f))
		switch p.req.Op {
		case OpChgrp:
			switch {
			case n.is(markHeld):
				// Stays in its container; its pointer is cut when the target moves.
			case p.owner(n) == p.owner(target):
				n.state = included
				n.set(free, target.is(free))
			case !p.destPrivate():
				n.state = included
				n.set(free, true)
			default:
				n.state = deleted
				n.set(free, true)
			}
		case OpChown:
			// Only in private and read-only groups do the target owner's rows follow
			// (README, Differences 15).
			if lvl := p.perms(n); !lvl.GroupAnnotate() && p.owner(n) == p.owner(target) {
				p.admit(n)
			}
		case OpDelete:
			if !n.is(markHeld) && p.abilities(n).Delete {
				n.state = included
			}
		}
	}
	return nil
}

// usesFields are the references by which annotations use other objects (a file
// annotation's file).
func usesFields() []*model.Field {
	var out []*model.Field
	for _, t := range model.All() {
		for i := range t.Fields {
			if t.Fields[i].Carry == model.Uses {
				out = append(out, &t.Fields[i])
			}
		}
	}
	return out
}

// files applies the Uses references once the annotations are decided.
func (p *planner) files() error {
	for _, f := range usesFields() {
		if err := p.used(f); err != nil {
			return err
		}
	}
	return nil
}

// used carries what annotations that go use through f (the original files of file
// annotations, 4.3.5 rule 6; for chown only those of the annotation's owner) and
// decides the annotations of used objects that go. An
// object that a user which stays still uses is not carried by a delete, and is an
// error for chown and chgrp, whether it was named or reached; a delete that names it
// takes the users with it.
func (p *planner) used(f *model.Field) error {
	target := f.Target.Space
	var targets, owners []int64
	for _, n := range p.inState(f.Owner.Space, included) {
		if id := n.ref(f); id != 0 {
			targets, owners = append(targets, id), append(owners, p.owner(n))
		}
	}
	if _, err := p.loadRows(target, SetOf(targets...)); err != nil {
		return err
	}
	var carried []int64
	for i, id := range targets {
		n := p.node(target, id)
		// A chown gives only the user's owner's object with it (4.4.5 rule 1, as
		// for tags): another owner's file stays theirs.
		if n != nil && n.kept() && (p.req.Op != OpChown || p.owner(n) == owners[i]) {
			carried = append(carried, id)
		}
	}
	// Every user of an object that goes or would be carried.
	users, err := p.referrers(f, p.ids(target, included).Union(SetOf(carried...)))
	if err != nil {
		return err
	}
	staying := map[int64]*node{} // target -> the lowest user that stays
	for _, u := range sortNodes(users) {
		if id := u.ref(f); u.kept() && staying[id] == nil {
			staying[id] = u
		}
	}
	for _, id := range SetOf(carried...).IDs() {
		n := p.node(target, id)
		if !n.kept() {
			continue
		}
		switch u := staying[id]; {
		case u == nil:
		case p.req.Op == OpDelete:
			continue // still used: it stays
		case p.req.Op == OpChown:
			return ruleFailure("may not give %s[%d] while used by %s[%d]", n.typ().Name, id, u.typ().Name, u.id)
		default:
			return ruleFailure("cannot move %s[%d] while objects using it remain", n.typ().Name, id)
		}
		n.state = included
		n.set(free, true)
	}
	for _, n := range sortNodes(p.inState(target, included)) {
		if staying[n.id] == nil {
			continue
		}
		if p.req.Op != OpDelete {
			return ruleFailure("cannot %s %s[%d] while objects using it remain", p.req.Op.Verb(), n.typ().Name, n.id)
		}
		// An object the delete names takes its users with it.
		for _, u := range users {
			if u.ref(f) == n.id && u.kept() {
				u.state = deleted
				u.set(free, true)
			}
		}
	}
	return nil
}
