package db

import (
	"database/sql"
	"strings"

	"github.com/omero-go/omero/db/dialect"
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
	s := newListScanner(t, typ)
	return t.each(q, args, func(rows *sql.Rows) error {
		l, readable, err := s.scan(rows)
		if err != nil || !readable {
			return err
		}
		return fn(l)
	})
}

// listQuery selects id, then name, or parent and child with the discriminators of
// annotation ends, then owner and group ids, of every row of typ matching f. The
// names of owners and groups, which repeat from row to row, are not read with each
// row: listScanner looks each up once.
func (t *Tx) listQuery(typ *Type, f ObjectFilter) (string, []any, error) {
	cols := []string{"o.id"}
	switch {
	case typ.IsLink():
		cols = append(cols, "o.parent", discriminatorOf(typ.ParentField(), "o.parent"),
			"o.child", discriminatorOf(typ.ChildField(), "o.child"))
	case typ.HasName():
		cols = append(cols, "o.name")
	}
	q := `SELECT ` + strings.Join(cols, ", ") + `, o.owner_id, o.group_id FROM ` + typ.Table + ` o WHERE 1 = 1`
	if t.namesJoined() {
		q = `SELECT ` + strings.Join(cols, ", ") + `, o.owner_id, o.group_id, e.omename, g.name, g.permissions
  FROM ` + typ.Table + ` o JOIN experimenter e ON e.id = o.owner_id JOIN experimentergroup g ON g.id = o.group_id WHERE 1 = 1`
	}
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

// namesJoined reports whether listQuery reads owner and group names with each row.
// A PostgreSQL connection runs no other statement while it is reading rows, so there
// the names are joined in; SQLite looks each up once (listScanner), which is cheaper
// than carrying the same strings on a million rows.
func (t *Tx) namesJoined() bool { return t.db.d == dialect.Postgres }

// listScanner reads the rows of listQuery into untyped values, which database/sql
// hands over as the driver made them (typed destinations go through reflection),
// and names each owner and group once, with a query of its own, the first time a
// row points at it, unless the names came with the row (namesJoined).
type listScanner struct {
	t      *Tx
	typ    *Type
	joined bool
	vals   []any
	dest   []any
	owners map[int64]string
	groups map[int64]perms.Group
}

func newListScanner(t *Tx, typ *Type) *listScanner {
	n := 3
	switch {
	case typ.IsLink():
		n += 4
	case typ.HasName():
		n++
	}
	joined := t.namesJoined()
	if joined {
		n += 3
	}
	s := &listScanner{t: t, typ: typ, joined: joined, vals: make([]any, n), dest: make([]any, n),
		owners: map[int64]string{}, groups: map[int64]perms.Group{}}
	for i := range s.vals {
		s.dest[i] = &s.vals[i]
	}
	return s
}

func (s *listScanner) scan(rows *sql.Rows) (ListedObject, bool, error) {
	l := ListedObject{Ref: model.Ref{Type: s.typ}}
	if err := rows.Scan(s.dest...); err != nil {
		return l, false, err
	}
	v := s.vals
	l.Ref.ID = asInt(v[0])
	switch {
	case s.typ.IsLink():
		l.Parent = endRef(s.typ.Parent, asString(v[2]), asInt(v[1]))
		l.Child = endRef(s.typ.Child, asString(v[4]), asInt(v[3]))
	case s.typ.HasName():
		l.Name = asString(v[1])
	}
	if s.joined {
		v = v[:len(v)-3]
	}
	ownerID, groupID := asInt(v[len(v)-2]), asInt(v[len(v)-1])
	var g perms.Group
	if s.joined {
		names := s.vals[len(s.vals)-3:]
		l.Owner = asString(names[0])
		g = perms.Group{ID: groupID, Name: asString(names[1]), Permissions: perms.Permissions(asInt(names[2]))}
	} else {
		owner, err := s.owner(ownerID)
		if err != nil {
			return l, false, err
		}
		if g, err = s.group(groupID); err != nil {
			return l, false, err
		}
		l.Owner = owner
	}
	l.Group = g.Name
	o := perms.Object{Class: s.typ.Class, ID: l.Ref.ID, Kind: s.typ.ObjectKind, OwnerID: ownerID, Group: g}
	return l, perms.CanRead(s.t.Caller, o), nil
}

func (s *listScanner) owner(id int64) (string, error) {
	name, ok := s.owners[id]
	if !ok {
		if err := s.t.queryRow(`SELECT omename FROM experimenter WHERE id = ?`, id).Scan(&name); err != nil {
			return "", err
		}
		s.owners[id] = name
	}
	return name, nil
}

func (s *listScanner) group(id int64) (perms.Group, error) {
	g, ok := s.groups[id]
	if !ok {
		var err error
		if g, err = s.t.groupRef(id); err != nil {
			return g, err
		}
		s.groups[id] = g
	}
	return g, nil
}

// asInt and asString read an untyped column value: an integer (or NULL, 0), text
// (or NULL, ""), whichever form the driver gives it in.
func asInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	}
	return 0
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
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
