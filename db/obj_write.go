package db

import (
	"github.com/omero-go/omero/db/model"
	"strings"

	"github.com/omero-go/omero/perms"
)

// The writing verbs of obj: new, update, null and map-set. Each loads, asks perms,
// and writes in the caller's transaction.

// change is one field to write: its new value as stored (a reference holds the id).
type change struct {
	field   *Field
	value   any
	refType *Type // references: the type the argument named
}

// parseChanges reads field=value arguments for typ; a field given twice keeps the
// last value. References are parsed but not yet loaded.
func parseChanges(typ *Type, sets []Setting) ([]change, error) {
	var out []change
	index := map[string]int{}
	for _, s := range sets {
		f, ok := typ.Field(s.Field)
		if !ok {
			return nil, invalid("Unknown field '%s' for %s", s.Field, typ.Name)
		}
		if f.Fixed != "" {
			return nil, invalid("%s.%s cannot be set with obj: %s", typ.Name, f.Name, f.Fixed)
		}
		c := change{field: f}
		switch f.Kind {
		case model.KindMap:
			return nil, invalid("%s.%s is a map: set its entries with obj map-set", typ.Name, f.Name)
		case model.KindRef:
			rt, id, err := parseProxy(s.Value)
			if err != nil {
				return nil, err
			}
			if !rt.Is(f.Target) {
				return nil, invalid("%s.%s must be a %s, not %s", typ.Name, f.Name, f.Target.Name, s.Value)
			}
			c.value, c.refType = id, rt
		default:
			v, err := parseScalar(f, s.Value)
			if err != nil {
				return nil, err
			}
			c.value = v
		}
		if i, seen := index[f.Name]; seen {
			out[i] = c
		} else {
			index[f.Name] = len(out)
			out = append(out, c)
		}
	}
	return out, nil
}

// missingRequired lists, in model order, the required fields not among changes.
func missingRequired(typ *Type, changes []change) []string {
	var out []string
	for _, f := range typ.Fields {
		if !f.Required || f.Fixed != "" {
			continue
		}
		given := false
		for _, c := range changes {
			given = given || c.field.Name == f.Name
		}
		if !given {
			out = append(out, f.Name)
		}
	}
	return out
}

// checkRefs loads every object the changes point at and asks perms, with check,
// whether from may reference it: perms.CheckReference for a new object,
// perms.CheckRelink for one already saved.
func (t *Tx) checkRefs(from perms.Object, changes []change, check func(perms.Context, perms.Object, perms.Object) error) error {
	for _, c := range changes {
		if c.refType == nil {
			continue
		}
		target, err := t.loadObject(c.refType, c.value.(int64))
		if err != nil {
			return err
		}
		if err := check(t.Caller, from, target.rule()); err != nil {
			return err
		}
	}
	return nil
}

// NewObject creates an object of the type spec names (obj new), owned by the caller
// in the session's group.
func (t *Tx) NewObject(spec string, sets []Setting) (_ Proxy, err error) {
	typ, _, hasID, err := parseSpec(spec)
	if err != nil {
		return Proxy{}, err
	}
	if hasID {
		return Proxy{}, invalid("obj new takes a type such as %s, not an object: %s", typ.Name, spec)
	}
	if typ.NoCreate != "" {
		return Proxy{}, invalid("%s cannot be created with obj new; %s", typ.Name, typ.NoCreate)
	}
	changes, err := parseChanges(typ, sets)
	if err != nil {
		return Proxy{}, err
	}
	if missing := missingRequired(typ, changes); len(missing) > 0 {
		return Proxy{}, invalid("required arguments: %s", strings.Join(missing, ", "))
	}
	defer failedTo("create", typ.Name, &err)
	group, err := t.groupRef(t.Caller.GroupID)
	if err != nil {
		return Proxy{}, err
	}
	o := &object{typ: typ, owner: t.Caller.UserID, group: group, values: map[string]any{}}
	if err := perms.CheckCreate(t.Caller, o.rule()); err != nil {
		return Proxy{}, err
	}
	if err := t.checkRefs(o.rule(), changes, perms.CheckReference); err != nil {
		return Proxy{}, err
	}
	apply(o, changes)
	if err := t.checkIntegrity(o, changes); err != nil {
		return Proxy{}, err
	}
	if err := t.insertObject(o, changes); err != nil {
		return Proxy{}, err
	}
	return o.proxy(), t.Log(typ.Name, o.id, "INSERT")
}

func apply(o *object, changes []change) {
	for _, c := range changes {
		o.values[c.field.Name] = c.value
	}
}

func (t *Tx) insertObject(o *object, changes []change) error {
	ev, err := t.Event()
	if err != nil {
		return err
	}
	var cols []string
	var args []any
	if o.typ.Discriminator != "" {
		cols, args = append(cols, "discriminator"), append(args, o.typ.Discriminator)
	}
	for _, c := range changes {
		cols, args = append(cols, quote(c.field.Column)), append(args, storeValue(c.value))
	}
	cols = append(cols, "owner_id", "group_id", "creation_id", "update_id")
	args = append(args, o.owner, o.group.ID, ev, ev)
	r, err := t.exec(`INSERT INTO `+o.typ.Table+` (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`, args...)
	if err != nil {
		return t.writeError(o, err)
	}
	o.id, err = r.LastInsertId()
	return err
}

