package commands

import (
	"testing"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms/fault"
)

func TestParseScalar(t *testing.T) {
	b := &model.Field{Name: "archived", Kind: model.KindBool}
	for in, want := range map[string]bool{"true": true, "YES": true, "t": true, "1": true, "False": false, "no": false, "F": false, "0": false} {
		if v, err := parseScalar(b, in); err != nil || v != want {
			t.Errorf("bool %q = %v, %v", in, v, err)
		}
	}
	bad := []struct {
		f  *model.Field
		in string
	}{{b, ""}, {b, "on"}, {b, "truthy"}, {&model.Field{Name: "n", Kind: model.KindLong}, "1.5"}, {&model.Field{Name: "n", Kind: model.KindLong}, ""},
		{&model.Field{Name: "d", Kind: model.KindDouble}, "nan"}, {&model.Field{Name: "d", Kind: model.KindDouble}, "x"}}
	for _, c := range bad {
		if _, err := parseScalar(c.f, c.in); fault.KindOf(err) != fault.Usage {
			t.Errorf("%v %q: got %v, want a usage error", c.f.Kind, c.in, err)
		}
	}
	if v, err := parseScalar(&model.Field{Name: "n", Kind: model.KindLong}, " +42 "); err != nil || v != int64(42) {
		t.Errorf("long: %v, %v", v, err)
	}
}

func TestParseObjArgAndRef(t *testing.T) {
	typ, id, hasID, err := parseObjArg("ProjectI:7")
	if err != nil || typ != model.Project || id != 7 || !hasID {
		t.Errorf("parseObjArg(ProjectI:7) = %v %d %v %v", typ, id, hasID, err)
	}
	if _, _, hasID, _ := parseObjArg("Project:abc"); hasID {
		t.Error("a non-numeric id counts as an id")
	}
	if _, _, _, err := parseObjArg("Foo:1"); err == nil || err.Error() != "No class named 'FooI'" {
		t.Errorf("parseObjArg(Foo:1) error = %v", err)
	}
	if _, _, _, err := parseObjArg("Annotation:1"); err == nil || err.Error() != "No class named 'AnnotationI'" {
		t.Errorf("obj takes an abstract type: %v", err)
	}
	for _, bad := range []string{"17", "Project", "Project:", "Project:1:2", "Nope:1"} {
		if _, err := parseRefValue(bad); err == nil || err.Error() != "Invalid proxy string: "+bad+". Correct format is Class:ID" {
			t.Errorf("parseRefValue(%q) error = %v", bad, err)
		}
	}
}

// FuzzParseScalar: a field value either converts for its kind or is refused with a
// usage error; what converts, printed as db prints it, reads back as the same value.
func FuzzParseScalar(f *testing.F) {
	for _, s := range []string{"5", " 5 ", "-0", "1e3", "nan", "inf", "1.5", "true", "No", "t", "", "9999999999999999999", "0x10"} {
		f.Add(s)
	}
	kinds := []*model.Field{
		{Name: "n", Kind: model.KindLong}, {Name: "x", Kind: model.KindDouble},
		{Name: "b", Kind: model.KindBool}, {Name: "t", Kind: model.KindTimestamp}, {Name: "s", Kind: model.KindText},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fld := range kinds {
			v, err := parseScalar(fld, s)
			if err != nil {
				if fault.KindOf(err) != fault.Usage {
					t.Fatalf("parseScalar(%v, %q): %v is not a usage error", fld.Kind, s, err)
				}
				continue
			}
			back, err := parseScalar(fld, db.FormatValue(v))
			if err != nil || back != v {
				t.Fatalf("parseScalar(%v, %q) = %v, printed %q, read back %v, %v", fld.Kind, s, v, db.FormatValue(v), back, err)
			}
		}
	})
}
