package db

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db/model"
)

// Storing and printing field values the way obj does (as OMERO's obj does).
// commands reads the values users type (obj_values.go there) and gives db typed
// values; db prints what it stores.

// NamedValue is one entry of a map field.
type NamedValue struct{ Name, Value string }

// FormatValue prints a stored value as obj get does: empty for NULL, Python's str()
// for numbers and booleans, epoch milliseconds for times. What it prints, commands
// reads back as the same value.
func FormatValue(v any) string {
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
	return fmt.Sprint(v)
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

// storeValue turns a change's value into what the column holds: booleans as 0/1,
// references as the id they point at.
func storeValue(v any) any {
	switch x := v.(type) {
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case model.Ref:
		return x.ID
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
