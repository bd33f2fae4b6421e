package db

import (
	"github.com/omero-go/omero/db/model"
	"math"
	"strconv"
	"strings"
)

// Reading and printing field values the way obj does (omero-cli.md 6.2 and 6.5, with
// the strict booleans of DESIGN 5.4).

// Proxy names one object as obj prints it: Project:5.
type Proxy struct {
	Type *Type
	ID   int64
}

func (p Proxy) String() string { return p.Type.Name + ":" + strconv.FormatInt(p.ID, 10) }

// NamedValue is one entry of a map field.
type NamedValue struct{ Name, Value string }

// Setting is one field=value argument of obj new or update, the value as typed.
type Setting struct{ Field, Value string }

// className is how OMERO names a class it cannot find: with the I of its Python
// classes.
func className(name string) string {
	if strings.HasSuffix(name, "I") {
		return name
	}
	return name + "I"
}

// parseSpec reads obj's OBJ argument, Type or Type:id. As in OMERO an id that is not
// a number counts as no id.
func parseSpec(spec string) (typ *Type, id int64, hasID bool, err error) {
	name, rest, _ := strings.Cut(spec, ":")
	typ, ok := LookupType(name)
	if !ok {
		return nil, 0, false, invalid("No class named '%s'", className(name))
	}
	idText, _, _ := strings.Cut(rest, ":")
	if n, err := strconv.ParseInt(idText, 10, 64); err == nil {
		return typ, n, true, nil
	}
	return typ, 0, false, nil
}

// parseProxy reads a reference value, Type:id.
func parseProxy(s string) (*Type, int64, error) {
	bad := invalid("Invalid proxy string: %s. Correct format is Class:ID", s)
	name, idText, ok := strings.Cut(s, ":")
	if !ok {
		return nil, 0, bad
	}
	typ, found := LookupType(name)
	id, err := strconv.ParseInt(idText, 10, 64)
	if !found || err != nil {
		return nil, 0, bad
	}
	return typ, id, nil
}

// parseScalar converts the text of a field=value argument to what is stored.
// References are resolved by the caller, which needs the database.
func parseScalar(f *Field, s string) (any, error) {
	switch f.Kind {
	case model.KindText:
		return s, nil
	case model.KindLong, model.KindTimestamp:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, invalid("invalid int value for %s: '%s'", f.Name, s)
		}
		return n, nil
	case model.KindDouble:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(x) {
			return nil, invalid("invalid float value for %s: '%s'", f.Name, s)
		}
		return x, nil
	case model.KindBool:
		switch strings.ToLower(s) {
		case "true", "yes", "t", "1":
			return true, nil
		case "false", "no", "f", "0":
			return false, nil
		}
		return nil, invalid("invalid boolean value for %s: '%s' (use true or false)", f.Name, s)
	}
	panic("parseScalar: kind " + strconv.Itoa(int(f.Kind)))
}

// formatScalar prints a stored value as obj get does: empty for NULL, Python's
// str() for numbers and booleans, epoch milliseconds for times.
func formatScalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return pyFloat(x)
	case bool:
		if x {
			return "True"
		}
		return "False"
	}
	panic("formatScalar: unexpected value")
}

// pyFloat writes x as Python's repr does: the shortest digits that read back as x,
// in fixed notation between 1e-4 and 1e16 (always with a decimal point), else in
// exponent notation with at least two exponent digits.
func pyFloat(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	if a := math.Abs(x); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(x, 'e', -1, 64)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// formatMap prints a map as (k,v),(k2,v2), empty when there are no entries.
func formatMap(m []NamedValue) string {
	parts := make([]string, len(m))
	for i, nv := range m {
		parts[i] = formatPair(nv)
	}
	return strings.Join(parts, ",")
}

func formatPair(nv NamedValue) string { return "(" + nv.Name + "," + nv.Value + ")" }

// storeValue turns a parsed value into what the column holds: booleans as 0/1.
func storeValue(v any) any {
	if b, ok := v.(bool); ok {
		if b {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// loadedValue turns a column value back into the field's kind.
func loadedValue(f *Field, v any) any {
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	if f.Kind == model.KindBool {
		if n, ok := v.(int64); ok {
			return n != 0
		}
	}
	if f.Kind == model.KindDouble {
		if n, ok := v.(int64); ok {
			return float64(n)
		}
	}
	return v
}
