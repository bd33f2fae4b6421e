package commands

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

// __complete is what the scripts of `omero completion` call on every Tab: given the
// words after "omero", the last being the one under the cursor (possibly empty), it
// prints the words that may go there, one per line. It reads the command tree and
// flag definitions the argv normaliser uses, and user and group names from the
// current session's database when that session is alive. Pressing Tab must never
// change anything or interrupt the user, so it writes nothing, prompts for nothing
// and prints no errors: when in doubt it offers nothing.

func (rt *Runtime) completeCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:            "__complete",
		Hidden:          true,
		SkipFlagParsing: true,
		Usage:           "print the candidates for the last word of a command line (for omero completion)",
		Description:     "Example: omero __complete user add jsmith John Smith ''",
		Action:          rt.complete,
	}, anyArgs("[word ...] current"))
}

func (rt *Runtime) complete(c *cli.Context) (err error) {
	defer func() {
		if recover() != nil {
			err = nil
		}
	}()
	words := c.Args().Slice()
	if len(words) == 0 {
		words = []string{""}
	}
	buildAll(c.App)
	l := readWords(c.App, words[:len(words)-1])
	l.rt = rt
	var out strings.Builder
	for _, cand := range l.candidates(words[len(words)-1]) {
		out.WriteString(cand + "\n")
	}
	_, err = io.WriteString(rt.IO.Out, out.String())
	return err
}

// cmdline is what the words before the cursor say, read by the scanner the argv
// normaliser uses, leniently: the command they resolve to, its options, its
// positionals so far, and whether an option is still waiting for a value.
type cmdline struct {
	*scanner
	rt   *Runtime
	live *liveNames // read on first use
}

// readWords reads words as normalise would, but never fails.
func readWords(app *cli.App, words []string) *cmdline {
	s := newScanner(app, false)
	s.scan(words)
	return &cmdline{scanner: s}
}

// flags are the options of the command the words resolve to.
func (l *cmdline) flags() []cli.Flag {
	if len(l.path) == 0 {
		return l.app.Flags
	}
	return l.path[len(l.path)-1].Flags
}

