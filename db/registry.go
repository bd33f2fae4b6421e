package db

import (
	"sort"
	"strings"

	"github.com/omero-go/omero/perms"
)

// The object-type registry: one description of every type obj (and later the
// chown/chgrp/delete graph code) works on. Table and column names in SQL come only
// from here, never from user input. registry_test.go checks it against the schema.

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

// Field is one settable property of a type.
type Field struct {
	Name     string // OMERO's name: acquisitionDate
	Kind     Kind
	Required bool   // must be given to obj new and may never be null
	Target   string // KindRef: the referenced type, or a supertype such as Annotation
	Column   string // the column; for KindMap the side table <table>_<field>
	Fixed    string // non-empty: obj may not write this field, and this says why
}

// Type describes one OMERO class.
type Type struct {
	Name          string   // the CLI's name: Project
	Class         string   // OMERO's class: ome.model.containers.Project
	Table         string   // its table; every annotation type shares "annotation"
	Discriminator string   // annotation subtypes: the value of the discriminator column
	Super         []string // supertypes, nearest first: TextAnnotation, Annotation
	System        bool     // users and groups: no owner, group or events
	Parent, Child string   // links: the types the link joins (its parent and child fields)
	NoCreate      string   // non-empty: obj new refuses the type, and this says what to use
	Fields        []Field  // in OMERO's model order, the order of "required arguments"
	kind          perms.ObjectKind
}

// IsLink reports a link type, with a parent and a child.
func (t *Type) IsLink() bool { return t.Parent != "" }

// Is reports whether t is the type named, or a subtype of it.
func (t *Type) Is(name string) bool {
	if t.Name == name {
		return true
	}
	for _, s := range t.Super {
		if s == name {
			return true
		}
	}
	return false
}

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
func (t *Type) HasName() bool {
	_, ok := t.Field(t.nameField())
	return ok
}

func (t *Type) nameField() string {
	if t.Name == "Experimenter" {
		return "omeName"
	}
	return "name"
}

// ownerColumn is the side-table column that points back at the owning row.
func (t *Type) ownerColumn() string { return t.Table + "_id" }

func field(name string, k Kind) Field {
	return Field{Name: name, Kind: k, Column: strings.ToLower(name)}
}
func text(name string) Field      { return field(name, KindText) }
func long(name string) Field      { return field(name, KindLong) }
func boolean(name string) Field   { return field(name, KindBool) }
func timestamp(name string) Field { return field(name, KindTimestamp) }

func ref(name, target string) Field {
	f := field(name, KindRef)
	f.Target = target
	return f
}

func mapField(table, name string) Field {
	f := field(name, KindMap)
	f.Column = table + "_" + strings.ToLower(name)
	return f
}

func required(f Field) Field { f.Required = true; return f }

func fixed(f Field, why string) Field { f.Fixed = why; return f }

// named and described are the name and description OMERO's model appends to many
// types, after the declared fields.
func named(fields ...Field) []Field {
	return append(fields, required(text("name")), text("description"))
}

func dataType(name, pkg string, fields ...Field) *Type {
	return &Type{Name: name, Class: "ome.model." + pkg + "." + name, Table: strings.ToLower(name), Fields: fields}
}

func linkType(name, pkg, parent, child string) *Type {
	t := dataType(name, pkg, required(ref("parent", parent)), required(ref("child", child)))
	t.Parent, t.Child = parent, child
	return t
}

func annotationType(name, discriminator string, super []string, extra ...Field) *Type {
	fields := append([]Field{text("ns"), text("name"), text("description")}, extra...)
	t := dataType(name, "annotations", fields...)
	t.Table, t.Discriminator, t.Super = "annotation", discriminator, super
	return t
}

// AnnotatedTypes are the types that may be the parent of a <T>AnnotationLink.
var AnnotatedTypes = []string{"Project", "Dataset", "Image", "Folder", "Screen", "Plate", "Well", "Roi",
	"Fileset", "OriginalFile", "Annotation"}

var registry = buildRegistry()

func buildRegistry() map[string]*Type {
	types := append(append(dataTypes(), annotationTypes()...), systemTypes()...)
	for _, parent := range AnnotatedTypes {
		types = append(types, linkType(parent+"AnnotationLink", "annotations", parent, "Annotation"))
	}
	out := map[string]*Type{}
	for _, t := range types {
		switch t.Name {
		case "OriginalFile":
			t.kind = perms.FileObject
		case "Experimenter":
			t.kind = perms.ExperimenterObject
		case "ExperimenterGroup":
			t.kind = perms.GroupObject
		}
		out[t.Name] = t
	}
	return out
}

