package graph

import (
	"fmt"
	"slices"
	"sort"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// A request is planned in steps: the request-level checks, the targets, the
// traversal of what they carry, the error rules and the permission assertions. The
// subgraph is loaded as the steps need it, a set of ids per query.

type state uint8

const (
	stays    state = iota // left as it is
	included              // moved, given, or (delete) deleted as asked
	deleted               // deleted to keep the graph sound
)

// node is one object the request touched.
type node struct {
	typ          *model.Type
	id           int64
	owner, group int64
	refs         [model.MaxRefs]int64
	state        state
	targeted     bool // named by the request: refusals are errors, not silent stays
	free         bool // carried by a rule that needs no permission (OMERO's /n)
	withheld     bool // chown: an orphan the caller may not give; its links stay
}

// kept reports an object that stays where it is.
func (n *node) kept() bool { return n.state == stays }

// ref is the value of the graph reference f of n, 0 for null.
func (n *node) ref(f *model.Field) int64 { return n.refs[f.Slot] }

// gone reports objects that will not be where they are now for the purpose of the
// holder rules: included or deleted.
func gone(n *node) bool { return n != nil && n.state != stays }

// Plan is a decided request: what each object of the subgraph becomes.
type Plan struct {
	Op        Op
	Recipient int64     // chown: the new owner
	Group     int64     // chgrp: the destination group
	included  [][]int64 // by type: moved, given, or (delete) deleted as asked, in load order
	deleted   [][]int64 // by type: deleted to keep the graph sound
	res       Result
}

// planner holds one request's subgraph and decisions.
type planner struct {
	src      Source
	caller   perms.Caller
	req      Request
	nodes    []map[int64]*node // by space, then id
	order    []*node           // in the order they were loaded, for stable output
	bySpace  [][]*node
	forced   []bool // by type: --include names it or a supertype
	excluded []bool // by type: --exclude names it or a supertype, and --include does not
	groups   map[int64]perms.Group
	dest     perms.Group // chgrp
	recGroup []int64     // chown: the recipient's groups
	loaded   map[linkEnd]*linkMemo
	abil     map[abilityKey]perms.GraphAbilities
	already  []Target // chgrp: targets already in the destination
	noted    map[*node]bool
	err      error // the first error a load inside a decision met
}

// linkEnd names one side of one link type, for remembering what was loaded.
type linkEnd struct {
	link *model.Type
	end  End
}

// abilityKey is everything the caller's abilities on an object depend on.
type abilityKey struct {
	kind         perms.ObjectKind
	owner, group int64
}

func newPlanner(src Source, caller perms.Caller, req Request) *planner {
	types, spaces := model.All(), model.Spaces()
	p := &planner{src: src, caller: caller, req: req,
		nodes: make([]map[int64]*node, len(spaces)), bySpace: make([][]*node, len(spaces)),
		forced: make([]bool, len(types)), excluded: make([]bool, len(types)),
		groups: map[int64]perms.Group{}, loaded: map[linkEnd]*linkMemo{},
		abil: map[abilityKey]perms.GraphAbilities{}, noted: map[*node]bool{}}
	for i := range p.nodes {
		p.nodes[i] = map[int64]*node{}
	}
	for _, t := range types {
		p.forced[t.Index] = isAny(t, req.Include)
		p.excluded[t.Index] = !p.forced[t.Index] && isAny(t, req.Exclude)
	}
	return p
}

func isAny(t *model.Type, list []*model.Type) bool {
	for _, u := range list {
		if t.Is(u) {
			return true
		}
	}
	return false
}

// Decide plans req for the caller, reading the subgraph from src. A refusal is a
// *Failure, or for the checks OMERO's CLI makes before sending a request an error of
// its own, and nothing is decided.
func Decide(src Source, caller perms.Caller, req Request) (*Plan, error) {
	p := newPlanner(src, caller, req)
	for _, step := range []func() error{p.prepare, p.resolveTargets, p.traverse, p.check, p.assert} {
		if err := step(); err != nil {
			return nil, err
		}
		if p.err != nil {
			return nil, p.err
		}
	}
	n := len(model.All())
	pl := &Plan{Op: req.Op, Recipient: req.Recipient, Group: req.Group, included: make([][]int64, n), deleted: make([][]int64, n), res: p.result()}
	for _, x := range p.order {
		switch x.state {
		case included:
			pl.included[x.typ.Index] = append(pl.included[x.typ.Index], x.id)
		case deleted:
			pl.deleted[x.typ.Index] = append(pl.deleted[x.typ.Index], x.id)
		}
	}
	return pl, nil
}

// Result lists the decisions.
func (pl *Plan) Result() Result { return pl.res }

// Included lists the objects of t the request moves or gives (for delete: deletes
// as asked).
func (pl *Plan) Included(t *model.Type) []int64 { return pl.included[t.Index] }

// Deleted lists the objects of t deleted to keep the graph sound.
func (pl *Plan) Deleted(t *model.Type) []int64 { return pl.deleted[t.Index] }

// Gone lists the objects of sp that leave where they are: included or deleted.
func (pl *Plan) Gone(sp *model.Space) []int64 {
	var out []int64
	for _, t := range sp.Types {
		out = append(append(out, pl.included[t.Index]...), pl.deleted[t.Index]...)
	}
	return out
}

func (p *planner) node(sp *model.Space, id int64) *node { return p.nodes[sp.Index][id] }

// add records a loaded row, keeping the first copy.
func (p *planner) add(r Row) *node {
	m := p.nodes[r.Type.Space.Index]
	if n, ok := m[r.ID]; ok {
		return n
	}
	n := &node{typ: r.Type, id: r.ID, owner: r.Owner, group: r.Group, refs: r.Refs}
	m[r.ID] = n
	p.order = append(p.order, n)
	p.bySpace[r.Type.Space.Index] = append(p.bySpace[r.Type.Space.Index], n)
	if _, ok := p.groups[r.Group]; !ok {
		g, err := p.src.Group(r.Group)
		if err != nil && p.err == nil {
			p.err = err
		}
		p.groups[r.Group] = g
	}
	return n
}

// group is what perms needs to know of a group the subgraph lives in.
func (p *planner) group(id int64) perms.Group { return p.groups[id] }

// object is what perms needs to know of n.
func (p *planner) object(n *node) perms.Object {
	return perms.Object{Class: n.typ.Class, ID: n.id, Kind: n.typ.ObjectKind, OwnerID: n.owner, Group: p.group(n.group)}
}

// abilities asks perms once per kind of object, owner and group.
func (p *planner) abilities(n *node) perms.GraphAbilities {
	k := abilityKey{n.typ.ObjectKind, n.owner, n.group}
	a, ok := p.abil[k]
	if !ok {
		a = perms.Abilities(p.caller, p.object(n))
		p.abil[k] = a
	}
	return a
}

// perms is the permissions of n's group, which decide how chown treats it.
func (p *planner) perms(n *node) perms.Permissions { return p.group(n.group).Permissions }

func (p *planner) isForced(t *model.Type) bool   { return p.forced[t.Index] }
func (p *planner) isExcluded(t *model.Type) bool { return p.excluded[t.Index] }

// ids lists the ids of the nodes of sp in the given states.
func (p *planner) ids(sp *model.Space, states ...state) []int64 {
	var out []int64
	for _, n := range p.bySpace[sp.Index] {
		if slices.Contains(states, n.state) {
			out = append(out, n.id)
		}
	}
	return out
}

// inState lists the nodes of sp in state s.
func (p *planner) inState(sp *model.Space, s state) []*node {
	var out []*node
	for _, n := range p.bySpace[sp.Index] {
		if n.state == s {
			out = append(out, n)
		}
	}
	return out
}

// result lists the decisions by type, in class-name order, each id list sorted.
func (p *planner) result() Result {
	inc := make([][]int64, len(model.All()))
	del := make([][]int64, len(model.All()))
	for _, n := range p.order {
		switch {
		case n.state == deleted, n.state == included && p.req.Op == OpDelete:
			del[n.typ.Index] = append(del[n.typ.Index], n.id)
		case n.state == included:
			inc[n.typ.Index] = append(inc[n.typ.Index], n.id)
		}
	}
	types := slices.Clone(model.All())
	sort.Slice(types, func(i, j int) bool { return types[i].Class < types[j].Class })
	r := Result{AlreadyThere: p.already}
	for _, t := range types {
		if ids := inc[t.Index]; len(ids) > 0 {
			r.Included = append(r.Included, Objects{Type: t, IDs: sortedIDs(ids)})
		}
		if ids := del[t.Index]; len(ids) > 0 {
			r.Deleted = append(r.Deleted, Objects{Type: t, IDs: sortedIDs(ids)})
		}
	}
	return r
}

// Warnings lists the targets of req that live in read-write groups and belong to
// someone else, as OMERO's CLI warns before sending a request.
func Warnings(src Source, caller perms.Caller, req Request) ([]string, error) {
	var out []string
	for _, tg := range req.Targets {
		if tg.Type == model.Experimenter || tg.SkipTo != nil || tg.Type == nil {
			continue
		}
		p := newPlanner(src, caller, req)
		nodes, err := p.loadTarget(tg.Type.Space, tg)
		if err == nil {
			err = p.err
		}
		if err != nil {
			return nil, err
		}
		for _, n := range sortNodes(nodes) {
			if p.perms(n).GroupWrite() && n.owner != caller.UserID && perms.CanRead(caller, p.object(n)) {
				out = append(out, fmt.Sprintf("WARNING: %s:%d belongs to user %d", tg.Name, n.id, n.owner))
			}
		}
	}
	return out, nil
}

func sortedIDs(ids []int64) []int64 {
	slices.Sort(ids)
	return ids
}

// sortNodes orders nodes by id, for stable messages.
func sortNodes(ns []*node) []*node {
	sort.Slice(ns, func(i, j int) bool { return ns[i].id < ns[j].id })
	return ns
}

func nodeIDs(ns []*node) []int64 {
	out := make([]int64, len(ns))
	for i, n := range ns {
		out[i] = n.id
	}
	return out
}
