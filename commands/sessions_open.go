package commands

import (
	"fmt"
	"strconv"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) sessionsOpenCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "open",
		Usage: "open a session for another user and print its key (administrators holding Sudo)",
		Description: "The key goes to stdout and is not kept in the local session store: hand it to\n" +
			"a script, which joins the session with -k KEY, and end it with sessions close.\n\n" +
			"Example: omero sessions open --user-name jsmith --group-name lab",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "user-id", Usage: "the `ID` of the session's user"},
			completed(&cli.StringFlag{Name: "user-name", Usage: "the login `NAME` of the session's user"}, userNames),
			&cli.StringFlag{Name: "group-id", Usage: "the `ID` of the session's group (default: the user's default group)"},
			completed(&cli.StringFlag{Name: "group-name", Usage: "the `NAME` of the session's group (default: the user's default group)"}, groupNames),
			&cli.StringFlag{Name: "timeout", Usage: "idle timeout in `SECONDS` (default: 10 minutes)"},
		},
		Action: action(readSessionsOpen, rt.sessionsOpen),
	}, args{})
}

func (rt *Runtime) sessionsCloseCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "close",
		Usage:       "close one session, yours or (with ReadSession) anyone's",
		Description: "Example: omero sessions close 8afe443f-19fc-4cc4-bf4a-850ec94f4650",
		Action:      func(c *cli.Context) error { return rt.sessionsClose(c.Args().First()) },
	}, args{usage: "KEY", min: 1, max: 1})
}

// sessionsOpenOptions are the inputs of sessions open.
type sessionsOpenOptions struct {
	user    db.Lookup
	group   *db.Lookup
	timeout int64
}

func readSessionsOpen(c *cli.Context) (sessionsOpenOptions, error) {
	var o sessionsOpenOptions
	if c.IsSet("user-id") && c.IsSet("user-name") {
		return o, notAllowedWith(c, "--user-name", "--user-id")
	}
	if c.IsSet("group-id") && c.IsSet("group-name") {
		return o, notAllowedWith(c, "--group-name", "--group-id")
	}
	user, ok := single(c, "user-id", "user-name")
	if !ok {
		return o, usageError(c, "one of the arguments --user-id --user-name is required")
	}
	o.user = user
	if g, ok := single(c, "group-id", "group-name"); ok {
		o.group = &g
	}
	if t := c.String("timeout"); c.IsSet("timeout") {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return o, usageError(c, "argument --timeout: invalid int value: '%s'", t)
		}
		if n <= 0 {
			// A value that parsed but cannot be used: one plain line, status 2.
			return o, valueError(c, "the idle timeout must be a positive number of seconds, not %s", t)
		}
		o.timeout = n
	}
	return o, nil
}

func (rt *Runtime) sessionsOpen(o sessionsOpenOptions) error {
	var s db.Session
	err := rt.update("sessions open", func(tx *db.Tx) (err error) {
		s, err = tx.OpenSession(o.user, o.group, o.timeout)
		return err
	})
	if err != nil {
		return err
	}
	msg := "Session created for user " + s.OwnerName
	if o.group != nil {
		msg += " in group " + s.GroupName
	}
	// Sessions here have no time to live: 0, as OMERO shows an unlimited one.
	if _, err := fmt.Fprintf(rt.IO.Err, "%s (timeToIdle: %d sec, timeToLive: 0 sec)\n", msg, s.TimeToIdle/1000); err != nil {
		return err
	}
	_, err = fmt.Fprintln(rt.IO.Out, s.UUID)
	return err
}

func (rt *Runtime) sessionsClose(key string) (err error) {
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	err = r.DB.Update(r.Session.UUID, "sessions close", func(tx *db.Tx) error {
		_, err := tx.CloseSession(key)
		return err
	})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(rt.IO.Out, "Session %s closed.\n", key); err != nil {
		return err
	}
	// A file of this store that pointed at the session points at nothing now.
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	return session.Forget(env, r.Server.Name, key)
}
