package graph

import (
	"github.com/omero-go/omero/db/model"
)

// Annotations (docs/rules.md 4.3.5, 4.4.5, Delete): which annotations of the objects
// that go follow them, and which are deleted.

// annotationLinks lists the <T>AnnotationLink types, in registry order.
func annotationLinks() []*model.Type {
	var out []*model.Type
	for _, sp := range model.Spaces() {
		if sp.AnnotationLink != nil {
			out = append(out, sp.AnnotationLink)
		}
	}
	return out
}

// annotations decides the annotations of everything that goes, then of the
// annotations that go (annotations of annotations), until nothing new is reached.
func (p *planner) annotations() error {
	for {
		parents := make([]IDSet, len(model.Spaces())) // by space
		fresh := false
		for _, sp := range model.Spaces() {
			if sp.AnnotationLink == nil {
				continue
			}
			parents[sp.Index] = p.setWhere(sp, func(n *node) bool {
				if !gone(n) || n.typ().IsLink() || n.is(annotated) {
					return false
				}
				n.set(annotated, true)
				return true
			})
			fresh = fresh || len(parents[sp.Index]) > 0
		}
		if !fresh {
			return nil
		}
		if err := p.annotationRound(parents); err != nil {
			return err
		}
	}
}

func (p *planner) annotationRound(parents []IDSet) error {
	// reached: each annotation with the objects that go through which it was reached.
	reached := map[*node][]*node{}
	var list []*node
	for _, sp := range model.Spaces() {
		ids := parents[sp.Index]
		if len(ids) == 0 {
			continue
		}
		lt := sp.AnnotationLink
		links, err := p.loadLinks(lt, ParentEnd, ids)
		if err != nil {
			return err
		}
		for _, l := range links {
			a, x := p.node(lt.Child.Space, at(l, ChildEnd)), p.node(sp, at(l, ParentEnd))
			if a == nil || x == nil || a.state != stays {
				continue
			}
			if _, seen := reached[a]; !seen {
				list = append(list, a)
			}
			reached[a] = append(reached[a], x)
		}
	}
	var cands []*node
	for _, a := range sortNodes(list) {
		if p.annotationCandidate(a, reached[a]) {
			cands = append(cands, a)
		}
	}
	defer unmark(cands, markHeld)
	if len(cands) == 0 {
		return nil
	}
	if err := p.held(model.Annotation.Space, setOfNodes(cands), eachOf(cands), annotationLinks()); err != nil {
		return err
	}
	for _, a := range cands {
		if !a.is(markHeld) {
			p.decideOrphanAnnotation(a, reached[a][0])
		}
	}
	return nil
}

// annotationCandidate decides whether a, reached from the objects xs that go, is
// considered at all.
func (p *planner) annotationCandidate(a *node, xs []*node) bool {
	t := a.typ()
	if p.isExcluded(t) || p.req.Op == OpDelete && p.deleteKeeps(t) {
		return false
	}
	if p.isForced(t) {
		return true
	}
	class := t.AnnotationClass()
	switch p.req.Op {
	case OpDelete:
		return class == model.Orphanable || class == model.Structured && p.abilities(a).Delete
	case OpChown:
		// In read-annotate and read-write groups nothing is given implicitly.
		if p.perms(a).GroupAnnotate() {
			return false
		}
	}
	if class != model.Sharable {
		return true
	}
	for _, x := range xs {
		if p.owner(a) != p.owner(x) {
			continue
		}
		switch p.req.Op {
		case OpChgrp:
			if p.abilities(a).Delete || p.abilities(x).Move {
				return true
			}
		case OpChown:
			if p.abilities(a).Give {
				return true
			}
		}
	}
	return false
}

// deleteKeeps: OMERO's CLI excludes tags, terms and file annotations from a delete
// unless they are included (model.Type.KeptByDelete); this is the one place that
// rule is applied.
func (p *planner) deleteKeeps(t *model.Type) bool { return !p.isForced(t) && t.DeleteKeeps() }

// decideOrphanAnnotation applies rule 4 of 4.3.5 / 4.4.5 to an annotation nothing
// that stays holds; x is an object that goes and held it.
func (p *planner) decideOrphanAnnotation(a, x *node) {
	ab := p.abilities(a)
	switch p.req.Op {
	case OpDelete:
		a.state = included
		a.set(free, a.typ().AnnotationClass() == model.Orphanable)
	case OpChown:
		switch {
		case p.owner(a) == p.owner(x):
			// Given with what it annotates whoever gives it: the caller's right to
			// give it is asserted with the rest (R-CHOWN-2). A group owner who
			// kept it back would leave a link joining two owners.
			a.state = included
		case p.isForced(a.typ()):
			p.admit(a)
		case p.perms(a).IsPrivate():
			a.state = deleted
			a.set(free, true)
		}
	case OpChgrp:
		switch {
		case p.owner(a) == p.owner(x):
			a.state = included
			a.set(free, x.is(free))
		case !p.destPrivate() && ab.Delete:
			a.state = included
			a.set(free, true)
		case ab.Delete:
			a.state = deleted
		case a.typ().AnnotationClass() == model.Orphanable:
			a.state = deleted
			a.set(free, true)
		}
	}
}
