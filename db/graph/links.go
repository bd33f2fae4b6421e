package graph

import (
	"github.com/omero-go/omero/db/model"
)

// Links: once every object is decided, each link touching one that goes is moved,
// given, kept or deleted (4.3.1 rule 5, 4.4.1 rules 5-6, 4.4.5 rule 5, the delete
// rules).

func (p *planner) links() error {
	for _, lt := range model.Links() {
		goneParents := p.ids(lt.Parent.Space, included, deleted)
		if _, _, err := p.readLinks(lt, ParentEnd, goneParents); err != nil {
			return err
		}
		// From the child side only the links crossing from a parent that stays: the
		// others were just loaded from the parent side.
		if err := p.loadCrossing(lt, p.ids(lt.Child.Space, included, deleted), goneParents); err != nil {
			return err
		}
	}
	p.store.each(func(l *node) {
		if !l.typ().IsLink() || l.is(targeted) || !l.kept() {
			return
		}
		parent, child := p.ends(l)
		if parent == nil || child == nil || parent.kept() && child.kept() {
			return
		}
		p.decideLink(l, parent, child)
	})
	return nil
}

// ends are the loaded objects a link joins.
func (p *planner) ends(l *node) (parent, child *node) {
	t := l.typ()
	return p.node(t.Parent.Space, at(l, ParentEnd)), p.node(t.Child.Space, at(l, ChildEnd))
}

// drop deletes link l without a permission check of its own.
func drop(l *node) {
	l.state = deleted
	l.set(free, true)
}

func (p *planner) decideLink(l, parent, child *node) {
	both := gone(parent) && gone(child)
	switch p.req.Op {
	case OpDelete:
		drop(l)
	case OpChgrp:
		if both && parent.state == included && child.state == included {
			l.state = included
			l.set(free, true)
		} else {
			drop(l)
		}
	case OpChown:
		switch {
		case parent.state == deleted || child.state == deleted:
			drop(l)
		case both:
			// Given with its ends unless a third party owns it (R-CHOWN-7).
			if p.owner(l) == p.owner(parent) || p.owner(l) == p.owner(child) {
				l.state = included
				l.set(free, true)
			}
		case child.is(withheld):
			// The child was not given only because the caller may not give it: the
			// link stays as it was (4.4.1 rule 6).
		default:
			staying := parent
			if parent.state == included {
				staying = child
			}
			if p.crossOwnerLinkDeleted(l) && p.owner(staying) != p.req.Recipient {
				drop(l)
			}
		}
	}
}

// crossOwnerLinkDeleted: a link that chown would leave joining two owners is deleted
// in private, read-only and read-annotate groups for containers, and in private
// groups for annotations; elsewhere it is kept with its owner.
func (p *planner) crossOwnerLinkDeleted(l *node) bool {
	lvl := p.perms(l)
	if l.typ().Child == model.Annotation {
		return lvl.IsPrivate()
	}
	return !lvl.GroupWrite()
}
