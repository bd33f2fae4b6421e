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
		if CanonicalType(tg.Type) == "Experimenter" || tg.SkipTo != "" {
			continue
		}
		types := concreteTypes(CanonicalType(tg.Type))
		if len(types) == 0 {
			continue
		}
		p := newPlanner(t, req)
		nodes, err := p.loadTarget(types[0], tg)
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
		case CanonicalType(tg.Type) == "Experimenter":
			err = p.allOf(tg)
		case tg.SkipTo != "":
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

func (p *planner) named(tg GraphTarget) error {
	typeName := CanonicalType(tg.Type)
	types := concreteTypes(typeName)
	if len(types) == 0 {
		return graphFail("bad-target", &InputError{Msg: "cannot target " + tg.Type})
	}
	nodes, err := p.loadTarget(types[0], tg)
	if err != nil {
		return err
	}
	found := map[int64]*gnode{}
	for _, n := range nodes {
		if n.typ.Is(typeName) && perms.CanRead(p.t.Caller, p.object(n)) {
			found[n.id] = n
		}
	}
	for _, id := range tg.IDs {
		if found[id] == nil && !tg.covers(id) {
			return notFound("No object found: %s:%d", tg.Type, id)
		}
	}
	if len(found) == 0 {
		lo, hi := tg.span()
		return notFound("No object found: %s:%d-%d", tg.Type, lo, hi)
	}
	list := make([]*gnode, 0, len(found))
	for _, n := range found {
		list = append(list, n)
	}
	for _, n := range sortNodes(list) {
		if p.req.Op == OpChgrp && n.group == p.req.Group {
			// Moving it would change nothing but would cut its links (DESIGN 4).
			p.noteAlreadyThere(tg.Type, n)
			continue
		}
		n.state, n.targeted = included, true
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
func (p *planner) allOf(tg GraphTarget) error {
	users, err := p.experimenters(tg)
	if err != nil {
		return err
	}
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
	if err := head.named(GraphTarget{Type: tg.Type, IDs: tg.IDs, Ranges: tg.Ranges}); err != nil {
		return err
	}
	p.already = append(p.already, head.already...)
	if err := head.traverse(); err != nil {
		return err
	}
	var ids []int64
	for _, n := range head.order {
		if n.state == included && !n.targeted && n.typ.Is(CanonicalType(tg.SkipTo)) {
			ids = append(ids, n.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return p.named(GraphTarget{Type: tg.SkipTo, IDs: ids})
}

// experimenters lists the users an Experimenter target names: its single ids, each
// of which must exist, and the users in its ranges.
func (p *planner) experimenters(tg GraphTarget) ([]int64, error) {
	users := append([]int64(nil), tg.IDs...)
	if len(tg.Ranges) == 0 {
		return users, nil
	}
	rows, err := p.t.query(`SELECT DISTINCT x.id FROM json_each(?) r JOIN experimenter x
		ON x.id BETWEEN json_extract(r.value, '$[0]') AND json_extract(r.value, '$[1]') ORDER BY x.id`, rangesJSON(tg.Ranges))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		users = append(users, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(users) == 0 {
		lo, hi := tg.span()
		return nil, notFound("No object found: %s:%d-%d", tg.Type, lo, hi)
	}
	return users, nil
}
