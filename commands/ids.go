package commands

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
)

// compressIDs writes ids as OMERO's graph commands do:
// sorted, each run of three or more consecutive ids as "a-b", shorter runs listed
// ("51-54,56", "1,2").
func compressIDs(ids []int64) string { return compressTarget(ids, nil) }

// compressTarget writes single ids and ranges together as compressIDs writes the ids
// they stand for, without counting the ranges out.
func compressTarget(ids []int64, ranges []db.IDRange) string {
	var parts []string
	for _, r := range mergeRanges(ids, ranges) {
		if r.Hi-r.Lo >= 2 {
			parts = append(parts, strconv.FormatInt(r.Lo, 10)+"-"+strconv.FormatInt(r.Hi, 10))
			continue
		}
		for id := r.Lo; ; id++ {
			parts = append(parts, strconv.FormatInt(id, 10))
			if id == r.Hi {
				break
			}
		}
	}
	return strings.Join(parts, ",")
}

// mergeRanges turns ids and ranges into sorted, disjoint, non-adjacent ranges.
func mergeRanges(ids []int64, ranges []db.IDRange) []db.IDRange {
	all := slices.Clone(ranges)
	for _, id := range ids {
		all = append(all, db.IDRange{Lo: id, Hi: id})
	}
	slices.SortFunc(all, func(a, b db.IDRange) int {
		return cmp.Or(cmp.Compare(a.Lo, b.Lo), cmp.Compare(a.Hi, b.Hi))
	})
	var out []db.IDRange
	for _, r := range all {
		if k := len(out) - 1; k >= 0 && (out[k].Hi == math.MaxInt64 || r.Lo <= out[k].Hi+1) {
			out[k].Hi = max(out[k].Hi, r.Hi)
			continue
		}
		out = append(out, r)
	}
	return out
}