func (l *cmdline) name() string {
	var names []string
	for _, c := range l.path {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

// candidates are the words that may replace cur, filtered by it.
func (l *cmdline) candidates(cur string) []string {
	var cands []string
	prefix := ""
	switch {
	case l.pending != nil:
		cands = l.values(l.pending, cur)
	case !l.dashdash && strings.HasPrefix(cur, "--") && strings.Contains(cur, "="):
		name, value, _ := strings.Cut(cur[2:], "=")
		if sp, _ := l.specs.lookupLong(name); sp != nil && sp.takesValue {
			prefix = "--" + name + "="
			cands, cur = l.values(sp, value), value
		}
	case !l.dashdash && strings.HasPrefix(cur, "-"):
		cands = l.flagNames()
	case l.list != nil:
		cands = l.values(l.list, cur)
	case len(l.subs) > 0 && len(l.positionals) == 0 && !l.dashdash:
		cands = commandNames(l.subs)
	default:
		cands = l.positional(len(l.positionals))
	}
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(c, cur) && !slices.Contains(out, prefix+c) {
			out = append(out, prefix+c)
		}
	}
	return out
}

// flagNames lists the visible flags of the resolved command: --long and -s forms.
func (l *cmdline) flagNames() []string {
	var long, short []string
	for _, f := range append(slices.Clone(l.flags()), cli.HelpFlag) {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		for _, n := range namesOf(f) {
			if len(n) == 1 {
				short = append(short, "-"+n)
			} else {
				long = append(long, "--"+n)
			}
		}
	}
	slices.Sort(long)
	slices.Sort(short)
	return append(long, short...)
}

// values lists what may be the value of an option, as it declared (cur matters only
// for comma lists).
func (l *cmdline) values(sp *flagSpec, cur string) []string {
	if sp.complete == nil {
		return nil
	}
	return sp.complete(l, cur)
}

// positional lists what may be positional argument i of the resolved command, as it
// declared.
func (l *cmdline) positional(i int) []string {
	if len(l.path) == 0 {
		return nil
	}
	return l.rt.argsOf(l.path[len(l.path)-1]).completeAt(l, i)
}

// The completers that options and positionals declare.

// userNames and groupNames are the names in the current session's database.
func userNames(l *cmdline, _ string) []string  { return l.names().users }
func groupNames(l *cmdline, _ string) []string { return l.names().groups }

// completeStyles complete --style.
func completeStyles(*cmdline, string) []string { return styleNames }

// groupTypes complete --type.
func groupTypes(*cmdline, string) []string { return perms.GroupTypeNames() }

// privilegeList completes a P,P,... list of privileges, keeping the ones before
// the cursor; with none, "none" too.
func privilegeList(none bool) completer {
	return func(_ *cmdline, cur string) []string {
		var names []string
		if none {
			names = append(names, "none")
		}
		for _, p := range perms.AllPrivileges() {
			names = append(names, p.String())
		}
		return commaList(cur, names)
	}
}

// graphTypes complete --include and --exclude: every object type, and the abstract
// ones a graph operation takes (Annotation).
func graphTypes(*cmdline, string) []string {
	names := typeNames("")
	for _, n := range db.GraphTargetTypes(db.OpDelete) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// graphTargets complete the objects of a graph operation: Type: for each type op
// may target.
func graphTargets(op db.GraphOp) completer {
	return func(*cmdline, string) []string { return typeNames(":", db.GraphTargetTypes(op)...) }
}

// shells complete omero completion.
func shells(*cmdline, string) []string { return completionShells }

// choices is a fixed list of words.
func choices(words ...string) completer { return func(*cmdline, string) []string { return words } }

// commaList completes the last item of a P,P,... value, keeping the items before it.
func commaList(cur string, names []string) []string {
	done := ""
	if i := strings.LastIndex(cur, ","); i >= 0 {
		done = cur[:i+1]
	}
	var out []string
	for _, n := range names {
		if !slices.Contains(strings.Split(done, ","), n) {
			out = append(out, done+n)
		}
	}
	return out
}

// helpWords: after help, the commands and topics; after help CMD, its subcommands.
func helpWords(l *cmdline, _ int) []string {
	cmds := l.app.Commands
	for _, p := range l.positionals {
		cmd := findCommand(cmds, p)
		if cmd == nil {
			return nil
		}
		cmds = cmd.Subcommands
	}
	names := commandNames(cmds)
	if len(l.positionals) == 0 {
		names = append(names, topicNames()...)
	}
	return names
}

// typeNames lists object type names, all of them or those given, each followed by
// suffix ("Dataset:" for an obj argument that needs an id).
func typeNames(suffix string, names ...string) []string {
	if len(names) == 0 {
		for _, t := range db.Types() {
			names = append(names, t.Name)
		}
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + suffix
	}
	return out
}

// liveNames are the user and group names of the current session's database.
type liveNames struct{ users, groups []string }

// names reads the names once per run, and only from the database of a current
// session that is alive: no session, a dead one, or any error means no names. It
// reads the session store without opening it (OpenStore would create and tighten
// directories) and the database read-only, without refreshing the session.
func (l *cmdline) names() *liveNames {
	if l.live == nil {
		l.live = &liveNames{}
		l.live.users, l.live.groups = l.rt.liveNames()
	}
	return l.live
}

func (rt *Runtime) liveNames() (users, groups []string) {
	dir := rt.sessionDir()
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() || st.Mode().Perm()&0o077 != 0 {
		return nil, nil
	}
	store := &session.Store{Dir: dir}
	host, user, uuid := store.Current()
	if uuid == "" {
		return nil, nil
	}
	srv, err := session.ResolveServer(host, rt.defaultDB())
	if err != nil {
		return nil, nil
	}
	d, err := db.OpenReadOnly(srv.Path, rt.Hooks.DB)
	if err != nil {
		return nil, nil
	}
	// Read only: a close that fails leaves nothing behind to report.
	defer func() { _ = d.Close() }()
	err = d.Peek(uuid, func(tx *db.Tx) error {
		if tx.Session.OwnerName != user {
			return fmt.Errorf("session %s is not %s's", uuid, user)
		}
		var err error
		if users, err = tx.UserNames(); err != nil {
			return err
		}
		groups, err = tx.GroupNames()
		return err
	})
	if err != nil {
		return nil, nil
	}
	return users, groups
}
