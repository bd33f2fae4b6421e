package commands

import (
	"slices"
	"testing"
)

func TestShellSplit(t *testing.T) {
	cases := map[string][]string{
		`new Project name=foo`:            {"new", "Project", "name=foo"},
		`new Project name='a b'  x=1`:     {"new", "Project", "name=a b", "x=1"},
		`name="say \"hi\" \n"`:            {`name=say "hi" \n`},
		`name=it\'s`:                      {"name=it's"},
		`name='it''s' description=""`:     {"name=its", "description="},
		"\tget\tProject:1  ":              {"get", "Project:1"},
		`map-set X:1 f k 'v with # hash'`: {"map-set", "X:1", "f", "k", "v with # hash"},
		``:                                nil,
	}
	for in, want := range cases {
		got, err := shellSplit(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("shellSplit(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`name='open`, `name="open`, `trailing\`} {
		if _, err := shellSplit(bad); err == nil {
			t.Errorf("shellSplit(%q) accepted", bad)
		}
	}
}
