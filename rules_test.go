package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The rule catalogue, docs/rules.md, defines every rule id the repository cites:
// code, tests, testscripts and documents cite R-AREA-N (a run R-AREA-1..3 or
// R-AREA-1/2, a family R-AREA-*), and none cites the documents this project was
// written from, which are not in it.

var (
	ruleDefinition = regexp.MustCompile(`(?m)^\| (R-[A-Z]+(?:-[A-Z]+)*-[0-9]+) \|`)
	ruleCitation   = regexp.MustCompile(`\bR-[A-Z]+(?:-[A-Z]+)*-(?:[0-9]+(?:(?:\.\.|/)[0-9]+)?|\*)`)
	// outsideCitation matches the ways comments used to cite the documents outside
	// the repository: cite docs/rules.md, docs/ARCHITECTURE.md or the README instead.
	outsideCitation = regexp.MustCompile(`\.\./shared|\.\./reference|\.\./seeds|omero-security\.md|omero-model-graph|omero-cli\.md|omero-ldap\.md|graph-detail|\bDESIGN\b|reference section|\bseeds?/?\s?0[0-9]{2}\b|blitz-[a-z]+-rules`)
)

// catalogue reads the rule ids docs/rules.md defines.
func catalogue(t *testing.T) map[string]bool {
	b, err := os.ReadFile(filepath.Join("docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range ruleDefinition.FindAllStringSubmatch(string(b), -1) {
		if ids[m[1]] {
			t.Errorf("docs/rules.md defines %s twice", m[1])
		}
		ids[m[1]] = true
	}
	if len(ids) < 50 {
		t.Fatalf("docs/rules.md defines only %d rules: is its table still | R-... | whose | rule |?", len(ids))
	}
	return ids
}

// citedIDs expands one citation into the ids it names; a family is its prefix.
func citedIDs(c string) (ids []string, family string) {
	i := strings.LastIndex(c, "-")
	prefix, tail := c[:i+1], c[i+1:]
	if tail == "*" {
		return nil, prefix
	}
	for _, sep := range []string{"..", "/"} {
		if lo, hi, ok := strings.Cut(tail, sep); ok {
			a, _ := strconv.Atoi(lo)
			b, _ := strconv.Atoi(hi)
			for n := a; n <= b && n-a < 100; n++ {
				ids = append(ids, prefix+strconv.Itoa(n))
			}
			return ids, ""
		}
	}
	return []string{c}, ""
}

// sources lists the files whose citations must resolve: Go files, testscripts and
// Markdown documents, outside .git and generated output.
func sources(t *testing.T) []string {
	var out []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || path == filepath.Join("bench", "out")) {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".txtar", ".md":
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestRuleCatalogue(t *testing.T) {
	ids := catalogue(t)
	families := map[string]bool{}
	for id := range ids {
		families[id[:strings.LastIndex(id, "-")+1]] = true
	}
	for _, path := range sources(t) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if path == "rules_test.go" {
			continue // its examples are not citations
		}
		for n, line := range strings.Split(string(b), "\n") {
			for _, c := range ruleCitation.FindAllString(line, -1) {
				list, family := citedIDs(c)
				if family != "" && !families[family] {
					t.Errorf("%s:%d cites %s: docs/rules.md has no rule of that family", path, n+1, c)
				}
				for _, id := range list {
					if !ids[id] {
						t.Errorf("%s:%d cites %s: docs/rules.md does not define it", path, n+1, id)
					}
				}
			}
			if m := outsideCitation.FindString(line); m != "" {
				t.Errorf("%s:%d cites %q, a document outside the repository: cite docs/rules.md, docs/ARCHITECTURE.md or the README", path, n+1, m)
			}
		}
	}
}

// The test finds what it must: a citation the catalogue lacks, a run, a family.
func TestRuleCitations(t *testing.T) {
	for c, want := range map[string]string{
		"R-CHOWN-2": "R-CHOWN-2", "R-MEMBER-1..4": "R-MEMBER-1 R-MEMBER-2 R-MEMBER-3 R-MEMBER-4",
		"R-OWNER-1/2": "R-OWNER-1 R-OWNER-2", "R-PERM-CAP-*": "family R-PERM-CAP-",
	} {
		ids, family := citedIDs(c)
		got := strings.Join(ids, " ")
		if family != "" {
			got = "family " + family
		}
		if got != want {
			t.Errorf("citedIDs(%s) = %q, want %q", c, got, want)
		}
	}
	if got := ruleCitation.FindAllString("(R-GROUP-PERMS-1..5, R-PRIV-7; not R-AREA-N nor RR-X-1)", -1); strings.Join(got, " ") != "R-GROUP-PERMS-1..5 R-PRIV-7" {
		t.Errorf("citations found: %q", got)
	}
}
