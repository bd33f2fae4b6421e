package perms

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/omero-go/omero/perms/fault"
)

var (
	root = Principal{ID: RootID, Name: "root", MemberOf: []int64{SystemGroup, UserGroup}, LeaderOf: []int64{SystemGroup}}
	// A full admin, a restricted admin holding only Sudo and WriteOwned, a group
	// owner of lab (3), a member of lab.
	fullAdmin = Principal{ID: 10, Name: "fa", MemberOf: []int64{SystemGroup, UserGroup}}
	raSudo    = Principal{ID: 11, Name: "ra", MemberOf: []int64{SystemGroup, UserGroup},
		Restrictions: AllPrivs.Minus(NewPrivSet(Sudo, WriteOwned))}
	raNoSudo = Principal{ID: 12, Name: "rn", MemberOf: []int64{SystemGroup, UserGroup},
		Restrictions: NewPrivSet(Sudo)}
	owner  = Principal{ID: 20, Name: "pi", MemberOf: []int64{3, 4, UserGroup}, LeaderOf: []int64{3}}
	member = Principal{ID: 21, Name: "m", MemberOf: []int64{3, UserGroup}}
	// An admin who is also a member of lab, for sudo by a non-admin owner.
	adminMember = Principal{ID: 22, Name: "am", MemberOf: []int64{3, SystemGroup, UserGroup}}
	lab         = Group{ID: 3, Name: "lab", Permissions: ReadOnly}
	other       = Group{ID: 4, Name: "other", Permissions: Private}
	public      = Group{ID: 5, Name: "public", Permissions: -52}
)

func denied(t *testing.T, err error, rule, msg string) {
	t.Helper()
	var d *fault.Error
	if !errors.As(err, &d) || d.Kind != fault.Denied {
		t.Fatalf("got %v, want a refusal by %s", err, rule)
	}
	if d.Rule != rule || msg != "" && d.Msg != msg {
		t.Errorf("got %s %q, want %s %q", d.Rule, d.Msg, rule, msg)
	}
}

func TestRuleRestrictions(t *testing.T) {
	t.Run("R-PRIV-2/only true in any case means held", func(t *testing.T) {
		r := RestrictionsFromConfig([]ConfigEntry{
			{"AdminPrivilege:Chown", "false"},
			{"AdminPrivilege:Chgrp", "TRUE"},
			{"AdminPrivilege:Sudo", "true "},
			{"AdminPrivilege:ModifyUser", ""},
			{"AdminPrivilege:Dance", "false"},
			{"color", "green"},
		})
		if want := NewPrivSet(Chown, Sudo, ModifyUser); r != want {
			t.Errorf("restrictions = %v, want %v", r, want)
		}
	})
	t.Run("R-PRIV-3/non-admins hold nothing", func(t *testing.T) {
		if !owner.Privileges().IsEmpty() {
			t.Error("a non-admin holds privileges")
		}
		if got := raSudo.Privileges(); got != NewPrivSet(Sudo, WriteOwned) {
			t.Errorf("restricted admin holds %v", got)
		}
	})
	t.Run("R-PRIV-4/restrictions of a non-admin are inert until they join system", func(t *testing.T) {
		p := Principal{ID: 30, MemberOf: []int64{3, UserGroup}, Restrictions: AllPrivs.Minus(NewPrivSet(Chown))}
		if !p.Privileges().IsEmpty() {
			t.Error("inert restrictions gave privileges")
		}
		p.MemberOf = append(p.MemberOf, SystemGroup)
		if p.Privileges() != NewPrivSet(Chown) {
			t.Errorf("after joining system: %v", p.Privileges())
		}
	})
	t.Run("R-PRIV-5/root is never restricted", func(t *testing.T) {
		r := root
		r.Restrictions = AllPrivs
		if !r.Privileges().IsFull() {
			t.Error("root restricted")
		}
		if c := NewCaller(r, nil, SystemGroup); !c.IsFullAdmin() {
			t.Error("root's session is not full admin")
		}
	})
	t.Run("R-PRIV-1/names parse in any case and unknown ones are refused", func(t *testing.T) {
		s, err := ParsePrivSet("sudo, WriteOwned")
		if err != nil || s != NewPrivSet(Sudo, WriteOwned) {
			t.Errorf("ParsePrivSet = %v, %v", s, err)
		}
		if s, _ := ParsePrivSet("none"); !s.IsEmpty() {
			t.Error("none is not empty")
		}
		var inv *fault.Error
		if _, err := ParsePrivSet("Sudo,Dance"); !errors.As(err, &inv) || inv.Kind != fault.Usage {
			t.Errorf("unknown privilege: %v", err)
		} else if !strings.Contains(inv.Hint, "Chgrp, Chown, ") || !strings.Contains(inv.Hint, "WriteScriptRepo") {
			t.Errorf("hint %q does not list the privileges", inv.Hint)
		}
		if len(AllPrivileges()) != 15 {
			t.Error("not 15 privileges")
		}
	})
}

