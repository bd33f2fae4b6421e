package commands

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
)

// urfave/cli stops reading flags at the first positional argument; OMERO's CLI takes
// them anywhere and its guides rely on that (`user add jsmith John Smith --group-name
// lab`). normalise rewrites argv, using the resolved command's own flag definitions,
// into: program, command path, every flag in its canonical --name[=value] form (in the
// order given, so the last of a repeated flag wins), "--", then the positionals.

// listFlag is an option that, like argparse's nargs="+", takes every following token
// up to the next option: `--group-id 5 6`. stop, if set, ends the list early at a
// token that cannot be one of its values.
type listFlag struct {
	*cli.StringSliceFlag
	stop func(string) bool
}

type flagSpec struct {
	name       string // canonical name, without dashes
	names      []string
	takesValue bool
	login      bool // one of the login options
	list       *listFlag
}

type specSet struct {
	byName map[string]*flagSpec
	long   []string // names longer than one character, for unique-prefix matching
}

func specsOf(flags []cli.Flag) *specSet {
	s := &specSet{byName: map[string]*flagSpec{}}
	add := func(f cli.Flag) {
		sp := &flagSpec{name: f.Names()[0], names: f.Names()}
		if cf, ok := f.(cli.CategorizableFlag); ok && cf.GetCategory() == loginCategory {
			sp.login = true
		}
		if dg, ok := f.(cli.DocGenerationFlag); ok {
			sp.takesValue = dg.TakesValue()
		}
		if lf, ok := f.(*listFlag); ok {
			sp.list = lf
			sp.takesValue = true
		}
		for _, n := range f.Names() {
			s.byName[n] = sp
			if len(n) > 1 {
				s.long = append(s.long, n)
			}
		}
	}
	for _, f := range flags {
		add(f)
	}
	add(cli.HelpFlag)
	sort.Strings(s.long)
	return s
}

// lookupLong finds a long option by exact name or unique prefix, as argparse does.
func (s *specSet) lookupLong(name string) (*flagSpec, error) {
	if sp, ok := s.byName[name]; ok {
		return sp, nil
	}
	var matches []string
	seen := map[*flagSpec]bool{}
	for _, n := range s.long {
		if strings.HasPrefix(n, name) && !seen[s.byName[n]] {
			seen[s.byName[n]] = true
			matches = append(matches, "--"+n)
		}
	}
	switch len(matches) {
	case 0:
		return nil, nil
	case 1:
		return s.byName[strings.TrimPrefix(matches[0], "--")], nil
	}
	return nil, &UsageError{Msg: "ambiguous option: --" + name + " could match " + strings.Join(matches, ", ")}
}

var negativeNumber = regexp.MustCompile(`^-[0-9]+(\.[0-9]*)?$|^-\.[0-9]+$`)

// isOption tells an option token from a positional one: "-" alone is positional,
// and so is a negative number unless the command has an option of that name.
func (s *specSet) isOption(tok string) bool {
	if len(tok) < 2 || tok[0] != '-' {
		return false
	}
	if negativeNumber.MatchString(tok) {
		_, ok := s.byName[tok[1:]]
		return ok
	}
	return true
}

type normaliser struct {
	app  *cli.App
	path []*cli.Command
}

