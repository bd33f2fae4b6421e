package commands

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) sessionsCommand() *cli.Command {
	return &cli.Command{
		Name:        "sessions",
		Usage:       "list and manage sessions",
		Description: "Example: omero sessions list",
		Subcommands: []*cli.Command{
			rt.declare(&cli.Command{
				Name: "login", Usage: "same as omero login",
				Description: "Example: omero sessions login root@localhost",
				Flags:       loginCommandFlags(), Action: action(readLogin, rt.runLogin),
			}, loginCommandArgs),
			rt.declare(&cli.Command{
				Name: "logout", Usage: "same as omero logout",
				Description: "Example: omero sessions logout",
				Action:      func(*cli.Context) error { return rt.logout() },
			}, args{}),
			rt.declare(&cli.Command{
				Name: "list", Usage: "list the sessions stored on this machine, forgetting dead ones",
				Description: "Example: omero sessions list --no-purge",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "no-purge", Usage: "keep and show sessions that can no longer be used"},
					styleFlag(),
				},
				Action: action(readSessionsList, rt.sessionsList),
			}, args{}),
			rt.declare(&cli.Command{
				Name: "who", Usage: "list the live sessions in the database",
				Description: "Example: omero sessions who --show-uuid",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "show-uuid", Usage: "add each session's key"},
					styleFlag(),
				},
				Action: action(readSessionsWho, rt.sessionsWho),
			}, args{}),
			rt.declare(&cli.Command{
				Name: "key", Usage: "print the current session's key",
				Description: "Example: omero sessions key",
				Action:      func(*cli.Context) error { return rt.sessionsKey() },
			}, args{}),
			rt.declare(&cli.Command{
				Name: "file", Usage: "print the path of the current session's file",
				Description: "Example: omero sessions file",
				Action:      func(*cli.Context) error { return rt.sessionsFile() },
			}, args{}),
			rt.declare(&cli.Command{
				Name: "clear", Usage: "close and forget every stored session",
				Description: "Example: omero sessions clear",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "all", Usage: "accepted for compatibility; every session is cleared anyway"},
				},
				Action: func(*cli.Context) error { return rt.sessionsClear() },
			}, args{}),
			rt.declare(&cli.Command{
				Name: "group", Usage: "print or change the current session's group",
				Description: "Example: omero sessions group lab",
				Action:      func(c *cli.Context) error { return rt.sessionsGroup(c.Args().First()) },
			}, args{usage: "[group]", max: 1, complete: each(groupNames)}),
			rt.declare(&cli.Command{
				Name: "timeout", Usage: "print or change a session's idle timeout",
				Description: "Example: omero sessions timeout 3600",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "session", Usage: "the session's key (default: the current session)"},
				},
				Action: action(readSessionsTimeout, rt.sessionsTimeout),
			}, args{usage: "[seconds]", max: 1}),
			rt.sessionsOpenCommand(),
			rt.sessionsCloseCommand(),
			rt.sessionsKeepaliveCommand(),
		},
	}
}

func joinArgs(a []string) string { return strings.Join(a, " ") }

type sessionsListOptions struct {
	purge bool
	style Style
}

func readSessionsList(c *cli.Context) (sessionsListOptions, error) {
	style, err := styleOf(c)
	return sessionsListOptions{purge: !c.Bool("no-purge"), style: style}, err
}

func (rt *Runtime) sessionsList(o sessionsListOptions) error {
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	listed, err := session.List(env, o.purge)
	if err != nil {
		return err
	}
	t := &Table{Headers: []string{"Server", "User", "Group", "Session", "Active", "Started"}}
	for _, l := range listed {
		server := l.Host
		if l.Port != "" {
			server += ":" + l.Port
		}
		group, started, active := "Unknown", "Unknown", "True"
		if l.Session != nil {
			group = l.Session.GroupName
			started = time.UnixMilli(l.Session.Created).Format(time.ANSIC)
		}
		switch {
		case l.Problem != "":
			active = l.Problem
		case l.Current:
			active = "Logged in"
		}
		t.Append(server, l.User, group, l.UUID, active, started)
	}
	return t.Write(rt.IO.Out, o.style)
}

type sessionsWhoOptions struct {
	showUUID bool
	style    Style
}

