package graph_test

import (
	"slices"
	"sort"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// memSource is a graph.Source over tables in memory, as restic tests its walker on
// an in-memory tree: the rules run exactly as against the database, without one.
type memSource struct {
	groups map[int64]perms.Group
	users  map[int64]perms.Principal
	rows   map[*model.Space]map[int64]graph.Row
	next   map[*model.Space]int64
}

var _ graph.Source = (*memSource)(nil)

func newMemSource() *memSource {
	return &memSource{groups: map[int64]perms.Group{}, users: map[int64]perms.Principal{},
		rows: map[*model.Space]map[int64]graph.Row{}, next: map[*model.Space]int64{}}
}

// add stores a new object of typ and returns its id; refs are the values of its
// space's graph references in slot order (a link's parent and child).
func (m *memSource) add(typ *model.Type, owner, group int64, refs ...int64) int64 {
	sp := typ.Space
	if m.rows[sp] == nil {
		m.rows[sp] = map[int64]graph.Row{}
	}
	m.next[sp]++
	r := graph.Row{Type: typ, ID: m.next[sp], Owner: owner, Group: group}
	copy(r.Refs[:], refs)
	m.rows[sp][r.ID] = r
	return r.ID
}

// link stores a link of type lt from parent to child.
func (m *memSource) link(lt *model.Type, owner, group, parent, child int64) int64 {
	return m.add(lt, owner, group, parent, child)
}

// sorted lists the rows of sp in id order, as a table scan reads them.
func (m *memSource) sorted(sp *model.Space) []graph.Row {
	var out []graph.Row
	for _, r := range m.rows[sp] {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (m *memSource) Group(id int64) (perms.Group, error) {
	g, ok := m.groups[id]
	if !ok {
		return g, fault.New(fault.NotFound, "Unknown group: %d", id)
	}
	return g, nil
}

func (m *memSource) Principal(id int64) (perms.Principal, error) {
	p, ok := m.users[id]
	if !ok {
		return p, fault.New(fault.NotFound, "Unknown user: %d", id)
	}
	return p, nil
}

func (m *memSource) Experimenters(ranges []graph.IDRange) ([]int64, error) {
	var out []int64
	for id := range m.users {
		for _, r := range ranges {
			if r.Lo <= id && id <= r.Hi {
				out = append(out, id)
				break
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

func (m *memSource) where(sp *model.Space, keep func(graph.Row) bool, fn func(graph.Row)) error {
	for _, r := range m.sorted(sp) {
		if keep(r) {
			fn(r)
		}
	}
	return nil
}

func (m *memSource) Rows(sp *model.Space, ids graph.IDSet, fn func(graph.Row)) error {
	return m.where(sp, func(r graph.Row) bool { return ids.Contains(r.ID) }, fn)
}

func (m *memSource) RowsInRanges(sp *model.Space, ranges []graph.IDRange, fn func(graph.Row)) error {
	return m.where(sp, func(r graph.Row) bool {
		return slices.ContainsFunc(ranges, func(rg graph.IDRange) bool { return rg.Lo <= r.ID && r.ID <= rg.Hi })
	}, fn)
}

func (m *memSource) Owned(sp *model.Space, owners []int64, fn func(graph.Row)) error {
	return m.where(sp, func(r graph.Row) bool { return slices.Contains(owners, r.Owner) }, fn)
}

func (m *memSource) Referrers(f *model.Field, ids graph.IDSet, fn func(graph.Row)) error {
	return m.where(f.Owner.Space, func(r graph.Row) bool {
		return r.Refs[f.Slot] != 0 && ids.Contains(r.Refs[f.Slot])
	}, fn)
}

// ends are the spaces of a link's parent and child.
func ends(link *model.Type) [2]*model.Space {
	return [2]*model.Space{link.Parent.Space, link.Child.Space}
}

func (m *memSource) Links(link *model.Type, end graph.End, ids graph.IDSet, fn func(l, other graph.Row)) error {
	far := 1 - end
	for _, l := range m.sorted(link.Space) {
		if ids.Contains(l.Refs[end]) {
			if o, ok := m.rows[ends(link)[far]][l.Refs[far]]; ok {
				fn(l, o)
			}
		}
	}
	return nil
}

func (m *memSource) Crossing(link *model.Type, children, parents graph.IDSet, fn func(l, parent graph.Row)) error {
	for _, l := range m.sorted(link.Space) {
		if children.Contains(l.Refs[graph.ChildEnd]) && !parents.Contains(l.Refs[graph.ParentEnd]) {
			if p, ok := m.rows[link.Parent.Space][l.Refs[graph.ParentEnd]]; ok {
				fn(l, p)
			}
		}
	}
	return nil
}

func (m *memSource) Held(link *model.Type, children, parents graph.IDSet) ([]int64, error) {
	var out []int64
	err := m.Crossing(link, children, parents, func(l, _ graph.Row) {
		if c := l.Refs[graph.ChildEnd]; !slices.Contains(out, c) {
			out = append(out, c)
		}
	})
	return out, err
}

func (m *memSource) Twins(link *model.Type, ids graph.IDSet, fn func(id int64, twin graph.Row)) error {
	all := m.sorted(link.Space)
	for _, g := range all {
		if !ids.Contains(g.ID) {
			continue
		}
		for _, o := range all {
			if o.ID != g.ID && o.Refs == g.Refs {
				fn(g.ID, o)
			}
		}
	}
	return nil
}