func (n *normaliser) prog() string {
	names := []string{"omero"}
	for _, c := range n.path {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

func (n *normaliser) usage() string {
	if len(n.path) == 0 {
		return "usage: omero [options] <command> ..."
	}
	c := n.path[len(n.path)-1]
	if len(c.Subcommands) > 0 {
		return "usage: " + n.prog() + " [options] <subcommand> ..."
	}
	u := "usage: " + n.prog() + " [options]"
	if c.ArgsUsage != "" {
		u += " " + c.ArgsUsage
	}
	return u
}

func (n *normaliser) fail(format string, args ...any) error {
	e := &UsageError{Prog: n.prog(), Usage: n.usage()}
	e.Msg = fmt.Sprintf(format, args...)
	return e
}

func (n *normaliser) current() (flags []cli.Flag, subs []*cli.Command) {
	if len(n.path) == 0 {
		return n.app.Flags, n.app.Commands
	}
	c := n.path[len(n.path)-1]
	return c.Flags, c.Subcommands
}

// normalise rewrites args (args[0] is the program) as described above.
func normalise(app *cli.App, args []string) ([]string, error) {
	n := &normaliser{app: app}
	var given []givenFlag
	var positionals []string
	help := false
	flagDefs, subs := n.current()
	specs := specsOf(flagDefs)
	for i := 1; i < len(args); i++ {
		tok := args[i]
		if tok == "--" {
			positionals = append(positionals, args[i+1:]...)
			break
		}
		if !specs.isOption(tok) {
			if len(subs) > 0 && len(positionals) == 0 {
				cmd := findCommand(subs, tok)
				if cmd == nil {
					err := n.fail("argument <subcommand>: invalid choice: '%s'", tok).(*UsageError)
					err.Choices = "\n\nchoose from:\n" + choiceList(commandNames(subs))
					return nil, err
				}
				n.path = append(n.path, cmd)
				if cmd.SkipFlagParsing {
					return n.verbatim(len(given) > 0, args[i+1:])
				}
				flagDefs, subs = n.current()
				specs = specsOf(flagDefs)
				continue
			}
			positionals = append(positionals, tok)
			continue
		}
		consumed, out, err := n.option(specs, args, i)
		if err != nil {
			return nil, err
		}
		for _, o := range out {
			if o == "--help" {
				help = true
			}
			if o == "--version" && len(n.path) == 0 {
				// As argparse's version action: print it and ignore the rest.
				return []string{args[0], "--version"}, nil
			}
			given = append(given, givenFlag{tok: o, specs: specs, depth: len(n.path)})
		}
		i += consumed
	}
	if len(subs) > 0 && !help {
		if len(n.path) == 0 {
			return nil, &UsageError{Prog: "omero", Usage: commandOverview(app), Msg: "too few arguments"}
		}
		return nil, n.fail("too few arguments")
	}
	out := []string{args[0]}
	for _, c := range n.path {
		out = append(out, c.Name)
	}
	for _, g := range given {
		if g.depth < len(n.path) {
			g.tok = asLoginOptionOf(specs, g)
		}
		out = append(out, g.tok)
	}
	out = append(out, "--")
	return append(out, positionals...), nil
}

// givenFlag is one canonical option token, with the options of the level it was
// given at.
type givenFlag struct {
	tok   string // --name or --name=value
	specs *specSet
	depth int // how many command words came before it
}

// asLoginOptionOf rewrites a login option given before the command for the
// command's own flags, which may name it differently: events keeps --user for its
// filter and takes the login name as -u, so `omero -u alice events` must reach it
// as -u, not as the filter.
func asLoginOptionOf(final *specSet, g givenFlag) string {
	name, value, _ := strings.Cut(strings.TrimPrefix(g.tok, "--"), "=")
	sp := g.specs.byName[name]
	if sp == nil || !sp.login || final.byName[name] != nil && final.byName[name].login {
		return g.tok
	}
	for _, n := range sp.names {
		if twin := final.byName[n]; twin != nil && twin.login {
			if sp.takesValue {
				return "--" + twin.name + "=" + value
			}
			return "--" + twin.name
		}
	}
	return g.tok
}

// argvKey holds, in the app's Metadata, the argv normalise made, for the actions
// that need to know in which order options were given.
const argvKey = "argv"

// inOrderGiven sorts option labels ("--perms", "-P/--userpassword") by where each
// was first given on the command line; options not found keep their order, last.
func inOrderGiven(c *cli.Context, labels []string) []string {
	var argv []string
	if c != nil && c.App != nil {
		argv, _ = c.App.Metadata[argvKey].([]string)
	}
	first := func(label string) int {
		for i, tok := range argv {
			if tok == "--" {
				break
			}
			for _, name := range strings.Split(label, "/") {
				name = "--" + strings.TrimLeft(name, "-")
				if tok == name || strings.HasPrefix(tok, name+"=") {
					return i
				}
			}
		}
		return len(argv)
	}
	out := slices.Clone(labels)
	slices.SortStableFunc(out, func(a, b string) int { return first(a) - first(b) })
	return out
}

// commandOverview is what omero alone prints: the usage line, the commands, and
// where to find more.
func commandOverview(app *cli.App) string {
	var b strings.Builder
	b.WriteString("usage: omero [options] <command> ...\n\nCommands:\n")
	for _, c := range app.VisibleCommands() {
		fmt.Fprintf(&b, "   %-10s %s\n", c.Name, c.Usage)
	}
	b.WriteString("\nomero help COMMAND or omero COMMAND -h shows a command's options; omero -h the login options.")
	return b.String()
}

// verbatim passes the arguments of a command that reads its own (__complete) as they
// are. Options before it would be lost, so they are refused.
func (n *normaliser) verbatim(afterOptions bool, rest []string) ([]string, error) {
	if afterOptions {
		return nil, n.fail("no options may come before %s", n.path[len(n.path)-1].Name)
	}
	out := []string{"omero"}
	for _, c := range n.path {
		out = append(out, c.Name)
	}
	return append(out, rest...), nil
}

// option reads the option at args[i] and its values. It returns how many extra
// tokens it used and the canonical flags.
func (n *normaliser) option(specs *specSet, args []string, i int) (int, []string, error) {
	tok := args[i]
	var sp *flagSpec
	var value string
	hasValue := false
	if strings.HasPrefix(tok, "--") {
		name, v, eq := strings.Cut(tok[2:], "=")
		var err error
		if sp, err = specs.lookupLong(name); err != nil {
			u := err.(*UsageError)
			return 0, nil, n.fail("%s", u.Msg)
		}
		if sp == nil {
			return 0, nil, n.fail("unrecognized arguments: %s", tok)
		}
		value, hasValue = v, eq
	} else {
		name := tok[1:]
		if before, after, eq := strings.Cut(name, "="); eq && specs.byName[before] != nil {
			// -s=HOST, as argparse reads it.
			sp, value, hasValue = specs.byName[before], after, true
		} else if s, ok := specs.byName[name]; ok {
			sp = s
		} else if s, ok := specs.byName[name[:1]]; ok && s.takesValue {
			// -sHOST: a short option with its value attached.
			sp, value, hasValue = s, name[1:], true
		} else {
			// -qC: several short booleans together.
			var out []string
			for _, r := range name {
				s, ok := specs.byName[string(r)]
				if !ok || s.takesValue {
					return 0, nil, n.fail("unrecognized arguments: %s", tok)
				}
				out = append(out, "--"+s.name)
			}
			return 0, out, nil
		}
	}
	if !sp.takesValue {
		if hasValue {
			return 0, nil, n.fail("argument %s: ignored explicit argument '%s'", optionLabel(specs, sp), value)
		}
		return 0, []string{"--" + sp.name}, nil
	}
	if sp.list != nil {
		var values []string
		if hasValue {
			values = append(values, value)
		}
		used := 0
		for j := i + 1; j < len(args); j++ {
			t := args[j]
			if t == "--" || specs.isOption(t) || sp.list.stop != nil && sp.list.stop(t) {
				break
			}
			values = append(values, t)
			used++
		}
		if len(values) == 0 {
			return 0, nil, n.fail("argument %s: expected at least one argument", optionLabel(specs, sp))
		}
		out := make([]string, len(values))
		for k, v := range values {
			out[k] = "--" + sp.name + "=" + v
		}
		return used, out, nil
	}
	if hasValue {
		return 0, []string{"--" + sp.name + "=" + value}, nil
	}
	if i+1 >= len(args) || args[i+1] == "--" || specs.isOption(args[i+1]) && !negativeNumber.MatchString(args[i+1]) {
		return 0, nil, n.fail("argument %s: expected one argument", optionLabel(specs, sp))
	}
	return 1, []string{"--" + sp.name + "=" + args[i+1]}, nil
}

// optionLabel names an option the way argparse does: "-s/--server".
func optionLabel(specs *specSet, sp *flagSpec) string {
	var names []string
	for name, s := range specs.byName {
		if s == sp {
			names = append(names, name)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) < len(names[j])
		}
		return names[i] < names[j]
	})
	for i, nm := range names {
		if len(nm) == 1 {
			names[i] = "-" + nm
		} else {
			names[i] = "--" + nm
		}
	}
	return strings.Join(names, "/")
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.Name == name {
			return c
		}
		for _, a := range c.Aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}

func commandNames(cmds []*cli.Command) []string {
	var out []string
	for _, c := range cmds {
		if !c.Hidden {
			out = append(out, c.Name)
		}
	}
	return out
}