// UpdateObject sets fields of the object spec names (obj update).
func (t *Tx) UpdateObject(spec string, sets []Setting) (_ Proxy, err error) {
	o, err := t.loadSpec(spec)
	if err != nil {
		return Proxy{}, err
	}
	changes, err := parseChanges(o.typ, sets)
	if err != nil {
		return Proxy{}, err
	}
	defer failedTo("update", o.proxy().String(), &err)
	return o.proxy(), t.update(o, changes)
}

// update asks perms and writes changes to the loaded object o.
func (t *Tx) update(o *object, changes []change) error {
	if err := perms.CheckUpdate(t.Caller, o.rule()); err != nil {
		return err
	}
	if err := t.checkAccount(o); err != nil {
		return err
	}
	if err := t.checkRefs(o.rule(), changes, perms.CheckRelink); err != nil {
		return err
	}
	if err := t.checkSystemFields(o, changes); err != nil {
		return err
	}
	apply(o, changes)
	if err := t.checkIntegrity(o, changes); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	var sets []string
	var args []any
	for _, c := range changes {
		sets, args = append(sets, quote(c.field.Column)+" = ?"), append(args, storeValue(c.value))
	}
	if !o.typ.System {
		ev, err := t.Event()
		if err != nil {
			return err
		}
		sets, args = append(sets, "update_id = ?"), append(args, ev)
	}
	if _, err := t.exec(`UPDATE `+o.typ.Table+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, o.id)...); err != nil {
		return t.writeError(o, err)
	}
	return t.Log(o.typ.Name, o.id, "UPDATE")
}

// NullField sets one field of the object spec names to null (obj null); a map
// field loses all its entries.
func (t *Tx) NullField(spec, name string) (_ Proxy, err error) {
	o, err := t.loadSpec(spec)
	if err != nil {
		return Proxy{}, err
	}
	f, ok := o.typ.Field(name)
	switch {
	case !ok:
		return Proxy{}, invalid("Unknown field '%s' for %s", name, o.proxy())
	case f.Fixed != "":
		return Proxy{}, invalid("%s.%s cannot be set with obj: %s", o.typ.Name, f.Name, f.Fixed)
	}
	defer failedTo("update", o.proxy().String(), &err)
	switch {
	case f.Required:
		return Proxy{}, invalid("%s.%s is required and cannot be null", o.typ.Name, f.Name)
	case f.Kind == model.KindMap:
		return o.proxy(), t.writeMap(o, f, nil)
	}
	return o.proxy(), t.update(o, []change{{field: f}})
}

// MapSet changes one key of a map field (obj map-set): with a value, the first
// entry with that key gets it, or a new entry is appended; without, every entry
// with that key goes.
func (t *Tx) MapSet(spec, name, key string, value *string) (_ Proxy, err error) {
	o, f, err := t.loadMapField(spec, name)
	if err != nil {
		return Proxy{}, err
	}
	cur, err := t.loadMap(o, f)
	if err != nil {
		return Proxy{}, err
	}
	defer failedTo("update", o.proxy().String(), &err)
	var next []NamedValue
	set := false
	for _, nv := range cur {
		switch {
		case nv.Name != key:
			next = append(next, nv)
		case value == nil:
		case !set:
			next, set = append(next, NamedValue{key, *value}), true
		default:
			next = append(next, nv)
		}
	}
	if value != nil && !set {
		next = append(next, NamedValue{key, *value})
	}
	return o.proxy(), t.writeMap(o, f, next)
}

// writeMap replaces the entries of a map field, after the same checks as update and,
// for a user's config, the privilege-elevation guard (R-PRIV-7).
func (t *Tx) writeMap(o *object, f *Field, entries []NamedValue) error {
	if err := perms.CheckUpdate(t.Caller, o.rule()); err != nil {
		return err
	}
	if o.typ.ObjectKind == perms.ExperimenterObject {
		target, err := t.principal(o.id)
		if err != nil {
			return err
		}
		after := make([]perms.ConfigEntry, len(entries))
		for i, nv := range entries {
			after[i] = perms.ConfigEntry{Name: nv.Name, Value: nv.Value}
		}
		if err := perms.CheckConfigChange(t.Caller, target, after); err != nil {
			return err
		}
	}
	owner := o.typ.OwnerColumn()
	if _, err := t.exec(`DELETE FROM `+f.Column+` WHERE `+owner+` = ?`, o.id); err != nil {
		return err
	}
	for i, nv := range entries {
		if _, err := t.exec(`INSERT INTO `+f.Column+` (`+owner+`, idx, name, value) VALUES (?, ?, ?, ?)`, o.id, i, nv.Name, nv.Value); err != nil {
			return t.writeError(o, err)
		}
	}
	return t.touch(o)
}

// touch records that o changed: its update event, and the audit log.
func (t *Tx) touch(o *object) error {
	if !o.typ.System {
		ev, err := t.Event()
		if err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE `+o.typ.Table+` SET update_id = ? WHERE id = ?`, ev, o.id); err != nil {
			return err
		}
	}
	return t.Log(o.typ.Name, o.id, "UPDATE")
}

// writeError words a constraint failure the checks before the write did not
// foresee; a trigger's message is kept. The caller's SaveError says what failed.
func (t *Tx) writeError(o *object, err error) error {
	if msg, ok := isTrigger(err); ok {
		return failed("%s", msg)
	}
	if isUnique(err) {
		return &ExistsError{Msg: "it would duplicate an existing " + o.typ.Name}
	}
	return err
}
