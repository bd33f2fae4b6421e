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
	done := make([]map[int64]bool, len(model.Spaces()))
	for {
		parents := make([][]int64, len(model.Spaces())) // by space
		fresh := false
		for _, n := range p.order {
			sp := n.typ.Space
			if !gone(n) || sp.AnnotationLink == nil || n.typ.IsLink() {
				continue
			}
			if done[sp.Index] == nil {
				done[sp.Index] = map[int64]bool{}
			}
			if !done[sp.Index][n.id] {
				done[sp.Index][n.id] = true
				parents[sp.Index] = append(parents[sp.Index], n.id)
				fresh = true
			}
		}
		if !fresh {
			return nil
		}
		if err := p.annotationRound(parents); err != nil {
			return err
		}
	}
}

func (p *planner) annotationRound(parents [][]int64) error {
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
	held, err := p.held(cands, annotationLinks())
	if err != nil {
		return err
	}
	for _, a := range cands {
		if !held[a] {
			p.decideOrphanAnnotation(a, reached[a][0])
		}
	}
	return nil
}

// annotationCandidate decides whether a, reached from the objects xs that go, is
// considered at all.
func (p *planner) annotationCandidate(a *node, xs []*node) bool {
	if p.isExcluded(a.typ) || p.req.Op == OpDelete && p.deleteKeeps(a.typ) {
		return false
	}
	if p.isForced(a.typ) {
		return true
	}
	class := a.typ.AnnotationClass()
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
		if a.owner != x.owner {
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
		a.free = a.typ.AnnotationClass() == model.Orphanable
	case OpChown:
		switch {
		case a.owner == x.owner:
			// Given with what it annotates whoever gives it: the caller's right to
			// give it is asserted with the rest (R-CHOWN-2). A group owner who
			// kept it back would leave a link joining two owners.
			a.state = included
		case p.isForced(a.typ):
			p.admit(a)
		case p.perms(a).IsPrivate():
			a.state, a.free = deleted, true
		}
	case OpChgrp:
		switch {
		case a.owner == x.owner:
			a.state, a.free = included, x.free
		case !p.destPrivate() && ab.Delete:
			a.state, a.free = included, true
		case ab.Delete:
			a.state = deleted
		case a.typ.AnnotationClass() == model.Orphanable:
			a.state, a.free = deleted, true
		}
	}
}