func TestRuleSessionContext(t *testing.T) {
	t.Run("R-ROLE-4/admin is system membership", func(t *testing.T) {
		if !NewCaller(fullAdmin, nil, SystemGroup).Admin || NewCaller(owner, nil, 3).Admin {
			t.Error("admin flag")
		}
	})
	t.Run("R-ROLE-5/full versus restricted admin", func(t *testing.T) {
		if !NewCaller(fullAdmin, nil, SystemGroup).IsFullAdmin() {
			t.Error("full admin not full")
		}
		if NewCaller(raSudo, nil, SystemGroup).IsFullAdmin() {
			t.Error("restricted admin is full")
		}
	})
	t.Run("R-ROLE-6/restricted admin with no privileges is still admin", func(t *testing.T) {
		viewer := Principal{ID: 40, MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: AllPrivs}
		c := NewCaller(viewer, nil, SystemGroup)
		if !c.Admin || !c.Privileges.IsEmpty() {
			t.Errorf("admin=%v privileges=%v", c.Admin, c.Privileges)
		}
	})
	t.Run("R-PRIV-6/non-admin session has no privileges", func(t *testing.T) {
		if c := NewCaller(owner, nil, 3); !c.Privileges.IsEmpty() {
			t.Errorf("owner holds %v", c.Privileges)
		}
	})
	t.Run("R-SUDO-4/restricted admin sudo as full admin keeps own privileges", func(t *testing.T) {
		c := NewCaller(fullAdmin, &raSudo, SystemGroup)
		if c.Privileges != NewPrivSet(Sudo, WriteOwned) {
			t.Errorf("SP = %v, want Sudo,WriteOwned", c.Privileges)
		}
		c = NewCaller(root, &raSudo, SystemGroup)
		if c.IsFullAdmin() {
			t.Error("sudo as root gained full privileges")
		}
	})
	t.Run("R-SUDO-4/full admin sudo as normal user has no admin powers", func(t *testing.T) {
		c := NewCaller(member, &fullAdmin, 3)
		if c.Admin || !c.Privileges.IsEmpty() {
			t.Errorf("admin=%v SP=%v", c.Admin, c.Privileges)
		}
		if !c.IsMember(3) || c.SudoGroups != nil {
			t.Error("full sudo shrank memberships")
		}
	})
	t.Run("R-SUDO-5/group owner sudo as an admin member gets a non-admin session", func(t *testing.T) {
		c := NewCaller(adminMember, &owner, 3)
		if c.Admin || !c.Privileges.IsEmpty() {
			t.Errorf("admin=%v SP=%v", c.Admin, c.Privileges)
		}
		if !slices.Equal(c.MemberOf, []int64{3, UserGroup}) {
			t.Errorf("memberships %v, want the intersection [3 1]", c.MemberOf)
		}
		if !slices.Equal(c.SudoGroups, []int64{3}) {
			t.Errorf("sudo groups %v", c.SudoGroups)
		}
	})
	t.Run("R-ROLE-10/deactivated users are refused", func(t *testing.T) {
		gone := Principal{ID: 50, Name: "gone", MemberOf: []int64{3}}
		denied(t, NewCaller(gone, nil, 3).RequireActive(), "R-ROLE-10", "")
		if err := NewCaller(member, nil, 3).RequireActive(); err != nil {
			t.Error(err)
		}
	})
}

func TestRuleAdminOnly(t *testing.T) {
	t.Run("R-ROLE-4/non-admin", func(t *testing.T) {
		denied(t, NewCaller(owner, nil, 3).RequireAdmin(ModifyGroup), "R-ROLE-4", "SecurityViolation: Admins only!")
	})
	t.Run("R-PRIV-6/restricted admin lacking privileges names them sorted", func(t *testing.T) {
		err := NewCaller(raSudo, nil, SystemGroup).RequireAdmin(ModifyUser, ModifyGroupMembership)
		denied(t, err, "R-PRIV-6", "SecurityViolation: Admin restrictions: ModifyGroupMembership, ModifyUser")
	})
	t.Run("R-PRIV-6/holder passes", func(t *testing.T) {
		if err := NewCaller(raSudo, nil, SystemGroup).RequireAdmin(Sudo); err != nil {
			t.Error(err)
		}
	})
}

func TestRuleLogin(t *testing.T) {
	t.Run("R-LDAP-4/ldap users log in only through the directory", func(t *testing.T) {
		u := member
		u.LDAP = true
		denied(t, CheckLogin(u, false), "R-LDAP-4", "")
		if err := CheckLogin(u, true); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-ROLE-10/deactivated users cannot log in", func(t *testing.T) {
		denied(t, CheckLogin(Principal{Name: "x", MemberOf: []int64{3}}, false), "R-ROLE-10", "")
		if err := CheckLogin(member, false); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-PERM-READ-1/session group needs membership, admin or world-read", func(t *testing.T) {
		if err := CheckSessionGroup(member, lab); err != nil {
			t.Error(err)
		}
		if err := CheckSessionGroup(fullAdmin, other); err != nil {
			t.Error(err)
		}
		if err := CheckSessionGroup(member, public); err != nil {
			t.Error(err)
		}
		denied(t, CheckSessionGroup(member, other), "R-PERM-READ-1", "SecurityViolation: m is not a member of group other (id=4)")
	})
	t.Run("R-SESSION-1/the user group is never a session's group", func(t *testing.T) {
		const msg = "SecurityViolation: the common group user (id=1) cannot be a session's group; choose another group"
		denied(t, CheckSessionGroup(member, groupUser), "R-SESSION-1", msg)
		denied(t, CheckSessionGroup(root, groupUser), "R-SESSION-1", msg)
		denied(t, CheckSudo(root, member, groupUser), "R-SESSION-1", msg)
		denied(t, CheckSudo(raSudo, fullAdmin, groupUser), "R-SESSION-1", msg)
		denied(t, CheckSwitchGroup(NewCaller(member, nil, 3), groupUser), "R-SESSION-1", msg)
		denied(t, CheckSwitchGroup(NewCaller(root, nil, 0), groupUser), "R-SESSION-1", msg)
	})
}

