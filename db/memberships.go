package db

import (
	"database/sql"
	"errors"

	"github.com/omero-go/omero/db/dialect"
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
		if g.ID == perms.SystemGroup {
			if err := t.watchPrivileges(u.ID); err != nil {
				return false, err
			}
		}
		err = t.queryRow(`INSERT INTO groupexperimentermap (parent, child, owner, child_index)
			VALUES (?, ?, 0, (SELECT coalesce(max(child_index), -1) + 1 FROM groupexperimentermap WHERE child = ?)) RETURNING id`, g.ID, u.ID, u.ID).Scan(&mapID)
		if err != nil {
			return false, err
		}
		if err := t.fixDefaultGroup(u.ID); err != nil {
			return false, err
		}
		if err := t.logMembership(u.ID, mapID, "INSERT"); err != nil {
			return false, err
		}
	}
	if asOwner {
		return true, t.setOwner(u, mapID, g, true)
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

func (t *Tx) setOwner(u User, mapID int64, g Group, owner bool) error {
	target, err := t.userPrincipal(u)
	if err != nil {
		return err
	}
	if err := perms.CheckSetOwner(t.Caller, target, g.Ref()); err != nil {
		return err
	}
	if _, err := t.exec(`UPDATE groupexperimentermap SET owner = ? WHERE id = ?`, owner, mapID); err != nil {
		return err
	}
	return t.logMembership(u.ID, mapID, "UPDATE")
}

// LeaveGroup removes u from g, or with ownerOnly only drops the owner flag
// (R-MEMBER-5..8, R-OWNER-1). It reports false when there was nothing to remove.
func (t *Tx) LeaveGroup(u User, g Group, ownerOnly bool) (bool, error) {
	mapID, owner, member, err := t.membership(u.ID, g.ID)
	if err != nil || !member || ownerOnly && !owner {
		return false, err
	}
	if ownerOnly {
		return true, t.setOwner(u, mapID, g, false)
	}
	target, err := t.userPrincipal(u)
	if err != nil {
		return false, err
	}
	if err := perms.CheckRemoveMemberships(t.Caller, target, []perms.Group{g.Ref()}); err != nil {
		return false, err
	}
	if _, err := t.exec(`DELETE FROM groupexperimentermap WHERE id = ?`, mapID); err != nil {
		if msg, ok := dialect.TriggerMessage(err); ok {
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

// MembershipChange is what one step of a membership command did, for the command
// line to word as OMERO's does.
type MembershipChange struct {
	UserID, GroupID int64
	Step            MembershipStep
	AsOwner         bool // the step was about the owner flag
	Changed         bool // false: it was so already
}

// MembershipStep is the kind of a membership change.
type MembershipStep uint8

const (
	Joined     MembershipStep = iota // added to the group, or made its owner
	Left                             // removed from the group, or from its owners
	DefaultSet                       // the group became the user's default group
)

// JoinGroups adds user to groups, or makes
// them an owner of each with asOwner; with asDefault the (single) group also
// becomes their default group (R-MEMBER-9), after they joined it.
func (t *Tx) JoinGroups(user Lookup, groups []Lookup, asOwner, asDefault bool) ([]MembershipChange, error) {
	u, gs, err := t.membershipTarget(user, groups)
	if err != nil {
		return nil, err
	}
	if asDefault && len(gs) > 1 {
		return nil, badInput("--as-default requires a single group ID to be supplied.")
	}
	var out []MembershipChange
	for _, g := range gs {
		changed, err := t.JoinGroup(u, g, asOwner)
		if err != nil {
			return nil, err
		}
		out = append(out, MembershipChange{UserID: u.ID, GroupID: g.ID, Step: Joined, AsOwner: asOwner, Changed: changed})
	}
	if asDefault {
		// SetDefaultGroup reads the memberships joining left.
		if err := t.SetDefaultGroup(u, gs[0]); err != nil {
			return nil, err
		}
		out = append(out, MembershipChange{UserID: u.ID, GroupID: gs[0].ID, Step: DefaultSet, Changed: true})
	}
	return out, nil
}

// LeaveGroups removes user from groups, or only
// from their owners with asOwner.
func (t *Tx) LeaveGroups(user Lookup, groups []Lookup, asOwner bool) ([]MembershipChange, error) {
	u, gs, err := t.membershipTarget(user, groups)
	if err != nil {
		return nil, err
	}
	var out []MembershipChange
	for _, g := range gs {
		changed, err := t.LeaveGroup(u, g, asOwner)
		if err != nil {
			return nil, err
		}
		out = append(out, MembershipChange{UserID: u.ID, GroupID: g.ID, Step: Left, AsOwner: asOwner, Changed: changed})
	}
	return out, nil
}

// membershipTarget resolves the user of joingroup and leavegroup, then their groups,
// of which there must be some.
func (t *Tx) membershipTarget(user Lookup, groups []Lookup) (User, []Group, error) {
	u, err := t.FindUser(user)
	if err != nil {
		return u, nil, err
	}
	if len(groups) == 0 {
		return u, nil, badInput("No input group is specified")
	}
	gs, err := t.FindGroups(groups)
	return u, gs, err
}

// AddUsers adds users to group, or makes them its owners with asOwner.
func (t *Tx) AddUsers(group Lookup, users []Lookup, asOwner bool) ([]MembershipChange, error) {
	g, us, err := t.groupAndUsers(group, users)
	if err != nil {
		return nil, err
	}
	return t.joinMany(us, g, asOwner)
}

// RemoveUsers removes users from group, or only from its owners with asOwner.
func (t *Tx) RemoveUsers(group Lookup, users []Lookup, asOwner bool) ([]MembershipChange, error) {
	g, us, err := t.groupAndUsers(group, users)
	if err != nil {
		return nil, err
	}
	var out []MembershipChange
	for _, u := range us {
		changed, err := t.LeaveGroup(u, g, asOwner)
		if err != nil {
			return nil, err
		}
		out = append(out, MembershipChange{UserID: u.ID, GroupID: g.ID, Step: Left, AsOwner: asOwner, Changed: changed})
	}
	return out, nil
}

// groupAndUsers resolves the group and the users of adduser and removeuser.
func (t *Tx) groupAndUsers(group Lookup, users []Lookup) (Group, []User, error) {
	g, err := t.groupRefOf(group)
	if err != nil {
		return g, nil, err
	}
	us, err := t.findUsersAtOnce(users)
	return g, us, err
}

// CopyUsers adds every member of group from to group to, or with asOwner makes the
// owners of from owners of to, in id order.
func (t *Tx) CopyUsers(from, to Lookup, asOwner bool) ([]MembershipChange, error) {
	src, err := t.groupRefOf(from)
	if err != nil {
		return nil, err
	}
	dst, err := t.groupRefOf(to)
	if err != nil {
		return nil, err
	}
	pick := `parent = ?`
	if asOwner {
		pick += ` AND owner = 1`
	}
	users, err := t.userRefs(`id IN (SELECT child FROM groupexperimentermap WHERE `+pick+`)`, []any{src.ID})
	if err != nil || len(users) == 0 {
		return nil, err
	}
	return t.joinMany(users, dst, asOwner)
}
