package commands

import (
	"flag"
	"io"
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
