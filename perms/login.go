package perms

import "slices"

// Group is what perms needs to know about a group.
type Group struct {
	ID          int64
	Name        string
	Permissions Permissions
}

// CheckLogin decides whether p, authenticated by the directory or by its stored
// password, may log in. An LDAP-flagged user logs in only through the directory: with
// LDAP off, its stored password is not used (R-LDAP-4; README, "LDAP"). A deactivated
// user may call nothing (R-ROLE-10).
func CheckLogin(p Principal, directory bool) error {
	if p.LDAP && !directory {
		return deny("R-LDAP-4", "LDAP login is enabled for user %s, but LDAP is off (omero.ldap.config is false)", p.Name).
			WithHint("an administrator turns it on with: omero config set omero.ldap.config true, or off for %s with: omero ldap setdn --user-name %s false", p.Name, p.Name)
	}
	if !p.Active() {
		return deny("R-ROLE-10", "User account error: %s is deactivated (not in group user).", p.Name)
	}
	return nil
}

// checkNotCommonGroup refuses the common user group as a session's group
// (R-SESSION-1): everyone is a member of it, so data created there could be read and
// linked by every user. OMERO replaces it by the default group on sudo (R-SUDO-2);
// here it is refused outright, as chgrp into it is (R-GROUP-COMMON-1).
func checkNotCommonGroup(g Group) error {
	if g.ID == UserGroup {
		return deny("R-SESSION-1", "SecurityViolation: the common group %s (id=%d) cannot be a session's group; choose another group", g.Name, g.ID)
	}
	return nil
}

// CheckSessionGroup decides whether user may open a session in g: never the user group
// (R-SESSION-1); members may, admins may enter any group, and anyone may enter a
// world-readable group (R-PERM-READ-1).
func CheckSessionGroup(user Principal, g Group) error {
	if err := checkNotCommonGroup(g); err != nil {
		return err
	}
	if slices.Contains(user.MemberOf, g.ID) || user.InSystem() || g.Permissions.WorldRead() {
		return nil
	}
	return deny("R-PERM-READ-1", "SecurityViolation: %s is not a member of group %s (id=%d)", user.Name, g.Name, g.ID)
}

// CheckSudo decides whether sudoer may open a session as target in group g.
// Holders of Sudo may become anyone (R-SUDO-2); everyone else only members of a group
// they own, and only into that group (R-SUDO-3). Never into the user group
// (R-SESSION-1).
func CheckSudo(sudoer, target Principal, g Group) error {
	if err := checkNotCommonGroup(g); err != nil {
		return err
	}
	if sudoer.HoldsSudo() {
		if slices.Contains(target.MemberOf, g.ID) || target.InSystem() || g.Permissions.WorldRead() {
			return nil
		}
		return deny("R-SUDO-2", "SecurityViolation: %s is not a member of group %s (id=%d)", target.Name, g.Name, g.ID)
	}
	if !slices.Contains(sudoer.LeaderOf, g.ID) {
		if sudoer.InSystem() {
			return deny("R-SUDO-3", "SecurityViolation: Admin restrictions: Sudo")
		}
		return deny("R-SUDO-3", "SecurityViolation: Group sudo is not permitted for group %s (gid=%d)", g.Name, g.ID)
	}
	if !slices.Contains(target.MemberOf, g.ID) {
		return deny("R-SUDO-3", "SecurityViolation: %s is not a member of group %s (id=%d)", target.Name, g.Name, g.ID)
	}
	return nil
}

// CheckSwitchGroup decides whether the caller's session may move to g
// (R-PERM-READ-1); a group-sudo session never leaves the sudoer's groups (R-SUDO-3),
// and no session enters the user group (R-SESSION-1).
func CheckSwitchGroup(c Caller, g Group) error {
	if c.SudoGroups != nil && !slices.Contains(c.SudoGroups, g.ID) {
		return deny("R-SUDO-3", "SecurityViolation: Group-sudo session cannot change context!")
	}
	if err := checkNotCommonGroup(g); err != nil {
		return err
	}
	if c.IsMember(g.ID) || c.Admin || g.Permissions.WorldRead() {
		return nil
	}
	return deny("R-PERM-READ-1", "SecurityViolation: %s is not a member of group %s (id=%d)", c.UserName, g.Name, g.ID)
}

// CanReadSession decides whether the caller may see a session (R-SUDO-6): its real
// owner (the sudoer if any, else the owner) must be the caller's, unless the caller
// holds ReadSession.
func CanReadSession(c Caller, owner int64, sudoer *int64) bool {
	if c.Holds(ReadSession) {
		return true
	}
	real := owner
	if sudoer != nil {
		real = *sudoer
	}
	mine := c.UserID
	if c.Sudoer != nil {
		mine = c.Sudoer.ID
	}
	return real == mine
}

// CanReadSessionKey decides whether the caller, who may see a session
// (CanReadSession), may also see its key (R-SESSION-KEY-1, ours). A key joins the
// session with its user's privileges, so ReadSession never shows the key of a
// session whose user holds privileges the caller lacks.
func CanReadSessionKey(c Caller, user PrivSet) bool { return user.SubsetOf(c.Privileges) }

// ExposesSessions reports whether an administrator holding held can read other
// users' session keys and act as them without holding every privilege: OMERO's guide
// advises restricting ReadSession for every restricted administrator.
func ExposesSessions(held PrivSet) bool { return held.Has(ReadSession) && !held.IsFull() }

// NewlyExposesSessions reports whether a change of an administrator's privileges
// from before to after, granting grant, is one to warn about: it leaves them
// exposing sessions (ExposesSessions) where they did not, or grants ReadSession
// again.
func NewlyExposesSessions(before, after, grant PrivSet) bool {
	return ExposesSessions(after) && (grant.Has(ReadSession) || !ExposesSessions(before))
}

// CanReadAllEvents decides whether the caller sees everyone's audit events: every
// administrator does, as they can read everything else (R-ROLE-6); other users see
// only their own.
func CanReadAllEvents(c Caller) bool { return c.Admin }
