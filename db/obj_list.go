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
	if typ.System || typ.Abstract {
		return nil, invalidInput("obj list lists data; for users and groups use omero user list or omero group list")
	}
	q, args, err := t.listQuery(typ, f)
	if err != nil {
		return nil, err
	}
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ListedObject
	for rows.Next() {
		l, readable, err := scanListed(rows, typ, t.Caller)
		if err != nil {
			return nil, err
		}
		if readable {
			out = append(out, l)
		}
	}
	return out, rows.Err()
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

func scanListed(rows *sql.Rows, typ *Type, caller perms.Caller) (ListedObject, bool, error) {
	var (
		l                         ListedObject
		name, pDisc, cDisc        sql.NullString
		parent, child             sql.NullInt64
		owner, group, permissions int64
	)
	l.Ref.Type = typ
	err := rows.Scan(&l.Ref.ID, &name, &parent, &pDisc, &child, &cDisc, &owner, &l.Owner, &group, &l.Group, &permissions)
	if err != nil {
		return l, false, err
	}
	l.Name = name.String
	if typ.IsLink() {
		l.Parent = endRef(typ.Parent, pDisc.String, parent.Int64)
		l.Child = endRef(typ.Child, cDisc.String, child.Int64)
	}
	o := perms.Object{Class: typ.Class, ID: l.Ref.ID, Kind: typ.ObjectKind, OwnerID: owner,
		Group: perms.Group{ID: group, Name: l.Group, Permissions: perms.Permissions(permissions)}}
	return l, perms.CanRead(caller, o), nil
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
