package db

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/omero-go/omero/perms"
)

// Graph operations: chown, chgrp and delete of whole hierarchies (reference
// omero-model-graph.md section 2, omero-model-graph-detail.md sections 4-6).
//
// A request is planned in three steps: the subgraph it touches is loaded with a
// fixed number of set-based queries (ids travel as one JSON parameter), OMERO's rules
// decide in Go what is included, deleted or left, asking perms every question of who
// may, and the decision is written with set-based statements. Everything happens in
// the caller's transaction: the whole request, or nothing.

// GraphOp is the operation of a request.
type GraphOp int

const (
	OpChown GraphOp = iota
	OpChgrp
	OpDelete
)

// Command is OMERO's request class name, as the CLI prints it.
func (op GraphOp) Command() string {
	return [...]string{"omero.cmd.Chown2", "omero.cmd.Chgrp2", "omero.cmd.Delete2"}[op]
}

// Steps is the number of steps OMERO reports for a request.
func (op GraphOp) Steps(dryRun bool) int {
	n := [...]int{7, 6, 6}[op]
	if dryRun {
		n -= 2
	}
	return n
}

// GraphTarget is one OBJ argument: Type:ids, a path First/Last:ids, or (chown)
// Experimenter:ids for all of those users' data.
type GraphTarget struct {
	Type   string  // as typed: Image, Annotation, Experimenter
	IDs    []int64 // the ids named on their own, in order: each must exist
	SkipTo string  // a path's last element: act on the objects of this type below
	// Ranges are the ids written as ranges (Image:1-9), which may include ids that do
	// not exist. They are matched against the table, never counted out.
	Ranges []IDRange
}

// IDRange is the ids from Lo to Hi, both included.
type IDRange struct{ Lo, Hi int64 }

// Count is the number of ids the target names, ranges counted in full; it saturates
// rather than overflow (Image:0-9223372036854775807).
func (t GraphTarget) Count() uint64 {
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
func (t GraphTarget) covers(id int64) bool {
	for _, r := range t.Ranges {
		if r.Lo <= id && id <= r.Hi {
			return true
		}
	}
	return false
}

// span is the smallest and largest id the target names, for a not-found message.
func (t GraphTarget) span() (lo, hi int64) {
	lo, hi = math.MaxInt64, math.MinInt64
	for _, id := range t.IDs {
		lo, hi = min(lo, id), max(hi, id)
	}
	for _, r := range t.Ranges {
		lo, hi = min(lo, r.Lo), max(hi, r.Hi)
	}
	return lo, hi
}

// rangesJSON passes ranges to SQL as one parameter: [[lo,hi],...].
func rangesJSON(rs []IDRange) string {
	b := []byte{'['}
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, r.Lo, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, r.Hi, 10)
		b = append(b, ']')
	}
	return string(append(b, ']'))
}

// GraphRequest is one chown, chgrp or delete.
type GraphRequest struct {
	Op        GraphOp
	Targets   []GraphTarget
	Include   []string // types to carry even where they would stay
	Exclude   []string // types to leave
	DryRun    bool
	Recipient int64 // chown: the new owner
	Group     int64 // chgrp: the destination group
}

// GraphResult lists what a request included (moved, given or, for delete,
// deleted) and what it deleted besides, by OMERO class name.
type GraphResult struct {
	Included map[string][]int64
	Deleted  map[string][]int64
	// AlreadyThere lists, by target type as typed, the targets a chgrp left alone
	// because they already are in the destination group.
	AlreadyThere []GraphTarget
}

// GraphFailure is a request OMERO's rules refuse. Name is OMERO's failure name
// (graph-fail, not-in-group, steps-cancel, bad-target); Err carries the message and,
// for a permission refusal, the *perms.Denied that made it.
type GraphFailure struct {
	Name string
	Err  error
}

func (f *GraphFailure) Error() string { return f.Err.Error() }
func (f *GraphFailure) Unwrap() error { return f.Err }

func graphFail(name string, err error) error { return &GraphFailure{Name: name, Err: err} }

