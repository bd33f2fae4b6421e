package db

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// Adding an object type is one registry entry and one migration. This test adds a
// throwaway type that way and nothing else, and sees it flow into obj and the graph
// operations: obj new, get and list take it, chown, chgrp and delete list it as a
// target, Experimenter:N gives it, and since it is part of its image, chgrp and delete
// of the image carry it along and the delete removes it first.

// notebook is the one registry entry, as it would be written in db/model/types.go.
var notebook = &model.Type{
	Name: "Notebook", Class: "ome.model.experiment.Notebook", Table: "notebook", NameField: "name",
	Fields: []model.Field{
		{Name: "name", Kind: model.KindText, Required: true, Column: "name"},
		{Name: "pages", Kind: model.KindLong, Column: "pages"},
		{Name: "image", Kind: model.KindRef, Required: true, Target: model.Image, Column: "image", Carry: model.Part},
	},
	Targets: model.AllOps, AllOf: true,
}

// notebookMigration is the one migration, as it would be written in migrations/.
const notebookMigration = `
CREATE TABLE notebook (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    pages       INTEGER,
    image       INTEGER NOT NULL REFERENCES image (id),
    owner_id    INTEGER NOT NULL REFERENCES experimenter (id),
    group_id    INTEGER NOT NULL REFERENCES experimentergroup (id),
    creation_id INTEGER NOT NULL REFERENCES event (id),
    update_id   INTEGER NOT NULL REFERENCES event (id),
    version     INTEGER,
    external_id INTEGER REFERENCES externalinfo (id)
);
CREATE INDEX notebook_image ON notebook (image);
CREATE TRIGGER notebook_externalinfo_delete AFTER DELETE ON notebook
WHEN OLD.external_id IS NOT NULL
BEGIN
    DELETE FROM externalinfo WHERE id = OLD.external_id;
END;
`