func TestRuleSudo(t *testing.T) {
	t.Run("R-SUDO-2/Sudo holder becomes anyone in their groups", func(t *testing.T) {
		if err := CheckSudo(raSudo, member, lab); err != nil {
			t.Error(err)
		}
		if err := CheckSudo(root, member, lab); err != nil {
			t.Error(err)
		}
		denied(t, CheckSudo(raSudo, member, other), "R-SUDO-2", "")
	})
	t.Run("R-SUDO-3/owner becomes a member of an owned group, into it", func(t *testing.T) {
		if err := CheckSudo(owner, member, lab); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-SUDO-3/owner cannot sudo into a group not owned", func(t *testing.T) {
		denied(t, CheckSudo(owner, owner, other), "R-SUDO-3", "SecurityViolation: Group sudo is not permitted for group other (gid=4)")
	})
	t.Run("R-SUDO-3/admin without Sudo owning nothing", func(t *testing.T) {
		denied(t, CheckSudo(raNoSudo, member, lab), "R-SUDO-3", "SecurityViolation: Admin restrictions: Sudo")
	})
	t.Run("R-SUDO-3/member who owns nothing cannot sudo", func(t *testing.T) {
		denied(t, CheckSudo(member, member, lab), "R-SUDO-3", "")
	})
	t.Run("R-SUDO-3/owner cannot become a non-member", func(t *testing.T) {
		denied(t, CheckSudo(owner, fullAdmin, lab), "R-SUDO-3", "")
	})
	t.Run("R-SUDO-3/group sudo session cannot change context", func(t *testing.T) {
		c := NewCaller(member, &owner, 3)
		denied(t, CheckSwitchGroup(c, other), "R-SUDO-3", "SecurityViolation: Group-sudo session cannot change context!")
	})
	t.Run("R-PERM-READ-1/switching needs membership", func(t *testing.T) {
		denied(t, CheckSwitchGroup(NewCaller(member, nil, 3), other), "R-PERM-READ-1", "")
		if err := CheckSwitchGroup(NewCaller(owner, nil, 3), other); err != nil {
			t.Error(err)
		}
	})
	t.Run("R-SUDO-6/sessions are visible to their real owner or ReadSession", func(t *testing.T) {
		sudoer := int64(20)
		mine := NewCaller(owner, nil, 3)
		if !CanReadSession(mine, 21, &sudoer) || !CanReadSession(mine, 20, nil) || CanReadSession(mine, 21, nil) {
			t.Error("real owner rule")
		}
		if !CanReadSession(NewCaller(fullAdmin, nil, 0), 21, nil) {
			t.Error("ReadSession holder")
		}
	})
	t.Run("R-SESSION-KEY-1/ReadSession shows no key of a more privileged user", func(t *testing.T) {
		rs := NewCaller(Principal{ID: 60, MemberOf: []int64{SystemGroup, UserGroup}, Restrictions: AllPrivs.Remove(ReadSession)}, nil, 0)
		if !CanReadSession(rs, RootID, nil) {
			t.Fatal("ReadSession sees root's session (R-SUDO-6)")
		}
		if CanReadSessionKey(rs, root.Privileges()) || CanReadSessionKey(rs, NewPrivSet(ReadSession, Sudo)) {
			t.Error("shows the key of a user holding privileges the caller lacks")
		}
		if !CanReadSessionKey(rs, member.Privileges()) || !CanReadSessionKey(rs, NewPrivSet(ReadSession)) {
			t.Error("hides the key of a user holding no more than the caller")
		}
		if !CanReadSessionKey(NewCaller(fullAdmin, nil, 0), root.Privileges()) {
			t.Error("a full admin sees every key")
		}
	})
	t.Run("R-SESSION-KEY-1/ReadSession without every privilege exposes sessions (OMERO's guide)", func(t *testing.T) {
		for held, want := range map[PrivSet]bool{
			NewPrivSet(ReadSession): true, AllPrivs.Remove(Sudo): true,
			AllPrivs: false, NewPrivSet(Sudo): false, 0: false,
		} {
			if ExposesSessions(held) != want {
				t.Errorf("ExposesSessions(%s) = %v", held, !want)
			}
		}
	})
}
