package db

import (
	"fmt"

	"github.com/omero-go/omero/perms"
)

// Graph plans the request and, unless it is a dry run, performs it in the caller's
// transaction. A refusal is a *GraphFailure (or, for the checks OMERO's CLI makes
// before sending a request, a plain error) and changes nothing.
func (t *Tx) Graph(req GraphRequest) (GraphResult, error) {
	p := newPlanner(t, req)
	steps := []func() error{p.prepare, p.resolveTargets, p.traverse, p.check, p.assert}
	if !req.DryRun {
		steps = append(steps, p.execute)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return GraphResult{}, err
		}
	}
	return p.result(), nil
}

// GraphWarnings lists the targets of req that live in read-write groups and belong to
// someone else, as OMERO's CLI warns before sending a request.
func (t *Tx) GraphWarnings(req GraphRequest) ([]string, error) {
	var out []string
	for _, tg := range req.Targets {
		if tg.Type == "Experimenter" || tg.SkipTo != "" {
			continue
		}
		types := concreteTypes(tg.Type)
		if len(types) == 0 {
			continue
		}
		p := newPlanner(t, req)
		nodes, err := p.loadRows(types[0], "id", tg.IDs)
		if err != nil {
			return nil, err
		}
		for _, n := range sortNodes(nodes) {
			if p.perms(n).GroupWrite() && n.owner != t.Caller.UserID && perms.CanRead(t.Caller, p.object(n)) {
				out = append(out, fmt.Sprintf("WARNING: %s:%d belongs to user %d", tg.Type, n.id, n.owner))
			}
		}
	}
	return out, nil
}

// prepare makes the request-level checks: who may give or move at all, and where to.
func (p *planner) prepare() error {
	c := p.t.Caller
	switch p.req.Op {
	case OpChown:
		rec, err := p.t.principal(p.req.Recipient)
		if err != nil {
			return err
		}
		p.recGroup = rec.MemberOf
		if err := perms.CheckChownCaller(c); err != nil {
			return graphFail("steps-cancel", err)
		}
	case OpChgrp:
		g, err := p.t.groupRef(p.req.Group)
		if err != nil {
			return err
		}
		p.dest = g
		if err := perms.CheckChgrpDestination(c, g); err != nil {
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
		case tg.Type == "Experimenter":
			err = p.allOf(tg.IDs)
		case tg.SkipTo != "":
			err = p.skipHead(tg)
		default:
			err = p.named(tg.Type, tg.IDs, tg.InRange)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) named(typeName string, ids []int64, inRange map[int64]bool) error {
	types := concreteTypes(typeName)
	if len(types) == 0 {
		return graphFail("bad-target", &InputError{Msg: "cannot target " + typeName})
	}
	nodes, err := p.loadRows(types[0], "id", ids)
	if err != nil {
		return err
	}
	found := map[int64]*gnode{}
	for _, n := range nodes {
		if n.typ.Is(typeName) && perms.CanRead(p.t.Caller, p.object(n)) {
			found[n.id] = n
		}
	}
	foundOne := false
	for _, id := range ids {
		n := found[id]
		if n == nil {
			if inRange[id] {
				continue
			}
			return notFound("No object found: %s:%d", typeName, id)
		}
		foundOne = true
		if p.req.Op == OpChgrp && n.group == p.req.Group {
			// Moving it would change nothing but would cut its links (DESIGN 4).
			p.noteAlreadyThere(typeName, n)
			continue
		}
		n.state, n.targeted = included, true
	}
	if !foundOne && len(ids) > 0 {
		return notFound("No object found: %s:%d-%d", typeName, ids[0], ids[len(ids)-1])
	}
	return nil
}

// noteAlreadyThere records a chgrp target that is already in the destination group.
func (p *planner) noteAlreadyThere(typeName string, n *gnode) {
	if p.noted[n] {
		return // once, however often it is named
	}
	p.noted[n] = true
	if k := len(p.already) - 1; k >= 0 && p.already[k].Type == typeName {
		p.already[k].IDs = append(p.already[k].IDs, n.id)
		return
	}
	p.already = append(p.already, GraphTarget{Type: typeName, IDs: []int64{n.id}})
}

// allOfTypes are the types chown Experimenter:N gives (R-CHOWN-4). One annotation
// type stands for the annotation table all of them share.
var allOfTypes = []string{"Project", "Dataset", "Image", "Screen", "Plate", "Folder", "Fileset", "OriginalFile", "Roi",
	"TagAnnotation", "ProjectDatasetLink", "DatasetImageLink", "FolderImageLink", "FolderRoiLink", "ScreenPlateLink"}

// allOf names every object owned by the given users, in the groups the caller may
// give from.
func (p *planner) allOf(users []int64) error {
	c := p.t.Caller
	scope := perms.ChownScope(c)
	inScope := func(g int64) bool {
		if scope == nil {
			return true
		}
		for _, s := range scope {
			if s == g {
				return true
			}
		}
		return false
	}
	tables := map[*Type]bool{}
	for _, name := range allOfTypes {
		tables[reg(name)] = true
	}
	for _, lt := range annotationLinkList() {
		tables[lt] = true
	}
	for _, u := range users {
		owner, err := p.t.principal(u)
		if err != nil {
			return err
		}
		if err := perms.CheckChownAllOf(c, u, owner.MemberOf); err != nil {
			return graphFail("steps-cancel", err)
		}
		for typ := range tables {
			nodes, err := p.loadRows(typ, "owner_id", []int64{u})
			if err != nil {
				return err
			}
			for _, n := range nodes {
				if inScope(n.group) {
					n.state, n.targeted = included, true
				}
			}
		}
	}
	return nil
}

// skipHead handles a path target First/Last:ids: the objects of type Last that acting
// on First:ids would carry become the targets, while First and everything between
// stay (4.6).
func (p *planner) skipHead(tg GraphTarget) error {
	head := newPlanner(p.t, GraphRequest{Op: p.req.Op, Include: p.req.Include, Exclude: p.req.Exclude,
		Recipient: p.req.Recipient, Group: p.req.Group, DryRun: true})
	head.dest, head.recGroup = p.dest, p.recGroup
	if err := head.named(tg.Type, tg.IDs, tg.InRange); err != nil {
		return err
	}
	p.already = append(p.already, head.already...)
	if err := head.traverse(); err != nil {
		return err
	}
	var ids []int64
	for _, n := range head.order {
		if n.state == included && !n.targeted && n.typ.Is(tg.SkipTo) {
			ids = append(ids, n.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return p.named(tg.SkipTo, ids, nil)
}