func graphRule(format string, args ...any) error {
	return &GraphFailure{Name: "graph-fail", Err: &FailedError{Msg: fmt.Sprintf(format, args...)}}
}

type gstate uint8

const (
	stays    gstate = iota // left as it is
	included               // moved, given, or (delete) deleted as asked
	deleted                // deleted to keep the graph sound
)

type gkey struct {
	table string
	id    int64
}

// gnode is one object the request touched.
type gnode struct {
	typ           *Type
	id            int64
	owner, group  int64
	parent, child int64 // links only
	state         gstate
	targeted      bool // named by the request: refusals are errors, not silent stays
	free          bool // carried by a rule that needs no permission (OMERO's /n)
	withheld      bool // chown: an orphan the caller may not give; its links stay
}

func (n *gnode) key() gkey { return gkey{n.typ.Table, n.id} }

// kept reports an object that stays where it is.
func (n *gnode) kept() bool { return n.state == stays }

// planner holds one request's subgraph and decisions.
type planner struct {
	t        *Tx
	req      GraphRequest
	nodes    map[gkey]*gnode
	order    []*gnode // in the order they were loaded, for stable output
	byTab    map[string][]*gnode
	groups   map[int64]perms.Group
	dest     perms.Group // chgrp
	recGroup []int64     // chown: the recipient's groups
	loaded   map[linkEnd]*linkMemo
	abil     map[abilityKey]perms.GraphAbilities
	already  []GraphTarget // chgrp: targets already in the destination
	noted    map[*gnode]bool
}

// linkEnd names one side of one link type, for remembering what was loaded.
type linkEnd struct {
	link *Type
	end  string
}

// abilityKey is everything the caller's abilities on an object depend on.
type abilityKey struct {
	kind         perms.ObjectKind
	owner, group int64
}

func newPlanner(t *Tx, req GraphRequest) *planner {
	return &planner{t: t, req: req, nodes: map[gkey]*gnode{}, groups: map[int64]perms.Group{}, byTab: map[string][]*gnode{},
		loaded: map[linkEnd]*linkMemo{}, abil: map[abilityKey]perms.GraphAbilities{}, noted: map[*gnode]bool{}}
}

func (p *planner) node(table string, id int64) *gnode { return p.nodes[gkey{table, id}] }

// add records a loaded object, keeping the first copy.
func (p *planner) add(n *gnode) *gnode {
	if old, ok := p.nodes[n.key()]; ok {
		return old
	}
	p.nodes[n.key()] = n
	p.order = append(p.order, n)
	p.byTab[n.typ.Table] = append(p.byTab[n.typ.Table], n)
	return n
}

func (p *planner) group(id int64) perms.Group {
	if g, ok := p.groups[id]; ok {
		return g
	}
	g, err := p.t.groupRef(id)
	if err != nil {
		g = perms.Group{ID: id, Permissions: perms.Private}
	}
	p.groups[id] = g
	return g
}

// object is what perms needs to know of n.
func (p *planner) object(n *gnode) perms.Object {
	return perms.Object{Class: n.typ.Class, ID: n.id, Kind: n.typ.kind, OwnerID: n.owner, Group: p.group(n.group)}
}

// abilities asks perms once per kind of object, owner and group.
func (p *planner) abilities(n *gnode) perms.GraphAbilities {
	k := abilityKey{n.typ.kind, n.owner, n.group}
	a, ok := p.abil[k]
	if !ok {
		a = perms.Abilities(p.t.Caller, p.object(n))
		p.abil[k] = a
	}
	return a
}

// perms is the permissions of n's group, which decide how chown treats it.
func (p *planner) perms(n *gnode) perms.Permissions { return p.group(n.group).Permissions }

// matches reports whether typ is one of the named types or a subtype of one.
func matches(typ *Type, names []string) bool {
	for _, name := range names {
		if typ.Is(name) {
			return true
		}
	}
	return false
}

