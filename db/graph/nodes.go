package graph

import (
	"slices"

	"github.com/omero-go/omero/db/model"
)

// The planner's store of what a request loaded. Chown of a project of a million
// images loads two million objects, so each is a small value without pointers (the
// collector never scans the store), kept in chunks of fixed size (a *node stays
// valid as the store grows), in the order they were loaded. Each space finds its
// nodes by id through an idIndex, which also lists them in id order: the order the
// Source takes id sets in.

// node is one object the request touched.
type node struct {
	id    int64
	refs  [model.MaxRefs]int64 // the space's graph references (model.Space.Refs), 0 for null
	who   uint32               // its owner and group: planner.whos[who]
	ti    uint16               // its concrete type: model.All()[ti]
	state state
	flags nodeFlags
}

type nodeFlags uint8

const (
	targeted  nodeFlags = 1 << iota // named by the request: refusals are errors, not silent stays
	free                            // carried by a rule that needs no permission (OMERO's /n)
	withheld                        // chown: an orphan the caller may not give; its links stay
	annotated                       // its annotations have been decided
	// Marks a step sets on the nodes it works on and clears before it returns.
	markCand // a candidate of the step
	markHeld // held where it is: not to be admitted
)

func (n *node) is(f nodeFlags) bool { return n.flags&f != 0 }

// set sets or clears f.
func (n *node) set(f nodeFlags, on bool) {
	if on {
		n.flags |= f
	} else {
		n.flags &^= f
	}
}

// unmark clears marks on every node of ns.
func unmark(ns []*node, f nodeFlags) {
	for _, n := range ns {
		n.flags &^= f
	}
}

// typ is n's concrete type.
func (n *node) typ() *model.Type { return model.All()[n.ti] }

// kept reports an object that stays where it is.
func (n *node) kept() bool { return n.state == stays }

// ref is the value of the graph reference f of n, 0 for null.
func (n *node) ref(f *model.Field) int64 { return n.refs[f.Slot] }

// ownerGroup is an owner and a group; nodes share them through planner.whos.
type ownerGroup struct{ owner, group int64 }

const chunkBits = 12

// nodeStore holds nodes in load order.
type nodeStore struct {
	chunks []*[1 << chunkBits]node
	n      int32
}

// add stores n and returns where it lives, and its place in load order.
func (s *nodeStore) add(n node) (*node, int32) {
	i := s.n
	if int(i>>chunkBits) == len(s.chunks) {
		s.chunks = append(s.chunks, new([1 << chunkBits]node))
	}
	c := &s.chunks[i>>chunkBits][i&(1<<chunkBits-1)]
	*c = n
	s.n++
	return c, i
}

// at is the node at place i of load order.
func (s *nodeStore) at(i int32) *node { return &s.chunks[i>>chunkBits][i&(1<<chunkBits-1)] }

// each calls fn with every node, in load order.
func (s *nodeStore) each(fn func(*node)) {
	for i := int32(0); i < s.n; i++ {
		fn(s.at(i))
	}
}

// idIndex maps the ids of one space to places in the nodeStore. Ids are mostly
// dense (rows created together have neighbouring ids), so it keeps pages of 64
// slots; when the ids it holds turn out sparse (fewer than one slot in four used)
// it becomes a plain map, which costs more per id but nothing for the gaps.
type idIndex struct {
	pages map[int64]*[pageSize]int32 // id/pageSize -> place+1 per slot, 0 for none
	flat  map[int64]int32            // once sparse: id -> place
	n     int
	// sorted lists the page keys (paged) or the ids (flat) in order, while valid.
	sorted []int64
	valid  bool
}

const (
	pageBits = 6
	pageSize = 1 << pageBits
)

func (x *idIndex) get(id int64) (int32, bool) {
	if x.flat != nil {
		i, ok := x.flat[id]
		return i, ok
	}
	if p := x.pages[id>>pageBits]; p != nil {
		if v := p[id&(pageSize-1)]; v != 0 {
			return v - 1, true
		}
	}
	return 0, false
}

// put records that id lives at place i; id must be new.
func (x *idIndex) put(id int64, i int32) {
	x.n++
	x.valid = false
	if x.flat != nil {
		x.flat[id] = i
		return
	}
	if x.pages == nil {
		x.pages = map[int64]*[pageSize]int32{}
	}
	p := x.pages[id>>pageBits]
	if p == nil {
		p = new([pageSize]int32)
		x.pages[id>>pageBits] = p
	}
	p[id&(pageSize-1)] = i + 1
	if x.n >= 4096 && len(x.pages)*pageSize > 4*x.n {
		x.flatten()
	}
}

func (x *idIndex) flatten() {
	x.flat = make(map[int64]int32, x.n)
	for k, p := range x.pages {
		for j, v := range p {
			if v != 0 {
				x.flat[k<<pageBits|int64(j)] = v - 1
			}
		}
	}
	x.pages = nil
}

// each calls fn with every id and its place, in id order.
func (x *idIndex) each(fn func(id int64, i int32)) {
	if !x.valid {
		x.sorted = x.sorted[:0]
		if x.flat != nil {
			for id := range x.flat {
				x.sorted = append(x.sorted, id)
			}
		} else {
			for k := range x.pages {
				x.sorted = append(x.sorted, k)
			}
		}
		slices.Sort(x.sorted)
		x.valid = true
	}
	if x.flat != nil {
		for _, id := range x.sorted {
			fn(id, x.flat[id])
		}
		return
	}
	for _, k := range x.sorted {
		for j, v := range x.pages[k] {
			if v != 0 {
				fn(k<<pageBits|int64(j), v-1)
			}
		}
	}
}
