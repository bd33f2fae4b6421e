package perms

import "slices"

// Messages of OMERO's server that scripts may look for (verbatim).
const (
	msgNotAdminOrLeader = "SecurityViolation: Current user is neither admin nor group-leader for the given user(s)/group(s)"
	msgElevation        = "SecurityViolation: cannot give administrator privileges that current user does not have"
)

// CheckChangeAccount decides, beyond who may make it, any change to target's
// account: login name, names, email, institution, config, LDAP flag, default group,
// active state, system membership, privileges (R-USER-ACCOUNT-1, ours; OMERO checks
// this only for passwords, R-PW-3). The caller must hold every privilege target
// holds, so that no administrator locks out, renames or demotes a more privileged
// one, and a sudo session never changes more than its sudoer could. It is asked after
// OMERO's own rules, so that where OMERO refuses, its message is the one shown.
func CheckChangeAccount(c Caller, target Principal) error {
	if target.Privileges().SubsetOf(c.Privileges) {
		return nil
	}
	return deny("R-USER-ACCOUNT-1", "SecurityViolation: Cannot change the account of a more privileged user: %s", target.Name)
}

// CheckCreateUser decides `user add`: only administrators holding ModifyUser and
// ModifyGroupMembership create users (README, Differences 7; R-USER-CREATE-1), and a new
// administrator may not hold a privilege the caller lacks (R-USER-CREATE-4/5, R-PRIV-7).
// privileges is what the new user will hold: empty for a non-admin.
func CheckCreateUser(c Caller, privileges PrivSet) error {
	if err := c.RequireAdmin(ModifyUser, ModifyGroupMembership); err != nil {
		return err
	}
	if !privileges.SubsetOf(c.Privileges) {
		return deny("R-PRIV-7", msgElevation)
	}
	return nil
}

// gainedBySystem is what target would gain by joining system (R-PRIV-7): everything it is
// not restricted from, unless it is an admin already.
func gainedBySystem(target Principal) PrivSet {
	if target.InSystem() {
		return 0
	}
	t := target
	t.MemberOf = append(slices.Clone(t.MemberOf), SystemGroup)
	return t.Privileges()
}

// CheckNewUserGroups decides the memberships of a new user, in order: the first is
// the default group, which is never the user group (R-ROLE-3).
func CheckNewUserGroups(groups []int64) error {
	if len(groups) > 0 && groups[0] == UserGroup {
		return deny("R-ROLE-3", "SecurityViolation: experimenter cannot be a member of only the 'user' group, a different default group is also required")
	}
	return nil
}

// CheckAddMembership decides adding target to g (as a member, or as an owner).
// Admins holding ModifyGroupMembership may add anyone anywhere (R-MEMBER-1), group
// owners only to groups they own (R-MEMBER-4, R-OWNER-1), joining system must
// not give privileges the caller lacks (R-MEMBER-3, R-PRIV-7, R-PRIV-8), and joining
// user reactivates an account (R-USER-ACCOUNT-1).
func CheckAddMembership(c Caller, target Principal, g Group) error {
	if !c.Holds(ModifyGroupMembership) && !c.IsLeader(g.ID) {
		return deny("R-MEMBER-1", msgNotAdminOrLeader)
	}
	if g.ID == SystemGroup && !gainedBySystem(target).SubsetOf(c.Privileges) {
		return deny("R-MEMBER-3", msgElevation)
	}
	if g.ID == UserGroup {
		return CheckChangeAccount(c, target)
	}
	return nil
}

// CheckSetOwner decides setting or unsetting the owner flag of target in g
// (R-OWNER-1). In the built-in groups the flag is part of the account
// (R-USER-ACCOUNT-1).
func CheckSetOwner(c Caller, target Principal, g Group) error {
	if !c.Holds(ModifyGroupMembership) && !c.IsLeader(g.ID) {
		return deny("R-OWNER-1", msgNotAdminOrLeader)
	}
	if IsBuiltinGroup(g.ID) {
		return CheckChangeAccount(c, target)
	}
	return nil
}

