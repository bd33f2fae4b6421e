package graph

import (
	"math"
	"math/rand"
	"slices"
	"testing"
)

// IDSet's operations agree with the same operations on plain lists of ids.
func TestIDSetIsASetOfIDs(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	list := func() []int64 {
		var ids []int64
		for range rnd.Intn(40) {
			ids = append(ids, rnd.Int63n(60))
		}
		return ids
	}
	canon := func(ids []int64) []int64 {
		out := slices.Clone(ids)
		slices.Sort(out)
		return slices.Compact(out)
	}
	for range 2000 {
		a, b := list(), list()
		sa, sb := SetOf(a...), SetOf(b...)
		if got, want := sa.IDs(), canon(a); !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Fatalf("SetOf(%v).IDs() = %v", a, got)
		}
		if sa.Len() != len(canon(a)) {
			t.Fatalf("SetOf(%v).Len() = %d", a, sa.Len())
		}
		for id := int64(-1); id <= 61; id++ {
			if sa.Contains(id) != slices.Contains(a, id) {
				t.Fatalf("SetOf(%v).Contains(%d) = %v", a, id, sa.Contains(id))
			}
		}
		var minus []int64
		for _, id := range canon(a) {
			if !slices.Contains(b, id) {
				minus = append(minus, id)
			}
		}
		if got := sa.Minus(sb).IDs(); !slices.Equal(got, minus) && len(got)+len(minus) > 0 {
			t.Fatalf("%v minus %v = %v, want %v", sa, sb, got, minus)
		}
		union := canon(append(slices.Clone(a), b...))
		if got := sa.Union(sb); !slices.Equal(got.IDs(), union) && len(union) > 0 || !slices.Equal(got, SetOf(union...)) {
			t.Fatalf("%v union %v = %v, want %v", sa, sb, got, union)
		}
		for i := 1; i < len(sa); i++ {
			if sa[i].Lo <= sa[i-1].Hi+1 {
				t.Fatalf("SetOf(%v) = %v: ranges touch", a, sa)
			}
		}
	}
}

// The index finds every id it was given, in id order, dense or sparse.
func TestIDIndex(t *testing.T) {
	for _, step := range []int64{1, 3, 1000} {
		var x idIndex
		var ids []int64
		for i := int32(0); i < 10000; i++ {
			id := int64(10000-i) * step
			x.put(id, i)
			ids = append(ids, id)
		}
		for i, id := range ids {
			if got, ok := x.get(id); !ok || got != int32(i) {
				t.Fatalf("step %d: get(%d) = %d, %v", step, id, got, ok)
			}
		}
		if _, ok := x.get(step*10000 + 1); ok {
			t.Fatalf("step %d: found an id never put", step)
		}
		var seen []int64
		x.each(func(id int64, _ int32) { seen = append(seen, id) })
		slices.Sort(ids)
		if !slices.Equal(seen, ids) {
			t.Fatalf("step %d: each gave %d ids, not in order", step, len(seen))
		}
		if (x.flat != nil) != (step > 4) {
			t.Errorf("step %d: flat = %v", step, x.flat != nil)
		}
	}
}

// The largest ids are ids like any other: nothing wraps around.
func TestIDSetAtTheEdge(t *testing.T) {
	const top = math.MaxInt64
	s := SetOf(top, top-1, 5)
	if want := (IDSet{{5, 5}, {top - 1, top}}); !slices.Equal(s, want) {
		t.Fatalf("SetOf = %v, want %v", s, want)
	}
	if got := s.IDs(); !slices.Equal(got, []int64{5, top - 1, top}) {
		t.Errorf("IDs = %v", got)
	}
	if got := s.Minus(IDSet{{top, top}}); !slices.Equal(got, IDSet{{5, 5}, {top - 1, top - 1}}) {
		t.Errorf("Minus = %v", got)
	}
	if got := (IDSet{{0, top}}).Minus(IDSet{{10, top}}); !slices.Equal(got, IDSet{{0, 9}}) {
		t.Errorf("Minus = %v", got)
	}
	if got := (IDSet{{0, top}}).Len(); got != math.MaxInt {
		t.Errorf("Len = %d", got)
	}
}
