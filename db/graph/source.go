package graph

import (
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// Row is one object as the rules see it.
type Row struct {
	Type             *model.Type // concrete: an annotation's from its discriminator
	ID, Owner, Group int64
	// Refs are the values of the space's graph references (model.Space.Refs, in slot
	// order), 0 where null: a link's parent and child, a ROI's image ...
	Refs [model.MaxRefs]int64
}

// End is one end of a link.
type End uint8

const (
	ParentEnd End = iota
	ChildEnd
)

// Source is what the planner reads: rows by id, owner or reference, links, and
// what perms needs to know about groups and users. db's transaction implements it
// with one set-based query per call, so the number of queries does not grow with
// the number of objects; the tests implement it in memory. Every method that takes
// ids calls fn once per row found, in no particular order.
type Source interface {
	// Group is a group with its permissions.
	Group(id int64) (perms.Group, error)
	// Principal is a user with their memberships and privileges.
	Principal(id int64) (perms.Principal, error)
	// Experimenters lists the users whose ids lie in ranges, in id order.
	Experimenters(ranges []IDRange) ([]int64, error)

	// Rows reads the rows of sp with the given ids.
	Rows(sp *model.Space, ids IDSet, fn func(Row)) error
	// RowsInRanges reads the rows of sp whose ids lie in ranges.
	RowsInRanges(sp *model.Space, ranges []IDRange, fn func(Row)) error
	// Owned reads the rows of sp that the given users own.
	Owned(sp *model.Space, owners []int64, fn func(Row)) error
	// Referrers reads the rows whose reference f points at one of ids.
	Referrers(f *model.Field, ids IDSet, fn func(Row)) error

	// Links reads the links of type link whose end is one of ids, each with the
	// object at its other end.
	Links(link *model.Type, end End, ids IDSet, fn func(link, other Row)) error
	// Crossing reads the links of type link whose child is one of children and whose
	// parent is none of parents, each with its parent.
	Crossing(link *model.Type, children, parents IDSet, fn func(link, parent Row)) error
	// Held lists the children among children that a link of type link joins to a
	// parent that is none of parents.
	Held(link *model.Type, children, parents IDSet) ([]int64, error)
	// Twins reads, for each of the links of type link with the given ids, the other
	// links of that type joining the same parent and child.
	Twins(link *model.Type, ids IDSet, fn func(id int64, twin Row)) error
}
