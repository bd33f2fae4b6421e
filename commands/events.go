package commands

import (
	"strconv"
	"strings"
	"time"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) eventsCommand() *cli.Command {
	return &cli.Command{
		Name:  "events",
		Usage: "list the audit trail: who changed what, when, and on whose behalf",
		Description: "Every command that changes something records one event: its time, the\n" +
			"session's user, the administrator who made it by sudo, the group, and the\n" +
			"objects it created, changed or deleted. Administrators see every event; other\n" +
			"users see the events they caused or that were done as them.\n\n" +
			"--experimenter selects the events done by, as or to a user; after events,\n" +
			"--user is the same. The login name is -u, or --user before events.\n\n" +
			"Example: omero events --experimenter jsmith --since 2026-01-01 --limit 20",
		Flags: withLoginFlagsOwnUser(
			styleFlag(),
			&cli.StringFlag{Name: "experimenter", Aliases: []string{"user"}, Usage: "only events done by, as or to this `USER` (name or id)"},
			&cli.StringFlag{Name: "since", Usage: "only events at or after `TIME` (YYYY-MM-DD[ HH:MM[:SS]], local time)"},
			&cli.StringFlag{Name: "limit", Usage: "only the newest `N` events"},
		),
		Action: rt.events,
	}
}

var sinceLayouts = []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", time.RFC3339}

func parseSince(s string) (time.Time, bool) {
	for _, l := range sinceLayouts {
		if t, err := time.ParseInLocation(l, s, time.Local); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (rt *Runtime) events(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	style, err := styleOf(c)
	if err != nil {
		return err
	}
	var f db.EventFilter
	if s := c.String("since"); s != "" {
		t, ok := parseSince(s)
		if !ok {
			return usageError(c, "argument --since: cannot read '%s' as a time; use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS", s)
		}
		f.Since = t.UnixMilli()
	}
	if s := c.String("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return usageError(c, "argument --limit: invalid int value: '%s'", s)
		}
		f.Limit = n
	}
	var events []db.Event
	err = rt.view(c, func(tx *db.Tx, _ db.Session) error {
		if u := c.String("experimenter"); u != "" {
			user, err := tx.FindUser(db.Lookup{Value: u})
			if err != nil {
				return err
			}
			f.UserID = &user.ID
		}
		events, err = tx.Events(f)
		return err
	})
	if err != nil {
		return err
	}
	t := &Table{Headers: []string{"id", "time", "user", "sudoer", "group", "command", "changes"}}
	for _, e := range events {
		t.Append(strconv.FormatInt(e.ID, 10), time.UnixMilli(e.Time).Format("2006-01-02 15:04:05"),
			e.User, e.Sudoer, e.Group, e.Command, describeChanges(e.Changes))
	}
	return t.Write(rt.IO.Out, style)
}

var actionWords = map[string]string{"INSERT": "new", "UPDATE": "changed", "DELETE": "deleted"}

// describeChanges words an event's changes: "new ExperimenterGroup:3; changed
// Experimenter:2,5".
func describeChanges(cs []db.Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		word := actionWords[c.Action]
		if word == "" {
			word = strings.ToLower(c.Action)
		}
		parts[i] = word + " " + c.EntityType + ":" + compressIDs(c.IDs)
	}
	return strings.Join(parts, "; ")
}
