// Package model describes OMERO's object types as data: one typed value per type
// (model.Image, model.DatasetImageLink), its table and fields, and the facts the
// graph operations read off it. No SQL, no I/O: db and db/graph interpret it.
package model

import (
	"strconv"

	"github.com/omero-go/omero/perms"
)

// Kind is how a field is stored and how obj reads and prints it.
type Kind uint8

const (
	KindText      Kind = iota // TEXT, as given
	KindLong                  // INTEGER: OMERO's int and long
	KindDouble                // REAL
	KindBool                  // INTEGER 0/1; obj takes true/false/yes/no/t/f/1/0
	KindTimestamp             // INTEGER epoch milliseconds
	KindRef                   // INTEGER id of another object, written Type:id
	KindMap                   // ordered name/value pairs in a side table
)

// Carry is what a reference field means to chown, chgrp and delete: how the row
// holding it moves with the row it points at (docs/rules.md 4.3, 4.4).
type Carry uint8

const (
	// NoCarry: the graph operations do not follow the reference.
	NoCarry Carry = iota
	// Part: the row is part of what it points at and always goes with it, whoever
	// owns it (a plate's wells, a well's samples). It never goes alone.
	Part
	// Nested: the row nests in a row of its own type and is considered for carrying
	// level by level, as the contents of a container are (folders). When one goes
	// and the other stays, the pointer is cut.
	Nested
	// Holds: the row holds what it points at: the target is carried when the row
	// goes and kept while a row holding it stays; the two never part (a well
	// sample's image).
	Holds
	// Attached: the row follows what it points at by the ROI rules and may be left
	// behind, the pointer then cut (a ROI's image).
	Attached
	// Whole: the rows pointing at one target go together with it or not at all (the
	// images of a fileset).
	Whole
	// Uses: the target follows the row unless another row using it stays (a file
	// annotation's file).
	Uses
)

// Splits reports whether the two ends of a reference of this kind may end up apart
// (in two groups, or one deleted), the pointer then being cleared.
func (c Carry) Splits() bool { return c == Nested || c == Attached }

// Field is one settable property of a type.
type Field struct {
	Name     string // OMERO's name: acquisitionDate
	Kind     Kind
	Required bool   // must be given to obj new and may never be null
	Target   *Type  // KindRef: the referenced type, or a supertype such as Annotation
	Column   string // the column; for KindMap the side table <table>_<field>
	Fixed    string // non-empty: obj may not write this field, and this says why
	Carry    Carry  // KindRef: what the reference means to the graph operations
	// Owner is the type the field belongs to, and Slot its place among its space's
	// graph references (Space.Refs), -1 if it is none; both set by the registry.
	Owner *Type
	Slot  int
}

// AnnotationClass sorts annotation types by how the graph rules treat them.
type AnnotationClass uint8

const (
	Structured AnnotationClass = iota // list, map, xml
	Sharable                          // tags and file annotations
	Orphanable                        // basic and comment: deleted when orphaned
)

// Op is a graph operation. It is named here so that a type can say which
// operations may target it.
type Op uint8

const (
	Chown Op = iota
	Chgrp
	Delete
)

// Command is OMERO's request class name, as the CLI prints it.
func (op Op) Command() string {
	return [...]string{"omero.cmd.Chown2", "omero.cmd.Chgrp2", "omero.cmd.Delete2"}[op]
}

// Steps is the number of steps OMERO reports for a request.
func (op Op) Steps(dryRun bool) int {
	n := [...]int{7, 6, 6}[op]
	if dryRun {
		n -= 2
	}
	return n
}

// Verb is the operation as OMERO's error rules word it.
func (op Op) Verb() string { return [...]string{"give", "move", "delete"}[op] }

// Ops is a set of operations.
type Ops uint8

// OpSet makes a set of operations.
func OpSet(ops ...Op) Ops {
	var s Ops
	for _, op := range ops {
		s |= 1 << op
	}
	return s
}

// AllOps is every graph operation.
var AllOps = OpSet(Chown, Chgrp, Delete)

// Has reports whether op is in the set.
func (s Ops) Has(op Op) bool { return s&(1<<op) != 0 }