func readSessionsWho(c *cli.Context) (sessionsWhoOptions, error) {
	style, err := styleOf(c)
	return sessionsWhoOptions{showUUID: c.Bool("show-uuid"), style: style}, err
}

func (rt *Runtime) sessionsWho(o sessionsWhoOptions) error {
	var seen []db.SeenSession
	err := rt.view(func(tx *db.Tx) (err error) {
		seen, err = tx.SessionsSeen()
		return err
	})
	if err != nil {
		return err
	}
	t := &Table{Headers: []string{"name", "group", "logged in", "agent", "timeout"}}
	if o.showUUID {
		t.Headers = append(t.Headers, "uuid")
	}
	for _, s := range seen {
		row := []string{s.OwnerName, s.GroupName, "---", "---", "---", "---"}
		if s.Visible {
			row[2] = time.UnixMilli(s.Created).Format("2006-01-02 15:04:05")
			if s.Current {
				row[2] += " (*)"
			}
			row[3], row[4] = s.Agent, db.FormatTimeout(s.TimeToIdle)
		}
		if s.KeyVisible {
			row[5] = s.UUID
		}
		t.Append(row[:len(t.Headers)]...)
	}
	return t.Write(rt.IO.Out, o.style)
}

func (rt *Runtime) sessionsKey() error {
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	if _, _, uuid := env.Store.Current(); uuid != "" {
		_, err = fmt.Fprintln(rt.IO.Out, uuid)
	}
	return err
}

func (rt *Runtime) sessionsFile() error {
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	if host, user, uuid := env.Store.Current(); uuid != "" {
		_, err = fmt.Fprintln(rt.IO.Out, env.Store.File(host, user, uuid))
	}
	return err
}

func (rt *Runtime) sessionsClear() error {
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	n, err := session.Clear(env)
	if _, werr := fmt.Fprintf(rt.IO.Out, "%d session(s) cleared\n", n); err == nil {
		err = werr
	}
	return err
}

// sessionsGroup prints the current session's group, or moves the session to the
// group target names (by name or id).
func (rt *Runtime) sessionsGroup(target string) error {
	if target == "" {
		var id int64
		err := rt.view(func(tx *db.Tx) error {
			id = tx.Session.GroupID
			return nil
		})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(rt.IO.Out, "ExperimenterGroup:%d\n", id)
		return err
	}
	var from, to perms.Group
	err := rt.update("sessions group", func(tx *db.Tx) (err error) {
		from, to, err = tx.SwitchGroup(target)
		return err
	})
	switch {
	case err != nil:
		return err
	case from.ID == to.ID:
		_, err = fmt.Fprintf(rt.IO.Err, "Group '%s' (id=%d) is already active\n", to.Name, to.ID)
	default:
		_, err = fmt.Fprintf(rt.IO.Out, "Group '%s' (id=%d) switched to '%s' (id=%d)\n", from.Name, from.ID, to.Name, to.ID)
	}
	return err
}

type sessionsTimeoutOptions struct {
	session string // the session's key; "" for the current one
	seconds int64  // the new idle timeout; 0 prints it
}

func readSessionsTimeout(c *cli.Context) (sessionsTimeoutOptions, error) {
	o := sessionsTimeoutOptions{session: c.String("session")}
	if c.NArg() == 1 {
		n, err := strconv.ParseInt(c.Args().First(), 10, 64)
		if err != nil {
			return o, usageError(c, "argument seconds: invalid int value: '%s'", c.Args().First())
		}
		if n <= 0 {
			return o, valueError(c, "the idle timeout must be a positive number of seconds, not %d", n)
		}
		o.seconds = n
	}
	return o, nil
}

func (rt *Runtime) sessionsTimeout(o sessionsTimeoutOptions) error {
	if o.seconds != 0 {
		return rt.update("sessions timeout", func(tx *db.Tx) error { return tx.SetSessionTimeout(o.session, o.seconds) })
	}
	var s db.Session
	err := rt.view(func(tx *db.Tx) (err error) { // printing only reads
		s, err = tx.SessionByUUID(o.session)
		return err
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(rt.IO.Out, "%d.0\n", s.TimeToIdle/1000)
	return err
}
