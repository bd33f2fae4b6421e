package commands

import "testing"

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