// Type describes one OMERO class: a concrete type with rows of its own, or an
// abstract one (Annotation, TextAnnotation) that stands for its subtypes.
type Type struct {
	Name          string // the CLI's name: Project
	Class         string // OMERO's class: ome.model.containers.Project
	Table         string // its table; every annotation type shares "annotation"
	Discriminator string // annotation subtypes: the value of the discriminator column
	Super         *Type  // the nearest supertype, nil at the root
	Abstract      bool   // no rows of its own: names its subtypes (Annotation)
	System        bool   // users and groups: no owner, group or events
	Parent, Child *Type  // links: the types the link joins (its parent and child fields)
	NoCreate      string // non-empty: obj new refuses the type, and this says what to use
	NameField     string // the field obj list shows as the name, "" for none
	Fields        []Field
	ObjectKind    perms.ObjectKind // which privileges govern it (R-PERM-CAP-2)

	// The graph facts (docs/ARCHITECTURE.md, The graph facts on a type).
	Targets   Ops  // the operations that accept it, and its subtypes, as a target
	AllOf     bool // chown Experimenter:N gives it, and its subtypes (R-CHOWN-4)
	Annotated bool // it may be annotated: the registry adds its <T>AnnotationLink
	Container bool // links: the parent carries the child along
	// LooseOnChown: what it links to (its contents, its annotations) is not kept from
	// a chown by it staying: chown does not let folders hold (4.4.1 rule 2).
	LooseOnChown bool
	// KeptByDelete: a delete leaves it unless --include names it, as OMERO's CLI
	// excludes tags, terms and file annotations by default.
	KeptByDelete bool
	Sharing      AnnotationClass // annotation types; a subtype inherits its supertype's

	// Set by the registry.
	Index int    // position in the registry: index per-type arrays with it
	Space *Space // the table it lives in, shared by annotation types
}

// Space is one table and id space: every type stored in it, and the references
// the graph operations follow from its rows, in a fixed order (Field.Slot).
type Space struct {
	Index int
	Table string
	Types []*Type  // the concrete types stored here, in registry order
	Refs  []*Field // graph references: a link's parent and child, then the carry fields
	// AnnotationLink is the <T>AnnotationLink whose parent lives here, or nil.
	AnnotationLink *Type
}

// MaxRefs bounds the graph references of one space, so that a row can hold them
// in a fixed array.
const MaxRefs = 2

// IsLink reports a link type, with a parent and a child.
func (t *Type) IsLink() bool { return t.Parent != nil }

// Is reports whether t is u or a subtype of it.
func (t *Type) Is(u *Type) bool {
	for s := t; s != nil; s = s.Super {
		if s == u {
			return true
		}
	}
	return false
}

// IsAnnotation reports an annotation type, abstract or concrete.
func (t *Type) IsAnnotation() bool { return t.Is(Annotation) }

// Field finds a field by its OMERO name.
func (t *Type) Field(name string) (*Field, bool) {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i], true
		}
	}
	return nil, false
}

// HasName reports whether the type has a name field (obj list shows it).
func (t *Type) HasName() bool { return t.NameField != "" }

// OwnerColumn is the side-table column that points back at the owning row.
func (t *Type) OwnerColumn() string { return t.Table + "_id" }

// inherits reports whether t or one of its supertypes has the fact.
func (t *Type) inherits(fact func(*Type) bool) bool {
	for s := t; s != nil; s = s.Super {
		if fact(s) {
			return true
		}
	}
	return false
}

// TargetOf reports whether op accepts t as a target: t or a supertype says so.
func (t *Type) TargetOf(op Op) bool {
	return t.inherits(func(s *Type) bool { return s.Targets.Has(op) })
}

// GivenWithOwner reports whether chown Experimenter:N gives objects of t.
func (t *Type) GivenWithOwner() bool { return t.inherits(func(s *Type) bool { return s.AllOf }) }

// DeleteKeeps reports whether a delete leaves objects of t unless included.
func (t *Type) DeleteKeeps() bool { return t.inherits(func(s *Type) bool { return s.KeptByDelete }) }

// AnnotationClass is how the annotation rules treat t.
func (t *Type) AnnotationClass() AnnotationClass {
	for s := t; s != nil; s = s.Super {
		if s.Sharing != Structured {
			return s.Sharing
		}
	}
	return Structured
}

// ParentField and ChildField are a link's two ends.
func (t *Type) ParentField() *Field { f, _ := t.Field("parent"); return f }
func (t *Type) ChildField() *Field  { f, _ := t.Field("child"); return f }

// Ref names one object as obj prints it: Project:5.
type Ref struct {
	Type *Type
	ID   int64
}

func (r Ref) String() string { return r.Type.Name + ":" + strconv.FormatInt(r.ID, 10) }
