package commands

import (
	"math"
	"testing"

	"github.com/omero-go/omero/db"
)

func TestCompressIDs(t *testing.T) {
	cases := []struct {
		in   []int64
		want string
	}{
		{[]int64{56, 51, 52, 53, 54}, "51-54,56"},
		{[]int64{1, 2}, "1,2"},
		{[]int64{1, 2, 3}, "1-3"},
		{[]int64{5}, "5"},
		{[]int64{3, 3, 1, 2, 9, 10, 20, 21, 22}, "1-3,9,10,20-22"},
		{nil, ""},
	}
	for _, c := range cases {
		if got := compressIDs(c.in); got != c.want {
			t.Errorf("compressIDs(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCompressTarget(t *testing.T) {
	const top = math.MaxInt64
	cases := []struct {
		ids    []int64
		ranges []db.IDRange
		want   string
	}{
		{nil, []db.IDRange{{Lo: 4, Hi: 5}}, "4,5"},
		{[]int64{9}, []db.IDRange{{Lo: 4, Hi: 5}, {Lo: 6, Hi: 8}}, "4-9"},
		{[]int64{2}, []db.IDRange{{Lo: 1, Hi: 3}}, "1-3"},
		{nil, []db.IDRange{{Lo: top - 1, Hi: top}, {Lo: 0, Hi: 0}}, "0,9223372036854775806,9223372036854775807"},
		{[]int64{top}, []db.IDRange{{Lo: 0, Hi: top}}, "0-9223372036854775807"},
		{[]int64{top}, nil, "9223372036854775807"},
	}
	for _, c := range cases {
		if got := compressTarget(c.ids, c.ranges); got != c.want {
			t.Errorf("compressTarget(%v, %v) = %q, want %q", c.ids, c.ranges, got, c.want)
		}
	}
}
