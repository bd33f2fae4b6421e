package model

import (
	"strings"

	"github.com/omero-go/omero/perms"
)

// The registry: one entry per OMERO type, in OMERO's model order. Adding a type is
// one entry here (in All) and one migration creating its table; registry_test.go in
// db checks the two against each other, and everything else (obj, the graph
// operations' targets, what they carry, the order of deletes) follows from the
// facts given here.

// Data types: containers, screens, images, files and ROIs.
var (
	Project = dataType("Project", "containers", named()...).data(AllOps)
	Dataset = dataType("Dataset", "containers", named()...).data(AllOps)
	// A folder nests in its parent folder: its subfolders follow it level by level.
	Folder = dataType("Folder", "containers", named(carry(ref("parentFolder", self), Nested))...).data(AllOps).looseOnChown()
	Screen = dataType("Screen", "screen", named(text("type"), text("protocolIdentifier"), text("protocolDescription"),
		text("reagentSetIdentifier"), text("reagentSetDescription"))...).data(AllOps)
	Plate = dataType("Plate", "screen", named(long("defaultSample"), text("columnNamingConvention"),
		text("rowNamingConvention"), long("rows"), long("columns"), text("status"), text("externalIdentifier"))...).data(AllOps)
	// A well is part of its plate; only delete names one on its own.
	Well = dataType("Well", "screen", carry(required(ref("plate", Plate)), Part), long("column"), long("row"), text("status"),
		long("red"), long("green"), long("blue"), long("alpha"), text("externalDescription"),
		text("externalIdentifier"), text("type")).data(OpSet(Delete)).notOwnedData()
	// A well sample is part of its well and holds its image.
	WellSample = dataType("WellSample", "screen", carry(required(ref("well", Well)), Part),
		carry(required(ref("image", Image)), Holds), timestamp("timepoint"))
	// An image goes with all the images of its fileset or not at all.
	Image = dataType("Image", "core", named(long("series"), timestamp("acquisitionDate"), boolean("archived"),
		boolean("partial"), carry(ref("fileset", Fileset), Whole))...).data(AllOps)
	Fileset      = dataType("Fileset", "fs", required(text("templatePrefix"))).data(AllOps)
	OriginalFile = dataType("OriginalFile", "core", required(text("path")),
		fixed(text("repo"), "the repository of a file is set only by the server"),
		long("size"), text("hash"), text("mimetype"), required(text("name"))).data(AllOps).governedBy(perms.FileObject)
	// A ROI follows its image by the ROI rules (4.3.2, 4.4.2).
	Roi = dataType("Roi", "roi", carry(ref("image", Image), Attached), text("name"), text("description")).data(AllOps)
)

// Container links: the parent carries the child along.
var (
	ProjectDatasetLink = containerLink("ProjectDatasetLink", "containers", Project, Dataset)
	DatasetImageLink   = containerLink("DatasetImageLink", "containers", Dataset, Image)
	FolderImageLink    = containerLink("FolderImageLink", "containers", Folder, Image)
	FolderRoiLink      = containerLink("FolderRoiLink", "containers", Folder, Roi)
	ScreenPlateLink    = containerLink("ScreenPlateLink", "screen", Screen, Plate)
)

// Annotations share one table, told apart by discriminator. The abstract classes
// name their subtypes in graph requests (delete Annotation:5, --include
// TextAnnotation). Every annotated type T gets a link type TAnnotationLink from the
// registry.
var (
	Annotation        = abstractAnnotation("Annotation", nil).data(AllOps)
	TextAnnotation    = abstractAnnotation("TextAnnotation", Annotation)
	BasicAnnotation   = abstractAnnotation("BasicAnnotation", Annotation).sharing(Orphanable)
	NumericAnnotation = abstractAnnotation("NumericAnnotation", BasicAnnotation)
	TypeAnnotation    = abstractAnnotation("TypeAnnotation", Annotation)

	CommentAnnotation   = annotationType("CommentAnnotation", "/basic/text/comment/", TextAnnotation, text("textValue")).sharing(Orphanable)
	TagAnnotation       = annotationType("TagAnnotation", "/basic/text/tag/", TextAnnotation, text("textValue")).sharing(Sharable).keptByDelete()
	XmlAnnotation       = annotationType("XmlAnnotation", "/basic/text/xml/", TextAnnotation, text("textValue"))
	LongAnnotation      = annotationType("LongAnnotation", "/basic/num/long/", NumericAnnotation, long("longValue"))
	DoubleAnnotation    = annotationType("DoubleAnnotation", "/basic/num/double/", NumericAnnotation, field("doubleValue", KindDouble))
	BooleanAnnotation   = annotationType("BooleanAnnotation", "/basic/bool/", BasicAnnotation, boolean("boolValue"))
	TimestampAnnotation = annotationType("TimestampAnnotation", "/basic/time/", BasicAnnotation, timestamp("timeValue"))
	TermAnnotation      = annotationType("TermAnnotation", "/basic/term/", BasicAnnotation, text("termValue")).keptByDelete()
	MapAnnotation       = annotationType("MapAnnotation", "/map/", Annotation, mapField("annotation", "mapValue"))
	// A file annotation's file follows it unless another user of the file stays.
	FileAnnotation = annotationType("FileAnnotation", "/type/OriginalFile/", TypeAnnotation,
		carry(ref("file", OriginalFile), Uses)).sharing(Sharable).keptByDelete()
	ListAnnotation = annotationType("ListAnnotation", "/list/", Annotation)
)

