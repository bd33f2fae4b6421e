package db

import (
	"database/sql"
	"errors"

	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// membership reads u's row for group g, if any.
func (t *Tx) membership(userID, groupID int64) (id int64, owner, ok bool, err error) {
	err = t.queryRow(`SELECT id, owner FROM groupexperimentermap WHERE child = ? AND parent = ?`, userID, groupID).Scan(&id, &owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, false, nil
	}
	return id, owner, err == nil, err
}

// JoinGroup adds u to g, as an owner with asOwner (R-MEMBER-1..4, R-OWNER-1/2). It
// reports false when u already was a member (an owner, with asOwner).
func (t *Tx) JoinGroup(u User, g Group, asOwner bool) (bool, error) {
	mapID, owner, member, err := t.membership(u.ID, g.ID)
	if err != nil {
		return false, err
	}
	if member && (owner || !asOwner) {
		return false, nil
	}
	if !member {
		target, err := t.userPrincipal(u)
		if err != nil {
			return false, err
		}
		if err := perms.CheckAddMembership(t.Caller, target, g.Ref()); err != nil {
			return false, err
		}
		r, err := t.exec(`INSERT INTO groupexperimentermap (parent, child, owner, child_index)
			VALUES (?, ?, 0, (SELECT coalesce(max(child_index), -1) + 1 FROM groupexperimentermap WHERE child = ?))`, g.ID, u.ID, u.ID)
		if err != nil {
			return false, err
		}
		mapID, _ = r.LastInsertId()
		if err := t.fixDefaultGroup(u.ID); err != nil {
			return false, err
		}
		if err := t.logMembership(u.ID, mapID, "INSERT"); err != nil {
			return false, err
		}
	}
	if asOwner {
		return true, t.setOwner(u.ID, mapID, g, true)
	}
	return true, nil
}

// logMembership records a change of one membership, and that it changed the user,
// so that events --user finds it even after the membership is gone.
func (t *Tx) logMembership(userID, mapID int64, action string) error {
	if err := t.Log("GroupExperimenterMap", mapID, action); err != nil {
		return err
	}
	return t.Log("Experimenter", userID, "UPDATE")
}

func (t *Tx) setOwner(userID, mapID int64, g Group, owner bool) error {
	if err := perms.CheckSetOwner(t.Caller, g.Ref()); err != nil {
		return err
	}
	if _, err := t.exec(`UPDATE groupexperimentermap SET owner = ? WHERE id = ?`, owner, mapID); err != nil {
		return err
	}
	return t.logMembership(userID, mapID, "UPDATE")
}

// LeaveGroup removes u from g, or with ownerOnly only drops the owner flag
// (R-MEMBER-5..8, R-OWNER-1). It reports false when there was nothing to remove.
func (t *Tx) LeaveGroup(u User, g Group, ownerOnly bool) (bool, error) {
	mapID, owner, member, err := t.membership(u.ID, g.ID)
	if err != nil || !member || ownerOnly && !owner {
		return false, err
	}
	if ownerOnly {
		return true, t.setOwner(u.ID, mapID, g, false)
	}
	target, err := t.userPrincipal(u)
	if err != nil {
		return false, err
	}
	if err := perms.CheckRemoveMemberships(t.Caller, target, []perms.Group{g.Ref()}); err != nil {
		return false, err
	}
	if _, err := t.exec(`DELETE FROM groupexperimentermap WHERE id = ?`, mapID); err != nil {
		if msg, ok := isTrigger(err); ok {
			return false, &fault.Error{Kind: fault.Denied, Rule: "R-DB-2", Msg: "SecurityViolation: " + msg}
		}
		return false, err
	}
	if err := t.fixDefaultGroup(u.ID); err != nil {
		return false, err
	}
	return true, t.logMembership(u.ID, mapID, "DELETE")
}

// SetDefaultGroup makes g u's default group by swapping its place with the current
// default (R-MEMBER-9).
func (t *Tx) SetDefaultGroup(u User, g Group) error {
	target, err := t.userPrincipal(u)
	if err != nil {
		return err
	}
	if err := perms.CheckSetDefaultGroup(t.Caller, target, g.Ref()); err != nil {
		return err
	}
	if err := t.swapFirst(u.ID, g.ID); err != nil {
		return err
	}
	return t.Log("Experimenter", u.ID, "UPDATE")
}

// fixDefaultGroup keeps a group other than user first whenever the user has one
// (R-MEMBER-2, R-MEMBER-8).
func (t *Tx) fixDefaultGroup(userID int64) error {
	var first int64
	err := t.queryRow(`SELECT parent FROM groupexperimentermap WHERE child = ? ORDER BY child_index LIMIT 1`, userID).Scan(&first)
	if errors.Is(err, sql.ErrNoRows) || err == nil && first != perms.UserGroup {
		return nil
	}
	if err != nil {
		return err
	}
	var next int64
	err = t.queryRow(`SELECT parent FROM groupexperimentermap WHERE child = ? AND parent <> ? ORDER BY child_index LIMIT 1`, userID, perms.UserGroup).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return t.swapFirst(userID, next)
}

// swapFirst exchanges the positions of group g and of the user's first membership.
// A temporary negative index keeps UNIQUE(child, child_index) satisfied throughout.
func (t *Tx) swapFirst(userID, g int64) error {
	var firstID, firstIdx, gID, gIdx int64
	if err := t.queryRow(`SELECT id, child_index FROM groupexperimentermap WHERE child = ? ORDER BY child_index LIMIT 1`, userID).Scan(&firstID, &firstIdx); err != nil {
		return err
	}
	if err := t.queryRow(`SELECT id, child_index FROM groupexperimentermap WHERE child = ? AND parent = ?`, userID, g).Scan(&gID, &gIdx); err != nil {
		return err
	}
	if firstID == gID {
		return nil
	}
	for _, s := range []struct{ id, idx int64 }{{gID, -1}, {firstID, gIdx}, {gID, firstIdx}} {
		if _, err := t.exec(`UPDATE groupexperimentermap SET child_index = ? WHERE id = ?`, s.idx, s.id); err != nil {
			return err
		}
	}
	return nil
}
