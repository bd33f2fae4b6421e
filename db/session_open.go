package db

import (
	"database/sql"
	"errors"

	"github.com/omero-go/omero/perms"
)

// OpenSession opens a session for another user on the caller's authority, as OMERO's
// `sessions open` does: only administrators holding Sudo may (R-SUDO-2), and the new
// session is a sudo session of the caller's real self (R-SUDO-1), in group (nil for
// the user's default group), idle for at most timeout seconds (0 for the default).
// The caller's event records it.
func (t *Tx) OpenSession(user Lookup, group *Lookup, timeout int64) (Session, error) {
	if err := t.Caller.RequireAdmin(perms.Sudo); err != nil {
		return Session{}, err
	}
	tti := int64(0)
	if timeout != 0 {
		var err error
		if tti, err = timeToIdleMS(t.tx, timeout); err != nil {
			return Session{}, err
		}
	}
	uid, err := t.resolve(userWords, user)
	if err != nil {
		return Session{}, err
	}
	target, err := t.principal(uid)
	if err != nil {
		return Session{}, err
	}
	var g perms.Group
	if group != nil {
		gid, err := t.resolve(groupWords, *group)
		if err != nil {
			return Session{}, err
		}
		g, err = t.groupRef(gid)
		if err != nil {
			return Session{}, err
		}
	} else if g, err = t.sessionGroup(target, ""); err != nil {
		return Session{}, err
	}
	self := t.Session.OwnerID
	if t.Session.SudoerID != nil {
		self = *t.Session.SudoerID
	}
	sudoer, err := t.principal(self)
	if err != nil {
		return Session{}, err
	}
	if err := perms.CheckSudo(sudoer, target, g); err != nil {
		return Session{}, err
	}
	s, err := t.insertSession(target, &sudoer, g, tti)
	if err != nil {
		return s, err
	}
	return s, t.Log("Session", s.ID, "INSERT")
}

// CloseSession closes the session uuid for the caller, who must be able to see it
// (R-SUDO-6): their own, or anyone's with ReadSession. A closed or unknown session,
// or one the caller may not see, is not found, with OMERO's message. The caller's
// event records it.
func (t *Tx) CloseSession(uuid string) (Session, error) {
	s, err := scanSession(t.queryRow(selectSession+` WHERE s.uuid = ?`, uuid))
	if errors.Is(err, sql.ErrNoRows) || err == nil && (s.Closed != nil || !perms.CanReadSession(t.Caller, s.OwnerID, s.SudoerID)) {
		return s, notFound("No session with the given ID found.")
	}
	if err != nil {
		return s, err
	}
	if _, err := t.exec(`UPDATE session SET closed = ? WHERE id = ?`, t.now, s.ID); err != nil {
		return s, err
	}
	return s, t.Log("Session", s.ID, "UPDATE")
}
