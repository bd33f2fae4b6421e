package graph

import (
	"cmp"
	"slices"

	"github.com/omero-go/omero/db/model"
)

// Loading the subgraph through the Source: each call reads one kind of row for a
// whole set of ids, and every row read becomes a node (the first copy is kept).

// loadRows reads the rows of sp with the given ids and returns their nodes.
func (p *planner) loadRows(sp *model.Space, ids []int64) ([]*node, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []*node
	err := p.src.Rows(sp, sortedSet(slices.Clone(ids)), func(r Row) { out = append(out, p.add(r)) })
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
	_, err := p.loadRows(sp, missing)
	return err
}

// loadTarget reads the rows of sp a target names: its single ids, and whatever rows
// lie in its ranges.
func (p *planner) loadTarget(sp *model.Space, tg Target) ([]*node, error) {
	out, err := p.loadRows(sp, tg.IDs)
	if err != nil || len(tg.Ranges) == 0 {
		return out, err
	}
	err = p.src.RowsInRanges(sp, tg.Ranges, func(r Row) { out = append(out, p.add(r)) })
	return out, err
}

// referrers reads the rows whose reference f points at one of ids.
func (p *planner) referrers(f *model.Field, ids []int64) ([]*node, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []*node
	err := p.src.Referrers(f, ids, func(r Row) { out = append(out, p.add(r)) })
	return out, err
}

// linkMemo remembers, for one side of one link type, which ids were read and the
// links found, so that the rules can ask again without another query. Sorted ids
// keep it small when an operation touches a million objects; each batch of links
// is kept grouped by the id it was read for, in the order the ids were asked.
type linkMemo struct {
	queried []int64 // sorted
	batches [][]*node
}

// at is the id at the given end of link l.
func at(l *node, end End) int64 { return l.refs[end] }

// loadLinks returns the links of type link whose end is one of ids, loading them
// with the objects at their other end. Each side of each link type is read once per
// id.
func (p *planner) loadLinks(link *model.Type, end End, ids []int64) ([]*node, error) {
	k := linkEnd{link, end}
	m := p.loaded[k]
	if m == nil {
		m = &linkMemo{}
		p.loaded[k] = m
	}
	want := sortedSet(slices.Clone(ids))
	fresh := want
	if len(m.queried) > 0 {
		fresh = nil
		for _, id := range want {
			if _, found := slices.BinarySearch(m.queried, id); !found {
				fresh = append(fresh, id)
			}
		}
	}
	if len(fresh) > 0 {
		var batch []*node
		err := p.src.Links(link, end, fresh, func(l, other Row) {
			p.add(other)
			batch = append(batch, p.add(l))
		})
		if err != nil {
			return nil, err
		}
		if !slices.IsSortedFunc(batch, func(a, b *node) int { return cmp.Compare(at(a, end), at(b, end)) }) {
			slices.SortStableFunc(batch, func(a, b *node) int { return cmp.Compare(at(a, end), at(b, end)) })
		}
		m.batches = append(m.batches, batch)
		m.queried = mergeSorted(m.queried, fresh)
	}
	if len(m.batches) == 1 && len(fresh) == len(want) {
		return m.batches[0], nil // all of them, read just now
	}
	var out []*node
	for _, b := range m.batches {
		// Both sorted by id: walk them together.
		i := 0
		for _, l := range b {
			id := at(l, end)
			for i < len(want) && want[i] < id {
				i++
			}
			if i < len(want) && want[i] == id {
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// loadCrossing loads the links of type link whose child is one of children and whose
// parent is none of parents.
func (p *planner) loadCrossing(link *model.Type, children, parents []int64) error {
	if len(children) == 0 {
		return nil
	}
	return p.src.Crossing(link, children, parents, func(l, parent Row) {
		p.add(parent)
		p.add(l)
	})
}
