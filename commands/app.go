// Package commands is the omero command line: the command tree, argv normalising,
// output styles and the one place errors become exit statuses.
package commands

import (
	"io"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

// Version is the program's version.
var Version = "0.1.0"

// Runtime is what every command needs from outside: streams, environment, and the
// hooks tests set.
type Runtime struct {
	IO     *IOStreams
	Getenv func(string) string
	Hooks  Hooks

	args      map[*cli.Command]args // the positional arguments each command declared
	loginOpts session.Args          // the login options of this run, read once
}

// Hooks are the choices tests make for a run (docs/ARCHITECTURE.md, Tests): the clock, session
// keys, the wait for a busy database and the bcrypt cost (all in DB), and the
// terminal prompts use. The zero value is what users get. The testscript wrapper in
// main_test.go sets them; nothing a user can set reaches them.
type Hooks struct {
	DB db.Options
	// OpenTerminal opens the terminal hidden prompts use; nil: the controlling
	// terminal, /dev/tty.
	OpenTerminal func() (Terminal, error)
}

// Main runs the command line as users get it and returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return MainWith(Hooks{}, args, stdin, stdout, stderr)
}

// MainWith is Main with the hooks h: it makes the process's settings, then runs the
// command line in the process's environment.
func MainWith(h Hooks, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	followLiveHeap()
	return newRuntime(h, os.Getenv, stdin, stdout, stderr).execute(args)
}

// newRuntime is the runtime of one command line: its streams, its environment and
// the hooks. Nothing in it is shared with another run, so several can run in one
// process (the in-process tests do).
func newRuntime(h Hooks, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) *Runtime {
	out := &stdoutWriter{w: stdout}
	return &Runtime{IO: newIOStreams(stdin, out, stderr, h.OpenTerminal), Getenv: getenv, Hooks: h}
}

// execute runs the command line args (args[0] is the program) and returns its exit
// status: the one place errors are reported and become statuses.
func (rt *Runtime) execute(args []string) (status int) {
	defer func() {
		// A bug must not reach the user as a stack trace.
		if r := recover(); r != nil {
			rt.IO.notice("omero: internal error: %s", sprint(r))
			status = exitFailed
		}
	}()
	app := rt.lazyApp()
	norm, err := normalise(app, args)
	switch {
	case err == nil && len(norm) == 2 && norm[1] == "--version":
		err = rt.printVersion() // nothing else runs: no need for urfave/cli to parse
	case err == nil:
		if len(norm) < 2 || norm[1] == "help" || findCommand(app.Commands, norm[1]) == nil {
			buildAll(app) // help shows every command
		}
		app.Metadata[argvKey] = norm
		err = app.Run(norm)
	}
	if out, ok := rt.IO.Out.(*stdoutWriter); ok {
		err = withOutputError(err, out)
	}
	if err != nil {
		_ = report(rt.IO.Err, err) // stderr is the last place to say anything
	}
	return exitStatus(err)
}

// newApp is the whole command tree, every command built and prepared: what help,
// completion and the tests walk.
func (rt *Runtime) newApp() *cli.App {
	app := rt.lazyApp()
	buildAll(app)
	return app
}

// lazyApp is the command tree with each top-level command a stub, built (with its
// subcommands) only when the argv scanner reaches its name: a command line pays
// for the one command it runs, not for the flags of all the others.
func (rt *Runtime) lazyApp() *cli.App {
	app := &cli.App{
		Name:                      "omero",
		Usage:                     "administer an OMERO-style database of users, groups and data",
		HideHelpCommand:           true,
		HideVersion:               true,
		DisableSliceFlagSeparator: true,
		Writer:                    rt.IO.Out,
		ErrWriter:                 rt.IO.Err,
		Flags:                     append(loginFlags(), versionFlag(), cli.HelpFlag),
		Action:                    rt.topLevel,
		ExitErrHandler:            func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError(c, "%s", err.Error())
		},
	}
	builders := map[*cli.Command]func() *cli.Command{}
	for _, top := range rt.topCommands() {
		stub := &cli.Command{Name: top.name, Hidden: top.hidden}
		build := top.build
		builders[stub] = func() *cli.Command {
			c := build()
			rt.prepare(c)
			return c
		}
		app.Commands = append(app.Commands, stub)
	}
	app.Metadata = map[string]any{stubsKey: builders}
	for _, f := range app.Flags {
		if b, ok := f.(*cli.BoolFlag); ok {
			b.DisableDefaultText = true
		}
	}
	app.Flags = fastFlags(app.Flags)
	app.CustomAppHelpTemplate = appHelp
	return app
}

// topCommand is a top-level command: the name argv gives it and its constructor.
type topCommand struct {
	name   string
	hidden bool
	build  func() *cli.Command
}

