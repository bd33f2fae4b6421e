package db

// The traversal: which objects a request carries along. The rules are OMERO's
// (omero-model-graph-detail sections 4.3 and 4.4, and blitz-delete-rules), applied
// container level by container level so that each level sees its parents decided.

func reg(name string) *Type { return registry[name] }

// destPrivate reports a chgrp into a group without group-read (to_private).
func (p *planner) destPrivate() bool { return p.req.Op == OpChgrp && p.dest.Permissions.IsPrivate() }

// candidate decides whether child, reached from the carried container parent,
// is considered for carrying at all (4.3.1 rule 1, 4.4.1 rule 1, delete's /d).
func (p *planner) candidate(parent, child *gnode) bool {
	if p.excluded(child.typ) {
		return false
	}
	switch p.req.Op {
	case OpChown:
		return child.owner == parent.owner
	case OpChgrp:
		return child.owner == parent.owner ||
			!p.destPrivate() && (p.abilities(child).Delete || p.abilities(parent).Move)
	}
	return p.abilities(child).Delete
}

// admit decides what happens to an orphan candidate (4.3.1 rule 4, 4.4.1 rule 4).
func (p *planner) admit(n *gnode) {
	switch p.req.Op {
	case OpChown:
		if p.abilities(n).OwnForChown {
			n.state = included
		} else {
			n.withheld = true
		}
	case OpChgrp:
		a := p.abilities(n)
		switch {
		case a.OwnForChgrp:
			n.state = included
		case !p.destPrivate() && (a.Delete || a.Move):
			n.state, n.free = included, true
		}
	case OpDelete:
		n.state = included
	}
}

// contents carries the children of carried containers through link type lt:
// candidates that no staying container still holds are admitted. holders names the
// link types that can hold such a child besides lt.
func (p *planner) contents(lt *Type, holders ...*Type) ([]*gnode, error) {
	cands, err := p.candidatesVia(lt)
	if err != nil {
		return nil, err
	}
	attached, err := p.attached(cands, append([]*Type{lt}, holders...)...)
	if err != nil {
		return nil, err
	}
	var out []*gnode
	for _, c := range cands {
		if c.state == stays && (!attached[c] || p.forced(c.typ)) {
			p.admit(c)
		}
		out = append(out, c)
	}
	return out, nil
}

// candidatesVia loads the links of type lt from carried parents and returns the
// children that are candidates.
func (p *planner) candidatesVia(lt *Type) ([]*gnode, error) {
	parentTable := concreteTypes(lt.Parent)[0].Table
	links, err := p.loadLinks(lt, "parent", p.ids(parentTable, included))
	if err != nil {
		return nil, err
	}
	childTable := concreteTypes(lt.Child)[0].Table
	var out []*gnode
	seen := map[*gnode]bool{}
	for _, l := range links {
		parent, child := p.node(parentTable, l.parent), p.node(childTable, l.child)
		if child == nil || parent == nil || seen[child] || !p.candidate(parent, child) {
			continue
		}
		seen[child] = true
		out = append(out, child)
	}
	return out, nil
}

// attached finds the candidates that a staying parent still holds through one of
// the link types (4.3.1 rule 2); chown does not let folders hold (4.4.1 rule 2). The
// database filters: only the held children come back, not every link.
func (p *planner) attached(cands []*gnode, links ...*Type) (map[*gnode]bool, error) {
	out := map[*gnode]bool{}
	if len(cands) == 0 {
		return out, nil
	}
	ids := idsJSON(nodeIDs(cands))
	childTable := cands[0].typ.Table
	for _, lt := range links {
		if p.req.Op == OpChown && lt.Parent == "Folder" {
			continue
		}
		parentTable := concreteTypes(lt.Parent)[0].Table
		rows, err := p.t.query(`SELECT DISTINCT child FROM `+lt.Table+` WHERE child IN (SELECT value FROM json_each(?))
			AND parent NOT IN (SELECT value FROM json_each(?))`, ids, idsJSON(p.ids(parentTable, included, deleted)))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			if c := p.node(childTable, id); c != nil && !p.forced(c.typ) {
				out[c] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, c := range cands {
		if p.excluded(c.typ) {
			out[c] = true
		}
	}
	return out, nil
}

// traverse decides the whole subgraph, top-down.
func (p *planner) traverse() error {
	steps := []func() error{
		func() error { _, err := p.contents(reg("ScreenPlateLink")); return err },
		func() error { _, err := p.contents(reg("ProjectDatasetLink")); return err },
		p.folders,
		p.plates,
		p.images,
		p.filesets,
		p.rois,
		p.annotations,
		p.files,
		p.links,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// folders carries child folders level by level, and the folders' ROIs.
func (p *planner) folders() error {
	frontier := p.ids("folder", included)
	for len(frontier) > 0 {
		children, err := p.loadFK(reg("Folder"), "parentfolder", frontier)
		if err != nil {
			return err
		}
		frontier = nil
		for child, parentID := range children {
			parent := p.node("folder", parentID)
			if child.state == stays && parent != nil && gone(parent) && p.candidate(parent, child) {
				p.admit(child)
				if child.state != stays {
					frontier = append(frontier, child.id)
				}
			}
		}
	}
	return nil
}

// plates carries the wells of carried plates, and the well samples of every well that
// goes (a named one too: delete Well:5): composition, which always follows (4.3.4,
// 4.4.4).
func (p *planner) plates() error {
	wells, err := p.loadFK(reg("Well"), "plate", p.ids("plate", included))
	if err != nil {
		return err
	}
	for w := range wells {
		if w.kept() {
			w.state, w.free = included, true
		}
	}
	samples, err := p.loadFK(reg("WellSample"), "well", p.ids("well", included))
	for ws := range samples {
		if ws.kept() {
			ws.state, ws.free = included, true
		}
	}
	return err
}
