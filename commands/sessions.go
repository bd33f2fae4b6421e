package commands

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) sessionsCommand() *cli.Command {
	return &cli.Command{
		Name:        "sessions",
		Usage:       "list and manage sessions",
		Description: "Example: omero sessions list",
		Flags:       loginFlags(),
		Subcommands: []*cli.Command{
			{
				Name: "login", Usage: "same as omero login", ArgsUsage: "[[user@]server[:port]]",
				Description: "Example: omero sessions login root@localhost",
				Flags:       loginCommandFlags(), Action: rt.runLogin,
			},
			{
				Name: "logout", Usage: "same as omero logout",
				Description: "Example: omero sessions logout",
				Flags:       loginFlags(), Action: rt.logout,
			},
			{
				Name: "list", Usage: "list the sessions stored on this machine, forgetting dead ones",
				Description: "Example: omero sessions list --no-purge",
				Flags: withLoginFlags(
					&cli.BoolFlag{Name: "no-purge", Usage: "keep and show sessions that can no longer be used"},
					styleFlag(),
				),
				Action: rt.sessionsList,
			},
			{
				Name: "who", Usage: "list the live sessions in the database",
				Description: "Example: omero sessions who --show-uuid",
				Flags: withLoginFlags(
					&cli.BoolFlag{Name: "show-uuid", Usage: "add each session's key"},
					styleFlag(),
				),
				Action: rt.sessionsWho,
			},
			{
				Name: "key", Usage: "print the current session's key",
				Description: "Example: omero sessions key",
				Flags:       loginFlags(), Action: rt.sessionsKey,
			},
			{
				Name: "file", Usage: "print the path of the current session's file",
				Description: "Example: omero sessions file",
				Flags:       loginFlags(), Action: rt.sessionsFile,
			},
			{
				Name: "clear", Usage: "close and forget every stored session",
				Description: "Example: omero sessions clear",
				Flags: withLoginFlags(
					&cli.BoolFlag{Name: "all", Usage: "accepted for compatibility; every session is cleared anyway"},
				),
				Action: rt.sessionsClear,
			},
			{
				Name: "group", Usage: "print or change the current session's group", ArgsUsage: "[group]",
				Description: "Example: omero sessions group lab",
				Flags:       loginFlags(), Action: rt.sessionsGroup,
			},
			{
				Name: "timeout", Usage: "print or change a session's idle timeout", ArgsUsage: "[seconds]",
				Description: "Example: omero sessions timeout 3600",
				Flags: withLoginFlags(
					&cli.StringFlag{Name: "session", Usage: "the session's key (default: the current session)"},
				),
				Action: rt.sessionsTimeout,
			},
			rt.sessionsOpenCommand(),
			rt.sessionsCloseCommand(),
			rt.sessionsKeepaliveCommand(),
		},
	}
}

func noArgs(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()))
	}
	return nil
}

func joinArgs(a []string) string { return strings.Join(a, " ") }

func (rt *Runtime) sessionsList(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	style, err := styleOf(c)
	if err != nil {
		return err
	}
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	t := &Table{Headers: []string{"Server", "User", "Group", "Session", "Active", "Started"}}
	for _, l := range session.List(env, !c.Bool("no-purge")) {
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
	return t.Write(rt.IO.Out, style)
}

func (rt *Runtime) sessionsWho(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	style, err := styleOf(c)
	if err != nil {
		return err
	}
	t := &Table{Headers: []string{"name", "group", "logged in", "agent", "timeout"}}
	if c.Bool("show-uuid") {
		t.Headers = append(t.Headers, "uuid")
	}
	err = rt.view(c, func(tx *db.Tx, mine db.Session) error {
		all, err := tx.ActiveSessions()
		if err != nil {
			return err
		}
		canSeeKey, err := tx.SessionKeyReader()
		if err != nil {
			return err
		}
		for _, s := range all {
			row := []string{s.OwnerName, s.GroupName, "---", "---", "---", "---"}
			if tx.CanSee(s) {
				row[2] = time.UnixMilli(s.Created).Format("2006-01-02 15:04:05")
				if s.UUID == mine.UUID {
					row[2] += " (*)"
				}
				row[3], row[4] = s.Agent, db.FormatTimeout(s.TimeToIdle)
				if canSeeKey(s) {
					row[5] = s.UUID
				}
			}
			t.Append(row[:len(t.Headers)]...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return t.Write(rt.IO.Out, style)
}

func (rt *Runtime) sessionsKey(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	if _, _, uuid := env.Store.Current(); uuid != "" {
		fmt.Fprintln(rt.IO.Out, uuid)
	}
	return nil
}

func (rt *Runtime) sessionsFile(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	if host, user, uuid := env.Store.Current(); uuid != "" {
		fmt.Fprintln(rt.IO.Out, env.Store.File(host, user, uuid))
	}
	return nil
}

func (rt *Runtime) sessionsClear(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	env, err := rt.loginEnv()
	if err != nil {
		return err
	}
	n, err := session.Clear(env)
	fmt.Fprintf(rt.IO.Out, "%d session(s) cleared\n", n)
	return err
}

func (rt *Runtime) sessionsGroup(c *cli.Context) error {
	if c.NArg() > 1 {
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[1:]))
	}
	target := c.Args().First()
	if target == "" {
		return rt.view(c, func(_ *db.Tx, s db.Session) error {
			_, err := fmt.Fprintf(rt.IO.Out, "ExperimenterGroup:%d\n", s.GroupID)
			return err
		})
	}
	return rt.update(c, "sessions group", func(tx *db.Tx, s db.Session) error {
		from, to, err := tx.SwitchGroup(target)
		if err != nil {
			return err
		}
		if from.ID == to.ID {
			fmt.Fprintf(rt.IO.Err, "Group '%s' (id=%d) is already active\n", to.Name, to.ID)
			return nil
		}
		fmt.Fprintf(rt.IO.Out, "Group '%s' (id=%d) switched to '%s' (id=%d)\n", from.Name, from.ID, to.Name, to.ID)
		return nil
	})
}

func (rt *Runtime) sessionsTimeout(c *cli.Context) error {
	if c.NArg() > 1 {
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[1:]))
	}
	var seconds int64
	if c.NArg() == 1 {
		n, err := strconv.ParseInt(c.Args().First(), 10, 64)
		if err != nil {
			return usageError(c, "argument seconds: invalid int value: '%s'", c.Args().First())
		}
		if n <= 0 {
			return valueError(c, "the idle timeout must be a positive number of seconds, not %d", n)
		}
		seconds = n
	}
	run := rt.view // printing only reads
	if seconds != 0 {
		run = func(c *cli.Context, fn func(*db.Tx, db.Session) error) error {
			return rt.update(c, "sessions timeout", fn)
		}
	}
	return run(c, func(tx *db.Tx, mine db.Session) error {
		uuid := c.String("session")
		if uuid == "" {
			uuid = mine.UUID
		}
		s, err := tx.SessionByUUID(uuid)
		if err != nil {
			return err
		}
		if seconds == 0 {
			fmt.Fprintf(rt.IO.Out, "%d.0\n", s.TimeToIdle/1000)
			return nil
		}
		return tx.SetTimeout(s, seconds)
	})
}