// topCommands are the top-level commands in the order help lists them.
// TestTopCommandsAreTheirNames keeps each name its command's.
func (rt *Runtime) topCommands() []topCommand {
	return []topCommand{
		{name: "db", build: rt.dbCommand},
		{name: "login", build: rt.loginCommand},
		{name: "logout", build: rt.logoutCommand},
		{name: "sessions", build: rt.sessionsCommand},
		{name: "user", build: rt.userCommand},
		{name: "group", build: rt.groupCommand},
		{name: "ldap", build: rt.ldapCommand},
		{name: "config", build: rt.configCommand},
		{name: "events", build: rt.eventsCommand},
		{name: "obj", build: rt.objCommand},
		{name: "chown", build: rt.chownCommand},
		{name: "chgrp", build: rt.chgrpCommand},
		{name: "delete", build: rt.deleteCommand},
		{name: "completion", build: rt.completionCommand},
		{name: "__complete", hidden: true, build: rt.completeCommand},
		{name: "version", build: rt.versionCommand},
		{name: "help", build: rt.helpCommand},
	}
}

// stubsKey holds, in the app's Metadata, the constructors of the top-level commands
// not built yet, by stub.
const stubsKey = "stubs"

// built is the top-level command c of app, built in its stub's place if it was one.
func built(app *cli.App, c *cli.Command) *cli.Command {
	builders, _ := app.Metadata[stubsKey].(map[*cli.Command]func() *cli.Command)
	build, ok := builders[c]
	if !ok {
		return c
	}
	delete(builders, c)
	real := build()
	for i, x := range app.Commands {
		if x == c {
			app.Commands[i] = real
		}
	}
	return real
}

// buildAll builds every top-level command of app still a stub: what help, the
// command overview and completion need.
func buildAll(app *cli.App) {
	for _, c := range app.Commands {
		built(app, c)
	}
}

// prepare gives every command what all share: the login options (the same
// everywhere, even where they change nothing), the check of its positional
// arguments and the reading of the login options before its action, and our
// usage-error handling; and keeps urfave/cli from adding a "help" subcommand that
// would swallow a positional argument named help.
func (rt *Runtime) prepare(c *cli.Command) {
	c.HideHelpCommand = true
	if !c.SkipFlagParsing && !definesFlag(c.Flags, "quiet") {
		c.Flags = withLoginFlags(c.Flags...)
	}
	for _, f := range c.Flags {
		if b, ok := f.(*cli.BoolFlag); ok {
			b.DisableDefaultText = true
		}
	}
	c.Flags = fastFlags(c.Flags)
	c.OnUsageError = func(ctx *cli.Context, err error, _ bool) error {
		return usageError(ctx, "%s", err.Error())
	}
	if action := c.Action; action != nil && !c.SkipFlagParsing {
		a := rt.argsOf(c)
		c.Action = func(ctx *cli.Context) error {
			if err := a.check(ctx); err != nil {
				return err
			}
			rt.loginOpts = loginArgs(ctx)
			return action(ctx)
		}
	}
	for _, s := range c.Subcommands {
		rt.prepare(s)
	}
}

// userDir is $OMERO_USERDIR, by default $HOME/omero.
func (rt *Runtime) userDir() string {
	if d := rt.Getenv("OMERO_USERDIR"); d != "" {
		return d
	}
	home := rt.Getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, "omero")
}

// sessionDir is the session store (README, Environment).
func (rt *Runtime) sessionDir() string {
	if d := rt.Getenv("OMERO_SESSIONDIR"); d != "" {
		return d
	}
	if d := rt.Getenv("OMERO_SESSION_DIR"); d != "" {
		return filepath.Join(d, "omero", "sessions")
	}
	return filepath.Join(rt.userDir(), "sessions")
}

// defaultDB is the database behind "localhost" (README, The database is the server).
func (rt *Runtime) defaultDB() string {
	if p := rt.Getenv("OMERO_DB"); p != "" {
		if dialect.IsURL(p) {
			return p
		}
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return p
	}
	return filepath.Join(rt.userDir(), "omero.db")
}

// now is the runtime's clock.
func (rt *Runtime) now() time.Time {
	if rt.Hooks.DB.Now != nil {
		return rt.Hooks.DB.Now()
	}
	return time.Now()
}

// osUserName is the login name of whoever runs omero; asking the system costs, so
// it is asked only when a login needs it.
func (rt *Runtime) osUserName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := rt.Getenv("USER"); n != "" {
		return n
	}
	return "root"
}

const appHelp = `omero - {{.Usage}}

Usage: omero [login options] <command> [<subcommand>] [options] [arguments]

Commands:{{range .VisibleCommands}}
   {{printf "%-10s" .Name}} {{.Usage}}{{end}}

Help topics (omero help TOPIC): env, exit-codes, privileges, sudo
Every command also has -h, e.g. omero user add -h.
{{template "visibleFlagCategoryTemplate" .}}
`
