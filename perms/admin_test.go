package perms

import (
	"errors"
	"strings"
	"testing"

	"github.com/omero-go/omero/perms/fault"
)

var (
	raAllButRead = Principal{ID: 13, Name: "rab", MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: NewPrivSet(ReadSession)}
	raUserSudo   = Principal{ID: 14, Name: "rus", MemberOf: []int64{SystemGroup, UserGroup},
		Restrictions: AllPrivs.Minus(NewPrivSet(ModifyUser, Sudo, ModifyGroupMembership))}
	raMembership = Principal{ID: 15, Name: "rgm", MemberOf: []int64{SystemGroup, UserGroup},
		Restrictions: AllPrivs.Minus(NewPrivSet(ModifyGroupMembership))}
	raModifyUser = Principal{ID: 16, Name: "rmu", MemberOf: []int64{SystemGroup, UserGroup},
		Restrictions: AllPrivs.Minus(NewPrivSet(ModifyUser))}
	raGroup = Principal{ID: 17, Name: "rg", MemberOf: []int64{SystemGroup, UserGroup},
		Restrictions: AllPrivs.Minus(NewPrivSet(ModifyGroup))}
	plain = Principal{ID: 30, Name: "plain", MemberOf: []int64{4, UserGroup}}
	// member belongs to lab (3) and user only; owner owns lab.
	groupSystem = Group{ID: SystemGroup, Name: "system", Permissions: Private}
	groupUser   = Group{ID: UserGroup, Name: "user", Permissions: -52}
)

func ctx(p Principal) Caller { return NewCaller(p, nil, 3) }

func TestRuleCreateUser(t *testing.T) {
	t.Run("R-USER-CREATE-4/restricted admin cannot create a full admin (B1)", func(t *testing.T) {
		denied(t, CheckCreateUser(ctx(raAllButRead), AllPrivs), "R-PRIV-7", msgElevation)
	})
	t.Run("R-USER-CREATE-5/restricted admin creates a subset of own privileges (B2)", func(t *testing.T) {
		if err := CheckCreateUser(ctx(raUserSudo), NewPrivSet(Sudo)); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-CREATE-5/but not a superset (B3)", func(t *testing.T) {
		denied(t, CheckCreateUser(ctx(raUserSudo), NewPrivSet(Sudo, Chown)), "R-PRIV-7", "")
	})
	t.Run("R-USER-CREATE-1/README Differences 7: group owners and members do not create users", func(t *testing.T) {
		denied(t, CheckCreateUser(ctx(owner), 0), "R-ROLE-4", "SecurityViolation: Admins only!")
		denied(t, CheckCreateUser(ctx(raModifyUser), 0), "R-PRIV-6", "SecurityViolation: Admin restrictions: ModifyGroupMembership")
	})
	t.Run("R-USER-CREATE-4/full admin creates a full admin", func(t *testing.T) {
		if err := CheckCreateUser(ctx(fullAdmin), AllPrivs); err != nil {
			t.Error(err)
		}
	})
}

