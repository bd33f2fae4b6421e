package commands

import (
	"fmt"
	"slices"

	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

// loginCategory groups the login options in help, and marks them for the argv
// normaliser.
const loginCategory = "Login options (accepted before or after any command)"

// loginFlags are accepted at top level and by every command (README, Commands):
// the one place they are declared. prepare adds them to every command.
func loginFlags() []cli.Flag {
	const cat = loginCategory
	return []cli.Flag{
		&cli.BoolFlag{Name: "create", Aliases: []string{"C"}, Category: cat, Usage: "create a new session even if one could be reused"},
		&cli.StringFlag{Name: "server", Aliases: []string{"s"}, Category: cat, Usage: "database: localhost (the default) or a path to a .db file; may be [user@]server[:port]"},
		&cli.StringFlag{Name: "port", Aliases: []string{"p"}, Category: cat, Usage: "accepted for compatibility; has no effect"},
		completed(&cli.StringFlag{Name: "group", Aliases: []string{"g"}, Category: cat, Usage: "group for a new session (name or id)"}, groupNames),
		completed(&cli.StringFlag{Name: "user", Aliases: []string{"u"}, Category: cat, Usage: "login name"}, userNames),
		&cli.StringFlag{Name: "password", Aliases: []string{"w"}, Category: cat, Usage: "password (visible to other users of this machine; prefer OMERO_PASSWORD)"},
		&cli.StringFlag{Name: "key", Aliases: []string{"k"}, Category: cat, Usage: "join an existing session by its key"},
		completed(&cli.StringFlag{Name: "sudo", Category: cat, Usage: "log in as `ADMIN` and act as --user; the password is ADMIN's"}, userNames),
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Category: cat, Usage: "do not print the login banner and other notices"},
	}
}

// definesFlag reports whether flags hold one named name.
func definesFlag(flags []cli.Flag, name string) bool {
	for _, f := range flags {
		if slices.Contains(namesOf(f), name) {
			return true
		}
	}
	return false
}

// withLoginFlags appends the login flags to a command's own; prepare calls it for
// every command. Where its own option is named --user (events' filter), the login
// name is given with -u only.
func withLoginFlags(flags ...cli.Flag) []cli.Flag {
	ownUser := definesFlag(flags, "user")
	for _, f := range loginFlags() {
		if namesOf(f)[0] == "user" && ownUser {
			f = completed(&cli.StringFlag{Name: "u", Category: loginCategory, Usage: "login name (--user before the command)"}, userNames)
		}
		flags = append(flags, f)
	}
	return flags
}

func loginArgs(c *cli.Context) session.Args {
	user := c.String("user")
	if hasFlag(c, "u") {
		user = c.String("u")
	}
	return session.Args{
		Server:   c.String("server"),
		Port:     c.String("port"),
		Group:    c.String("group"),
		User:     user,
		Password: c.String("password"),
		Key:      c.String("key"),
		Sudo:     c.String("sudo"),
		Create:   c.Bool("create"),
		Quiet:    c.Bool("quiet"),
	}
}

func (rt *Runtime) loginEnv() (session.Env, error) {
	store, err := session.OpenStore(rt.sessionDir())
	if err != nil {
		return session.Env{}, err
	}
	return session.Env{
		Store:       store,
		DefaultDB:   rt.defaultDB(),
		DB:          rt.Hooks.DB,
		EnvPassword: rt.Getenv("OMERO_PASSWORD"),
		OSUser:      rt.osUserName,
		Prompt:      rt.IO.promptFunc(),
		Stderr:      noticeWriter{rt.IO.Err},
	}, nil
}

// loginWith performs the implicit login every command that needs the database does,
// printing the banner on stderr unless -q.

func (rt *Runtime) loginWith(a session.Args) (*session.Result, error) {
	env, err := rt.loginEnv()
	if err != nil {
		return nil, err
	}
	r, err := session.Login(env, a)
	if err != nil {
		return nil, err
	}
	if !a.Quiet {
		rt.IO.notice("%s", r.Banner())
	}
	return r, nil
}

func sprint(v any) string { return fmt.Sprint(v) }

// hasFlag reports whether the running command defines a flag of that exact name.
func hasFlag(c *cli.Context, name string) bool {
	if c.Command == nil {
		return false
	}
	for _, f := range c.Command.Flags {
		if namesOf(f)[0] == name {
			return true
		}
	}
	return false
}
