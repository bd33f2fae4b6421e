package commands

import (
	"strconv"

	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

func loginCommandFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "timeout", Aliases: []string{"t"}, Usage: "idle timeout in `SECONDS` for a new session"},
	}
}

// loginCommandArgs are the positionals of login and sessions login: the
// connection string.
var loginCommandArgs = args{usage: "[[user@]server[:port]]", max: 1}

func (rt *Runtime) loginCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "login",
		Usage: "start a session, or reuse the current one",
		Description: "The server is localhost (the default database), a path to a database file,\n" +
			"or a postgres:// URL naming a PostgreSQL database.\n" +
			"The password comes from -w, $OMERO_PASSWORD, or the terminal.\n\n" +
			"Example: omero login root@localhost -w secret",
		Flags:  loginCommandFlags(),
		Action: action(readLogin, rt.runLogin),
	}, loginCommandArgs)
}

func (rt *Runtime) runLogin(a session.Args) error {
	r, err := rt.loginWith(a)
	if err != nil {
		return err
	}
	return r.DB.Close()
}

// readLogin reads the options of `login` and `sessions login`: the login options,
// the connection string and the idle timeout.
func readLogin(c *cli.Context) (session.Args, error) {
	a := loginArgs(c)
	a.Login = true
	a.Connection = c.Args().First()
	if t := c.String("timeout"); c.IsSet("timeout") {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return a, usageError(c, "argument -t/--timeout: invalid int value: '%s'", t)
		}
		if n <= 0 {
			return a, valueError(c, "the idle timeout must be a positive number of seconds, not %s", t)
		}
		a.Timeout = n
	}
	return a, nil
}

func (rt *Runtime) logoutCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "logout",
		Usage:       "close the current session",
		Description: "Example: omero logout",
		Action:      func(*cli.Context) error { return rt.logout() },
	}, args{})
}

func (rt *Runtime) logout() error {
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	return session.Logout(env)
}
