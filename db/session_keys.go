package db

import (
	"database/sql"

	"github.com/omero-go/omero/perms"
)

// SeenSession is a live session as the caller may see it: its details only if
// Visible (R-SUDO-6), its key only if KeyVisible (R-SESSION-KEY-1); Current is the
// caller's own session.
type SeenSession struct {
	Session
	Current, Visible, KeyVisible bool
}

// SessionsSeen lists every live session, oldest first, as the caller may see it.
func (t *Tx) SessionsSeen() ([]SeenSession, error) {
	all, err := t.ActiveSessions()
	if err != nil {
		return nil, err
	}
	canSeeKey, err := t.SessionKeyReader()
	if err != nil {
		return nil, err
	}
	out := make([]SeenSession, len(all))
	for i, s := range all {
		out[i] = SeenSession{Session: s, Current: s.UUID == t.Session.UUID, Visible: t.CanSee(s)}
		out[i].KeyVisible = out[i].Visible && canSeeKey(s)
	}
	return out, nil
}

// SessionKeyReader returns whether the caller may see the key of a session: always
// that of its own session; of another, only if the caller may see that session
// (R-SUDO-6) and its user holds no privilege the caller lacks (R-SESSION-KEY-1).
// It reads every administrator's privileges once, whatever the number of sessions.
func (t *Tx) SessionKeyReader() (func(Session) bool, error) {
	privileges, err := t.adminPrivileges()
	if err != nil {
		return nil, err
	}
	return func(s Session) bool {
		if s.UUID == t.Session.UUID {
			return true
		}
		return perms.CanReadSession(t.Caller, s.OwnerID, s.SudoerID) &&
			perms.CanReadSessionKey(t.Caller, privileges[s.OwnerID])
	}, nil
}

// adminPrivileges maps every member of system to the privileges it holds (R-PRIV-3);
// everyone else holds none.
func (t *Tx) adminPrivileges() (_ map[int64]perms.PrivSet, err error) {
	rows, err := t.query(`SELECT m.child, c.name, c.value FROM groupexperimentermap m
		LEFT JOIN experimenter_config c ON c.experimenter_id = m.child AND `+t.db.d.CaseBlindLike("c.name", "'AdminPrivilege:%'")+`
		WHERE m.parent = ?`, perms.SystemGroup)
	if err != nil {
		return nil, err
	}
	defer closing(rows, &err)
	config := map[int64][]perms.ConfigEntry{}
	for rows.Next() {
		var id int64
		var name, value sql.NullString
		if err := rows.Scan(&id, &name, &value); err != nil {
			return nil, err
		}
		entries := config[id] // every admin gets an entry, restricted or not
		if name.Valid {
			entries = append(entries, perms.ConfigEntry{Name: name.String, Value: value.String})
		}
		config[id] = entries
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[int64]perms.PrivSet, len(config))
	for id, c := range config {
		admin := perms.Principal{ID: id, MemberOf: []int64{perms.SystemGroup}, Restrictions: perms.RestrictionsFromConfig(c)}
		out[id] = admin.Privileges()
	}
	return out, nil
}
