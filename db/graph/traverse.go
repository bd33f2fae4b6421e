package graph

import (
	"github.com/omero-go/omero/db/model"
)

// The traversal: which objects a request carries along. The rules are OMERO's
// (docs/rules.md 4.3, 4.4 and Delete). What
// carries what comes from the model: container links, and the Carry of reference
// fields. Data types are decided one after another, each after every type that can
// carry it, so that each sees its carriers decided; then annotations, the files
// they use, and the links.

// dataStep is the decision of one data type: everything that can carry it.
type dataStep struct {
	typ       *model.Type
	parts     []*model.Field // fields of typ: it is part of what they point at
	nested    []*model.Field // fields of typ pointing at its own type
	links     []*model.Type  // container links whose child is typ
	holders   []*model.Field // fields of other types that hold typ
	attached  []*model.Field // fields of typ attaching it to what they point at
	wholeRefs []*model.Field // fields of typ grouping it with the other rows pointing at the same target
}

func (s *dataStep) empty() bool {
	return len(s.parts)+len(s.nested)+len(s.links)+len(s.holders)+len(s.attached)+len(s.wholeRefs) == 0
}

// carriers lists the types that must be decided before s: those that can carry
// its type.
func (s *dataStep) carriers() []*model.Type {
	var out []*model.Type
	for _, l := range s.links {
		out = append(out, l.Parent)
	}
	for _, f := range append(s.parts, s.attached...) {
		out = append(out, f.Target)
	}
	for _, f := range s.holders {
		out = append(out, f.Owner)
	}
	return out
}

// isData reports a type the data steps decide: owned data that is neither a link
// nor an annotation, which have their own phases.
func isData(t *model.Type) bool {
	return !t.Abstract && !t.System && !t.IsLink() && !t.IsAnnotation()
}

// dataSteps derives the data steps from the model, in an order where each type
// comes after its carriers (ties broken by registry order). A field that groups
// rows (Whole) makes its target come after them: the target is decided with them.
func dataSteps() []*dataStep {
	steps := map[*model.Type]*dataStep{}
	var types []*model.Type
	for _, t := range model.All() {
		if isData(t) {
			steps[t] = &dataStep{typ: t}
			types = append(types, t)
		}
	}
	after := map[*model.Type][]*model.Type{} // Whole: the target comes after the rows
	for _, t := range types {
		s := steps[t]
		for i := range t.Fields {
			f := &t.Fields[i]
			switch f.Carry {
			case model.Part:
				s.parts = append(s.parts, f)
			case model.Nested:
				s.nested = append(s.nested, f)
			case model.Attached:
				s.attached = append(s.attached, f)
			case model.Whole:
				s.wholeRefs = append(s.wholeRefs, f)
				after[f.Target] = append(after[f.Target], t)
			case model.Holds:
				if target := steps[f.Target]; target != nil {
					target.holders = append(target.holders, f)
				}
			}
		}
	}
	for _, l := range model.Links() {
		if s := steps[l.Child]; l.Container && s != nil {
			s.links = append(s.links, l)
		}
	}
	ordered := model.Topological(types, func(t *model.Type) []*model.Type {
		return append(steps[t].carriers(), after[t]...)
	})
	var out []*dataStep
	for _, t := range ordered {
		if s := steps[t]; !s.empty() {
			out = append(out, s)
		}
	}
	return out
}

// traverse decides the whole subgraph, top-down.
func (p *planner) traverse() error {
	for _, s := range dataSteps() {
		if err := p.decideData(s); err != nil {
			return err
		}
	}
	for _, step := range []func() error{p.annotations, p.files, p.links} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) decideData(s *dataStep) error {
	for _, f := range s.parts {
		if err := p.parts(f); err != nil {
			return err
		}
	}
	if len(s.links)+len(s.holders) > 0 {
		if err := p.contents(s); err != nil {
			return err
		}
	}
	for _, f := range s.nested {
		if err := p.nestedIn(f); err != nil {
			return err
		}
	}
	for _, f := range s.attached {
		if err := p.attachedTo(f, s.links); err != nil {
			return err
		}
	}
	for _, f := range s.wholeRefs {
		if err := p.whole(f); err != nil {
			return err
		}
	}
	return nil
}

// destPrivate reports a chgrp into a group without group-read (to_private).
func (p *planner) destPrivate() bool { return p.req.Op == OpChgrp && p.dest.Permissions.IsPrivate() }

// candidate decides whether child, reached from the carried container parent,
// is considered for carrying at all (4.3.1 rule 1, 4.4.1 rule 1, delete's /d).
func (p *planner) candidate(parent, child *node) bool {
	if p.isExcluded(child.typ()) {
		return false
	}
	switch p.req.Op {
	case OpChown:
		return p.owner(child) == p.owner(parent)
	case OpChgrp:
		return p.owner(child) == p.owner(parent) ||
			!p.destPrivate() && (p.abilities(child).Delete || p.abilities(parent).Move)
	}
	return p.abilities(child).Delete
}

// admit decides what happens to an orphan candidate (4.3.1 rule 4, 4.4.1 rule 4).
func (p *planner) admit(n *node) {
	switch p.req.Op {
	case OpChown:
		if p.abilities(n).OwnForChown {
			n.state = included
		} else {
			n.set(withheld, true)
		}
	case OpChgrp:
		a := p.abilities(n)
		switch {
		case a.OwnForChgrp:
			n.state = included
		case !p.destPrivate() && (a.Delete || a.Move):
			n.state = included
			n.set(free, true)
		}
	case OpDelete:
		n.state = included
	}
}

