package commands

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParseTarget: a target that parses names a type and ids; written back in the
// compressed form OMERO prints, it parses to the same set of ids.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"Image:1", "Image:51-54,56", "Project/Dataset/Image:53", "/Image:1", "Image:3-1",
		"Image:-3", "Im+age:1", "Image:", ":5", "Image:1,,2", "Experimenter:1,3,7", "Image:007",
		"Image:9223372036854775807", "Image:0-9223372036854775807,5", "Image:4-5,5-9,11"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, _, ok := parseTarget(s)
		if !ok {
			return
		}
		if tg.Name == "" || strings.ContainsAny(tg.Name, "+:") || len(tg.IDs)+len(tg.Ranges) == 0 {
			t.Fatalf("parseTarget(%q) = %+v", s, tg)
		}
		again, _, ok := parseTarget(tg.Name + ":" + compressTarget(tg.IDs, tg.Ranges))
		want := mergeRanges(tg.IDs, tg.Ranges)
		if got := mergeRanges(again.IDs, again.Ranges); !ok || !slices.Equal(got, want) {
			t.Fatalf("parseTarget(%q): %v does not round-trip (%v)", s, want, got)
		}
	})
}

// FuzzObjSettings: every field=value argument either parses into its field and
// value or is refused with a message; a plain value comes back unchanged.
func FuzzObjSettings(f *testing.F) {
	for _, s := range []string{"name=x", "name=", "a@=0", "a@=v", "1x=2", "=v", "name=a=b", "name=two\nlines", "b@=9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		st := &objState{vars: map[string]string{"v": "Project:1"}, rows: []string{"Dataset:2"}}
		got, err := st.settings([]string{arg})
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("settings(%q): empty error", arg)
			}
			return
		}
		if len(got) != 1 || got[0].Field == "" {
			t.Fatalf("settings(%q) = %+v", arg, got)
		}
		if !strings.Contains(arg, "@=") && got[0].Field+"="+got[0].Value != arg {
			t.Fatalf("settings(%q) = %+v does not put back together", arg, got)
		}
	})
}