// CheckRemoveMemberships decides removing target from every group in gs at once
// (R-MEMBER-5, R-MEMBER-6 in OMERO's order). Leaving system or user demotes or
// deactivates the account (R-USER-ACCOUNT-1, where OMERO has R-MEMBER-7), and leaving
// the default group changes it (R-USER-ACCOUNT-1).
func CheckRemoveMemberships(c Caller, target Principal, gs []Group) error {
	for _, g := range gs {
		if !c.Holds(ModifyGroupMembership) && !c.IsLeader(g.ID) {
			return deny("R-MEMBER-5", msgNotAdminOrLeader)
		}
	}
	removing := func(id int64) bool {
		return slices.ContainsFunc(gs, func(g Group) bool { return g.ID == id })
	}
	builtin := removing(SystemGroup) || removing(UserGroup)
	if builtin && target.ID == RootID {
		return deny("R-MEMBER-6", "SecurityViolation: experimenter 'root' may not be removed from the 'system' or 'user' group")
	}
	self := c.UserID
	if c.Sudoer != nil {
		self = c.Sudoer.ID
	}
	if builtin && (target.ID == c.UserID || target.ID == self) {
		return deny("R-MEMBER-6", "SecurityViolation: experimenters may not remove themselves from the 'system' or 'user' group")
	}
	var left []int64
	for _, m := range target.MemberOf {
		if !removing(m) {
			left = append(left, m)
		}
	}
	if len(left) == 0 {
		return deny("R-MEMBER-6", "SecurityViolation: experimenter must remain a member of some group")
	}
	if len(left) == 1 && left[0] == UserGroup {
		return deny("R-MEMBER-6", "SecurityViolation: experimenter cannot be a member of only the 'user' group, a different default group is also required")
	}
	// Leaving system or user demotes or deactivates; leaving the default group
	// changes it.
	if builtin || removing(target.MemberOf[0]) {
		return CheckChangeAccount(c, target)
	}
	return nil
}

// CheckSetDefaultGroup decides making g the default group of target (R-MEMBER-9):
// administrators holding ModifyUser, or the user themself; never the user group, and
// only a group the user is in. It is a change to the account (R-USER-ACCOUNT-1).
func CheckSetDefaultGroup(c Caller, target Principal, g Group) error {
	if !c.Holds(ModifyUser) && c.UserID != target.ID {
		return deny("R-MEMBER-9", "SecurityViolation: User %d can only set own default group.", c.UserID)
	}
	if g.ID == UserGroup {
		return deny("R-MEMBER-9", "SecurityViolation: Cannot set default group to: user")
	}
	if !slices.Contains(target.MemberOf, g.ID) {
		return deny("R-MEMBER-9", "SecurityViolation: %s is not a member of group %s (id=%d)", target.Name, g.Name, g.ID)
	}
	return CheckChangeAccount(c, target)
}

// CheckCreateGroup decides `group add` (R-GROUP-CREATE-1).
func CheckCreateGroup(c Caller) error { return c.RequireAdmin(ModifyGroup) }

// CheckChangeGroupPermissions decides `group perms` (R-GROUP-PERMS-1..3): group owners
// and administrators holding ModifyGroup may change the level, the user-read right
// must stay, and only administrators holding ModifyGroup may make a group writable
// by its members (README, Differences 6; R-GROUP-PERMS-3). Then, whoever asks, the built-in groups
// keep theirs (R-GROUP-BUILTIN-1): a read-write user or system group would let any
// member delete root's data.
func CheckChangeGroupPermissions(c Caller, g Group, to Permissions) error {
	if err := CheckGroupPermissions(to); err != nil {
		return err
	}
	if g.Permissions.SameRights(to) {
		// No change, whoever asks: OMERO's CLI says it is already so (R-GROUP-PERMS-2).
		return nil
	}
	admin := c.Holds(ModifyGroup)
	if !admin && !c.IsLeader(g.ID) {
		if c.Admin {
			return deny("R-GROUP-PERMS-1", "SecurityViolation: Admin restrictions: ModifyGroup")
		}
		return deny("R-GROUP-PERMS-1", "SecurityViolation: only an owner of the group or an administrator may change its permissions")
	}
	promotes := (to.GroupWrite() && !g.Permissions.GroupWrite()) || (to.WorldWrite() && !g.Permissions.WorldWrite())
	if promotes && !admin {
		return deny("R-GROUP-PERMS-3", "SecurityViolation: only an administrator may make a group read-write")
	}
	if IsBuiltinGroup(g.ID) {
		return deny("R-GROUP-BUILTIN-1", "SecurityViolation: the permissions of the built-in group '%s' cannot be changed", g.Name)
	}
	return nil
}

