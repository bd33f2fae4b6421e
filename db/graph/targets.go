package graph

import (
	"slices"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// prepare makes the request-level checks: who may give or move at all, and where to.
func (p *planner) prepare() error {
	switch p.req.Op {
	case OpChown:
		rec, err := p.src.Principal(p.req.Recipient)
		if err != nil {
			return err
		}
		p.recGroup = rec.MemberOf
		if err := perms.CheckChownCaller(p.caller); err != nil {
			return fail("steps-cancel", err)
		}
	case OpChgrp:
		g, err := p.src.Group(p.req.Group)
		if err != nil {
			return err
		}
		p.dest = g
		if err := perms.CheckChgrpDestination(p.caller, g); err != nil {
			return err
		}
	}
	return nil
}

// resolveTargets loads every object the request names; each must exist and be
// readable by the caller (R-PERM-READ-1).
func (p *planner) resolveTargets() error {
	for _, tg := range p.req.Targets {
		var err error
		switch {
		case tg.Type == model.Experimenter:
			err = p.allOf(tg)
		case tg.SkipTo != nil:
			err = p.skipHead(tg)
		default:
			err = p.named(tg)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) named(tg Target) error {
	if tg.Type == nil || len(model.Subtypes(tg.Type)) == 0 {
		return fail("bad-target", fault.New(fault.Usage, "cannot target %s", tg.Name))
	}
	nodes, err := p.loadTarget(tg.Type.Space, tg)
	if err != nil {
		return err
	}
	var list []*node // what the target names, each once (markCand)
	defer func() { unmark(list, markCand) }()
	for _, n := range nodes {
		if !n.is(markCand) && n.typ().Is(tg.Type) && perms.CanRead(p.caller, p.object(n)) {
			n.set(markCand, true)
			list = append(list, n)
		}
	}
	for _, id := range tg.IDs {
		if n := p.node(tg.Type.Space, id); (n == nil || !n.is(markCand)) && !tg.covers(id) {
			return notFound("No object found: %s:%d", tg.Name, id)
		}
	}
	if len(list) == 0 {
		lo, hi := tg.span()
		return notFound("No object found: %s:%d-%d", tg.Name, lo, hi)
	}
	for _, n := range sortNodes(list) {
		if p.req.Op == OpChgrp && p.groupID(n) == p.req.Group {
			// Moving it would change nothing but would cut its links (README, Differences).
			p.noteAlreadyThere(tg.Name, n)
			continue
		}
		n.state = included
		n.set(targeted, true)
	}
	return nil
}

// noteAlreadyThere records a chgrp target that is already in the destination group.
func (p *planner) noteAlreadyThere(name string, n *node) {
	if p.noted[n] {
		return // once, however often it is named
	}
	p.noted[n] = true
	if k := len(p.already) - 1; k >= 0 && p.already[k].Name == name {
		p.already[k].IDs = append(p.already[k].IDs, n.id)
		return
	}
	p.already = append(p.already, Target{Name: name, Type: n.typ(), IDs: []int64{n.id}})
}

// ownedSpaces are the tables chown Experimenter:N reads (R-CHOWN-4): those of the
// types given with their owner.
func ownedSpaces() []*model.Space {
	var out []*model.Space
	for _, sp := range model.Spaces() {
		for _, t := range sp.Types {
			if t.GivenWithOwner() {
				out = append(out, sp)
				break
			}
		}
	}
	return out
}

// allOf names every object owned by the given users, in the groups the caller may
// give from.
func (p *planner) allOf(tg Target) error {
	users, err := p.experimenters(tg)
	if err != nil {
		return err
	}
	scope := perms.ChownScope(p.caller)
	inScope := func(g int64) bool { return scope == nil || slices.Contains(scope, g) }
	spaces := ownedSpaces()
	for _, u := range users {
		owner, err := p.src.Principal(u)
		if err != nil {
			return err
		}
		if err := perms.CheckChownAllOf(p.caller, u, owner.MemberOf); err != nil {
			return fail("steps-cancel", err)
		}
		for _, sp := range spaces {
			err := p.src.Owned(sp, []int64{u}, func(r Row) {
				if n := p.add(r); inScope(p.groupID(n)) && n.typ().GivenWithOwner() {
					n.state = included
					n.set(targeted, true)
				}
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// skipHead handles a path target First/Last:ids: the objects of type Last that acting
// on First:ids would carry become the targets, while First and everything between
// stay (4.6).
func (p *planner) skipHead(tg Target) error {
	head := newPlanner(p.src, p.caller, Request{Op: p.req.Op, Include: p.req.Include, Exclude: p.req.Exclude,
		Recipient: p.req.Recipient, Group: p.req.Group, DryRun: true})
	head.dest, head.recGroup = p.dest, p.recGroup
	if err := head.named(Target{Name: tg.Name, Type: tg.Type, IDs: tg.IDs, Ranges: tg.Ranges}); err != nil {
		return err
	}
	p.already = append(p.already, head.already...)
	if err := head.traverse(); err != nil {
		return err
	}
	if head.err != nil {
		return head.err
	}
	var ids []int64
	head.store.each(func(n *node) {
		if n.state == included && !n.is(targeted) && n.typ().Is(tg.SkipTo) {
			ids = append(ids, n.id)
		}
	})
	if len(ids) == 0 {
		return nil
	}
	return p.named(Target{Name: tg.SkipToName, Type: tg.SkipTo, IDs: ids})
}

// experimenters lists the users an Experimenter target names: its single ids, each
// of which must exist, and the users in its ranges.
func (p *planner) experimenters(tg Target) ([]int64, error) {
	users := slices.Clone(tg.IDs)
	if len(tg.Ranges) == 0 {
		return users, nil
	}
	more, err := p.src.Experimenters(tg.Ranges)
	if err != nil {
		return nil, err
	}
	users = append(users, more...)
	if len(users) == 0 {
		lo, hi := tg.span()
		return nil, notFound("No object found: %s:%d-%d", tg.Name, lo, hi)
	}
	return users, nil
}
