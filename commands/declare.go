package commands

import (
	"regexp"
	"sync"

	"github.com/urfave/cli/v2"
)

// A command is declared once, in its own file: its cli definition (name, usage,
// options, an example), the positional arguments it takes and what completes them
// (args), and its action, which reads the command line into an options struct once
// and runs with it. What every command shares is added by prepare: the login
// options, the check of the positional arguments, the usage-error handling, and
// reading the login options for the run.

// completer lists the words that may complete cur, the word under the cursor, as
// the value of an option. l is what the words before it say.
type completer func(l *cmdline, cur string) []string

// args declares a command's positional arguments.
type args struct {
	usage    string // as help shows them: "username firstname lastname [group ...]"
	min, max int    // how many; max < 0 is any number
	// tooFew and tooMany replace argparse's "too few arguments" and "unrecognized
	// arguments: ..." where OMERO says something else.
	tooFew, tooMany string
	// complete lists what may go at position i (from 0).
	complete func(l *cmdline, i int) []string
}

// anyArgs is a command whose action reads its positionals itself.
func anyArgs(usage string) args { return args{usage: usage, max: -1} }

// check refuses a command line with too few or too many positionals, as argparse
// does, before the action runs.
func (a args) check(c *cli.Context) error {
	n := c.NArg()
	switch {
	case n < a.min && a.tooFew != "":
		return usageError(c, "%s", a.tooFew)
	case n < a.min:
		return usageError(c, "too few arguments")
	case a.max >= 0 && n > a.max && a.tooMany != "":
		return usageError(c, "%s", a.tooMany)
	case a.max >= 0 && n > a.max:
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[a.max:]))
	}
	return nil
}

// completeAt lists what may go at position i.
func (a args) completeAt(l *cmdline, i int) []string {
	if a.complete == nil {
		return nil
	}
	return a.complete(l, i)
}

// each is a positional completer that offers the same words at every position.
func each(c completer) func(*cmdline, int) []string {
	return func(l *cmdline, _ int) []string { return c(l, "") }
}

// from offers c's words at positions from n on, nothing before.
func from(n int, c completer) func(*cmdline, int) []string {
	return func(l *cmdline, i int) []string {
		if i < n {
			return nil
		}
		return c(l, "")
	}
}

// first offers c's words at position 0, then rest's.
func first(c completer, rest completer) func(*cmdline, int) []string {
	return func(l *cmdline, i int) []string {
		if i == 0 {
			return c(l, "")
		}
		if rest == nil {
			return nil
		}
		return rest(l, "")
	}
}

// declare gives command c its positional arguments: the usage help shows, the check
// before its action, and their completion.
func (rt *Runtime) declare(c *cli.Command, a args) *cli.Command {
	c.ArgsUsage = a.usage
	if rt.args == nil {
		rt.args = map[*cli.Command]args{}
	}
	rt.args[c] = a
	return c
}

// argsOf is what c declared; a command that declared nothing reads its
// positionals itself.
func (rt *Runtime) argsOf(c *cli.Command) args {
	if a, ok := rt.args[c]; ok {
		return a
	}
	return anyArgs(c.ArgsUsage)
}

// lazyRegexp is a regular expression compiled on first use, not at every start.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// namesOf is f's name and aliases, as f.Names() gives them for the flag types
// commands declare, without the regular expression urfave/cli runs over each name
// on every call (it strips v1-style "name, alias" lists, which we never write).
func namesOf(f cli.Flag) []string {
	var name string
	var aliases []string
	switch f := f.(type) {
	case *boolFlag:
		return f.names
	case *textFlag:
		return f.names
	case *sliceFlag:
		return f.names
	case *cli.BoolFlag:
		name, aliases = f.Name, f.Aliases
	case *cli.StringFlag:
		name, aliases = f.Name, f.Aliases
	case *cli.StringSliceFlag:
		name, aliases = f.Name, f.Aliases
	case *stringFlag:
		return namesOf(f.StringFlag)
	case *listFlag:
		return namesOf(f.StringSliceFlag)
	default:
		return f.Names()
	}
	return append([]string{name}, aliases...)
}

// stringFlag is an option taking one value that says what completes it.
type stringFlag struct {
	*cli.StringFlag
	complete completer
	names    []string // Names, once prepare has asked (fastFlags)
}

// While it parses, urfave/cli asks every flag of the command its names again and
// again (for each flag, whether any of its names is set: a square of the number of
// flags), and each answer runs a regular expression over every name. prepare gives
// each flag its names once: the flag types below answer with them, and so do
// stringFlag and listFlag. Everything else they inherit.

type (
	boolFlag struct {
		*cli.BoolFlag
		names []string
	}
	textFlag struct {
		*cli.StringFlag
		names []string
	}
	sliceFlag struct {
		*cli.StringSliceFlag
		names []string
	}
)

func (f *boolFlag) Names() []string  { return f.names }
func (f *textFlag) Names() []string  { return f.names }
func (f *sliceFlag) Names() []string { return f.names }

func (f *stringFlag) Names() []string {
	if f.names != nil {
		return f.names
	}
	return f.StringFlag.Names()
}

func (f *listFlag) Names() []string {
	if f.names != nil {
		return f.names
	}
	return f.StringSliceFlag.Names()
}

// fastFlags gives each of flags its names once (see boolFlag).
func fastFlags(flags []cli.Flag) []cli.Flag {
	out := make([]cli.Flag, len(flags))
	for i, f := range flags {
		names := namesOf(f)
		switch f := f.(type) {
		case *cli.BoolFlag:
			out[i] = &boolFlag{f, names}
		case *cli.StringFlag:
			out[i] = &textFlag{f, names}
		case *cli.StringSliceFlag:
			out[i] = &sliceFlag{f, names}
		case *stringFlag:
			f.names, out[i] = names, f
		case *listFlag:
			f.names, out[i] = names, f
		default:
			out[i] = f
		}
	}
	return out
}

// completing is an option that says what completes its value.
type completing interface {
	completions(l *cmdline, cur string) []string
}

func (f *stringFlag) completions(l *cmdline, cur string) []string { return f.complete(l, cur) }

func (f *listFlag) completions(l *cmdline, cur string) []string {
	if f.complete == nil {
		return nil
	}
	return f.complete(l, cur)
}

// completed gives f a completer.
func completed(f *cli.StringFlag, c completer) cli.Flag {
	return &stringFlag{StringFlag: f, complete: c}
}
