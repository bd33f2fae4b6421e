package model

import (
	"slices"
	"testing"
)

func names(ts []*Type) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

// The targets each operation lists are those OMERO's CLI lists, less what is not
// modelled here.
func TestGraphTargets(t *testing.T) {
	chgrp := []string{"Annotation", "Dataset", "Fileset", "Folder", "Image", "OriginalFile", "Plate", "Project", "Roi", "Screen"}
	if got := names(GraphTargets(Chgrp)); !slices.Equal(got, chgrp) {
		t.Errorf("chgrp targets %v", got)
	}
	chown := names(GraphTargets(Chown))
	for _, want := range []string{"Annotation", "AnnotationAnnotationLink", "DatasetImageLink", "WellAnnotationLink", "ScreenPlateLink"} {
		if !slices.Contains(chown, want) {
			t.Errorf("chown targets lack %s: %v", want, chown)
		}
	}
	if len(chown) != 26 {
		t.Errorf("%d chown targets, want 26", len(chown))
	}
	del := names(GraphTargets(Delete))
	if len(del) != 27 || !slices.Contains(del, "Well") {
		t.Errorf("delete targets %v", del)
	}
	if !CommentAnnotation.TargetOf(Chgrp) || WellSample.TargetOf(Delete) || Well.TargetOf(Chgrp) {
		t.Error("TargetOf does not follow the facts")
	}
}

func TestRegistryFacts(t *testing.T) {
	if len(Subtypes(Annotation)) != 11 || len(Subtypes(BasicAnnotation)) != 5 {
		t.Errorf("subtypes: %v, %v", names(Subtypes(Annotation)), names(Subtypes(BasicAnnotation)))
	}
	if f, _ := Folder.Field("parentFolder"); f.Target != Folder || f.Slot != 0 {
		t.Errorf("Folder.parentFolder: target %v, slot %d", f.Target.Name, f.Slot)
	}
	if FileAnnotation.Space != Annotation.Space || Annotation.Space.AnnotationLink == nil ||
		Annotation.Space.AnnotationLink.Name != "AnnotationAnnotationLink" {
		t.Error("annotation space")
	}
	if Image.Space.AnnotationLink.Parent != Image || Image.Space.AnnotationLink.Child != Annotation {
		t.Error("ImageAnnotationLink")
	}
	if f := DatasetImageLink.ChildField(); f.Slot != 1 || DatasetImageLink.ParentField().Slot != 0 {
		t.Error("link ends are slots 0 and 1")
	}
	if LongAnnotation.AnnotationClass() != Orphanable || FileAnnotation.AnnotationClass() != Sharable ||
		MapAnnotation.AnnotationClass() != Structured || !TermAnnotation.DeleteKeeps() || CommentAnnotation.DeleteKeeps() {
		t.Error("annotation classes")
	}
	if !TagAnnotation.GivenWithOwner() || Well.GivenWithOwner() || !FolderRoiLink.GivenWithOwner() {
		t.Error("Experimenter:N")
	}
	if typ, ok := Lookup("ProjectI"); !ok || typ != Project {
		t.Error("Lookup(ProjectI)")
	}
	if _, ok := Lookup("Annotation"); ok {
		t.Error("obj takes no abstract type")
	}
	if typ, ok := LookupClass("AnnotationI"); !ok || typ != Annotation {
		t.Error("LookupClass(AnnotationI)")
	}
	if _, ok := Lookup("project"); ok {
		t.Error("type names are case-sensitive")
	}
}

// Every space is deleted after the spaces that point into it.
func TestDeleteOrder(t *testing.T) {
	order := DeleteOrder()
	pos := map[*Space]int{}
	for i, sp := range order {
		pos[sp] = i
	}
	for _, typ := range All() {
		if typ.Abstract || typ.System {
			continue
		}
		for _, f := range typ.Fields {
			if f.Kind == KindRef && f.Target.Space != typ.Space && pos[typ.Space] > pos[f.Target.Space] {
				t.Errorf("%s is deleted after %s, which %s.%s points into", typ.Table, f.Target.Space.Table, typ.Name, f.Name)
			}
		}
	}
	if len(order) != 28 {
		t.Errorf("%d spaces of data, want 28", len(order))
	}
}
