package commands

import (
	"io"
	"slices"
	"strings"
	"testing"
)

// __complete gets the words of the line being completed exactly as typed: options
// it does not define, "--" and all.
func TestNormalisePassesCompleteWordsVerbatim(t *testing.T) {
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	in := []string{"omero", "__complete", "user", "add", "--bogus", "-qx", "--", "x", ""}
	got, err := normalise(rt.newApp(), in)
	if err != nil || !slices.Equal(got, in) {
		t.Errorf("normalise(%q) = %q, %v; want it unchanged", in, got, err)
	}
	if _, err := normalise(rt.newApp(), []string{"omero", "-q", "__complete", "user"}); err == nil {
		t.Error("an option before __complete was accepted, and would have been lost")
	}
}

// readWords follows the line as the normaliser would, without ever failing.
func TestReadWords(t *testing.T) {
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	cases := []struct {
		words       string
		path        string
		positionals int
		pending     string
		list        string
	}{
		{"user add jsmith John Smith", "user add", 3, "", ""},
		{"-g lab user add", "user add", 0, "", ""},
		{"user add jsmith --email", "user add", 1, "email", ""},
		{"user add jsmith --group-name", "user add", 1, "group-name", "group-name"},
		{"user add jsmith --group-name lab imaging", "user add", 1, "", "group-name"},
		{"user add jsmith --group-name=lab", "user add", 1, "", "group-name"},
		{"user add jsmith --group-name lab -a John", "user add", 2, "", ""},
		{"chgrp --include Image lab Dataset:1", "chgrp", 1, "", ""}, // lab is read as a type, as the normaliser does
		{"chgrp --include Image 5 Dataset:1", "chgrp", 2, "", ""},
		{"user add -- --email", "user add", 1, "", ""},
		{"frob user", "", 2, "", ""},
		{"user --bogus add", "user add", 0, "", ""},
	}
	for _, c := range cases {
		l := readWords(rt.newApp(), strings.Fields(c.words))
		name := func(sp *flagSpec) string {
			if sp == nil {
				return ""
			}
			return sp.name
		}
		if l.name() != c.path || len(l.positionals) != c.positionals || name(l.pending) != c.pending || name(l.list) != c.list {
			t.Errorf("%q: path %q, %d positionals, pending %q, list %q; want %q, %d, %q, %q",
				c.words, l.name(), len(l.positionals), name(l.pending), name(l.list), c.path, c.positionals, c.pending, c.list)
		}
	}
}
