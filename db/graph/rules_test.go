package graph_test

import (
	"testing"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// filesetWorld is graph_filesets.txtar's: user 2 in groups 3 and 4 owns Dataset:1
// holding Image:1, and Image:1 and Image:2 are Fileset:1.
func filesetWorld() *memSource {
	m := newMemSource()
	for _, g := range []int64{perms.UserGroup, 3, 4} {
		m.groups[g] = perms.Group{ID: g, Permissions: perms.Private}
	}
	m.users[2] = perms.Principal{ID: 2, Name: "u", MemberOf: []int64{3, 4, perms.UserGroup}}
	ds := m.add(model.Dataset, 2, 3)
	fs := m.add(model.Fileset, 2, 3)
	img1 := m.add(model.Image, 2, 3, fs)
	m.add(model.Image, 2, 3, fs)
	m.link(model.DatasetImageLink, 2, 3, ds, img1)
	return m
}

func decide(t *testing.T, m *memSource, req graph.Request) (graph.Result, error) {
	t.Helper()
	pl, err := graph.Decide(m, perms.NewCaller(m.users[2], nil, 3), req)
	if err != nil {
		return graph.Result{}, err
	}
	return pl.Result(), nil
}

func targets(typ *model.Type, ids ...int64) []graph.Target {
	return []graph.Target{{Name: typ.Name, Type: typ, IDs: ids}}
}

// Filesets move whole (4.3.3): naming one image of a fileset fails; a dataset
// holding part of one moves without those images, deleting its link to them; all the
// images together move the fileset.
func TestWholeFileset(t *testing.T) {
	m := filesetWorld()
	_, err := decide(t, m, graph.Request{Op: graph.OpChgrp, Group: 4, Targets: targets(model.Image, 1)})
	if f, ok := err.(*graph.Failure); !ok || f.Name != "graph-fail" ||
		err.Error() != "within Fileset[1] may not move Image[1] while Image[2] remains" {
		t.Errorf("chgrp Image:1: %v", err)
	}
	res, err := decide(t, m, graph.Request{Op: graph.OpChgrp, Group: 4, Targets: targets(model.Dataset, 1)})
	if err != nil || len(res.Included) != 1 || res.Included[0].Type != model.Dataset ||
		len(res.Deleted) != 1 || res.Deleted[0].Type != model.DatasetImageLink {
		t.Errorf("chgrp Dataset:1: %+v, %v", res, err)
	}
	res, err = decide(t, m, graph.Request{Op: graph.OpChgrp, Group: 4, Targets: targets(model.Image, 1, 2)})
	if err != nil || len(res.Included) != 2 || res.Included[0].IDs.Len() != 2 || res.Included[1].Type != model.Fileset {
		t.Errorf("chgrp Image:1,2: %+v, %v", res, err)
	}
}

// A delete leaves tags unless --include names them (the default exclusions of
// OMERO's CLI, model.Type.KeptByDelete); comments go with what they annotate.
func TestDeleteKeepsTags(t *testing.T) {
	m := filesetWorld()
	tag := m.add(model.TagAnnotation, 2, 3)
	comment := m.add(model.CommentAnnotation, 2, 3)
	m.link(model.Dataset.Space.AnnotationLink, 2, 3, 1, tag)
	m.link(model.Dataset.Space.AnnotationLink, 2, 3, 1, comment)
	deleted := func(res graph.Result, typ *model.Type) bool {
		for _, o := range res.Deleted {
			if o.Type == typ {
				return true
			}
		}
		return false
	}
	res, err := decide(t, m, graph.Request{Op: graph.OpDelete, Targets: targets(model.Dataset, 1)})
	if err != nil || deleted(res, model.TagAnnotation) || !deleted(res, model.CommentAnnotation) {
		t.Errorf("delete Dataset:1: %+v, %v", res.Deleted, err)
	}
	res, err = decide(t, m, graph.Request{Op: graph.OpDelete, Targets: targets(model.Dataset, 1), Include: []*model.Type{model.Annotation}})
	if err != nil || !deleted(res, model.TagAnnotation) {
		t.Errorf("delete Dataset:1 --include Annotation: %+v, %v", res.Deleted, err)
	}
}