// Users and groups: editable through obj by administrators holding ModifyUser or
// ModifyGroup, created by their own commands.
var (
	Experimenter = systemType("Experimenter", "use omero user add", "omeName",
		required(text("omeName")), required(text("firstName")), text("middleName"), required(text("lastName")),
		text("institution"), text("email"),
		fixed(required(boolean("ldap")), "use omero ldap setdn to change a user's LDAP flag"),
		mapField("experimenter", "config")).governedBy(perms.ExperimenterObject)
	ExperimenterGroup = systemType("ExperimenterGroup", "use omero group add", "name",
		required(text("name")),
		fixed(required(boolean("ldap")), "the LDAP flag of a group cannot be changed with obj"),
		text("description"), mapField("experimentergroup", "config")).governedBy(perms.GroupObject)
)

// entries is the registry in OMERO's model order; the order breaks ties wherever
// the registry derives an order (the steps of a graph traversal, deletes).
func entries() []*Type {
	return []*Type{
		Project, Dataset, Folder, Screen, Plate, Well, WellSample, Image, Fileset, OriginalFile, Roi,
		ProjectDatasetLink, DatasetImageLink, FolderImageLink, FolderRoiLink, ScreenPlateLink,
		Annotation, TextAnnotation, BasicAnnotation, NumericAnnotation, TypeAnnotation,
		CommentAnnotation, TagAnnotation, XmlAnnotation, LongAnnotation, DoubleAnnotation, BooleanAnnotation,
		TimestampAnnotation, TermAnnotation, MapAnnotation, FileAnnotation, ListAnnotation,
		Experimenter, ExperimenterGroup,
	}
}

// self stands for the type being declared in a reference to its own type, which Go
// cannot write in the declaration itself; the registry resolves it.
var self = &Type{Name: "(self)"}

func field(name string, k Kind) Field {
	return Field{Name: name, Kind: k, Column: strings.ToLower(name), Slot: -1}
}
func text(name string) Field      { return field(name, KindText) }
func long(name string) Field      { return field(name, KindLong) }
func boolean(name string) Field   { return field(name, KindBool) }
func timestamp(name string) Field { return field(name, KindTimestamp) }

func ref(name string, target *Type) Field {
	f := field(name, KindRef)
	f.Target = target
	return f
}

func mapField(table, name string) Field {
	f := field(name, KindMap)
	f.Column = table + "_" + strings.ToLower(name)
	return f
}

func required(f Field) Field          { f.Required = true; return f }
func fixed(f Field, why string) Field { f.Fixed = why; return f }
func carry(f Field, how Carry) Field  { f.Carry = how; return f }

// named appends the name and description OMERO's model gives many types, after
// the declared fields.
func named(fields ...Field) []Field {
	return append(fields, required(text("name")), text("description"))
}

func dataType(name, pkg string, fields ...Field) *Type {
	t := &Type{Name: name, Class: "ome.model." + pkg + "." + name, Table: strings.ToLower(name), Fields: fields}
	if _, ok := t.Field("name"); ok {
		t.NameField = "name"
	}
	return t
}

func linkType(name, pkg string, parent, child *Type) *Type {
	t := dataType(name, pkg, required(ref("parent", parent)), required(ref("child", child)))
	t.Parent, t.Child = parent, child
	t.Targets, t.AllOf = OpSet(Chown, Delete), true
	return t
}

func containerLink(name, pkg string, parent, child *Type) *Type {
	t := linkType(name, pkg, parent, child)
	t.Container = true
	return t
}

// annotationLink is the link type the registry adds for an annotated type.
func annotationLink(parent *Type) *Type {
	return linkType(parent.Name+"AnnotationLink", "annotations", parent, Annotation)
}

func abstractAnnotation(name string, super *Type) *Type {
	t := dataType(name, "annotations")
	t.Table, t.Super, t.Abstract = "annotation", super, true
	return t
}

func annotationType(name, discriminator string, super *Type, extra ...Field) *Type {
	fields := append([]Field{text("ns"), text("name"), text("description")}, extra...)
	t := dataType(name, "annotations", fields...)
	t.Table, t.Discriminator, t.Super = "annotation", discriminator, super
	return t
}

func systemType(name, create, nameField string, fields ...Field) *Type {
	t := dataType(name, "meta", fields...)
	t.System, t.NoCreate, t.NameField = true, create, nameField
	return t
}

// data makes t owned data that ops may target, that chown Experimenter:N gives, and
// that may be annotated.
func (t *Type) data(ops Ops) *Type {
	t.Targets, t.AllOf, t.Annotated = ops, true, true
	return t
}

func (t *Type) notOwnedData() *Type                 { t.AllOf = false; return t }
func (t *Type) governedBy(k perms.ObjectKind) *Type { t.ObjectKind = k; return t }
func (t *Type) sharing(c AnnotationClass) *Type     { t.Sharing = c; return t }
func (t *Type) looseOnChown() *Type                 { t.LooseOnChown = true; return t }
func (t *Type) keptByDelete() *Type                 { t.KeptByDelete = true; return t }