func TestRuleMembership(t *testing.T) {
	t.Run("R-MEMBER-3/ModifyGroupMembership alone cannot make an unrestricted user admin (B4)", func(t *testing.T) {
		denied(t, CheckAddMembership(ctx(raMembership), plain, groupSystem), "R-MEMBER-3", msgElevation)
	})
	t.Run("R-MEMBER-3/but may add a user restricted to what the caller holds", func(t *testing.T) {
		limited := plain
		limited.Restrictions = AllPrivs.Minus(NewPrivSet(ModifyGroupMembership))
		if err := CheckAddMembership(ctx(raMembership), limited, groupSystem); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-ROLE-14/nobody removes root from user (B5)", func(t *testing.T) {
		denied(t, CheckRemoveMemberships(ctx(fullAdmin), root, []Group{groupUser}), "R-MEMBER-6",
			"SecurityViolation: experimenter 'root' may not be removed from the 'system' or 'user' group")
		denied(t, CheckRemoveMemberships(ctx(root), root, []Group{groupSystem}), "R-MEMBER-6", "")
	})
	t.Run("R-MEMBER-6/full admin cannot remove self from system (B6)", func(t *testing.T) {
		denied(t, CheckRemoveMemberships(ctx(fullAdmin), fullAdmin, []Group{groupSystem}), "R-MEMBER-6",
			"SecurityViolation: experimenters may not remove themselves from the 'system' or 'user' group")
	})
	t.Run("R-MEMBER-6/owner cannot leave a member with only user (B7)", func(t *testing.T) {
		denied(t, CheckRemoveMemberships(ctx(owner), member, []Group{lab}), "R-MEMBER-6",
			"SecurityViolation: experimenter cannot be a member of only the 'user' group, a different default group is also required")
	})
	t.Run("R-MEMBER-6/a user keeps some group", func(t *testing.T) {
		only := Principal{ID: 31, MemberOf: []int64{3}}
		denied(t, CheckRemoveMemberships(ctx(owner), only, []Group{lab}), "R-MEMBER-6",
			"SecurityViolation: experimenter must remain a member of some group")
	})
	t.Run("R-MEMBER-6/removing user from someone with another group deactivates", func(t *testing.T) {
		if err := CheckRemoveMemberships(ctx(raMembership), member, []Group{groupUser}); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/restricted admin cannot deactivate or demote a full admin (OMERO: R-MEMBER-7)", func(t *testing.T) {
		denied(t, CheckRemoveMemberships(ctx(raMembership), fullAdmin, []Group{groupUser}), "R-USER-ACCOUNT-1",
			"SecurityViolation: Cannot change the account of a more privileged user: fa")
		faInLab := fullAdmin
		faInLab.MemberOf = []int64{3, SystemGroup, UserGroup}
		denied(t, CheckRemoveMemberships(ctx(raMembership), faInLab, []Group{groupSystem}), "R-USER-ACCOUNT-1", "")
		inLab := raMembership
		inLab.MemberOf = []int64{3, SystemGroup, UserGroup}
		if err := CheckRemoveMemberships(ctx(fullAdmin), inLab, []Group{groupSystem}); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/nor reactivate one", func(t *testing.T) {
		inactive := Principal{ID: 11, Name: "ia", MemberOf: []int64{3, SystemGroup}}
		denied(t, CheckAddMembership(ctx(raMembership), inactive, groupUser), "R-USER-ACCOUNT-1", "")
		if err := CheckAddMembership(ctx(raMembership), inactive, lab); err != nil {
			t.Errorf("other groups are not the account: %v", err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/a group owner removes an admin from the group", func(t *testing.T) {
		inLab := Principal{ID: 12, Name: "la", MemberOf: []int64{4, 3, SystemGroup, UserGroup}}
		if err := CheckRemoveMemberships(ctx(owner), inLab, []Group{lab}); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/but not from their default group, which would change it", func(t *testing.T) {
		inLab := Principal{ID: 12, Name: "la", MemberOf: []int64{3, 4, SystemGroup, UserGroup}}
		denied(t, CheckRemoveMemberships(ctx(owner), inLab, []Group{lab}), "R-USER-ACCOUNT-1", "")
		denied(t, CheckRemoveMemberships(ctx(raMembership), inLab, []Group{lab}), "R-USER-ACCOUNT-1",
			"SecurityViolation: Cannot change the account of a more privileged user: la")
		if err := CheckRemoveMemberships(ctx(owner), member, []Group{lab, other}); err == nil {
			t.Error("a member left with only user")
		}
		inTwo := Principal{ID: 31, Name: "in2", MemberOf: []int64{3, 4, UserGroup}}
		if err := CheckRemoveMemberships(ctx(owner), inTwo, []Group{lab}); err != nil {
			t.Errorf("a plain user's default group changes: %v", err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/no default group change for a more privileged user", func(t *testing.T) {
		fa := Principal{ID: 10, Name: "fa", MemberOf: []int64{3, 4, SystemGroup, UserGroup}}
		denied(t, CheckSetDefaultGroup(ctx(raModifyUser), fa, other), "R-USER-ACCOUNT-1", "")
		if err := CheckSetDefaultGroup(ctx(raModifyUser), member, lab); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-MEMBER-1/owner adds anyone to an owned group (B8)", func(t *testing.T) {
		if err := CheckAddMembership(ctx(owner), plain, lab); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-MEMBER-1/but not to a group not owned (B8)", func(t *testing.T) {
		denied(t, CheckAddMembership(ctx(owner), plain, other), "R-MEMBER-1", msgNotAdminOrLeader)
	})
	t.Run("R-MEMBER-4/owner cannot activate users", func(t *testing.T) {
		denied(t, CheckAddMembership(ctx(owner), plain, groupUser), "R-MEMBER-1", "")
	})
	t.Run("R-MEMBER-5/member cannot remove others", func(t *testing.T) {
		denied(t, CheckRemoveMemberships(ctx(member), owner, []Group{lab}), "R-MEMBER-5", "")
	})
	t.Run("R-MEMBER-9/owner cannot set a member's default group (B9)", func(t *testing.T) {
		denied(t, CheckSetDefaultGroup(ctx(owner), member, lab), "R-MEMBER-9", "SecurityViolation: User 20 can only set own default group.")
	})
	t.Run("R-MEMBER-9/a user sets their own default, never user", func(t *testing.T) {
		if err := CheckSetDefaultGroup(ctx(owner), owner, other); err != nil {
			t.Error(err)
		}
		denied(t, CheckSetDefaultGroup(ctx(owner), owner, groupUser), "R-MEMBER-9", "SecurityViolation: Cannot set default group to: user")
		denied(t, CheckSetDefaultGroup(ctx(fullAdmin), member, other), "R-MEMBER-9", "")
	})
	t.Run("R-OWNER-1/owners set owners, members do not", func(t *testing.T) {
		if err := CheckSetOwner(ctx(owner), member, lab); err != nil {
			t.Error(err)
		}
		if err := CheckSetOwner(ctx(raMembership), fullAdmin, other); err != nil {
			t.Error(err)
		}
		denied(t, CheckSetOwner(ctx(member), member, lab), "R-OWNER-1", "")
	})
	t.Run("R-USER-ACCOUNT-1/the owner flags in system and user are the account's", func(t *testing.T) {
		denied(t, CheckSetOwner(ctx(raMembership), fullAdmin, groupSystem), "R-USER-ACCOUNT-1", "")
		denied(t, CheckSetOwner(ctx(raMembership), fullAdmin, groupUser), "R-USER-ACCOUNT-1", "")
		if err := CheckSetOwner(ctx(raMembership), plain, groupSystem); err != nil {
			t.Error(err)
		}
		if err := CheckSetOwner(ctx(fullAdmin), fullAdmin, groupSystem); err != nil {
			t.Error(err)
		}
	})
}

func TestRulePasswords(t *testing.T) {
	t.Run("R-PW-1/anyone changes their own", func(t *testing.T) {
		if err := CheckChangePassword(ctx(member), member); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PW-2/group owners cannot change members' passwords", func(t *testing.T) {
		denied(t, CheckChangePassword(ctx(owner), member), "R-ROLE-4", "")
	})
	t.Run("R-PW-3/ModifyUser admin cannot change a full admin's password (B10)", func(t *testing.T) {
		denied(t, CheckChangePassword(ctx(raModifyUser), fullAdmin), "R-PW-3", "SecurityViolation: Cannot change the password of a more privileged user.")
		if err := CheckChangePassword(ctx(raModifyUser), member); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PW-3/sudo never lets one take over the account", func(t *testing.T) {
		denied(t, CheckChangePassword(NewCaller(member, &fullAdmin, 3), member), "R-ROLE-4", "")
	})
	t.Run("R-LDAP-6/ldap users cannot change their password (B24)", func(t *testing.T) {
		l := member
		l.LDAP = true
		denied(t, CheckChangePassword(NewCaller(l, nil, 3), l), "R-LDAP-6", "")
		denied(t, CheckChangePassword(ctx(root), l), "R-LDAP-6", "")
	})
}

func TestRulePrivilegesAndLDAP(t *testing.T) {
	t.Run("R-PRIV-SET-2/root keeps every privilege (B12)", func(t *testing.T) {
		denied(t, CheckSetPrivileges(ctx(root), root, AllPrivs.Remove(Sudo)), "R-PRIV-SET-2",
			"SecurityViolation: cannot remove light administrator privileges from the root user")
	})
	t.Run("R-PRIV-ADMIN-1/privileges of a non-admin are not changed (OMERO: R-PRIV-SET-3)", func(t *testing.T) {
		for _, want := range []PrivSet{AllPrivs, 0, NewPrivSet(Sudo)} {
			err := CheckSetPrivileges(ctx(raModifyUser), plain, want)
			var e *fault.Error
			if !errors.As(err, &e) || e.Rule != "R-PRIV-ADMIN-1" || e.Kind != fault.Failed {
				t.Fatalf("got %v, want R-PRIV-ADMIN-1", err)
			}
			if e.Msg != "plain is not an administrator, so privileges do not apply to them" {
				t.Errorf("message %q", e.Msg)
			}
			// Joining system makes a full administrator: the hint says so.
			if !strings.Contains(e.Hint, "makes them a full administrator") || !strings.Contains(e.Hint, "--revoke") {
				t.Errorf("hint %q", e.Hint)
			}
		}
		denied(t, CheckSetPrivileges(ctx(owner), plain, 0), "R-ROLE-4", "SecurityViolation: Admins only!")
	})
	sudoOnly := Principal{ID: 19, Name: "so", MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: AllPrivs.Remove(Sudo)}
	t.Run("R-PRIV-SET-4/demotion of an admin holding no more than the caller", func(t *testing.T) {
		if err := CheckSetPrivileges(ctx(raUserSudo), sudoOnly, 0); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/no demotion of a more privileged admin (OMERO: R-PRIV-SET-4)", func(t *testing.T) {
		denied(t, CheckSetPrivileges(ctx(raModifyUser), fullAdmin, 0), "R-USER-ACCOUNT-1", "")
		denied(t, CheckSetPrivileges(ctx(raModifyUser), raGroup, 0), "R-USER-ACCOUNT-1", "")
		// Where OMERO refuses too, its rule speaks first.
		denied(t, CheckSetPrivileges(ctx(raModifyUser), raGroup, NewPrivSet(ModifyGroup, Sudo)), "R-PRIV-7", "")
	})
	t.Run("R-PRIV-7/no granting beyond one's own", func(t *testing.T) {
		denied(t, CheckSetPrivileges(ctx(raUserSudo), sudoOnly, NewPrivSet(Sudo, Chown)), "R-PRIV-7", "")
	})
	t.Run("R-PRIV-SET-1/needs ModifyUser", func(t *testing.T) {
		denied(t, CheckSetPrivileges(ctx(raGroup), plain, 0), "R-PRIV-6", "SecurityViolation: Admin restrictions: ModifyUser")
	})
	t.Run("R-LDAP-3/ldap commands are for admins, create needs ModifyUser and ModifyGroupMembership", func(t *testing.T) {
		denied(t, CheckLDAPCommand(ctx(owner), false), "R-ROLE-4", "SecurityViolation: Admins only!")
		denied(t, CheckLDAPCommand(ctx(plain), true), "R-ROLE-4", "SecurityViolation: Admins only!")
		viewer := Principal{ID: 18, Name: "dv", MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: AllPrivs}
		if err := CheckLDAPCommand(ctx(viewer), false); err != nil {
			t.Error(err)
		}
		denied(t, CheckLDAPCommand(ctx(raModifyUser), true), "R-PRIV-6", "SecurityViolation: Admin restrictions: ModifyGroupMembership")
		if err := CheckLDAPCommand(ctx(raUserSudo), true); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/ModifyUser cannot lock out a more privileged user with the LDAP flag", func(t *testing.T) {
		denied(t, CheckSetUserLDAP(ctx(raModifyUser), root), "R-USER-ACCOUNT-1",
			"SecurityViolation: Cannot change the account of a more privileged user: root")
		denied(t, CheckSetUserLDAP(ctx(raModifyUser), fullAdmin), "R-USER-ACCOUNT-1", "")
		if err := CheckSetUserLDAP(ctx(raModifyUser), member); err != nil {
			t.Error(err)
		}
		if err := CheckSetUserLDAP(ctx(fullAdmin), root); err != nil {
			t.Error(err)
		}
		denied(t, CheckSetUserLDAP(ctx(owner), member), "R-ROLE-4", "SecurityViolation: Admins only!")
	})
	t.Run("R-USER-ACCOUNT-1/sudo changes no more than the sudoer could", func(t *testing.T) {
		// A ModifyUser+Sudo admin sudo'd as a full admin holds only its own privileges.
		denied(t, CheckChangeAccount(NewCaller(fullAdmin, &raUserSudo, 3), fullAdmin), "R-USER-ACCOUNT-1", "")
		if err := CheckChangeAccount(ctx(member), member); err != nil {
			t.Errorf("a non-admin's own account: %v", err)
		}
	})
	t.Run("R-LDAP-2/group owner cannot set the LDAP flag (B25)", func(t *testing.T) {
		denied(t, CheckSetLDAP(ctx(owner), false), "R-ROLE-4", "SecurityViolation: Admins only!")
		denied(t, CheckSetLDAP(ctx(raGroup), false), "R-PRIV-6", "SecurityViolation: Admin restrictions: ModifyUser")
		if err := CheckSetLDAP(ctx(raGroup), true); err != nil {
			t.Error(err)
		}
	})
}

func TestRuleGroups(t *testing.T) {
	privateLab := Group{ID: 3, Name: "lab", Permissions: Private}
	t.Run("R-GROUP-CREATE-1/ModifyGroup creates groups", func(t *testing.T) {
		if err := CheckCreateGroup(ctx(raGroup)); err != nil {
			t.Error(err)
		}
		denied(t, CheckCreateGroup(ctx(owner)), "R-ROLE-4", "")
	})
	t.Run("R-GROUP-PERMS-3/owner cannot promote to read-write (B22, README Differences 6)", func(t *testing.T) {
		denied(t, CheckChangeGroupPermissions(ctx(owner), privateLab, ReadWrite), "R-GROUP-PERMS-3", "")
	})
	t.Run("R-GROUP-PERMS-1/owner sets other levels on owned groups", func(t *testing.T) {
		if err := CheckChangeGroupPermissions(ctx(owner), privateLab, ReadAnnotate); err != nil {
			t.Error(err)
		}
		rw := Group{ID: 3, Name: "lab", Permissions: ReadWrite}
		if err := CheckChangeGroupPermissions(ctx(owner), rw, ReadOnly); err != nil {
			t.Errorf("downgrade from read-write: %v", err)
		}
		denied(t, CheckChangeGroupPermissions(ctx(owner), other, ReadOnly), "R-GROUP-PERMS-1", "")
		denied(t, CheckChangeGroupPermissions(ctx(member), privateLab, ReadOnly), "R-GROUP-PERMS-1", "")
	})
	t.Run("R-GROUP-PERMS-1/ModifyGroup admin sets any level", func(t *testing.T) {
		if err := CheckChangeGroupPermissions(ctx(raGroup), other, ReadWrite); err != nil {
			t.Error(err)
		}
		denied(t, CheckChangeGroupPermissions(ctx(raModifyUser), other, ReadOnly), "R-GROUP-PERMS-1", "SecurityViolation: Admin restrictions: ModifyGroup")
	})
	t.Run("R-GROUP-BUILTIN-1/system, user and guest keep their permissions", func(t *testing.T) {
		for _, g := range []Group{groupSystem, groupUser, {ID: GuestGroup, Name: "guest", Permissions: Private}} {
			for _, p := range []Permissions{ReadWrite, ReadOnly} {
				denied(t, CheckChangeGroupPermissions(ctx(root), g, p), "R-GROUP-BUILTIN-1", "")
				denied(t, CheckChangeGroupPermissions(ctx(raGroup), g, p), "R-GROUP-BUILTIN-1", "")
			}
		}
		denied(t, CheckChangeGroupPermissions(ctx(root), groupUser, ReadWrite), "R-GROUP-BUILTIN-1",
			"SecurityViolation: the permissions of the built-in group 'user' cannot be changed")
		// Where OMERO refuses too, its rule speaks first.
		denied(t, CheckChangeGroupPermissions(ctx(member), groupUser, ReadWrite), "R-GROUP-PERMS-1", "")
	})
	t.Run("R-GROUP-PERMS-2/the level a group has is no change, whoever asks", func(t *testing.T) {
		for _, g := range []Group{groupSystem, groupUser, privateLab} {
			for _, c := range []Principal{root, raGroup, member} {
				if err := CheckChangeGroupPermissions(ctx(c), g, g.Permissions); err != nil {
					t.Errorf("%s to %s by %s: %v", g.Name, g.Permissions, c.Name, err)
				}
			}
		}
	})
	t.Run("R-GROUP-PERMS-2/user read stays (B23)", func(t *testing.T) {
		p, _ := ParsePermissions("-w----")
		denied(t, CheckChangeGroupPermissions(ctx(fullAdmin), privateLab, p), "R-GROUP-PERMS-2", "Cannot remove user read")
	})
}

func TestRuleUpdateUser(t *testing.T) {
	t.Run("R-USER-UPDATE-2/ModifyUser admin may write Experimenter rows (B11)", func(t *testing.T) {
		target := Object{Class: "ome.model.meta.Experimenter", ID: fullAdmin.ID, Kind: ExperimenterObject}
		if err := CheckUpdate(ctx(raModifyUser), target); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-USER-ACCOUNT-1/but not a more privileged user's email (OMERO: B11)", func(t *testing.T) {
		denied(t, CheckChangeAccount(ctx(raModifyUser), fullAdmin), "R-USER-ACCOUNT-1", "")
		denied(t, CheckChangeAccount(ctx(raModifyUser), root), "R-USER-ACCOUNT-1", "")
		if err := CheckChangeAccount(ctx(raModifyUser), member); err != nil {
			t.Error(err)
		}
		if err := CheckChangeAccount(ctx(fullAdmin), root); err != nil {
			t.Error(err)
		}
	})
}
