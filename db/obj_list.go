package db

import (
	"database/sql"
	"strings"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// obj list: the objects of one type the caller may read, so that an organizer can
// find, say, everything a leaving user owns.

// ObjectFilter narrows obj list; each is an id or a name, "" for any.
type ObjectFilter struct{ Owner, Group string }

// ListedObject is one row of obj list.
type ListedObject struct {
	Ref           model.Ref
	Name          string // "" where the type has no name
	Parent, Child string // links only: Type:id of both ends
	Owner, Group  string // login name and group name
}

// ListObjects lists the objects of typ that match f and that the caller may read, in
// id order.
func (t *Tx) ListObjects(typ *model.Type, f ObjectFilter) ([]ListedObject, error) {
	var out []ListedObject
	err := t.EachObject(typ, f, func(l ListedObject) error {
		out = append(out, l)
		return nil
	})
	return out, err
}

// EachObject calls fn with each object of typ that matches f and that the caller may
// read, in id order, as the database returns them: a million images are never held
// at once. It stops at fn's first error.
func (t *Tx) EachObject(typ *model.Type, f ObjectFilter, fn func(ListedObject) error) error {
	if typ.System || typ.Abstract {
		return invalidInput("obj list lists data; for users and groups use omero user list or omero group list")
	}
	q, args, err := t.listQuery(typ, f)
	if err != nil {
		return err
	}
	s := listScanner{typ: typ, caller: t.Caller, owners: map[int64]string{}, groups: map[int64]perms.Group{}}
	return t.each(q, args, func(rows *sql.Rows) error {
		l, readable, err := s.scan(rows)
		if err != nil || !readable {
			return err
		}
		return fn(l)
	})
}

// listQuery selects id, name, parent and child (with the discriminators of
// annotation ends), owner and group of every row of typ matching f.
func (t *Tx) listQuery(typ *Type, f ObjectFilter) (string, []any, error) {
	cols := []string{"o.id", "NULL", "NULL", "NULL", "NULL", "NULL"}
	if typ.HasName() {
		cols[1] = "o.name"
	}
	if typ.IsLink() {
		pf, cf := typ.ParentField(), typ.ChildField()
		cols[2], cols[3] = "o.parent", discriminatorOf(pf, "o.parent")
		cols[4], cols[5] = "o.child", discriminatorOf(cf, "o.child")
	}
	q := `SELECT ` + strings.Join(cols, ", ") + `, o.owner_id, e.omename, o.group_id, g.name, g.permissions
  FROM ` + typ.Table + ` o JOIN experimenter e ON e.id = o.owner_id JOIN experimentergroup g ON g.id = o.group_id
 WHERE 1 = 1`
	var args []any
	if typ.Discriminator != "" {
		q, args = q+` AND o.discriminator = ?`, append(args, typ.Discriminator)
	}
	if f.Owner != "" {
		id, err := t.resolve(userWords, Lookup{Value: f.Owner, Kind: ByIDOrName})
		if err != nil {
			return "", nil, err
		}
		q, args = q+` AND o.owner_id = ?`, append(args, id)
	}
	if f.Group != "" {
		id, err := t.resolve(groupWords, Lookup{Value: f.Group, Kind: ByIDOrName})
		if err != nil {
			return "", nil, err
		}
		q, args = q+` AND o.group_id = ?`, append(args, id)
	}
	return q + ` ORDER BY o.id`, args, nil
}

// discriminatorOf is a column expression giving the subtype of a reference to a
// supertype (a link's child Annotation), or NULL when the target is concrete.
func discriminatorOf(f *Field, col string) string {
	if !f.Target.Abstract {
		return "NULL"
	}
	return `(SELECT discriminator FROM ` + f.Target.Table + ` WHERE id = ` + col + `)`
}

// listScanner reads the rows of listQuery. Owner and group names repeat from row to
// row: each is made a string once, the rows' copies read in place.
type listScanner struct {
	typ    *Type
	caller perms.Caller
	owners map[int64]string
	groups map[int64]perms.Group
	// the columns, reused from row to row
	name, pDisc, cDisc, ownerName, groupName sql.RawBytes
	parent, child                            sql.NullInt64
	owner, group, permissions                int64
}

func (s *listScanner) scan(rows *sql.Rows) (ListedObject, bool, error) {
	l := ListedObject{Ref: model.Ref{Type: s.typ}}
	err := rows.Scan(&l.Ref.ID, &s.name, &s.parent, &s.pDisc, &s.child, &s.cDisc, &s.owner, &s.ownerName, &s.group, &s.groupName, &s.permissions)
	if err != nil {
		return l, false, err
	}
	l.Name = string(s.name)
	if s.typ.IsLink() {
		l.Parent = endRef(s.typ.Parent, string(s.pDisc), s.parent.Int64)
		l.Child = endRef(s.typ.Child, string(s.cDisc), s.child.Int64)
	}
	owner, ok := s.owners[s.owner]
	if !ok {
		owner = string(s.ownerName)
		s.owners[s.owner] = owner
	}
	g, ok := s.groups[s.group]
	if !ok {
		g = perms.Group{ID: s.group, Name: string(s.groupName), Permissions: perms.Permissions(s.permissions)}
		s.groups[s.group] = g
	}
	l.Owner, l.Group = owner, g.Name
	o := perms.Object{Class: s.typ.Class, ID: l.Ref.ID, Kind: s.typ.ObjectKind, OwnerID: s.owner, Group: g}
	return l, perms.CanRead(s.caller, o), nil
}

// endRef names a link end: by its concrete type, found by discriminator, when the
// link's end is a supertype.
func endRef(target *model.Type, disc string, id int64) string {
	r := model.Ref{Type: target, ID: id}
	if t, ok := model.ByDiscriminator(disc); ok && disc != "" && t.Is(target) {
		r.Type = t
	}
	return r.String()
}
