package commands

import (
	"flag"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// Every command's flags must apply to one flag set: two flags of the same name
// would panic when the command runs.
func TestFlagNamesAreUnique(t *testing.T) {
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	var walk func(path string, cmds []*cli.Command)
	walk = func(path string, cmds []*cli.Command) {
		for _, c := range cmds {
			name := path + " " + c.Name
			t.Run(strings.TrimSpace(name), func(t *testing.T) {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("flags clash: %v", r)
					}
				}()
				set := flag.NewFlagSet(name, flag.ContinueOnError)
				for _, f := range append(c.Flags, cli.HelpFlag) {
					if err := f.Apply(set); err != nil {
						t.Error(err)
					}
				}
			})
			walk(name, c.Subcommands)
		}
	}
	walk("omero", rt.newApp().Commands)
}

// Every command's -h ends with at least one example of its use.
func TestEveryCommandHasAnExample(t *testing.T) {
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	var walk func(path string, cmds []*cli.Command)
	walk = func(path string, cmds []*cli.Command) {
		for _, c := range cmds {
			name := path + " " + c.Name
			if !strings.Contains(c.Description, "Example: "+name) && !strings.Contains(c.Description, "Example: omero") {
				t.Errorf("%s: its help has no \"Example: omero ...\" line", name)
			}
			walk(name, c.Subcommands)
		}
	}
	walk("omero", rt.newApp().Commands)
}

// Every command accepts every login option (README, Commands): a login option given
// before the command is parsed by the command, so one it lacked would be an error.
func TestEveryCommandTakesTheLoginOptions(t *testing.T) {
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	var walk func(path string, cmds []*cli.Command)
	walk = func(path string, cmds []*cli.Command) {
		for _, c := range cmds {
			name := path + " " + c.Name
			if !c.SkipFlagParsing {
				for _, lf := range loginFlags() {
					for _, n := range lf.Names() {
						if n == "user" && c.Name == "events" {
							continue // events' own --user; its login name is -u
						}
						if !definesFlag(c.Flags, n) {
							t.Errorf("%s: no login option %s", name, n)
						}
					}
				}
			}
			walk(name, c.Subcommands)
		}
	}
	walk("omero", rt.newApp().Commands)
}

// A command line builds only the top-level command it names, found by the name
// topCommands gives it: that name must be the command's own.
func TestTopCommandsAreTheirNames(t *testing.T) {
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	for _, top := range rt.topCommands() {
		c := top.build()
		if c.Name != top.name || c.Hidden != top.hidden || len(c.Aliases) > 0 {
			t.Errorf("topCommands has %q (hidden %v); its command is %q (hidden %v, aliases %q)", top.name, top.hidden, c.Name, c.Hidden, c.Aliases)
		}
	}
}

// namesOf, which the argv scanner uses, reads every flag's names as urfave/cli does.
func TestNamesOfEveryFlag(t *testing.T) {
	rt := &Runtime{IO: newIOStreams(strings.NewReader(""), io.Discard, io.Discard, nil), Getenv: func(string) string { return "" }}
	app := rt.newApp()
	check := func(where string, flags []cli.Flag) {
		for _, f := range flags {
			if got, want := namesOf(f), f.Names(); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s: namesOf = %q, Names() = %q", where, got, want)
			}
		}
	}
	check("omero", app.Flags)
	var walk func(path string, cmds []*cli.Command)
	walk = func(path string, cmds []*cli.Command) {
		for _, c := range cmds {
			check(path+" "+c.Name, c.Flags)
			walk(path+" "+c.Name, c.Subcommands)
		}
	}
	walk("omero", app.Commands)
}

// negativeNumber is argparse's ^-[0-9]+(\.[0-9]*)?$|^-\.[0-9]+$, written out.
func TestNegativeNumber(t *testing.T) {
	re := regexp.MustCompile(`^-[0-9]+(\.[0-9]*)?$|^-\.[0-9]+$`)
	for _, w := range []string{"-1", "-12", "-1.", "-1.5", "-.5", "-.", "-", "--1", "-1.2.3", "-a", "-1a", "1", "-1e5",
		"-12.34", "-.", "", "-0", "-.0", "-0.", "x-1", "-1-"} {
		if got, want := negativeNumber(w), re.MatchString(w); got != want {
			t.Errorf("negativeNumber(%q) = %v, want %v", w, got, want)
		}
	}
}

// The heap may double while small, and grow only a quarter above what is live once
// it holds more than bigHeap.
func TestGCPercentFollowsTheHeap(t *testing.T) {
	for _, c := range []struct {
		heap uint64
		want int
	}{
		{0, 100},
		{bigHeap, 100},
		{bigHeap + 1, 25},
		{1 << 30, 25},
	} {
		if got := gcPercentFor(c.heap); got != c.want {
			t.Errorf("gcPercentFor(%d MiB) = %d, want %d", c.heap>>20, got, c.want)
		}
	}
}
