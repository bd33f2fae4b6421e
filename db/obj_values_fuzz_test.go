package db

import (
	"errors"
	"github.com/omero-go/omero/db/model"
	"testing"
)

// FuzzParseScalar: a field value either converts for its kind or is refused with an
// input error; what converts prints back to text that converts to the same value.
func FuzzParseScalar(f *testing.F) {
	for _, s := range []string{"5", " 5 ", "-0", "1e3", "nan", "inf", "1.5", "true", "No", "t", "", "9999999999999999999", "0x10"} {
		f.Add(s)
	}
	kinds := []*Field{
		{Name: "n", Kind: model.KindLong}, {Name: "x", Kind: model.KindDouble},
		{Name: "b", Kind: model.KindBool}, {Name: "t", Kind: model.KindTimestamp}, {Name: "s", Kind: model.KindText},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fld := range kinds {
			v, err := parseScalar(fld, s)
			if err != nil {
				var in *InputError
				if !errors.As(err, &in) {
					t.Fatalf("parseScalar(%v, %q): %v is not an input error", fld.Kind, s, err)
				}
				continue
			}
			back, err := parseScalar(fld, formatScalar(v))
			if err != nil || back != v {
				t.Fatalf("parseScalar(%v, %q) = %v, printed %q, read back %v, %v", fld.Kind, s, v, formatScalar(v), back, err)
			}
		}
	})
}
