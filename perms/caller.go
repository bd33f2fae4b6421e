package perms

import (
	"slices"
	"strings"
)

// Principal is what the database knows about one user, as far as permissions go.
type Principal struct {
	ID           int64
	Name         string
	MemberOf     []int64 // group ids in membership order; index 0 is the default group
	LeaderOf     []int64 // groups where the membership has the owner flag
	Restrictions PrivSet // from the config map (R-PRIV-2); ignored for root
	LDAP         bool
}

// InSystem reports membership of the system group, i.e. being an administrator
// outside of any sudo (R-ROLE-4).
func (p Principal) InSystem() bool { return slices.Contains(p.MemberOf, SystemGroup) }

// Active reports membership of the user group (R-ROLE-9).
func (p Principal) Active() bool { return slices.Contains(p.MemberOf, UserGroup) }

// restrictions applies R-PRIV-5: root is never restricted.
func (p Principal) restrictions() PrivSet {
	if p.ID == RootID {
		return 0
	}
	return p.Restrictions
}

// Privileges is getAdminPrivileges (R-PRIV-3): nothing for a non-admin, else every
// privilege that is not restricted.
func (p Principal) Privileges() PrivSet {
	if !p.InSystem() {
		return 0
	}
	return AllPrivs.Minus(p.restrictions())
}

// HoldsSudo reports whether p may sudo freely (R-SUDO-2): an admin whose
// restrictions leave Sudo.
func (p Principal) HoldsSudo() bool { return p.Privileges().Has(Sudo) }

// Caller is the caller of one command: the session's user, the sudoer if the session
// was made by sudo, and what that combination may do (Appendix A).
type Caller struct {
	UserID     int64
	UserName   string
	Sudoer     *Principal // nil unless this is a sudo session
	GroupID    int64      // the session's current group
	MemberOf   []int64    // effective memberships, in the user's order
	LeaderOf   []int64    // effective ownerships
	Admin      bool       // system membership in this session (R-ROLE-4)
	Privileges PrivSet    // session privileges SP (R-PRIV-6); empty unless Admin
	Active     bool       // member of the user group (R-ROLE-9)
	// SudoGroups lists the groups a group-sudo session may use (R-SUDO-3); nil when
	// the session is not a group sudo.
	SudoGroups []int64
}

// NewCaller computes the caller for a session of user, made by sudoer
// (nil if not a sudo session), currently in group.
func NewCaller(user Principal, sudoer *Principal, group int64) Caller {
	c := Caller{
		UserID:   user.ID,
		UserName: user.Name,
		GroupID:  group,
		MemberOf: slices.Clone(user.MemberOf),
		LeaderOf: slices.Clone(user.LeaderOf),
		Active:   user.Active(),
	}
	if sudoer != nil {
		s := *sudoer
		c.Sudoer = &s
		if !s.HoldsSudo() {
			// Group sudo: the session never has more than the sudoer's own
			// memberships and ownerships (R-SUDO-5).
			c.MemberOf = intersect(c.MemberOf, s.MemberOf)
			c.LeaderOf = intersect(c.LeaderOf, s.LeaderOf)
			c.SudoGroups = slices.Clone(s.LeaderOf)
			if c.SudoGroups == nil {
				c.SudoGroups = []int64{}
			}
		}
	}
	c.Admin = slices.Contains(c.MemberOf, SystemGroup)
	// R-PRIV-6: privileges only when both the user and any sudoer are admins, and
	// then minus the restrictions of both.
	if c.Admin && user.InSystem() && (sudoer == nil || sudoer.InSystem()) {
		sp := AllPrivs.Minus(user.restrictions())
		if sudoer != nil {
			sp = sp.Minus(sudoer.restrictions())
		}
		c.Privileges = sp
	}
	return c
}

func intersect(a, b []int64) []int64 {
	out := []int64{}
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// IsGuest reports whether the caller is the guest user (R-ROLE-12).
func (c Caller) IsGuest() bool { return c.UserID == GuestID }

// IsMember reports effective membership of g (R-ROLE-8).
func (c Caller) IsMember(g int64) bool { return slices.Contains(c.MemberOf, g) }

// IsLeader reports effective ownership of g (R-ROLE-7).
func (c Caller) IsLeader(g int64) bool { return slices.Contains(c.LeaderOf, g) }

// Holds reports whether the caller is an admin holding p in this session.
func (c Caller) Holds(p Privilege) bool { return c.Admin && c.Privileges.Has(p) }

// IsFullAdmin reports an admin holding all 15 privileges (R-ROLE-5).
func (c Caller) IsFullAdmin() bool { return c.Admin && c.Privileges.IsFull() }

// RequireAdmin is OMERO's admin-only check (R-ROLE-4, R-PRIV-6): the caller must be
// an administrator holding every privilege named.
func (c Caller) RequireAdmin(privs ...Privilege) error {
	if !c.Admin {
		return deny("R-ROLE-4", "SecurityViolation: Admins only!")
	}
	if missing := c.Privileges.Missing(privs...); !missing.IsEmpty() {
		return deny("R-PRIV-6", "SecurityViolation: Admin restrictions: %s", strings.Join(missing.Names(), ", "))
	}
	return nil
}

// RequireActive refuses every operation to a deactivated user (R-ROLE-10).
func (c Caller) RequireActive() error {
	if !c.Active {
		return deny("R-ROLE-10", "SecurityViolation: user %s is not active", c.UserName)
	}
	return nil
}