// dataTypes are the containers, screens, images, files and ROIs with their links.
func dataTypes() []*Type {
	return []*Type{
		dataType("Project", "containers", named()...),
		dataType("Dataset", "containers", named()...),
		dataType("Folder", "containers", named(ref("parentFolder", "Folder"))...),
		dataType("Screen", "screen", named(text("type"), text("protocolIdentifier"), text("protocolDescription"),
			text("reagentSetIdentifier"), text("reagentSetDescription"))...),
		dataType("Plate", "screen", named(long("defaultSample"), text("columnNamingConvention"),
			text("rowNamingConvention"), long("rows"), long("columns"), text("status"), text("externalIdentifier"))...),
		dataType("Well", "screen", required(ref("plate", "Plate")), long("column"), long("row"), text("status"),
			long("red"), long("green"), long("blue"), long("alpha"), text("externalDescription"),
			text("externalIdentifier"), text("type")),
		dataType("WellSample", "screen", required(ref("well", "Well")), required(ref("image", "Image")), timestamp("timepoint")),
		dataType("Image", "core", named(long("series"), timestamp("acquisitionDate"), boolean("archived"),
			boolean("partial"), ref("fileset", "Fileset"))...),
		dataType("Fileset", "fs", required(text("templatePrefix"))),
		dataType("OriginalFile", "core", required(text("path")),
			fixed(text("repo"), "the repository of a file is set only by the server"),
			long("size"), text("hash"), text("mimetype"), required(text("name"))),
		dataType("Roi", "roi", ref("image", "Image"), text("name"), text("description")),
		linkType("ProjectDatasetLink", "containers", "Project", "Dataset"),
		linkType("DatasetImageLink", "containers", "Dataset", "Image"),
		linkType("FolderImageLink", "containers", "Folder", "Image"),
		linkType("FolderRoiLink", "containers", "Folder", "Roi"),
		linkType("ScreenPlateLink", "screen", "Screen", "Plate"),
	}
}

// annotationTypes share the annotation table, told apart by discriminator.
func annotationTypes() []*Type {
	text3 := []string{"TextAnnotation", "Annotation"}
	numeric := []string{"NumericAnnotation", "BasicAnnotation", "Annotation"}
	basic := []string{"BasicAnnotation", "Annotation"}
	plain := []string{"Annotation"}
	return []*Type{
		annotationType("CommentAnnotation", "/basic/text/comment/", text3, text("textValue")),
		annotationType("TagAnnotation", "/basic/text/tag/", text3, text("textValue")),
		annotationType("XmlAnnotation", "/basic/text/xml/", text3, text("textValue")),
		annotationType("LongAnnotation", "/basic/num/long/", numeric, long("longValue")),
		annotationType("DoubleAnnotation", "/basic/num/double/", numeric, field("doubleValue", KindDouble)),
		annotationType("BooleanAnnotation", "/basic/bool/", basic, boolean("boolValue")),
		annotationType("TimestampAnnotation", "/basic/time/", basic, timestamp("timeValue")),
		annotationType("TermAnnotation", "/basic/term/", basic, text("termValue")),
		annotationType("MapAnnotation", "/map/", plain, mapField("annotation", "mapValue")),
		annotationType("FileAnnotation", "/type/OriginalFile/", []string{"TypeAnnotation", "Annotation"}, ref("file", "OriginalFile")),
		annotationType("ListAnnotation", "/list/", plain),
	}
}

// systemTypes are users and groups: editable through obj by administrators holding
// ModifyUser or ModifyGroup, created by their own commands.
func systemTypes() []*Type {
	return []*Type{
		systemType("Experimenter", "use omero user add",
			required(text("omeName")), required(text("firstName")), text("middleName"), required(text("lastName")),
			text("institution"), text("email"),
			fixed(required(boolean("ldap")), "use omero ldap setdn to change a user's LDAP flag"),
			mapField("experimenter", "config")),
		systemType("ExperimenterGroup", "use omero group add",
			required(text("name")),
			fixed(required(boolean("ldap")), "the LDAP flag of a group cannot be changed with obj"),
			text("description"), mapField("experimentergroup", "config")),
	}
}

func systemType(name, create string, fields ...Field) *Type {
	t := dataType(name, "meta", fields...)
	t.System, t.NoCreate = true, create
	return t
}

// LookupType finds a type by its CLI name. As in OMERO, a trailing I (the Python
// class name, ProjectI) is accepted.
func LookupType(name string) (*Type, bool) {
	if t, ok := registry[name]; ok {
		return t, true
	}
	if base, ok := strings.CutSuffix(name, "I"); ok {
		t, ok := registry[base]
		return t, ok
	}
	return nil, false
}

// Types lists every type, sorted by CLI name.
func Types() []*Type {
	out := make([]*Type, 0, len(registry))
	for _, t := range registry {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// subtypesOf lists the types that are name or derive from it: Annotation has eleven.
func subtypesOf(name string) []*Type {
	var out []*Type
	for _, t := range Types() {
		if t.Is(name) {
			out = append(out, t)
		}
	}
	return out
}
