package db

import (
	"database/sql"
	"strings"

	"github.com/omero-go/omero/perms"
)

// Event is one command that changed something, with what it changed.
type Event struct {
	ID        int64
	Time      int64 // epoch ms
	User      string
	Sudoer    string
	Group     string
	SessionID *int64
	Type      string
	Command   string
	Changes   []Change
}

// Change is every object of one type that one event touched in one way.
type Change struct {
	EntityType string
	Action     string
	IDs        []int64
}

// EventFilter selects events.
type EventFilter struct {
	User  string // events done by this user (name or id), as them, by them through sudo, or to them; "" for all
	Since int64  // epoch ms; 0 for all
	Limit int    // the newest Limit events; 0 for all
}

// Events lists audit events, oldest first. Administrators see every event; anyone
// else only those they did or that were done as them.
func (t *Tx) Events(f EventFilter) ([]Event, error) {
	var where []string
	var args []any
	var userID *int64
	if f.User != "" {
		u, err := t.FindUser(Lookup{Value: f.User})
		if err != nil {
			return nil, err
		}
		userID = &u.ID
	}
	if !perms.CanReadAllEvents(t.Caller) {
		self := t.Caller.UserID
		if t.Caller.Sudoer != nil {
			self = t.Caller.Sudoer.ID
		}
		where = append(where, "(e.owner_id = ? OR e.sudoer_id = ?)")
		args = append(args, self, self)
	}
	if userID != nil {
		// Done to them: their account changed, data given to them, a session of
		// theirs opened or closed.
		where = append(where, `(e.owner_id = ? OR e.sudoer_id = ?
		    OR e.id IN (SELECT event_id FROM eventlog WHERE entity_type = 'Experimenter' AND entity_id = ?)
		    OR e.id IN (SELECT l.event_id FROM eventlog l JOIN session s ON s.id = l.entity_id
		                WHERE l.entity_type = 'Session' AND s.owner_id = ?))`)
		args = append(args, *userID, *userID, *userID, *userID)
	}
	if f.Since > 0 {
		where = append(where, "e.time >= ?")
		args = append(args, f.Since)
	}
	q := `SELECT e.id, e.time, u.omename, coalesce(s.omename, ''), g.name, e.session_id, e.type, e.command
	        FROM event e
	        JOIN experimenter u ON u.id = e.owner_id
	        JOIN experimentergroup g ON g.id = e.group_id
	        LEFT JOIN experimenter s ON s.id = e.sudoer_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.id DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	var out []Event
	index := map[int64]int{}
	err := t.each(`SELECT * FROM (`+q+`) newest ORDER BY 1`, args, func(rows *sql.Rows) error {
		var e Event
		if err := rows.Scan(&e.ID, &e.Time, &e.User, &e.Sudoer, &e.Group, &e.SessionID, &e.Type, &e.Command); err != nil {
			return err
		}
		index[e.ID] = len(out)
		out = append(out, e)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	// The changes of the selected events, in one query.
	err = t.each(`SELECT event_id, entity_type, action, entity_id FROM eventlog
		WHERE event_id BETWEEN ? AND ? ORDER BY event_id, entity_type, action, entity_id`, []any{out[0].ID, out[len(out)-1].ID}, func(changes *sql.Rows) error {
		var ev, id int64
		var typ, action string
		if err := changes.Scan(&ev, &typ, &action, &id); err != nil {
			return err
		}
		i, ok := index[ev]
		if !ok {
			return nil
		}
		cs := out[i].Changes
		if n := len(cs); n > 0 && cs[n-1].EntityType == typ && cs[n-1].Action == action {
			cs[n-1].IDs = append(cs[n-1].IDs, id)
		} else {
			out[i].Changes = append(cs, Change{EntityType: typ, Action: action, IDs: []int64{id}})
		}
		return nil
	})
	return out, err
}
