package commands

import (
	"fmt"
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
	stop     func(string) bool
	complete completer // what completes each value; nil for nothing
	names    []string  // Names, once prepare has asked (fastFlags)
}

type flagSpec struct {
	name       string // canonical name, without dashes
	names      []string
	takesValue bool
	login      bool // one of the login options
	list       *listFlag
	complete   completer // what completes its value; nil for nothing
}

type specSet struct {
	byName map[string]*flagSpec
	long   []string // names longer than one character, for unique-prefix matching
}

func specsOf(flags []cli.Flag) *specSet {
	s := &specSet{byName: map[string]*flagSpec{}}
	add := func(f cli.Flag) {
		names := namesOf(f)
		sp := &flagSpec{name: names[0], names: names}
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
		if c, ok := f.(completing); ok {
			sp.complete = c.completions
		}
		for _, n := range names {
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

// resolve finds the option a word names, as argparse reads it: --name[=value] by
// exact name or unique prefix; -n, -n=value, -nVALUE for an n that takes a value; or
// several short options that take none, together (-qC), as bundle. An unknown option
// is nil; an ambiguous prefix is an error.
func (s *specSet) resolve(w string) (sp *flagSpec, value string, hasValue bool, bundle []*flagSpec, err error) {
	if name, ok := strings.CutPrefix(w, "--"); ok {
		name, value, hasValue = strings.Cut(name, "=")
		sp, err = s.lookupLong(name)
		return sp, value, hasValue, nil, err
	}
	name := w[1:]
	if before, after, eq := strings.Cut(name, "="); eq && s.byName[before] != nil {
		return s.byName[before], after, true, nil, nil // -s=HOST
	}
	if sp, ok := s.byName[name]; ok {
		return sp, "", false, nil, nil
	}
	if sp, ok := s.byName[name[:1]]; ok && sp.takesValue {
		return sp, name[1:], true, nil, nil // -sHOST
	}
	for _, r := range name {
		b, ok := s.byName[string(r)]
		if !ok || b.takesValue {
			return nil, "", false, nil, nil
		}
		bundle = append(bundle, b)
	}
	return nil, "", false, bundle, nil
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
	return nil, fmt.Errorf("ambiguous option: --%s could match %s", name, strings.Join(matches, ", "))
}

// negativeNumber reports a word argparse reads as a negative number:
// ^-[0-9]+(\.[0-9]*)?$ or ^-\.[0-9]+$. The scanner asks it of every option word, so
// it is not a regular expression compiled at every start.
func negativeNumber(w string) bool {
	digits := func(s string) int {
		n := 0
		for n < len(s) && '0' <= s[n] && s[n] <= '9' {
			n++
		}
		return n
	}
	rest, ok := strings.CutPrefix(w, "-")
	if !ok {
		return false
	}
	whole := digits(rest)
	rest = rest[whole:]
	if rest == "" {
		return whole > 0
	}
	if rest[0] != '.' {
		return false
	}
	frac := digits(rest[1:])
	return len(rest) == 1+frac && (whole > 0 || frac > 0)
}

// isOption tells an option token from a positional one: "-" alone is positional,
// and so is a negative number unless the command has an option of that name.
func (s *specSet) isOption(tok string) bool {
	if len(tok) < 2 || tok[0] != '-' {
		return false
	}
	if negativeNumber(tok) {
		_, ok := s.byName[tok[1:]]
		return ok
	}
	return true
}

// scanner reads a command line word by word with argparse's option rules: it
// resolves the command path, each option (long, unique prefix, short, bundled
// booleans, attached values, list options) with its values, "--", and the
// positionals. The argv normaliser runs it strictly, failing at the first word
// argparse would refuse; completion runs it leniently on the words before the
// cursor and reads where it stopped. Both so follow the same rules.
type scanner struct {
	app         *cli.App
	strict      bool
	path        []*cli.Command
	specs       *specSet
	subs        []*cli.Command
	given       []givenFlag
	positionals []string
	pending     *flagSpec // an option still waiting for its (first) value
	list        *flagSpec // a list option whose values may go on
	listValues  int       // how many values list has had
	dashdash    bool      // "--" was given: every word after it is positional
	help        bool      // --help was given
	version     bool      // --version was given before any command
	verbatim    bool      // a command that reads its own arguments (__complete) was reached
	err         error     // strict: the first word refused
}

func newScanner(app *cli.App, strict bool) *scanner {
	return &scanner{app: app, strict: strict, specs: specsOf(app.Flags), subs: app.Commands}
}

// scan reads words until the end, or (strict) the first error, or --version, or a
// command that reads its own arguments.
func (s *scanner) scan(words []string) {
	for _, w := range words {
		if !s.word(w) {
			return
		}
	}
	if s.strict {
		s.end()
	}
}

// word reads one word; false means stop.
func (s *scanner) word(w string) bool {
	switch {
	case s.dashdash:
		s.positionals = append(s.positionals, w)
		return true
	case s.pending != nil && s.list == nil:
		// The value of an option that takes one: any word but "--" or another
		// option (a negative number is a value).
		if s.strict && (w == "--" || s.specs.isOption(w) && !negativeNumber(w)) {
			return s.fail("argument %s: expected one argument", optionLabel(s.specs, s.pending))
		}
		s.give("--" + s.pending.name + "=" + w)
		s.pending = nil
		return true
	case s.list != nil:
		if s.pending != nil && !s.strict {
			s.value(w) // completion: the word after a list option is its value
			return true
		}
		if w != "--" && !s.specs.isOption(w) && (s.list.list.stop == nil || !s.list.list.stop(w)) {
			s.value(w)
			return true
		}
		if !s.endList() {
			return false
		}
	}
	switch {
	case w == "--":
		s.dashdash = true
		return true
	case s.specs.isOption(w):
		return s.option(w)
	case len(s.subs) > 0 && len(s.positionals) == 0:
		return s.command(w)
	}
	s.positionals = append(s.positionals, w)
	return true
}

// value is one more value of the list option.
func (s *scanner) value(w string) {
	s.give("--" + s.list.name + "=" + w)
	s.listValues++
	s.pending = nil
}

// endList ends the values of a list option, which needs at least one.
func (s *scanner) endList() bool {
	if s.strict && s.listValues == 0 {
		return s.fail("argument %s: expected at least one argument", optionLabel(s.specs, s.list))
	}
	s.list, s.pending, s.listValues = nil, nil, 0
	return true
}

// end is the end of the words (strict): an option still waiting for its value is
// refused. Completion reads what is pending instead.
func (s *scanner) end() {
	switch {
	case s.list != nil:
		s.endList()
	case s.pending != nil:
		s.fail("argument %s: expected one argument", optionLabel(s.specs, s.pending))
	}
}

// command reads a word where a subcommand must go.
func (s *scanner) command(w string) bool {
	cmd := findCommand(s.subs, w)
	if cmd == nil {
		if !s.strict {
			s.positionals = append(s.positionals, w)
			return true
		}
		err := s.usageError("argument <subcommand>: invalid choice: '%s'", w)
		err.Choices = "\n\nchoose from:\n" + choiceList(commandNames(s.subs))
		s.err = err
		return false
	}
	if len(s.path) == 0 {
		cmd = built(s.app, cmd)
	}
	s.path = append(s.path, cmd)
	if cmd.SkipFlagParsing {
		s.verbatim = true
		return false
	}
	s.specs, s.subs = specsOf(cmd.Flags), cmd.Subcommands
	return true
}

// option reads an option word: --name[=value], -n[value], -n=value, or several
// short booleans together (-qC).
func (s *scanner) option(w string) bool {
	sp, value, hasValue, bundle, err := s.specs.resolve(w)
	switch {
	case err != nil:
		return !s.strict || s.fail("%s", err)
	case bundle != nil:
		for _, b := range bundle {
			if !s.boolean(b) {
				return false
			}
		}
		return true
	case sp == nil:
		return !s.strict || s.fail("unrecognized arguments: %s", w)
	case !sp.takesValue:
		if hasValue {
			return !s.strict || s.fail("argument %s: ignored explicit argument '%s'", optionLabel(s.specs, sp), value)
		}
		return s.boolean(sp)
	case sp.list != nil:
		s.list, s.listValues = sp, 0
		if hasValue {
			s.value(value)
		} else {
			s.pending = sp
		}
		return true
	case hasValue:
		s.give("--" + sp.name + "=" + value)
		return true
	}
	s.pending = sp
	return true
}

// boolean reads an option that takes no value.
func (s *scanner) boolean(sp *flagSpec) bool {
	if sp.name == "version" && len(s.path) == 0 {
		// As argparse's version action: print it and ignore the rest.
		s.version = true
		return false
	}
	if sp.name == "help" {
		s.help = true
	}
	s.give("--" + sp.name)
	return true
}

func (s *scanner) give(tok string) {
	s.given = append(s.given, givenFlag{tok: tok, specs: s.specs, depth: len(s.path)})
}

func (s *scanner) prog() string {
	names := []string{"omero"}
	for _, c := range s.path {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

func (s *scanner) usage() string {
	if len(s.path) == 0 {
		return usageOf("omero", nil)
	}
	return usageOf(s.prog(), s.path[len(s.path)-1])
}

func (s *scanner) usageError(format string, args ...any) *UsageError {
	return &UsageError{Prog: s.prog(), Usage: s.usage(), Msg: fmt.Sprintf(format, args...)}
}

// fail records a refusal (strict) and stops.
func (s *scanner) fail(format string, args ...any) bool {
	s.err = s.usageError(format, args...)
	return false
}

// normalise rewrites args (args[0] is the program) as described above.
func normalise(app *cli.App, args []string) ([]string, error) {
	s := newScanner(app, true)
	s.scan(args[1:])
	switch {
	case s.err != nil:
		return nil, s.err
	case s.version:
		return []string{args[0], "--version"}, nil
	case s.verbatim:
		// A command that reads its own arguments (__complete) gets them as they
		// are; options before it would be lost, so they are refused.
		if len(s.given) > 0 {
			return nil, s.usageError("no options may come before %s", s.path[len(s.path)-1].Name)
		}
		return append([]string{"omero"}, args[1:]...), nil
	case len(s.subs) > 0 && !s.help:
		if len(s.path) == 0 {
			buildAll(app)
			return nil, &UsageError{Prog: "omero", Usage: commandOverview(app), Msg: "too few arguments"}
		}
		return nil, s.usageError("too few arguments")
	}
	out := []string{args[0]}
	for _, c := range s.path {
		out = append(out, c.Name)
	}
	for _, g := range s.given {
		if g.depth < len(s.path) {
			g.tok = asLoginOptionOf(s.specs, g)
		}
		out = append(out, g.tok)
	}
	out = append(out, "--")
	return append(out, s.positionals...), nil
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
