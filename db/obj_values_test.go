package db

import (
	"errors"
	"github.com/omero-go/omero/db/model"
	"math"
	"testing"
)

func TestPyFloat(t *testing.T) {
	for x, want := range map[float64]string{
		1.5: "1.5", 3: "3.0", 0: "0.0", -2: "-2.0", 1e20: "1e+20", 1e16: "1e+16", 1e15: "1000000000000000.0",
		0.0001: "0.0001", 0.00001: "1e-05", 1.0 / 3: "0.3333333333333333", math.Inf(1): "inf", math.Inf(-1): "-inf",
	} {
		if got := pyFloat(x); got != want {
			t.Errorf("pyFloat(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestParseScalar(t *testing.T) {
	b := &Field{Name: "archived", Kind: model.KindBool}
	for in, want := range map[string]bool{"true": true, "YES": true, "t": true, "1": true, "False": false, "no": false, "F": false, "0": false} {
		if v, err := parseScalar(b, in); err != nil || v != want {
			t.Errorf("bool %q = %v, %v", in, v, err)
		}
	}
	bad := []struct {
		f  *Field
		in string
	}{{b, ""}, {b, "on"}, {b, "truthy"}, {&Field{Name: "n", Kind: model.KindLong}, "1.5"}, {&Field{Name: "n", Kind: model.KindLong}, ""},
		{&Field{Name: "d", Kind: model.KindDouble}, "nan"}, {&Field{Name: "d", Kind: model.KindDouble}, "x"}}
	for _, c := range bad {
		var ie *InputError
		if _, err := parseScalar(c.f, c.in); !errors.As(err, &ie) {
			t.Errorf("%v %q: got %v, want an input error", c.f.Kind, c.in, err)
		}
	}
	if v, err := parseScalar(&Field{Name: "n", Kind: model.KindLong}, " +42 "); err != nil || v != int64(42) {
		t.Errorf("long: %v, %v", v, err)
	}
}

func TestParseSpecAndProxy(t *testing.T) {
	typ, id, hasID, err := parseSpec("ProjectI:7")
	if err != nil || typ.Name != "Project" || id != 7 || !hasID {
		t.Errorf("parseSpec(ProjectI:7) = %v %d %v %v", typ, id, hasID, err)
	}
	if _, _, hasID, _ := parseSpec("Project:abc"); hasID {
		t.Error("a non-numeric id counts as an id")
	}
	if _, _, _, err := parseSpec("Foo:1"); err == nil || err.Error() != "No class named 'FooI'" {
		t.Errorf("parseSpec(Foo:1) error = %v", err)
	}
	for _, bad := range []string{"17", "Project", "Project:", "Project:1:2", "Nope:1"} {
		if _, _, err := parseProxy(bad); err == nil || err.Error() != "Invalid proxy string: "+bad+". Correct format is Class:ID" {
			t.Errorf("parseProxy(%q) error = %v", bad, err)
		}
	}
}
