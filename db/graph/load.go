package graph

import (
	"cmp"
	"slices"

	"github.com/omero-go/omero/db/model"
)

// Loading the subgraph through the Source: each call reads one kind of row for a
// whole set of ids, and every row read becomes a node (the first copy is kept).

// loadRows reads the rows of sp with the given ids and returns their nodes.
func (p *planner) loadRows(sp *model.Space, ids IDSet) ([]*node, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []*node
	err := p.src.Rows(sp, ids, func(r Row) { out = append(out, p.add(r)) })
	return out, err
}

// loadMissing reads the rows of sp among ids that are not loaded yet.
func (p *planner) loadMissing(sp *model.Space, ids []int64) error {
	var missing []int64
	for _, id := range ids {
		if p.node(sp, id) == nil {
			missing = append(missing, id)
		}
	}
	_, err := p.loadRows(sp, SetOf(missing...))
	return err
}

// loadTarget reads the rows of sp a target names: its single ids, and whatever rows
// lie in its ranges.
func (p *planner) loadTarget(sp *model.Space, tg Target) ([]*node, error) {
	out, err := p.loadRows(sp, SetOf(tg.IDs...))
	if err != nil || len(tg.Ranges) == 0 {
		return out, err
	}
	err = p.src.RowsInRanges(sp, tg.Ranges, func(r Row) { out = append(out, p.add(r)) })
	return out, err
}

// referrers reads the rows whose reference f points at one of ids.
func (p *planner) referrers(f *model.Field, ids IDSet) ([]*node, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []*node
	err := p.src.Referrers(f, ids, func(r Row) { out = append(out, p.add(r)) })
	return out, err
}

// linkMemo remembers, for one side of one link type, which ids were read and the
// links found (by their place in the store: no pointers to scan), so that the rules
// can ask again without another query; each batch of links is kept grouped by the
// id it was read for, in id order.
type linkMemo struct {
	queried IDSet
	batches [][]int32
}

// at is the id at the given end of link l.
func at(l *node, end End) int64 { return l.refs[end] }

// loadLinks returns the links of type link whose end is one of ids, loading them
// with the objects at their other end. Each side of each link type is read once per
// id.
func (p *planner) loadLinks(link *model.Type, end End, ids IDSet) ([]*node, error) {
	m, fresh, err := p.readLinks(link, end, ids)
	if err != nil {
		return nil, err
	}
	all := len(m.batches) == 1 && len(fresh) == len(ids) && fresh.Len() == ids.Len() // read just now
	var out []*node
	for _, b := range m.batches {
		for _, i := range b {
			if l := p.store.at(i); all || ids.Contains(at(l, end)) {
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// readLinks reads the links of type link whose end is one of ids and that were not
// read before, and returns the memo of that side and the ids it read for.
func (p *planner) readLinks(link *model.Type, end End, ids IDSet) (*linkMemo, IDSet, error) {
	k := linkEnd{link, end}
	m := p.loaded[k]
	if m == nil {
		m = &linkMemo{}
		p.loaded[k] = m
	}
	fresh := ids.Minus(m.queried)
	if len(fresh) == 0 {
		return m, nil, nil
	}
	var batch []int32
	err := p.src.Links(link, end, fresh, func(l, other Row) {
		p.add(other)
		_, i := p.place(l)
		batch = append(batch, i)
	})
	if err != nil {
		return nil, nil, err
	}
	byEnd := func(a, b int32) int { return cmp.Compare(at(p.store.at(a), end), at(p.store.at(b), end)) }
	if !slices.IsSortedFunc(batch, byEnd) {
		slices.SortStableFunc(batch, byEnd)
	}
	m.batches = append(m.batches, slices.Clone(batch)) // without the slack of appending
	m.queried = m.queried.Union(fresh)
	return m, fresh, nil
}

// loadCrossing loads the links of type link whose child is one of children and whose
// parent is none of parents.
func (p *planner) loadCrossing(link *model.Type, children, parents IDSet) error {
	if len(children) == 0 {
		return nil
	}
	return p.src.Crossing(link, children, parents, func(l, parent Row) {
		p.add(parent)
		p.add(l)
	})
}
