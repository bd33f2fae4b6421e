package db

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// Object is one loaded object as obj reads and changes it: its row and details, of
// an object the caller may read. Tx.Object loads one.
type Object struct {
	typ      *model.Type
	id       int64
	values   map[string]any // by field name, as loadedValue returns them; maps are not loaded
	owner    int64          // data only
	group    perms.Group    // data only
	creation int64          // data only
	update   int64          // data only
	version  *int64
}

// Ref names the object: Project:5.
func (o *Object) Ref() model.Ref { return model.Ref{Type: o.typ, ID: o.id} }

// Type is the object's type.
func (o *Object) Type() *model.Type { return o.typ }

// rule is what perms needs to know about the object.
func (o *Object) rule() perms.Object {
	return perms.Object{Class: o.typ.Class, ID: o.id, Kind: o.typ.ObjectKind, OwnerID: o.owner, Group: o.group}
}

func quote(column string) string { return `"` + column + `"` }

// scalarFields lists the fields stored in the type's own table.
func scalarFields(t *model.Type) []*model.Field {
	var out []*model.Field
	for i := range t.Fields {
		if t.Fields[i].Kind != model.KindMap {
			out = append(out, &t.Fields[i])
		}
	}
	return out
}

// whereID selects one row of the type: annotations also by discriminator, so that
// TagAnnotation:5 is not found when 5 is a comment.
func whereID(t *model.Type, id int64) (string, []any) {
	if t.Discriminator != "" {
		return ` WHERE id = ? AND discriminator = ?`, []any{id, t.Discriminator}
	}
	return ` WHERE id = ?`, []any{id}
}

func noObject(r model.Ref) error { return fault.New(fault.NotFound, "No object found: %s", r) }

// Object loads the object ref names (obj's OBJ argument). An object that does not
// exist, or that the caller may not read, is "not found" (R-PERM-READ-1).
func (t *Tx) Object(ref model.Ref) (*Object, error) {
	typ := ref.Type
	if typ.Abstract {
		return nil, noObject(ref)
	}
	fields := scalarFields(typ)
	cols := make([]string, 0, len(fields)+5)
	for _, f := range fields {
		cols = append(cols, quote(f.Column))
	}
	cols = append(cols, "version")
	if !typ.System {
		cols = append(cols, "owner_id", "group_id", "creation_id", "update_id")
	}
	where, args := whereID(typ, ref.ID)
	raw := make([]any, len(fields))
	dest := make([]any, 0, len(cols))
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	o := &Object{typ: typ, id: ref.ID, values: map[string]any{}}
	var groupID int64
	dest = append(dest, &o.version)
	if !typ.System {
		dest = append(dest, &o.owner, &groupID, &o.creation, &o.update)
	}
	err := t.queryRow(`SELECT `+strings.Join(cols, ", ")+` FROM `+typ.Table+where, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, noObject(ref)
	}
	if err != nil {
		return nil, err
	}
	for i, f := range fields {
		o.values[f.Name] = loadedValue(f, raw[i])
	}
	if !typ.System {
		if o.group, err = t.groupRef(groupID); err != nil {
			return nil, err
		}
		if !perms.CanRead(t.Caller, o.rule()) {
			return nil, noObject(ref)
		}
	}
	return o, nil
}

// loadMap reads the entries of a map field in order.
func (t *Tx) loadMap(o *Object, f *model.Field) ([]NamedValue, error) {
	var out []NamedValue
	err := t.each(`SELECT name, value FROM `+f.Column+` WHERE `+o.typ.OwnerColumn()+` = ? ORDER BY idx`, []any{o.id}, func(rows *sql.Rows) error {
		var nv NamedValue
		if err := rows.Scan(&nv.Name, &nv.Value); err != nil {
			return err
		}
		out = append(out, nv)
		return nil
	})
	return out, err
}

// refTo names the object a reference field points at. A reference to a supertype (a
// link's child Annotation) is named by the row's concrete type.
func (t *Tx) refTo(f *model.Field, id int64) (model.Ref, error) {
	if !f.Target.Abstract {
		return model.Ref{Type: f.Target, ID: id}, nil
	}
	var disc string
	if err := t.queryRow(`SELECT discriminator FROM `+f.Target.Table+` WHERE id = ?`, id).Scan(&disc); err != nil {
		return model.Ref{}, err
	}
	if typ, ok := model.ByDiscriminator(disc); ok && typ.Is(f.Target) {
		return model.Ref{Type: typ, ID: id}, nil
	}
	return model.Ref{}, fault.New(fault.Failed, "%s:%d has an unknown discriminator %q", f.Target.Name, id, disc)
}
