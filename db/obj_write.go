package db

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// The writing verbs of obj: new, update, null and map-set. Each takes typed values
// (commands reads what users type), checks them against the model, asks perms, and
// writes in the caller's transaction.

// Setting is one field to write and its new value, as obj stores it: a string, an
// int64 (ints, longs, timestamps), a float64, a bool, or for a reference the
// model.Ref it points at; nil writes null.
type Setting struct {
	Field *model.Field
	Value any
}

func invalidInput(format string, args ...any) error { return fault.New(fault.Usage, format, args...) }

// saveFailed words *err, if any, as OMERO's obj words a failed save (reference
// section 6.3-6.5): "Failed to create T - reason", "Failed to update T:id - reason".
// It is deferred once a save begins, so that the errors before it (an unknown
// object, field or value) keep their own words; the reason keeps its kind.
func saveFailed(verb, target string, err *error) {
	if *err != nil {
		*err = &fault.Error{Kind: fault.KindOf(*err), Msg: "Failed to " + verb + " " + target + " - " + (*err).Error(), Err: *err}
	}
}

// CheckCreatable refuses a type obj new does not create: users and groups, which
// have their own commands.
func CheckCreatable(typ *model.Type) error {
	switch {
	case typ.Abstract:
		return invalidInput("%s cannot be created with obj new; name one of its types", typ.Name)
	case typ.NoCreate != "":
		return invalidInput("%s cannot be created with obj new; %s", typ.Name, typ.NoCreate)
	}
	return nil
}

// CheckWritable refuses a field of typ that obj may not set with field=value: one
// that only the server sets, and a map, whose entries map-set sets.
func CheckWritable(typ *model.Type, f *model.Field) error {
	switch {
	case f.Owner != typ:
		return invalidInput("Unknown field '%s' for %s", f.Name, typ.Name)
	case f.Fixed != "":
		return invalidInput("%s.%s cannot be set with obj: %s", typ.Name, f.Name, f.Fixed)
	case f.Kind == model.KindMap:
		return invalidInput("%s.%s is a map: set its entries with obj map-set", typ.Name, f.Name)
	}
	return nil
}

// CheckReference refuses a reference to an object of a type the field does not
// take; written is the reference as the user wrote it.
func CheckReference(typ *model.Type, f *model.Field, to model.Ref, written string) error {
	if !to.Type.Is(f.Target) {
		return invalidInput("%s.%s must be a %s, not %s", typ.Name, f.Name, f.Target.Name, written)
	}
	return nil
}

// checkChanges applies CheckWritable and CheckReference to every change, and that
// its value is of the field's kind.
func checkChanges(typ *model.Type, changes []Setting) error {
	for _, c := range changes {
		if err := CheckWritable(typ, c.Field); err != nil {
			return err
		}
		ok := c.Value == nil
		switch v := c.Value.(type) {
		case string:
			ok = c.Field.Kind == model.KindText
		case int64:
			ok = c.Field.Kind == model.KindLong || c.Field.Kind == model.KindTimestamp
		case float64:
			ok = c.Field.Kind == model.KindDouble
		case bool:
			ok = c.Field.Kind == model.KindBool
		case model.Ref:
			if err := CheckReference(typ, c.Field, v, v.String()); err != nil {
				return err
			}
			ok = c.Field.Kind == model.KindRef
		}
		if !ok {
			return invalidInput("%s.%s cannot hold the value %v", typ.Name, c.Field.Name, c.Value)
		}
	}
	return nil
}

// missingRequired lists, in model order, the required fields not among changes.
func missingRequired(typ *model.Type, changes []Setting) []string {
	var out []string
	for _, f := range typ.Fields {
		if !f.Required || f.Fixed != "" {
			continue
		}
		given := slices.ContainsFunc(changes, func(c Setting) bool { return c.Field.Name == f.Name })
		if !given {
			out = append(out, f.Name)
		}
	}
	return out
}

// checkRefs loads every object the changes point at and asks perms, with check,
// whether from may reference it: perms.CheckReference for a new object,
// perms.CheckRelink for one already saved.
func (t *Tx) checkRefs(from perms.Object, changes []Setting, check func(perms.Caller, perms.Object, perms.Object) error) error {
	for _, c := range changes {
		ref, ok := c.Value.(model.Ref)
		if !ok {
			continue
		}
		target, err := t.Object(ref)
		if err != nil {
			return err
		}
		if err := check(t.Caller, from, target.rule()); err != nil {
			return err
		}
	}
	return nil
}

// NewObject creates an object of typ with the given fields (obj new), owned by the
// caller in the session's group.
func (t *Tx) NewObject(typ *model.Type, changes []Setting) (_ model.Ref, err error) {
	if err := CheckCreatable(typ); err != nil {
		return model.Ref{}, err
	}
	if err := checkChanges(typ, changes); err != nil {
		return model.Ref{}, err
	}
	if missing := missingRequired(typ, changes); len(missing) > 0 {
		return model.Ref{}, invalidInput("required arguments: %s", strings.Join(missing, ", "))
	}
	defer saveFailed("create", typ.Name, &err)
	group, err := t.groupRef(t.Caller.GroupID)
	if err != nil {
		return model.Ref{}, err
	}
	o := &Object{typ: typ, owner: t.Caller.UserID, group: group, values: map[string]any{}}
	if err := perms.CheckCreate(t.Caller, o.rule()); err != nil {
		return model.Ref{}, err
	}
	if err := t.checkRefs(o.rule(), changes, perms.CheckReference); err != nil {
		return model.Ref{}, err
	}
	apply(o, changes)
	if err := t.checkIntegrity(o, changes); err != nil {
		return model.Ref{}, err
	}
	if err := t.insertObject(o, changes); err != nil {
		return model.Ref{}, err
	}
	return o.Ref(), t.Log(typ.Name, o.id, "INSERT")
}