// CheckSetLDAP decides `ldap setdn` (R-LDAP-2): ModifyUser for a user, ModifyGroup for
// a group; group owners and the user themself may not.
func CheckSetLDAP(c Caller, group bool) error {
	if group {
		return c.RequireAdmin(ModifyGroup)
	}
	return c.RequireAdmin(ModifyUser)
}

// CheckSetUserLDAP is CheckSetLDAP for the user target: turning the flag on replaces
// the user's password by the directory's (or, with LDAP off, locks them out), so it
// is a change to the account (R-USER-ACCOUNT-1).
func CheckSetUserLDAP(c Caller, target Principal) error {
	if err := CheckSetLDAP(c, false); err != nil {
		return err
	}
	return CheckChangeAccount(c, target)
}

// CheckLDAPCommand is the check OMERO's CLI makes before an ldap command other than
// list looks anything up (R-LDAP-3): administrators only, and create also needs
// ModifyUser and ModifyGroupMembership, as user add does.
func CheckLDAPCommand(c Caller, create bool) error {
	if create {
		return c.RequireAdmin(ModifyUser, ModifyGroupMembership)
	}
	return c.RequireAdmin()
}

// CheckChangePassword decides setting target's password (R-PW-1..3, R-LDAP-6). A
// sudo session changing its own user's password is changing another person's
// password, so sudo never lets anyone take over an account.
func CheckChangePassword(c Caller, target Principal) error {
	if target.LDAP {
		return deny("R-LDAP-6", "SecurityViolation: Cannot change password with this implementation: LDAP login is enabled for %s, whose password is the directory's", target.Name)
	}
	if c.UserID == target.ID && c.Sudoer == nil {
		return nil
	}
	if err := c.RequireAdmin(ModifyUser); err != nil {
		return err
	}
	if !target.Privileges().SubsetOf(c.Privileges) {
		return deny("R-PW-3", "SecurityViolation: Cannot change the password of a more privileged user.")
	}
	return nil
}

// CheckSetPrivileges decides replacing target's restrictions so that, as an
// administrator, it would hold exactly want (R-PRIV-SET-1..4, R-PRIV-7, R-PRIV-8).
// Privileges mean something only for members of system, so for anyone else the
// change fails (R-PRIV-ADMIN-1): OMERO stores it and changes nothing visible.
func CheckSetPrivileges(c Caller, target Principal, want PrivSet) error {
	if err := c.RequireAdmin(ModifyUser); err != nil {
		return err
	}
	if !target.InSystem() {
		// Joining system makes a full administrator: say so, and how to restrict.
		return inapplicable("R-PRIV-ADMIN-1", "%s is not an administrator, so privileges do not apply to them", target.Name).
			WithHint("omero user joingroup system --name %s makes them a full administrator, holding every privilege; "+
				"then restrict them with: omero user privileges %s --revoke PRIVILEGE,...", target.Name, target.Name)
	}
	if target.ID == RootID && !want.IsFull() {
		return deny("R-PRIV-SET-2", "SecurityViolation: cannot remove light administrator privileges from the root user")
	}
	after := target
	after.Restrictions = AllPrivs.Minus(want)
	if gained := after.Privileges().Minus(target.Privileges()); !gained.SubsetOf(c.Privileges) {
		return deny("R-PRIV-7", msgElevation)
	}
	// Demoting a more privileged admin is refused too (OMERO allows it, R-PRIV-SET-4).
	return CheckChangeAccount(c, target)
}
