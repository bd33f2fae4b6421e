package graph

import (
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// The checks that refuse a whole request: OMERO's error rules (objects that may not
// be split) and the permission assertions on everything the request would change.

// check applies the error rules.
func (p *planner) check() error {
	for _, step := range []func() error{p.checkHolds, p.checkAttached, p.checkTags, p.checkPrivateLinks, p.checkDuplicateLinks} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// refFields lists the references of the given kind, in registry order.
func refFields(how model.Carry) []*model.Field {
	var out []*model.Field
	for _, t := range model.All() {
		for i := range t.Fields {
			if t.Fields[i].Carry == how {
				out = append(out, &t.Fields[i])
			}
		}
	}
	return out
}

// checkHolds: a holder and what it holds go together (an image and the well sample
// that uses it, 4.3.4, 4.4.4, and delete's "may not delete Image while WellSample
// remains"). Chown splits them in groups other than private ones.
func (p *planner) checkHolds() error {
	for _, f := range refFields(model.Holds) {
		if err := p.checkHeld(f); err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) checkHeld(f *model.Field) error {
	holder, held := f.Owner, f.Target
	strict := func(n *node) bool { return p.req.Op != OpChown || p.perms(n).IsPrivate() }
	users, err := p.referrers(f, p.ids(held.Space, included, deleted))
	if err != nil {
		return err
	}
	for _, h := range sortNodes(users) {
		if h.kept() && strict(h) {
			return ruleFailure("may not %s %s[%d] while %s[%d] remains", p.req.Op.Verb(), held.Name, h.ref(f), holder.Name, h.id)
		}
	}
	if p.req.Op == OpDelete {
		return nil
	}
	holders := sortNodes(p.inState(holder.Space, included))
	var targets []int64
	for _, h := range holders {
		targets = append(targets, h.ref(f))
	}
	if err := p.loadMissing(held.Space, targets); err != nil {
		return err
	}
	for _, h := range holders {
		if t := p.node(held.Space, h.ref(f)); t != nil && t.kept() && strict(h) {
			return ruleFailure("may not %s %s[%d] while %s[%d] remains", p.req.Op.Verb(), holder.Name, h.id, held.Name, t.id)
		}
	}
	return nil
}

// checkAttached: an attached row cannot move without what it is attached to (a ROI
// without its image, 4.3.2), nor be given without it in private and read-only groups
// (4.4.2).
func (p *planner) checkAttached() error {
	if p.req.Op == OpDelete {
		return nil
	}
	for _, f := range refFields(model.Attached) {
		for _, n := range sortNodes(p.inState(f.Owner.Space, included)) {
			id := n.ref(f)
			if id == 0 {
				continue
			}
			if t := p.node(f.Target.Space, id); t != nil && !t.kept() {
				continue
			}
			if p.req.Op == OpChgrp || !p.perms(n).GroupAnnotate() {
				return ruleFailure("cannot %s %s[%d] while %s[%d] remains", p.req.Op.Verb(), n.typ().Name, n.id, f.Target.Name, id)
			}
		}
	}
	return nil
}

// checkTags: one may not delete or move a tag that stays linked to data one may not
// delete (docs/rules.md Delete; 4.3.5 rule 7).
func (p *planner) checkTags() error {
	if p.req.Op == OpChown {
		return nil
	}
	var err error
	p.eachLink(func(l *node) bool {
		lt := l.typ()
		if lt.Child != model.Annotation {
			return true
		}
		tag, parent := p.node(model.Annotation.Space, at(l, ChildEnd)), p.node(lt.Parent.Space, at(l, ParentEnd))
		if tag == nil || parent == nil || tag.kept() || !parent.kept() || !tag.typ().Is(model.TagAnnotation) ||
			p.req.Op == OpChgrp && !tag.is(targeted) && !p.isForced(tag.typ()) {
			return true
		}
		if !p.abilities(parent).Delete {
			if p.req.Op == OpDelete {
				err = ruleFailure("may not delete %s while %s remains", p.object(tag).Short(), p.object(parent).Short())
			} else {
				err = ruleFailure("may not move %s while used by %s", p.object(tag).Short(), p.object(parent).Short())
			}
		}
		return err == nil
	})
	return err
}

// eachLink calls fn with every link loaded, in load order, while fn returns true.
func (p *planner) eachLink(fn func(*node) bool) {
	for i := int32(0); i < p.store.n; i++ {
		if l := p.store.at(i); l.typ().IsLink() && !fn(l) {
			return
		}
	}
}

// checkPrivateLinks: into a private group, a link may only move with both its ends
// when they have one owner (4.3.1 rule 5).
func (p *planner) checkPrivateLinks() error {
	if !p.destPrivate() {
		return nil
	}
	var err error
	p.eachLink(func(l *node) bool {
		if l.state != included || l.is(targeted) {
			return true
		}
		if parent, child := p.ends(l); parent != nil && child != nil && p.owner(parent) != p.owner(child) {
			err = ruleFailure("cannot null %s.parent", l.typ().Class)
		}
		return err == nil
	})
	return err
}

// checkDuplicateLinks: chown may not leave the recipient owning two links of the same
// parent and child (R-CHOWN-6): a given link whose parent and child the recipient
// already links, or that another given link also joins.
func (p *planner) checkDuplicateLinks() error {
	if p.req.Op != OpChown {
		return nil
	}
	for _, lt := range model.Links() {
		ids := p.setWhere(lt.Space, func(l *node) bool {
			return int(l.ti) == lt.Index && l.state == included && p.owner(l) != p.req.Recipient
		})
		if len(ids) == 0 {
			continue
		}
		var id, other int64
		found := false
		err := p.src.Twins(lt, ids, func(g int64, twin Row) {
			if twin.Owner != p.req.Recipient && !ids.Contains(twin.ID) {
				return
			}
			if !found || g < id || g == id && twin.ID < other {
				id, other, found = g, twin.ID, true
			}
		})
		if err != nil {
			return err
		}
		if found {
			return ruleFailure("cannot give %s[%d]: would have user %d owning multiple identical links (%s[%d])",
				lt.Class, id, p.req.Recipient, lt.Class, other)
		}
	}
	return nil
}

// assert checks the caller's right to every change the request makes that no rule
// made regardless of permissions (4.1 "assert").
// A check that passed for one object passes for every object of the same type,
// owner and group: only a refusal names the object.
func (p *planner) assert() error {
	for i := int32(0); i < p.store.n; i++ {
		n := p.store.at(i)
		if n.kept() || n.is(free) {
			continue
		}
		del := p.req.Op == OpDelete || n.state == deleted
		k := assertKey{n.ti, n.who, del}
		if p.allowed[k] {
			continue
		}
		o := p.object(n)
		var err error
		switch {
		case del:
			err = perms.CheckDeleteObject(p.caller, o)
		case p.req.Op == OpChgrp:
			err = perms.CheckChgrpObject(p.caller, o)
		default:
			err = perms.CheckChownObject(p.caller, o, p.req.Recipient, p.recGroup)
		}
		if err != nil {
			return fail("graph-fail", err)
		}
		p.allowed[k] = true
	}
	return nil
}