// apply sets the changes on the loaded object, references as the id they hold.
func apply(o *Object, changes []Setting) {
	for _, c := range changes {
		o.values[c.Field.Name] = storedRef(c.Value)
	}
}

// storedRef is a reference as the object's values hold it: its id.
func storedRef(v any) any {
	if r, ok := v.(model.Ref); ok {
		return r.ID
	}
	return v
}

func (t *Tx) insertObject(o *Object, changes []Setting) error {
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
		cols, args = append(cols, quote(c.Field.Column)), append(args, storeValue(c.Value))
	}
	cols = append(cols, "owner_id", "group_id", "creation_id", "update_id")
	args = append(args, o.owner, o.group.ID, ev, ev)
	err = t.queryRow(`INSERT INTO `+o.typ.Table+` (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`) RETURNING id`, args...).Scan(&o.id)
	if err != nil {
		return t.writeError(o, err)
	}
	return nil
}

// UpdateObject sets fields of o (obj update).
func (t *Tx) UpdateObject(o *Object, changes []Setting) (_ model.Ref, err error) {
	if err := checkChanges(o.typ, changes); err != nil {
		return model.Ref{}, err
	}
	defer saveFailed("update", o.Ref().String(), &err)
	return o.Ref(), t.update(o, slices.Clone(changes))
}

// update asks perms and writes changes to the loaded object o.
func (t *Tx) update(o *Object, changes []Setting) error {
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
		sets, args = append(sets, quote(c.Field.Column)+" = ?"), append(args, storeValue(c.Value))
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

// NullField sets field f of o to null (obj null); a map field loses all its
// entries.
func (t *Tx) NullField(o *Object, f *model.Field) (_ model.Ref, err error) {
	switch {
	case f.Owner != o.typ:
		return model.Ref{}, invalidInput("Unknown field '%s' for %s", f.Name, o.Ref())
	case f.Fixed != "":
		return model.Ref{}, invalidInput("%s.%s cannot be set with obj: %s", o.typ.Name, f.Name, f.Fixed)
	}
	defer saveFailed("update", o.Ref().String(), &err)
	switch {
	case f.Required:
		return model.Ref{}, invalidInput("%s.%s is required and cannot be null", o.typ.Name, f.Name)
	case f.Kind == model.KindMap:
		return o.Ref(), t.writeMap(o, f, nil)
	}
	return o.Ref(), t.update(o, []Setting{{Field: f}})
}

// checkMapField refuses a field of o that is not a map.
func checkMapField(o *Object, f *model.Field) error {
	switch {
	case f.Owner != o.typ:
		return invalidInput("Unknown field '%s' for %s", f.Name, o.Ref())
	case f.Kind != model.KindMap:
		return invalidInput("Field '%s' for %s is not a map", f.Name, o.Ref())
	}
	return nil
}

// MapSet changes one key of the map field f of o (obj map-set): with a value, the
// first entry with that key gets it, or a new entry is appended; without, every entry
// with that key goes.
func (t *Tx) MapSet(o *Object, f *model.Field, key string, value *string) (_ model.Ref, err error) {
	if err := checkMapField(o, f); err != nil {
		return model.Ref{}, err
	}
	cur, err := t.loadMap(o, f)
	if err != nil {
		return model.Ref{}, err
	}
	defer saveFailed("update", o.Ref().String(), &err)
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
	return o.Ref(), t.writeMap(o, f, next)
}

// writeMap replaces the entries of a map field, after the same checks as update and,
// for a user's config, the privilege-elevation guard (R-PRIV-7).
func (t *Tx) writeMap(o *Object, f *model.Field, entries []NamedValue) error {
	if err := perms.CheckUpdate(t.Caller, o.rule()); err != nil {
		return err
	}
	for _, nv := range entries {
		if !utf8.ValidString(nv.Name) || !utf8.ValidString(nv.Value) {
			return invalidInput("%s.%s is not valid UTF-8", o.typ.Name, f.Name)
		}
		if strings.IndexByte(nv.Name, 0) >= 0 || strings.IndexByte(nv.Value, 0) >= 0 {
			return invalidInput("%s.%s may not contain the NUL character (\\x00)", o.typ.Name, f.Name)
		}
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
		if err := t.watchPrivileges(o.id); err != nil {
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
func (t *Tx) touch(o *Object) error {
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
// foresee; a trigger's message is kept. saveFailed says what failed.
func (t *Tx) writeError(o *Object, err error) error {
	if msg, ok := dialect.TriggerMessage(err); ok {
		return fault.New(fault.Failed, "%s", msg)
	}
	if dialect.IsUnique(err) {
		return fault.New(fault.Exists, "it would duplicate an existing %s", o.typ.Name)
	}
	return err
}
