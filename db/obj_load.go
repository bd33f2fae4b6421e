package db

import (
	"database/sql"
	"errors"
	"github.com/omero-go/omero/db/model"
	"strings"

	"github.com/omero-go/omero/perms"
)

// object is one loaded row with its details.
type object struct {
	typ      *Type
	id       int64
	values   map[string]any // by field name, as loadedValue returns them; maps are not loaded
	owner    int64          // data only
	group    perms.Group    // data only
	creation int64          // data only
	update   int64          // data only
	version  *int64
}

func (o *object) proxy() Proxy { return Proxy{Type: o.typ, ID: o.id} }

// rule is what perms needs to know about the object.
func (o *object) rule() perms.Object {
	return perms.Object{Class: o.typ.Class, ID: o.id, Kind: o.typ.ObjectKind, OwnerID: o.owner, Group: o.group}
}

func quote(column string) string { return `"` + column + `"` }

// scalarFields lists the fields stored in the type's own table.
func scalarFields(t *Type) []*Field {
	var out []*Field
	for i := range t.Fields {
		if t.Fields[i].Kind != model.KindMap {
			out = append(out, &t.Fields[i])
		}
	}
	return out
}

// whereID selects one row of the type: annotations also by discriminator, so that
// TagAnnotation:5 is not found when 5 is a comment.
func whereID(t *Type, id int64) (string, []any) {
	if t.Discriminator != "" {
		return ` WHERE id = ? AND discriminator = ?`, []any{id, t.Discriminator}
	}
	return ` WHERE id = ?`, []any{id}
}

// loadObject reads typ:id. An object that does not exist, or that the caller may
// not read, is "not found" (R-PERM-READ-1).
func (t *Tx) loadObject(typ *Type, id int64) (*object, error) {
	fields := scalarFields(typ)
	cols := make([]string, 0, len(fields)+5)
	for _, f := range fields {
		cols = append(cols, quote(f.Column))
	}
	cols = append(cols, "version")
	if !typ.System {
		cols = append(cols, "owner_id", "group_id", "creation_id", "update_id")
	}
	where, args := whereID(typ, id)
	raw := make([]any, len(fields))
	dest := make([]any, 0, len(cols))
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	o := &object{typ: typ, id: id, values: map[string]any{}}
	var groupID int64
	dest = append(dest, &o.version)
	if !typ.System {
		dest = append(dest, &o.owner, &groupID, &o.creation, &o.update)
	}
	err := t.queryRow(`SELECT `+strings.Join(cols, ", ")+` FROM `+typ.Table+where, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("No object found: %s", o.proxy())
	}
	if err != nil {
		return nil, wrapBusy(err)
	}
	for i, f := range fields {
		o.values[f.Name] = loadedValue(f, raw[i])
	}
	if !typ.System {
		if o.group, err = t.groupRef(groupID); err != nil {
			return nil, err
		}
		if !perms.CanRead(t.Caller, o.rule()) {
			return nil, notFound("No object found: %s", o.proxy())
		}
	}
	return o, nil
}

// loadSpec reads the object an OBJ argument (Type:id) names.
func (t *Tx) loadSpec(spec string) (*object, error) {
	typ, id, hasID, err := parseSpec(spec)
	if err != nil {
		return nil, err
	}
	if !hasID {
		return nil, invalid("No id given for %s. Use e.g. '%s:123'", typ.Name, typ.Name)
	}
	return t.loadObject(typ, id)
}

// loadMap reads the entries of a map field in order.
func (t *Tx) loadMap(o *object, f *Field) ([]NamedValue, error) {
	rows, err := t.query(`SELECT name, value FROM `+f.Column+` WHERE `+o.typ.OwnerColumn()+` = ? ORDER BY idx`, o.id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NamedValue
	for rows.Next() {
		var nv NamedValue
		if err := rows.Scan(&nv.Name, &nv.Value); err != nil {
			return nil, err
		}
		out = append(out, nv)
	}
	return out, rows.Err()
}

// refProxy names the object a reference field points at. A reference to a
// supertype (a link's child Annotation) is named by the row's concrete type.
func (t *Tx) refProxy(f *Field, id int64) (Proxy, error) {
	if !f.Target.Abstract {
		return Proxy{Type: f.Target, ID: id}, nil
	}
	subs := model.Subtypes(f.Target)
	var disc string
	if err := t.queryRow(`SELECT discriminator FROM `+subs[0].Table+` WHERE id = ?`, id).Scan(&disc); err != nil {
		return Proxy{}, wrapBusy(err)
	}
	for _, s := range subs {
		if s.Discriminator == disc {
			return Proxy{Type: s, ID: id}, nil
		}
	}
	return Proxy{}, failed("%s:%d has an unknown discriminator %q", f.Target.Name, id, disc)
}

// resolveRef reads a reference argument of field f: it must name an object of the
// field's type that exists and that the caller may read.
func (t *Tx) resolveRef(owner *Type, f *Field, value string) (*object, error) {
	typ, id, err := parseProxy(value)
	if err != nil {
		return nil, err
	}
	if !typ.Is(f.Target) {
		return nil, invalid("%s.%s must be a %s, not %s", owner.Name, f.Name, f.Target.Name, value)
	}
	return t.loadObject(typ, id)
}
