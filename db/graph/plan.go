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

// gone reports objects that will not be where they are now for the purpose of the
// holder rules: included or deleted.
func gone(n *node) bool { return n != nil && n.state != stays }

// Plan is a decided request: what each object of the subgraph becomes, as sets of
// ids, so that the subgraph itself is let go before the plan is carried out.
type Plan struct {
	Op        Op
	Recipient int64   // chown: the new owner
	Group     int64   // chgrp: the destination group
	Loaded    int     // how many objects deciding it loaded
	included  []IDSet // by type
	deleted   []IDSet // by type
	gone      []IDSet // by space: included or deleted
	already   []Target
}

// planner holds one request's subgraph and decisions.
type planner struct {
	src      Source
	caller   perms.Caller
	req      Request
	store    nodeStore
	index    []idIndex // by space
	whos     []ownerGroup
	whoOf    map[ownerGroup]uint32
	forced   []bool // by type: --include names it or a supertype
	excluded []bool // by type: --exclude names it or a supertype, and --include does not
	groups   map[int64]perms.Group
	dest     perms.Group // chgrp
	recGroup []int64     // chown: the recipient's groups
	loaded   map[linkEnd]*linkMemo
	abil     map[abilityKey]perms.GraphAbilities
	allowed  map[assertKey]bool
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

// assertKey is everything an assertion on an object depends on but the object's
// name, which only a refusal shows.
type assertKey struct {
	ti  uint16
	who uint32
	del bool
}

func newPlanner(src Source, caller perms.Caller, req Request) *planner {
	types, spaces := model.All(), model.Spaces()
	p := &planner{src: src, caller: caller, req: req,
		index: make([]idIndex, len(spaces)), whoOf: map[ownerGroup]uint32{},
		forced: make([]bool, len(types)), excluded: make([]bool, len(types)),
		groups: map[int64]perms.Group{}, loaded: map[linkEnd]*linkMemo{},
		abil: map[abilityKey]perms.GraphAbilities{}, allowed: map[assertKey]bool{}, noted: map[*node]bool{}}
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
	return p.plan(), nil
}

// plan sums the decisions up, a space at a time.
func (p *planner) plan() *Plan {
	types := model.All()
	pl := &Plan{Op: p.req.Op, Recipient: p.req.Recipient, Group: p.req.Group, Loaded: int(p.store.n), already: p.already,
		included: make([]IDSet, len(types)), deleted: make([]IDSet, len(types)), gone: make([]IDSet, len(model.Spaces()))}
	inc, del := make([]setBuilder, len(types)), make([]setBuilder, len(types))
	for _, sp := range model.Spaces() {
		var gone setBuilder
		p.eachIn(sp, func(n *node) {
			switch n.state {
			case included:
				inc[n.ti].add(n.id)
			case deleted:
				del[n.ti].add(n.id)
			default:
				return
			}
			gone.add(n.id)
		})
		pl.gone[sp.Index] = gone.set
	}
	for i := range types {
		pl.included[i], pl.deleted[i] = inc[i].set, del[i].set
	}
	return pl
}

// Result lists the decisions by type, in class-name order.
func (pl *Plan) Result() Result {
	types := slices.Clone(model.All())
	sort.Slice(types, func(i, j int) bool { return types[i].Class < types[j].Class })
	r := Result{AlreadyThere: pl.already}
	for _, t := range types {
		inc, del := pl.included[t.Index], pl.deleted[t.Index]
		if pl.Op == OpDelete {
			inc, del = nil, inc.Union(del)
		}
		if len(inc) > 0 {
			r.Included = append(r.Included, Objects{Type: t, IDs: inc})
		}
		if len(del) > 0 {
			r.Deleted = append(r.Deleted, Objects{Type: t, IDs: del})
		}
	}
	return r
}

// Included is the objects of t the request moves or gives (for delete: deletes as
// asked).
func (pl *Plan) Included(t *model.Type) IDSet { return pl.included[t.Index] }

// Deleted is the objects of t deleted to keep the graph sound.
func (pl *Plan) Deleted(t *model.Type) IDSet { return pl.deleted[t.Index] }

// Gone is the objects of sp that leave where they are, included or deleted.
func (pl *Plan) Gone(sp *model.Space) IDSet { return pl.gone[sp.Index] }

func (p *planner) node(sp *model.Space, id int64) *node {
	if i, ok := p.index[sp.Index].get(id); ok {
		return p.store.at(i)
	}
	return nil
}

// add records a loaded row, keeping the first copy.
func (p *planner) add(r Row) *node {
	n, _ := p.place(r)
	return n
}

// place is add, also returning the node's place in load order.
func (p *planner) place(r Row) (*node, int32) {
	x := &p.index[r.Type.Space.Index]
	if i, ok := x.get(r.ID); ok {
		return p.store.at(i), i
	}
	og := ownerGroup{r.Owner, r.Group}
	w, ok := p.whoOf[og]
	if !ok {
		w = uint32(len(p.whos))
		p.whos = append(p.whos, og)
		p.whoOf[og] = w
	}
	n, i := p.store.add(node{id: r.ID, refs: r.Refs, who: w, ti: uint16(r.Type.Index)})
	x.put(r.ID, i)
	if _, ok := p.groups[r.Group]; !ok {
		g, err := p.src.Group(r.Group)
		if err != nil && p.err == nil {
			p.err = err
		}
		p.groups[r.Group] = g
	}
	return n, i
}

// owner and groupID are n's owner and group.
func (p *planner) owner(n *node) int64   { return p.whos[n.who].owner }
func (p *planner) groupID(n *node) int64 { return p.whos[n.who].group }

// group is what perms needs to know of a group the subgraph lives in.
func (p *planner) group(id int64) perms.Group { return p.groups[id] }

// object is what perms needs to know of n.
func (p *planner) object(n *node) perms.Object {
	t := n.typ()
	return perms.Object{Class: t.Class, ID: n.id, Kind: t.ObjectKind, OwnerID: p.owner(n), Group: p.group(p.groupID(n))}
}

// abilities asks perms once per kind of object, owner and group.
func (p *planner) abilities(n *node) perms.GraphAbilities {
	k := abilityKey{n.typ().ObjectKind, p.owner(n), p.groupID(n)}
	a, ok := p.abil[k]
	if !ok {
		a = perms.Abilities(p.caller, p.object(n))
		p.abil[k] = a
	}
	return a
}

// perms is the permissions of n's group, which decide how chown treats it.
func (p *planner) perms(n *node) perms.Permissions { return p.group(p.groupID(n)).Permissions }

func (p *planner) isForced(t *model.Type) bool   { return p.forced[t.Index] }
func (p *planner) isExcluded(t *model.Type) bool { return p.excluded[t.Index] }

// eachIn calls fn with the nodes of sp, in id order.
func (p *planner) eachIn(sp *model.Space, fn func(*node)) {
	p.index[sp.Index].each(func(_ int64, i int32) { fn(p.store.at(i)) })
}

// setWhere is the ids of the nodes of sp for which keep holds.
func (p *planner) setWhere(sp *model.Space, keep func(*node) bool) IDSet {
	var b setBuilder
	p.index[sp.Index].each(func(id int64, i int32) {
		if keep(p.store.at(i)) {
			b.add(id)
		}
	})
	return b.set
}

// ids is the ids of the nodes of sp in the given states.
func (p *planner) ids(sp *model.Space, states ...state) IDSet {
	return p.setWhere(sp, func(n *node) bool { return slices.Contains(states, n.state) })
}

// inState lists the nodes of sp in state s, in id order.
func (p *planner) inState(sp *model.Space, s state) []*node {
	var out []*node
	p.eachIn(sp, func(n *node) {
		if n.state == s {
			out = append(out, n)
		}
	})
	return out
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
			if p.perms(n).GroupWrite() && p.owner(n) != caller.UserID && perms.CanRead(caller, p.object(n)) {
				out = append(out, fmt.Sprintf("WARNING: %s:%d belongs to user %d", tg.Name, n.id, p.owner(n)))
			}
		}
	}
	return out, nil
}

// sortNodes orders nodes by id, for stable messages.
func sortNodes(ns []*node) []*node {
	sort.Slice(ns, func(i, j int) bool { return ns[i].id < ns[j].id })
	return ns
}

// eachOf calls a function with each of ns.
func eachOf(ns []*node) func(func(*node)) {
	return func(fn func(*node)) {
		for _, n := range ns {
			fn(n)
		}
	}
}

// setOfNodes is the ids of nodes.
func setOfNodes(ns []*node) IDSet {
	ids := make([]int64, len(ns))
	for i, n := range ns {
		ids[i] = n.id
	}
	return SetOf(ids...)
}
