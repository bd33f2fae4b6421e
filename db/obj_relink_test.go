package db

import (
	"testing"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// relinkFixture is a private group secret with a member bob and its owner pi, and a
// session for each in secret.
func relinkFixture(t *testing.T) (d *DB, bob, pi string) {
	t.Helper()
	d = freshDB(t)
	root, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword("pw")
	if err != nil {
		t.Fatal(err)
	}
	err = d.Update(root.UUID, "setup", func(tx *Tx) error {
		id, err := tx.AddGroup("secret", perms.Private)
		if err != nil {
			return err
		}
		secret := []Lookup{{Value: "secret", Kind: ByName}}
		for _, name := range []string{"bob", "pi"} {
			if _, err := tx.AddUser(NewUser{OmeName: name, FirstName: name, LastName: name, Groups: secret, PasswordHash: hash}); err != nil {
				return err
			}
		}
		u, err := tx.FindUser(Lookup{Value: "pi", Kind: ByName})
		if err != nil {
			return err
		}
		_, err = tx.JoinGroup(u, Group{ID: id, Name: "secret", Permissions: perms.Private}, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []*string{&bob, &pi} {
		name := map[*string]string{&bob: "bob", &pi: "pi"}[who]
		s, err := d.CreateSession(NewSession{User: name, Password: "pw", Group: "secret"})
		if err != nil {
			t.Fatal(err)
		}
		*who = s.UUID
	}
	return d, bob, pi
}

// concreteOf is a type that can be created for a reference to name: an abstract
// Annotation is made a comment.
func concreteOf(typ *Type) *Type {
	if typ.Abstract {
		return model.Subtypes(typ)[0]
	}
	return typ
}

// makeObject creates an object of typ as the session's user, with every required
// field set and every required reference pointing at a new object of that user.
func makeObject(t *testing.T, d *DB, uuid string, typ *Type) model.Ref {
	t.Helper()
	var sets []Setting
	for i := range typ.Fields {
		f := &typ.Fields[i]
		if !f.Required || f.Fixed != "" {
			continue
		}
		var value any = "x"
		switch f.Kind {
		case model.KindRef:
			value = makeObject(t, d, uuid, concreteOf(f.Target))
		case model.KindBool:
			value = false
		case model.KindLong, model.KindTimestamp:
			value = int64(0)
		}
		sets = append(sets, Setting{Field: f, Value: value})
	}
	var p model.Ref
	err := d.Update(uuid, "obj new", func(tx *Tx) error {
		var err error
		p, err = tx.NewObject(typ, sets)
		return err
	})
	if err != nil {
		t.Fatalf("obj new %s %v: %v", typ.Name, sets, err)
	}
	return p
}

func updateRef(d *DB, uuid string, obj model.Ref, field string, to model.Ref) error {
	return d.Update(uuid, "obj update", func(tx *Tx) error {
		o, err := tx.Object(obj)
		if err != nil {
			return err
		}
		f, _ := obj.Type.Field(field)
		_, err = tx.UpdateObject(o, []Setting{{Field: f, Value: to}})
		return err
	})
}

// TestRelinkEveryReference sets every reference field of every type in the registry in
// a private group: the group owner may neither point a member's object at their own
// data nor their own object at the member's, and the member may re-point their own.
func TestRelinkEveryReference(t *testing.T) {
	d, bob, pi := relinkFixture(t)
	checked := 0
	for _, typ := range Types() {
		if typ.System || typ.NoCreate != "" {
			continue
		}
		for _, f := range typ.Fields {
			if f.Kind != model.KindRef || f.Fixed != "" {
				continue
			}
			checked++
			target := concreteOf(f.Target)
			t.Run("R-PERM-LINK-2/"+typ.Name+"."+f.Name, func(t *testing.T) {
				bobs, bobsTarget := makeObject(t, d, bob, typ), makeObject(t, d, bob, target)
				pis, pisTarget := makeObject(t, d, pi, typ), makeObject(t, d, pi, target)
				if err := updateRef(d, pi, bobs, f.Name, pisTarget); fault.KindOf(err) != fault.Denied || fault.RuleOf(err) != "R-PERM-LINK-2" {
					t.Errorf("pi points bob's %s.%s at %s: %v, want R-PERM-LINK-2", bobs, f.Name, pisTarget, err)
				}
				if err := updateRef(d, pi, pis, f.Name, bobsTarget); fault.KindOf(err) != fault.Denied || fault.RuleOf(err) != "R-PERM-LINK-2" {
					t.Errorf("pi points his %s.%s at bob's %s: %v, want R-PERM-LINK-2", pis, f.Name, bobsTarget, err)
				}
				if err := updateRef(d, bob, bobs, f.Name, bobsTarget); err != nil {
					t.Errorf("bob points his %s.%s at his %s: %v", bobs, f.Name, bobsTarget, err)
				}
			})
		}
	}
	if checked < 20 {
		t.Errorf("only %d reference fields checked", checked)
	}
}
