package commands

import (
	"strconv"

	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

func loginCommandFlags() []cli.Flag {
	return withLoginFlags(
		&cli.StringFlag{Name: "timeout", Aliases: []string{"t"}, Usage: "idle timeout in `SECONDS` for a new session"},
	)
}

func (rt *Runtime) loginCommand() *cli.Command {
	return &cli.Command{
		Name:      "login",
		Usage:     "start a session, or reuse the current one",
		ArgsUsage: "[[user@]server[:port]]",
		Description: "The server is localhost (the default database) or a path to a database file.\n" +
			"The password comes from -w, $OMERO_PASSWORD, or the terminal.\n\n" +
			"Example: omero login root@localhost -w secret",
		Flags:  loginCommandFlags(),
		Action: rt.runLogin,
	}
}

func (rt *Runtime) runLogin(c *cli.Context) error {
	a, err := loginCommandArgs(c)
	if err != nil {
		return err
	}
	r, err := rt.loginWith(a)
	if err != nil {
		return err
	}
	return r.DB.Close()
}

// loginCommandArgs reads the options of `login` and `sessions login`.
func loginCommandArgs(c *cli.Context) (session.Args, error) {
	if c.NArg() > 1 {
		return session.Args{}, usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[1:]))
	}
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
	return &cli.Command{
		Name:        "logout",
		Usage:       "close the current session",
		Description: "Example: omero logout",
		Flags:       loginFlags(),
		Action:      rt.logout,
	}
}

func (rt *Runtime) logout(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()))
	}
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	return session.Logout(env)
}