func TestAddAnObjectType(t *testing.T) {
	defer model.Register(notebook)()
	var d *DB
	withMigrations(t, map[string]string{"900_notebook.sql": notebookMigration}, func() {
		path := filepath.Join(t.TempDir(), "x.db")
		if err := Init(path, "pw"); err != nil {
			t.Fatal(err)
		}
		var err error
		if d, err = Open(path); err != nil {
			t.Fatal(err)
		}
	})
	defer d.Close()
	checkModelAgainstSchema(t, d)
	root, u := typeFixture(t, d)

	// obj new Image name=i, then obj new Notebook name=n pages=3 image=Image:1, as
	// commands reads them: the type and fields by the names the user typed.
	typ, ok := model.Lookup("Notebook")
	if !ok || typ != notebook {
		t.Fatalf("obj does not know Notebook")
	}
	field := func(typ *model.Type, name string) *model.Field {
		f, ok := typ.Field(name)
		if !ok {
			t.Fatalf("%s has no field %s", typ.Name, name)
		}
		return f
	}
	var img, nb model.Ref
	err := d.Update(u, "obj new", func(tx *Tx) error {
		var err error
		if img, err = tx.NewObject(model.Image, []Setting{{Field: field(model.Image, "name"), Value: "i"}}); err != nil {
			return err
		}
		nb, err = tx.NewObject(typ, []Setting{{Field: field(typ, "name"), Value: "n"},
			{Field: field(typ, "pages"), Value: int64(3)}, {Field: field(typ, "image"), Value: img}})
		return err
	})
	if err != nil || nb.String() != "Notebook:1" {
		t.Fatalf("obj new Notebook: %v, %v", nb, err)
	}
	// obj get Notebook:1, and obj list Notebook.
	err = d.View(u, func(tx *Tx) error {
		o, err := tx.Object(nb)
		if err != nil {
			return err
		}
		fields, err := tx.GetFields(o)
		if err != nil {
			return err
		}
		want := []FieldValue{{"details.creationEvent", "Event:5"}, {"details.group", "ExperimenterGroup:3"},
			{"details.owner", "Experimenter:2"}, {"details.permissions", "rwra--"}, {"details.updateEvent", "Event:5"},
			{"id", "1"}, {"image", "Image:1"}, {"name", "n"}, {"pages", "3"}, {"version", ""}}
		if !slices.Equal(fields, want) {
			t.Errorf("obj get Notebook:1:\n%v\nwant\n%v", fields, want)
		}
		listed, err := tx.ListObjects(typ, ObjectFilter{})
		if err != nil || len(listed) != 1 || listed[0].Name != "n" || listed[0].Owner != "u" {
			t.Errorf("obj list Notebook: %+v, %v", listed, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// chown, chgrp and delete --list it.
	for _, op := range []GraphOp{OpChown, OpChgrp, OpDelete} {
		if !slices.Contains(GraphTargetTypes(op), "Notebook") {
			t.Errorf("%s --list lacks Notebook: %v", op.Command(), GraphTargetTypes(op))
		}
	}
	target := func(t *model.Type, ids ...int64) []GraphTarget {
		return []GraphTarget{{Name: t.Name, Type: t, IDs: ids}}
	}
	result := func(uuid string, req GraphRequest) GraphResult {
		t.Helper()
		var res GraphResult
		err := d.Update(uuid, "graph", func(tx *Tx) error {
			var err error
			res, err = tx.Graph(req)
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", req.Op.Command(), err)
		}
		return res
	}
	// chown v Experimenter:2 gives it with the rest of u's data (a dry run).
	res := result(root, GraphRequest{Op: OpChown, Recipient: 3, Targets: target(model.Experimenter, 2), DryRun: true})
	if countOf(res.Included, typ) != 1 {
		t.Errorf("chown Experimenter:2 includes %+v", res.Included)
	}
	// chgrp lab2 Image:1 carries the notebook, which is part of it.
	res = result(u, GraphRequest{Op: OpChgrp, Group: 4, Targets: target(model.Image, img.ID)})
	if countOf(res.Included, typ) != 1 || ownerAndGroup(t, d, "notebook", 1) != "u,lab2" {
		t.Errorf("chgrp Image:1 includes %+v; the notebook is %s", res.Included, ownerAndGroup(t, d, "notebook", 1))
	}
	// delete Image:1 deletes it, first: it points at the image.
	res = result(u, GraphRequest{Op: OpDelete, Targets: target(model.Image, img.ID)})
	var n int
	if err := d.sql.QueryRow(`SELECT count(*) FROM notebook`).Scan(&n); err != nil || n != 0 || countOf(res.Deleted, typ) != 1 {
		t.Errorf("delete Image:1 deleted %+v; %d notebooks left (%v)", res.Deleted, n, err)
	}
}

// typeFixture makes a read-annotate group lab (3) and a private group lab2 (4), user u
// (2) in both and user v (3) in lab, and returns sessions for root and u.
func typeFixture(t *testing.T, d *DB) (root, u string) {
	t.Helper()
	rs, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword("pw")
	if err != nil {
		t.Fatal(err)
	}
	err = d.Update(rs.UUID, "setup", func(tx *Tx) error {
		if _, err := tx.AddGroup("lab", perms.ReadAnnotate); err != nil {
			return err
		}
		if _, err := tx.AddGroup("lab2", perms.Private); err != nil {
			return err
		}
		lab, lab2 := Lookup{Value: "lab", Kind: ByName}, Lookup{Value: "lab2", Kind: ByName}
		if _, err := tx.AddUser(NewUser{OmeName: "u", FirstName: "u", LastName: "u", Groups: []Lookup{lab, lab2}, PasswordHash: hash}); err != nil {
			return err
		}
		_, err := tx.AddUser(NewUser{OmeName: "v", FirstName: "v", LastName: "v", Groups: []Lookup{lab}, PasswordHash: hash})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	us, err := d.CreateSession(NewSession{User: "u", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	return rs.UUID, us.UUID
}
