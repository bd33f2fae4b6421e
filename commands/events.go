package commands

import (
	"strconv"
	"strings"
	"time"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) eventsCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "events",
		Usage: "list the audit trail: who changed what, when, and on whose behalf",
		Description: "Every command that changes something records one event: its time, the\n" +
			"session's user, the administrator who made it by sudo, the group, and the\n" +
			"objects it created, changed or deleted. Administrators see every event; other\n" +
			"users see the events they caused or that were done as them.\n\n" +
			"--experimenter selects the events done by, as or to a user (a change of their\n" +
			"account, data given to them, a session of theirs opened or closed); after events,\n" +
			"--user is the same. The login name is -u, or --user before events.\n\n" +
			"Example: omero events --experimenter jsmith --since 2026-01-01 --limit 20",
		Flags: []cli.Flag{
			styleFlag(),
			completed(&cli.StringFlag{Name: "experimenter", Aliases: []string{"user"}, Usage: "only events done by, as or to this `USER` (name or id)"}, userNames),
			&cli.StringFlag{Name: "since", Usage: "only events at or after `TIME` (YYYY-MM-DD[ HH:MM[:SS]], local time)"},
			&cli.StringFlag{Name: "limit", Usage: "only the newest `N` events"},
		},
		Action: action(readEvents, rt.events),
	}, args{})
}

// eventsOptions are the inputs of events.
type eventsOptions struct {
	style  Style
	filter db.EventFilter
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

func readEvents(c *cli.Context) (eventsOptions, error) {
	var o eventsOptions
	var err error
	if o.style, err = styleOf(c); err != nil {
		return o, err
	}
	o.filter.User = c.String("experimenter")
	if s := c.String("since"); s != "" {
		t, ok := parseSince(s)
		if !ok {
			return o, usageError(c, "argument --since: cannot read '%s' as a time; use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS", s)
		}
		o.filter.Since = t.UnixMilli()
	}
	if s := c.String("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return o, usageError(c, "argument --limit: invalid int value: '%s'", s)
		}
		o.filter.Limit = n
	}
	return o, nil
}

func (rt *Runtime) events(o eventsOptions) error {
	var events []db.Event
	err := rt.view(func(tx *db.Tx) (err error) {
		events, err = tx.Events(o.filter)
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
	return t.Write(rt.IO.Out, o.style)
}

var actionWords = map[string]string{"INSERT": "new", "UPDATE": "changed", "DELETE": "deleted", db.ActionRecipient: "given to"}

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
