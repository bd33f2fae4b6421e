package db

import (
	"testing"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// The closing phase of the former chown_callers_* and chgrp_callers_* scripts,
// against a real database at each group level: a refused request changes nothing,
// and the request the rules allow writes what the plan said. Who may do what is
// tested for every caller in db/graph (TestChownCallers, TestChgrpCallers).

// callersDB is the scripts' fixture: G at level with owner's Project:1 >
// Dataset:1 > Image:1, every user in K, the outsider in H, pi owning G. It returns a
// session for each user by name.
func callersDB(t *testing.T, level perms.Permissions) (*DB, map[string]string) {
	t.Helper()
	d := freshDB(t)
	root, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword("pw")
	if err != nil {
		t.Fatal(err)
	}
	err = d.Update(root.UUID, "setup", func(tx *Tx) error {
		for _, g := range []struct {
			name string
			p    perms.Permissions
		}{{"G", level}, {"K", perms.Private}, {"H", perms.Private}} {
			if _, err := tx.AddGroup(g.name, g.p); err != nil {
				return err
			}
		}
		groups := func(names ...string) []Lookup {
			var out []Lookup
			for _, n := range names {
				out = append(out, Lookup{Value: n, Kind: ByName})
			}
			return out
		}
		for _, u := range []struct {
			name   string
			groups []Lookup
		}{{"owner", groups("G", "K")}, {"member", groups("G", "K")}, {"outsider", groups("H", "K")}, {"pi", groups("G", "K")}} {
			if _, err := tx.AddUser(NewUser{OmeName: u.name, FirstName: u.name, LastName: u.name, Groups: u.groups, PasswordHash: hash}); err != nil {
				return err
			}
		}
		pi, err := tx.FindUser(Lookup{Value: "pi", Kind: ByName})
		if err != nil {
			return err
		}
		g, err := tx.FindGroup(Lookup{Value: "G", Kind: ByName})
		if err != nil {
			return err
		}
		_, err = tx.JoinGroup(pi, g, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sessions := map[string]string{}
	for _, name := range []string{"owner", "member", "outsider", "pi"} {
		s, err := d.CreateSession(NewSession{User: name, Password: "pw"})
		if err != nil {
			t.Fatal(err)
		}
		sessions[name] = s.UUID
	}
	err = d.Update(sessions["owner"], "setup", func(tx *Tx) error {
		named := func(typ *model.Type, name string) (model.Ref, error) {
			f, _ := typ.Field("name")
			return tx.NewObject(typ, []Setting{{Field: f, Value: name}})
		}
		link := func(typ *model.Type, parent, child model.Ref) error {
			_, err := tx.NewObject(typ, []Setting{{Field: typ.ParentField(), Value: parent}, {Field: typ.ChildField(), Value: child}})
			return err
		}
		p, err := named(model.Project, "p")
		if err != nil {
			return err
		}
		ds, err := named(model.Dataset, "d")
		if err != nil {
			return err
		}
		img, err := named(model.Image, "i")
		if err != nil {
			return err
		}
		if err := link(model.ProjectDatasetLink, p, ds); err != nil {
			return err
		}
		return link(model.DatasetImageLink, ds, img)
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, sessions
}

// ownerAndGroup reads the owner's login name and the group's name of one row.
func ownerAndGroup(t *testing.T, d *DB, table string, id int64) string {
	t.Helper()
	var owner, group string
	err := d.sql.QueryRow(`SELECT e.omename, g.name FROM `+table+` x JOIN experimenter e ON e.id = x.owner_id
		JOIN experimentergroup g ON g.id = x.group_id WHERE x.id = ?`, id).Scan(&owner, &group)
	if err != nil {
		t.Fatal(err)
	}
	return owner + "," + group
}

func graphAs(d *DB, uuid string, req GraphRequest) error {
	return d.Update(uuid, "graph", func(tx *Tx) error {
		if req.Op == OpChown {
			u, err := tx.FindUser(Lookup{Value: "member", Kind: ByName})
			if err != nil {
				return err
			}
			req.Recipient = u.ID
		} else {
			g, err := tx.FindGroup(Lookup{Value: "K", Kind: ByName})
			if err != nil {
				return err
			}
			req.Group = g.ID
		}
		_, err := tx.Graph(req)
		return err
	})
}

var projectOne = []GraphTarget{{Name: "Project", Type: model.Project, IDs: []int64{1}}}

func TestChownCallersExecute(t *testing.T) {
	for _, level := range []perms.Permissions{perms.Private, perms.ReadOnly, perms.ReadAnnotate, perms.ReadWrite} {
		t.Run(level.String(), func(t *testing.T) {
			d, s := callersDB(t, level)
			req := GraphRequest{Op: OpChown, Targets: projectOne}
			// A refused one leaves everything as it was.
			err := graphAs(d, s["outsider"], req)
			if f, ok := err.(*graph.Failure); !ok || f.Name != "steps-cancel" || fault.KindOf(err) != fault.Denied {
				t.Fatalf("outsider gives Project:1: %v", err)
			}
			if got := ownerAndGroup(t, d, "project", 1); got != "owner,G" {
				t.Errorf("after the refusal Project:1 is %s", got)
			}
			// A real chown by the owner of G gives the project; the owner's link stays.
			if err := graphAs(d, s["pi"], req); err != nil {
				t.Fatal(err)
			}
			if got := ownerAndGroup(t, d, "project", 1); got != "member,G" {
				t.Errorf("Project:1 is %s, want member,G", got)
			}
			if got := ownerAndGroup(t, d, "projectdatasetlink", 1); got != "owner,G" {
				t.Errorf("ProjectDatasetLink:1 is %s, want owner,G", got)
			}
		})
	}
}

func TestChgrpCallersExecute(t *testing.T) {
	for _, level := range []perms.Permissions{perms.Private, perms.ReadOnly, perms.ReadAnnotate, perms.ReadWrite} {
		t.Run(level.String(), func(t *testing.T) {
			d, s := callersDB(t, level)
			req := GraphRequest{Op: OpChgrp, Targets: projectOne}
			// A member may not move the owner's project: they cannot see it in a
			// private group, and do not own it elsewhere.
			want := fault.Denied
			if level.IsPrivate() {
				want = fault.NotFound
			}
			if err := graphAs(d, s["member"], req); fault.KindOf(err) != want {
				t.Fatalf("member moves Project:1: %v, want %v", err, want)
			}
			if got := ownerAndGroup(t, d, "image", 1); got != "owner,G" {
				t.Errorf("after the refusal Image:1 is %s", got)
			}
			// A real chgrp by the owner moves the hierarchy.
			if err := graphAs(d, s["owner"], req); err != nil {
				t.Fatal(err)
			}
			if got := ownerAndGroup(t, d, "image", 1); got != "owner,K" {
				t.Errorf("Image:1 is %s, want owner,K", got)
			}
		})
	}
}
