package commands

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// testApp is a small command tree with every kind of flag the normaliser knows.
func testApp() *cli.App {
	leaf := &cli.Command{
		Name: "add",
		Flags: withLoginFlags(
			&cli.BoolFlag{Name: "admin", Aliases: []string{"a"}},
			&cli.StringFlag{Name: "email", Aliases: []string{"e"}},
			&listFlag{StringSliceFlag: &cli.StringSliceFlag{Name: "group-id"}},
			&listFlag{StringSliceFlag: &cli.StringSliceFlag{Name: "include"}, stop: func(s string) bool { return strings.Contains(s, ":") }},
			&cli.BoolFlag{Name: "one", Aliases: []string{"1"}},
		),
	}
	// events' own --user filter; its login name is -u.
	events := &cli.Command{Name: "events", Flags: withLoginFlags(&cli.StringFlag{Name: "experimenter", Aliases: []string{"user"}})}
	return &cli.App{
		Flags:    loginFlags(),
		Commands: []*cli.Command{{Name: "user", Flags: loginFlags(), Subcommands: []*cli.Command{leaf}}, events},
	}
}

func TestNormalise(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"flags after positionals move ahead", "user add jsmith John Smith --email j@x", "user add --email=j@x -- jsmith John Smith"},
		{"--x=v form", "user add --email=j@x jsmith", "user add --email=j@x -- jsmith"},
		{"-x v form", "user add -e j@x jsmith", "user add --email=j@x -- jsmith"},
		{"-xv attached value", "user add -ej@x jsmith", "user add --email=j@x -- jsmith"},
		{"-x=v form", "user add -e=j@x jsmith", "user add --email=j@x -- jsmith"},
		{"boolean flags take no value", "user add -a jsmith", "user add --admin -- jsmith"},
		{"bundled booleans", "user add -qa jsmith", "user add --quiet --admin -- jsmith"},
		{"repeated flags keep order so the last wins", "user add -s a jsmith -s b", "user add --server=a --server=b -- jsmith"},
		{"top-level flags move to the leaf", "-s db.db -q user add jsmith", "user add --server=db.db --quiet -- jsmith"},
		{"flags between command words", "user -q add jsmith", "user add --quiet -- jsmith"},
		{"-- ends the flags", "user add -- --email x", "user add -- --email x"},
		{"a negative number is positional", "user add -1x", ""},
		{"a negative number is positional unless it is a flag", "user add jsmith -5", "user add -- jsmith -5"},
		{"a flag named like a number", "user add -1 jsmith", "user add --one -- jsmith"},
		{"list flags take every following value", "user add jsmith --group-id 5 6", "user add --group-id=5 --group-id=6 -- jsmith"},
		{"list flags stop at the next flag", "user add --group-id 5 6 -a jsmith", "user add --group-id=5 --group-id=6 --admin -- jsmith"},
		{"list flags stop where their predicate says", "user add --include Image Dataset:1", "user add --include=Image -- Dataset:1"},
		{"long option prefixes", "user add --ema j@x x", "user add --email=j@x -- x"},
		{"a lone dash is positional", "user add -", "user add -- -"},
		{"help anywhere", "user add x -h", "user add --help -- x"},
		{"help among bundled booleans", "user add x -qh", "user add --quiet --help -- x"},
		{"a login option before the command stays one", "-u alice -q events", "events --u=alice --quiet --"},
		{"--user before the command is the login name too", "--user=alice events --user bob", "events --u=alice --experimenter=bob --"},
		{"-u after the command is the login name", "events -u alice", "events --u=alice --"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := normalise(testApp(), append([]string{"omero"}, strings.Fields(c.in)...))
			if c.want == "" {
				if err == nil {
					t.Fatalf("normalise(%q) = %q, want an error", c.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("normalise(%q): %v", c.in, err)
			}
			want := append([]string{"omero"}, strings.Fields(c.want)...)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("normalise(%q)\n got %q\nwant %q", c.in, got, want)
			}
		})
	}
}

func TestNormaliseErrors(t *testing.T) {
	cases := []struct{ in, msg string }{
		{"user add --bogus", "unrecognized arguments: --bogus"},
		{"user add -z", "unrecognized arguments: -z"},
		{"--bogus user add", "unrecognized arguments: --bogus"},
		{"user add --email", "argument -e/--email: expected one argument"},
		{"user add --email --admin", "argument -e/--email: expected one argument"},
		{"user add --group-id", "argument --group-id: expected at least one argument"},
		{"user add --admin=yes", "argument -a/--admin: ignored explicit argument 'yes'"},
		{"user", "too few arguments"},
		{"user frob", "argument <subcommand>: invalid choice: 'frob'\n\nchoose from:\n\tadd"},
		{"frob", "argument <subcommand>: invalid choice: 'frob'\n\nchoose from:\n\tevents, user"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := normalise(testApp(), append([]string{"omero"}, strings.Fields(c.in)...))
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("normalise(%q) error = %v, want a usage error", c.in, err)
			}
			if ue.Msg+ue.Choices != c.msg {
				t.Errorf("normalise(%q) message\n got %q\nwant %q", c.in, ue.Msg+ue.Choices, c.msg)
			}
			if exitStatus(err) != exitUsage {
				t.Errorf("status %d, want %d", exitStatus(err), exitUsage)
			}
		})
	}
}

func TestChoiceListWraps(t *testing.T) {
	got := choiceList([]string{"new", "update", "null", "map-get", "map-set", "get", "list-get", "ext-info-get", "ext-info-set"})
	want := "\text-info-get, ext-info-set, get, list-get, map-get, map-set, new, \n\tnull, update"
	if got != want {
		t.Errorf("choiceList\n got %q\nwant %q", got, want)
	}
}