// included and excluded apply --include/--exclude; include wins (4.5).
func (p *planner) forced(typ *Type) bool { return matches(typ, p.req.Include) }
func (p *planner) excluded(typ *Type) bool {
	return !p.forced(typ) && matches(typ, p.req.Exclude)
}

// ids lists the ids of the nodes of table in the given states.
func (p *planner) ids(table string, states ...gstate) []int64 {
	var out []int64
	for _, n := range p.byTab[table] {
		if len(states) == 0 || containsState(states, n.state) {
			out = append(out, n.id)
		}
	}
	return out
}

func containsState(ss []gstate, s gstate) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// gone reports objects that will not be where they are now for the purpose of the
// holder rules: included or deleted.
func gone(n *gnode) bool { return n != nil && n.state != stays }

// result lists the decisions by class, each id list sorted.
func (p *planner) result() GraphResult {
	r := GraphResult{Included: map[string][]int64{}, Deleted: map[string][]int64{}, AlreadyThere: p.already}
	for _, n := range p.order {
		switch n.state {
		case included:
			r.Included[n.typ.Class] = append(r.Included[n.typ.Class], n.id)
		case deleted:
			r.Deleted[n.typ.Class] = append(r.Deleted[n.typ.Class], n.id)
		}
	}
	for _, m := range []map[string][]int64{r.Included, r.Deleted} {
		for k := range m {
			sort.Slice(m[k], func(i, j int) bool { return m[k][i] < m[k][j] })
		}
	}
	if p.req.Op == OpDelete {
		for k, v := range r.Included {
			r.Deleted[k] = append(r.Deleted[k], v...)
			sort.Slice(r.Deleted[k], func(i, j int) bool { return r.Deleted[k][i] < r.Deleted[k][j] })
		}
		r.Included = map[string][]int64{}
	}
	return r
}

// idsJSON passes a set of ids to SQL as one parameter, read with json_each.
func idsJSON(ids []int64) string {
	b := make([]byte, 0, 2+8*len(ids))
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// GraphTargetTypes lists the type names an operation accepts as targets, as
// --list prints them (OMERO's legal targets, less what is not modelled here). Chown
// and delete also take every annotation link, named by its own type
// (ImageAnnotationLink:5): each has its own ids, so OMERO's IAnnotationLink cannot
// name one.
func GraphTargetTypes(op GraphOp) []string {
	names := []string{"Annotation", "Dataset", "Fileset", "Folder", "Image", "OriginalFile", "Plate", "Project", "Roi", "Screen"}
	if op != OpChgrp {
		names = append(names, "DatasetImageLink", "FolderImageLink", "FolderRoiLink", "ProjectDatasetLink", "ScreenPlateLink")
		for _, lt := range annotationLinkList() {
			names = append(names, lt.Name)
		}
	}
	if op == OpDelete {
		names = append(names, "Well")
	}
	sort.Strings(names)
	return names
}

// CanonicalType is the model's name for a class name as OMERO's CLI takes it: a
// trailing I (the Python class, DatasetI) is dropped, from abstract names too
// (AnnotationI). A name that is no type comes back as it is.
func CanonicalType(name string) string {
	if base, ok := strings.CutSuffix(name, "I"); ok && !isTypeName(name) && isTypeName(base) {
		return base
	}
	return name
}

// isTypeName reports a registry type or an abstract annotation class.
func isTypeName(name string) bool {
	if _, ok := registry[name]; ok {
		return true
	}
	for _, t := range registry {
		if t.Table == "annotation" && t.Is(name) {
			return true
		}
	}
	return false
}

// IsGraphTarget reports whether a type name, concrete or abstract, is a legal target
// of op: TagAnnotation is an Annotation.
func IsGraphTarget(op GraphOp, name string) bool {
	for _, legal := range GraphTargetTypes(op) {
		for _, t := range concreteTypes(CanonicalType(name)) {
			if t.Is(legal) {
				return true
			}
		}
	}
	return false
}

// IsGraphType reports whether --include/--exclude may name this type.
func IsGraphType(name string) bool { return len(concreteTypes(CanonicalType(name))) > 0 }
