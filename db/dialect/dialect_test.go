package dialect

import (
	"reflect"
	"testing"
)

func TestArgsBindBoolsAsIntegers(t *testing.T) {
	in := []any{int64(5), true, "x", false, nil}
	got := Args(in)
	if want := []any{int64(5), int64(1), "x", int64(0), nil}; !reflect.DeepEqual(got, want) {
		t.Errorf("Args = %#v, want %#v", got, want)
	}
	if in[1] != true {
		t.Error("Args changed its caller's slice")
	}
	plain := []any{int64(1), "a"}
	if got := Args(plain); &got[0] != &plain[0] {
		t.Error("Args copied a slice with no bool in it")
	}
	if Args(nil) != nil {
		t.Error("Args(nil) is not nil")
	}
}

func TestEscapeLike(t *testing.T) {
	if got := EscapeLike(`50%_off\now`); got != `50\%\_off\\now` {
		t.Errorf("EscapeLike = %q", got)
	}
}
