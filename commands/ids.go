package commands

import (
	"slices"
	"strconv"
	"strings"
)

// compressIDs writes ids as OMERO's graph commands do (reference section 7.4):
// sorted, each run of three or more consecutive ids as "a-b", shorter runs listed
// ("51-54,56", "1,2").
func compressIDs(ids []int64) string {
	s := slices.Clone(ids)
	slices.Sort(s)
	s = slices.Compact(s)
	var parts []string
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] == s[j]+1 {
			j++
		}
		if j-i >= 2 {
			parts = append(parts, strconv.FormatInt(s[i], 10)+"-"+strconv.FormatInt(s[j], 10))
		} else {
			for k := i; k <= j; k++ {
				parts = append(parts, strconv.FormatInt(s[k], 10))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}
