package db

// Links: once every object is decided, each link touching one that goes is moved,
// given, kept or deleted (4.3.1 rule 5, 4.4.1 rules 5-6, 4.4.5 rule 5, the delete
// rules), and pointers from objects that stay into objects that go are found.

var containerLinks = []string{"ProjectDatasetLink", "DatasetImageLink", "FolderImageLink", "FolderRoiLink", "ScreenPlateLink"}

// linkTypes lists every link type the graph walks.
func linkTypes() []*Type {
	out := make([]*Type, 0, len(containerLinks)+len(AnnotatedTypes))
	for _, name := range containerLinks {
		out = append(out, reg(name))
	}
	return append(out, annotationLinkList()...)
}

func (p *planner) links() error {
	for _, lt := range linkTypes() {
		parentTable := concreteTypes(lt.Parent)[0].Table
		childTable := concreteTypes(lt.Child)[0].Table
		goneParents := p.ids(parentTable, included, deleted)
		if _, err := p.loadLinks(lt, "parent", goneParents); err != nil {
			return err
		}
		// From the child side only the links crossing from a parent that stays: the
		// others were just loaded from the parent side.
		if err := p.loadCrossing(lt, p.ids(childTable, included, deleted), goneParents); err != nil {
			return err
		}
	}
	for _, l := range p.order {
		if !l.typ.IsLink() || l.targeted || !l.kept() {
			continue
		}
		parent := p.node(concreteTypes(l.typ.Parent)[0].Table, l.parent)
		child := p.node(concreteTypes(l.typ.Child)[0].Table, l.child)
		if parent == nil || child == nil || parent.kept() && child.kept() {
			continue
		}
		p.decideLink(l, parent, child)
	}
	return nil
}

func (p *planner) decideLink(l, parent, child *gnode) {
	both := gone(parent) && gone(child)
	switch p.req.Op {
	case OpDelete:
		l.state, l.free = deleted, true
	case OpChgrp:
		if both && parent.state == included && child.state == included {
			l.state, l.free = included, true
		} else {
			l.state, l.free = deleted, true
		}
	case OpChown:
		switch {
		case parent.state == deleted || child.state == deleted:
			l.state, l.free = deleted, true
		case both:
			// Given with its ends unless a third party owns it (R-CHOWN-7).
			if l.owner == parent.owner || l.owner == child.owner {
				l.state, l.free = included, true
			}
		case child.withheld:
			// The child was not given only because the caller may not give it: the
			// link stays as it was (4.4.1 rule 6).
		default:
			staying := parent
			if parent.state == included {
				staying = child
			}
			if p.crossOwnerLinkDeleted(l) && staying.owner != p.req.Recipient {
				l.state, l.free = deleted, true
			}
		}
	}
}

// crossOwnerLinkDeleted: a link that chown would leave joining two owners is deleted
// in private, read-only and read-annotate groups for containers, and in private
// groups for annotations; elsewhere it is kept with its owner.
func (p *planner) crossOwnerLinkDeleted(l *gnode) bool {
	lvl := p.perms(l)
	if l.typ.Child == "Annotation" {
		return lvl.IsPrivate()
	}
	return !lvl.GroupWrite()
}
