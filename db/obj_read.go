package db

import (
	"sort"
	"strconv"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// The reading verbs of obj: get, map-get and list-get.

// FieldValue is one line of obj get without a field: name=value.
type FieldValue struct{ Name, Value string }

// detailNames are the details obj get prints besides the fields (README, Differences 13).
var detailNames = []string{"details.creationEvent", "details.group", "details.owner", "details.permissions", "details.updateEvent"}

// GetField prints one property of o (obj get OBJ FIELD): a field, id, version or
// one of the details obj get lists.
func (t *Tx) GetField(o *Object, name string) (string, error) {
	v, ok, err := t.fieldString(o, name)
	if err == nil && !ok {
		err = invalidInput("Unknown field '%s' for %s", name, o.Ref())
	}
	return v, err
}

// GetFields prints every field of o, sorted by name, with id, version and its
// details (obj get OBJ).
func (t *Tx) GetFields(o *Object) ([]FieldValue, error) {
	names := []string{"id", "version"}
	for _, f := range o.typ.Fields {
		names = append(names, f.Name)
	}
	switch {
	case !o.typ.System:
		names = append(names, detailNames...)
	case o.typ.ObjectKind == perms.GroupObject:
		names = append(names, "details.permissions")
	}
	sort.Strings(names)
	out := make([]FieldValue, 0, len(names))
	for _, n := range names {
		v, _, err := t.fieldString(o, n)
		if err != nil {
			return nil, err
		}
		out = append(out, FieldValue{n, v})
	}
	return out, nil
}

// fieldString prints one field, id, version or detail of o; ok is false for a name
// the type does not have.
func (t *Tx) fieldString(o *Object, name string) (string, bool, error) {
	if v, ok, err := t.detailString(o, name); ok || err != nil {
		return v, ok, err
	}
	f, ok := o.typ.Field(name)
	if !ok {
		return "", false, nil
	}
	switch f.Kind {
	case model.KindMap:
		m, err := t.loadMap(o, f)
		return formatMap(m), true, err
	case model.KindRef:
		id, set := o.values[f.Name].(int64)
		if !set {
			return "", true, nil
		}
		r, err := t.refTo(f, id)
		return r.String(), true, err
	}
	return FormatValue(o.values[f.Name]), true, nil
}

// detailString prints id, version and the details of o.
func (t *Tx) detailString(o *Object, name string) (string, bool, error) {
	event := func(id int64) string { return "Event:" + strconv.FormatInt(id, 10) }
	data := !o.typ.System
	switch name {
	case "id":
		return strconv.FormatInt(o.id, 10), true, nil
	case "version":
		if o.version == nil {
			return "", true, nil
		}
		return strconv.FormatInt(*o.version, 10), true, nil
	case "details.owner":
		return ifData(data, "Experimenter:"+strconv.FormatInt(o.owner, 10)), true, nil
	case "details.group":
		return ifData(data, "ExperimenterGroup:"+strconv.FormatInt(o.group.ID, 10)), true, nil
	case "details.creationEvent":
		return ifData(data, event(o.creation)), true, nil
	case "details.updateEvent":
		return ifData(data, event(o.update)), true, nil
	case "details.permissions":
		switch {
		case data:
			return o.group.Permissions.String(), true, nil
		case o.typ.ObjectKind == perms.GroupObject:
			g, err := t.groupRef(o.id)
			return g.Permissions.String(), true, err
		}
		return "", true, nil
	}
	return "", false, nil
}

func ifData(data bool, s string) string {
	if data {
		return s
	}
	return ""
}

// MapGet returns the value of the last entry with key in the map field f of o, or
// None (obj map-get).
func (t *Tx) MapGet(o *Object, f *model.Field, key string) (string, error) {
	if err := checkMapField(o, f); err != nil {
		return "", err
	}
	m, err := t.loadMap(o, f)
	if err != nil {
		return "", err
	}
	value := "None"
	for _, nv := range m {
		if nv.Name == key {
			value = nv.Value
		}
	}
	return value, nil
}

// ListGet returns entry i of the list field f of o as (k,v); negative indexes count
// from the end, and an empty map prints as an empty line (obj list-get).
func (t *Tx) ListGet(o *Object, f *model.Field, i int) (string, error) {
	if f.Owner != o.typ {
		return "", invalidInput("Unknown field '%s' for %s", f.Name, o.Ref())
	}
	if f.Kind != model.KindMap {
		if o.values[f.Name] == nil {
			return "", nil
		}
		return "", invalidInput("Field '%s' for %s is not a list", f.Name, o.Ref())
	}
	m, err := t.loadMap(o, f)
	if err != nil || len(m) == 0 {
		return "", err
	}
	j := i
	if j < 0 {
		j += len(m)
	}
	if j < 0 || j >= len(m) {
		return "", invalidInput("Error: field '%s[%d]' for %s, ('list index out of range',)", f.Name, i, o.Ref())
	}
	return formatPair(m[j]), nil
}
