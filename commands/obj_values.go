package commands

import (
	"math"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms/fault"
)

// Reading what users type to obj (as OMERO's obj reads it, with the strict booleans
// of README, Differences 4): object arguments Type:id, references, and field values. db takes
// the typed values these give.

// objInput is bad obj input: status 2, the message alone on one line.
func objInput(format string, args ...any) error { return fault.New(fault.Usage, format, args...) }

// className is how OMERO names a class it cannot find: with the I of its Python
// classes.
func className(name string) string {
	if strings.HasSuffix(name, "I") {
		return name
	}
	return name + "I"
}

// parseObjType reads a type name as obj takes it (a trailing I accepted).
func parseObjType(name string) (*model.Type, error) {
	typ, ok := model.Lookup(name)
	if !ok {
		return nil, objInput("No class named '%s'", className(name))
	}
	return typ, nil
}

// parseObjArg reads obj's OBJ argument, Type or Type:id. As in OMERO an id that is
// not a number counts as no id.
func parseObjArg(spec string) (typ *model.Type, id int64, hasID bool, err error) {
	name, rest, _ := strings.Cut(spec, ":")
	if typ, err = parseObjType(name); err != nil {
		return nil, 0, false, err
	}
	idText, _, _ := strings.Cut(rest, ":")
	if n, err := strconv.ParseInt(idText, 10, 64); err == nil {
		return typ, n, true, nil
	}
	return typ, 0, false, nil
}

// parseObjRef reads an OBJ argument that must name one object: Type:id.
func parseObjRef(spec string) (model.Ref, error) {
	typ, id, hasID, err := parseObjArg(spec)
	if err != nil {
		return model.Ref{}, err
	}
	if !hasID {
		return model.Ref{}, objInput("No id given for %s. Use e.g. '%s:123'", typ.Name, typ.Name)
	}
	return model.Ref{Type: typ, ID: id}, nil
}

// parseRefValue reads a reference value, Type:id.
func parseRefValue(s string) (model.Ref, error) {
	bad := objInput("Invalid proxy string: %s. Correct format is Class:ID", s)
	name, idText, ok := strings.Cut(s, ":")
	if !ok {
		return model.Ref{}, bad
	}
	typ, found := model.Lookup(name)
	id, err := strconv.ParseInt(idText, 10, 64)
	if !found || err != nil {
		return model.Ref{}, bad
	}
	return model.Ref{Type: typ, ID: id}, nil
}

// parseScalar converts the text of a field=value argument to the value db stores
// for a field of kind text, int, long, timestamp, double or boolean.
func parseScalar(f *model.Field, s string) (any, error) {
	switch f.Kind {
	case model.KindLong, model.KindTimestamp:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, objInput("invalid int value for %s: '%s'", f.Name, s)
		}
		return n, nil
	case model.KindDouble:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(x) {
			return nil, objInput("invalid float value for %s: '%s'", f.Name, s)
		}
		return x, nil
	case model.KindBool:
		switch strings.ToLower(s) {
		case "true", "yes", "t", "1":
			return true, nil
		case "false", "no", "f", "0":
			return false, nil
		}
		return nil, objInput("invalid boolean value for %s: '%s' (use true or false)", f.Name, s)
	}
	return s, nil
}

// fieldArg is one field=value argument, the value as typed (after @= references).
type fieldArg struct{ Field, Value string }

// parseSettings reads field=value arguments for typ into what db writes, checking
// each in turn as OMERO does: the field exists and obj may set it, then the value
// parses (a reference to an object of the field's type). A field given twice keeps
// the last value.
func parseSettings(typ *model.Type, args []fieldArg) ([]db.Setting, error) {
	var out []db.Setting
	index := map[string]int{}
	for _, a := range args {
		f, ok := typ.Field(a.Field)
		if !ok {
			return nil, objInput("Unknown field '%s' for %s", a.Field, typ.Name)
		}
		if err := db.CheckWritable(typ, f); err != nil {
			return nil, err
		}
		var v any
		if f.Kind == model.KindRef {
			r, err := parseRefValue(a.Value)
			if err != nil {
				return nil, err
			}
			if err := db.CheckReference(typ, f, r, a.Value); err != nil {
				return nil, err
			}
			v = r
		} else {
			var err error
			if v, err = parseScalar(f, a.Value); err != nil {
				return nil, err
			}
		}
		s := db.Setting{Field: f, Value: v}
		if i, seen := index[f.Name]; seen {
			out[i] = s
		} else {
			index[f.Name] = len(out)
			out = append(out, s)
		}
	}
	return out, nil
}

// objField finds a field of the loaded object o by name.
func objField(o *db.Object, name string) (*model.Field, error) {
	f, ok := o.Type().Field(name)
	if !ok {
		return nil, objInput("Unknown field '%s' for %s", name, o.Ref())
	}
	return f, nil
}
