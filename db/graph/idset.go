package graph

import (
	"math"
	"slices"
	"sort"
)

// IDSet is a set of ids as sorted, disjoint ranges of consecutive ids. Rows made
// together have neighbouring ids, so the images of a project are usually a few
// ranges however many there are: the planner keeps and passes its id sets this way,
// and the database walks a range in one go.
type IDSet []IDRange

// SetOf is the set of ids, given in any order, repeats allowed.
func SetOf(ids ...int64) IDSet {
	s := slices.Clone(ids)
	slices.Sort(s)
	var b setBuilder
	for _, id := range s {
		b.add(id)
	}
	return b.set
}

// Len is how many ids the set holds (at most math.MaxInt).
func (s IDSet) Len() int {
	n := uint64(0)
	for _, r := range s {
		n += uint64(r.Hi-r.Lo) + 1 // Lo <= Hi: no overflow before the +1
		if n > math.MaxInt {
			return math.MaxInt
		}
	}
	return int(n)
}

// Contains reports whether id is in the set.
func (s IDSet) Contains(id int64) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].Hi >= id })
	return i < len(s) && s[i].Lo <= id
}

// Each calls fn with every id, in order.
func (s IDSet) Each(fn func(int64)) {
	for _, r := range s {
		for id := r.Lo; ; id++ {
			fn(id)
			if id == r.Hi {
				break // not id <= Hi: Hi may be the largest int64
			}
		}
	}
}

// IDs lists the ids, in order.
func (s IDSet) IDs() []int64 {
	out := make([]int64, 0, s.Len())
	s.Each(func(id int64) { out = append(out, id) })
	return out
}

// Minus is the ids of s that are not in t.
func (s IDSet) Minus(t IDSet) IDSet {
	var out IDSet
	j := 0
	for _, r := range s {
		lo, rest := r.Lo, true // rest: [lo, r.Hi] is still to be placed
		for j < len(t) && t[j].Hi < lo {
			j++
		}
		for k := j; k < len(t) && t[k].Lo <= r.Hi; k++ {
			if t[k].Lo > lo {
				out = append(out, IDRange{lo, t[k].Lo - 1})
			}
			if t[k].Hi >= r.Hi {
				rest = false
				break
			}
			lo = max(lo, t[k].Hi+1)
		}
		if rest {
			out = append(out, IDRange{lo, r.Hi})
		}
	}
	return out
}

// Union is the ids in s or t.
func (s IDSet) Union(t IDSet) IDSet {
	var b setBuilder
	i, j := 0, 0
	for i < len(s) || j < len(t) {
		var r IDRange
		if j == len(t) || i < len(s) && s[i].Lo <= t[j].Lo {
			r, i = s[i], i+1
		} else {
			r, j = t[j], j+1
		}
		b.addRange(r)
	}
	return b.set
}

// setBuilder makes an IDSet of ids given in ascending order.
type setBuilder struct{ set IDSet }

func (b *setBuilder) add(id int64) { b.addRange(IDRange{id, id}) }

// addRange adds r, whose low end is not below any added before.
func (b *setBuilder) addRange(r IDRange) {
	if n := len(b.set); n > 0 && (b.set[n-1].Hi == math.MaxInt64 || r.Lo <= b.set[n-1].Hi+1) {
		b.set[n-1].Hi = max(b.set[n-1].Hi, r.Hi)
		return
	}
	b.set = append(b.set, r)
}
