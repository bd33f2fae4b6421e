// Package graph plans chown, chgrp and delete of whole hierarchies (docs/rules.md,
// the graph rules; docs/ARCHITECTURE.md): from the
// objects a request names it decides, by OMERO's rules and asking perms every question
// of who may, what is included, what is deleted, what stays, and why a request is
// refused. It reads the subgraph through a Source and writes nothing; db loads with
// set-based queries and executes the plan.
package graph

import (
	"math"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms/fault"
)

// Op is the operation of a request.
type Op = model.Op

const (
	OpChown  = model.Chown
	OpChgrp  = model.Chgrp
	OpDelete = model.Delete
)

// Target is one OBJ argument: Type:ids, a path First/Last:ids, or (chown)
// Experimenter:ids for all of those users' data.
type Target struct {
	Name string      // the type as typed, for messages: Image, DatasetI, Annotation
	Type *model.Type // what it names: a type, abstract or concrete, or model.Experimenter
	IDs  []int64     // the ids named on their own, in order: each must exist
	// Ranges are the ids written as ranges (Image:1-9), which may include ids that do
	// not exist. They are matched against the table, never counted out.
	Ranges []IDRange
	// SkipTo is a path's last element: act on the objects of this type below.
	SkipTo     *model.Type
	SkipToName string // as typed
}

// IDRange is the ids from Lo to Hi, both included.
type IDRange struct{ Lo, Hi int64 }

// Count is the number of ids the target names, ranges counted in full; it saturates
// rather than overflow (Image:0-9223372036854775807).
func (t Target) Count() uint64 {
	n := uint64(len(t.IDs))
	for _, r := range t.Ranges {
		w := uint64(r.Hi-r.Lo) + 1 // Lo <= Hi, both >= 0: no overflow before the +1
		if n+w < n {
			return math.MaxUint64
		}
		n += w
	}
	return n
}

// covers reports whether one of the target's ranges holds id.
func (t Target) covers(id int64) bool {
	for _, r := range t.Ranges {
		if r.Lo <= id && id <= r.Hi {
			return true
		}
	}
	return false
}

// span is the smallest and largest id the target names, for a not-found message.
func (t Target) span() (lo, hi int64) {
	lo, hi = math.MaxInt64, math.MinInt64
	for _, id := range t.IDs {
		lo, hi = min(lo, id), max(hi, id)
	}
	for _, r := range t.Ranges {
		lo, hi = min(lo, r.Lo), max(hi, r.Hi)
	}
	return lo, hi
}

// Request is one chown, chgrp or delete.
type Request struct {
	Op        Op
	Targets   []Target
	Include   []*model.Type // types to carry even where they would stay
	Exclude   []*model.Type // types to leave
	DryRun    bool
	Recipient int64 // chown: the new owner
	Group     int64 // chgrp: the destination group
}

// Objects are the ids of one type.
type Objects struct {
	Type *model.Type
	IDs  IDSet
}

// Result lists what a request included (moved, given or, for delete, deleted) and
// what it deleted besides, type by type in the order of OMERO's class names.
type Result struct {
	Included []Objects
	Deleted  []Objects
	// AlreadyThere lists, by target type as typed, the targets a chgrp left alone
	// because they already are in the destination group.
	AlreadyThere []Target
}

// Failure is a request OMERO's rules refuse. Name is OMERO's failure name
// (graph-fail, steps-cancel, bad-target), which decides how the CLI prints it; Err is
// a *fault.Error with the message and the kind of refusal.
type Failure struct {
	Name string
	Err  error
}

func (f *Failure) Error() string { return f.Err.Error() }
func (f *Failure) Unwrap() error { return f.Err }

func fail(name string, err error) error { return &Failure{Name: name, Err: err} }

// ruleFailure is a refusal by one of OMERO's error rules: objects that may not be
// split.
func ruleFailure(format string, args ...any) error {
	return fail("graph-fail", fault.New(fault.Failed, format, args...))
}

func notFound(format string, args ...any) error { return fault.New(fault.NotFound, format, args...) }