// parts carries the rows that are part of what goes (the wells of a plate, the
// samples of a well, a named well too: delete Well:5): composition, which always
// follows (4.3.4, 4.4.4).
func (p *planner) parts(f *model.Field) error {
	rows, err := p.referrers(f, p.ids(f.Target.Space, included))
	for _, n := range rows {
		if n.kept() {
			n.state = included
			n.set(free, true)
		}
	}
	return err
}

// contents decides the objects of s's type that a carried container holds through
// its links, or that a carried holder holds: candidates that nothing staying still
// holds are admitted (4.3.1 rules 1-4, 4.4.1 rules 1-4).
func (p *planner) contents(s *dataStep) error {
	// The candidates are marked (markCand), not listed: a project's million images
	// would be a million pointers to keep and to scan.
	sp := s.typ.Space
	var first *node // a candidate, for held
	eachCand := func(fn func(*node)) {
		p.eachIn(sp, func(n *node) {
			if n.is(markCand) {
				fn(n)
			}
		})
	}
	defer eachCand(func(n *node) { n.set(markCand|markHeld, false) })
	addCand := func(n *node) {
		if n != nil && !n.is(markCand) {
			n.set(markCand, true)
			first = n
		}
	}
	for _, l := range s.links {
		if err := p.candidatesVia(l, addCand); err != nil {
			return err
		}
	}
	// What carried holders hold is a candidate whoever owns it.
	for _, f := range s.holders {
		holders := p.inState(f.Owner.Space, included)
		var targets []int64
		for _, h := range holders {
			if id := h.ref(f); id != 0 {
				targets = append(targets, id)
			}
		}
		if err := p.loadMissing(s.typ.Space, targets); err != nil {
			return err
		}
		for _, id := range targets {
			if n := p.node(s.typ.Space, id); n != nil && !p.isExcluded(n.typ()) &&
				(p.req.Op != OpDelete || p.abilities(n).Delete) {
				addCand(n)
			}
		}
	}
	if first == nil {
		return nil
	}
	cands := p.setWhere(sp, func(n *node) bool { return n.is(markCand) })
	if err := p.held(sp, cands, eachCand, s.links); err != nil {
		return err
	}
	// An object that a holder which stays holds, stays with it.
	for _, f := range s.holders {
		users, err := p.referrers(f, cands)
		if err != nil {
			return err
		}
		for _, u := range users {
			if n := p.node(s.typ.Space, u.ref(f)); u.kept() && n != nil && !p.isForced(n.typ()) {
				n.set(markHeld, true)
			}
		}
	}
	eachCand(func(c *node) {
		if c.state == stays && !c.is(markHeld) {
			p.admit(c)
		}
	})
	return nil
}

// candidatesVia loads the links of type lt from carried parents and gives add the
// children that are candidates.
func (p *planner) candidatesVia(lt *model.Type, add func(*node)) error {
	links, err := p.loadLinks(lt, ParentEnd, p.ids(lt.Parent.Space, included))
	if err != nil {
		return err
	}
	for _, l := range links {
		parent, child := p.node(lt.Parent.Space, at(l, ParentEnd)), p.node(lt.Child.Space, at(l, ChildEnd))
		if child == nil || parent == nil || child.is(markCand) || !p.candidate(parent, child) {
			continue
		}
		add(child)
	}
	return nil
}

// held marks (markHeld) the candidates of space sp that a staying parent still holds
// through one of the link types (4.3.1 rule 2); chown does not let folders hold
// (4.4.1 rule 2), nor anything else that is LooseOnChown. Excluded candidates count
// as held. ids is the ids of the candidates, each calls a function with each. The
// caller clears the marks.
func (p *planner) held(sp *model.Space, ids IDSet, each func(func(*node)), links []*model.Type) error {
	if len(ids) == 0 {
		return nil
	}
	for _, lt := range links {
		if p.req.Op == OpChown && lt.Parent.LooseOnChown {
			continue
		}
		held, err := p.src.Held(lt, ids, p.ids(lt.Parent.Space, included, deleted))
		if err != nil {
			return err
		}
		for _, id := range held {
			if c := p.node(sp, id); c != nil && !p.isForced(c.typ()) {
				c.set(markHeld, true)
			}
		}
	}
	each(func(c *node) {
		if p.isExcluded(c.typ()) {
			c.set(markHeld, true)
		}
	})
	return nil
}

// nestedIn carries the rows nested in carried rows of their own type (a folder's
// subfolders), level by level.
func (p *planner) nestedIn(f *model.Field) error {
	sp := f.Owner.Space
	frontier := p.ids(sp, included)
	for len(frontier) > 0 {
		children, err := p.referrers(f, frontier)
		if err != nil {
			return err
		}
		var next []int64
		for _, child := range children {
			parent := p.node(sp, child.ref(f))
			if child.state == stays && parent != nil && gone(parent) && p.candidate(parent, child) {
				p.admit(child)
				if child.state != stays {
					next = append(next, child.id)
				}
			}
		}
		frontier = SetOf(next...)
	}
	return nil
}
