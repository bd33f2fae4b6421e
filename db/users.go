package db

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/omero-go/omero/perms"
)

// User is a row of the user table with its memberships.
type User struct {
	ID          int64
	OmeName     string
	FirstName   string
	MiddleName  string
	LastName    string
	Email       string
	Institution string
	LDAP        bool
	Groups      []Membership // in membership order; index 0 is the default group
}

// Membership is one group of a user.
type Membership struct {
	GroupID int64
	Owner   bool
}

// Active reports membership of the user group (R-ROLE-9).
func (u User) Active() bool { return u.memberOf(perms.UserGroup) }

// Admin reports membership of the system group (R-ROLE-4).
func (u User) Admin() bool { return u.memberOf(perms.SystemGroup) }

func (u User) memberOf(g int64) bool {
	for _, m := range u.Groups {
		if m.GroupID == g {
			return true
		}
	}
	return false
}

// selectUsers reads one row per user, its memberships folded into one
// "group:owner,..." string in membership order: 10,000 users with five groups each
// are 10,000 rows to scan, not 50,000, and scanning rows is most of user list's time.
func (t *Tx) selectUsers() string {
	return `SELECT e.id, e.omename, e.firstname, coalesce(e.middlename, ''), e.lastname,
       coalesce(e.email, ''), coalesce(e.institution, ''), e.ldap,
       (SELECT ` + t.db.d.GroupConcat(`m.parent || ':' || m.owner`, `','`, `m.child_index`) + `
          FROM groupexperimentermap m WHERE m.child = e.id)
  FROM experimenter e`
}

// Users lists users with their memberships; with ids, only those users (in id
// order). One query, whatever the number of users.
func (t *Tx) Users(ids ...int64) ([]User, error) {
	if len(ids) == 0 {
		return t.usersWhere(``, nil)
	}
	return t.usersWhere(` WHERE e.id IN (`+placeholders(len(ids))+`)`, anys(ids))
}

// usersWhere lists the users where picks, in id order, with their memberships.
func (t *Tx) usersWhere(where string, args []any) ([]User, error) {
	var out []User
	err := t.each(t.selectUsers()+where+` ORDER BY e.id`, args, func(rows *sql.Rows) error {
		u, err := scanUser(rows)
		out = append(out, u)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanUser reads a row of selectUsers.
func scanUser(rows *sql.Rows) (User, error) {
	var u User
	var groups sql.NullString
	if err := rows.Scan(&u.ID, &u.OmeName, &u.FirstName, &u.MiddleName, &u.LastName, &u.Email,
		&u.Institution, &u.LDAP, &groups); err != nil {
		return u, err
	}
	var err error
	u.Groups, err = parseMemberships(groups.String)
	return u, err
}

// parseMemberships reads the "group:owner,..." list selectUsers folds.
func parseMemberships(s string) ([]Membership, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]Membership, 0, strings.Count(s, ",")+1)
	for _, item := range strings.Split(s, ",") {
		g, owner, ok := strings.Cut(item, ":")
		id, err := strconv.ParseInt(g, 10, 64)
		if !ok || err != nil || owner != "0" && owner != "1" {
			return nil, failed("bad membership list %q", s)
		}
		out = append(out, Membership{GroupID: id, Owner: owner == "1"})
	}
	return out, nil
}

// placeholders returns "?, ?, ?" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// userPrincipal is what perms needs to know about u, its restrictions included.
func (t *Tx) userPrincipal(u User) (perms.Principal, error) { return t.principal(u.ID) }

// NewUser describes `user add`.
type NewUser struct {
	OmeName, FirstName, MiddleName, LastName, Email, Institution string
	// Groups as given; the first becomes the default group.
	Groups []Lookup
	Admin  bool
	// Privileges, when set, makes a restricted administrator holding exactly these
	// (README, Differences 10); with Admin and no Privileges the new user is a full admin.
	Privileges   *perms.PrivSet
	PasswordHash string
}

// AddUser creates a user with its memberships and password (R-USER-CREATE-*).
func (t *Tx) AddUser(n NewUser) (int64, error) {
	// OMERO's order: who may, then whether the user exists, then the groups.
	if err := perms.CheckCreateUser(t.Caller, 0); err != nil {
		return 0, err
	}
	n.OmeName = CanonicalName(n.OmeName)
	if existing, err := t.FindUser(Lookup{Value: n.OmeName, Kind: ByName}); err == nil {
		return existing.ID, alreadyExists("User exists: %s (id=%d)", n.OmeName, existing.ID)
	}
	if err := checkPrincipalName("login name", n.OmeName); err != nil {
		return 0, err
	}
	for _, f := range [][2]string{{"first name", n.FirstName}, {"last name", n.LastName}} {
		if err := checkName(f[0], f[1]); err != nil {
			return 0, err
		}
	}
	for _, f := range [][2]string{{"middle name", n.MiddleName}, {"email", n.Email}, {"institution", n.Institution}} {
		if err := checkText(f[0], f[1]); err != nil {
			return 0, err
		}
	}
	if len(n.Groups) == 0 {
		return 0, badInput("No input group is specified")
	}
	resolved, err := t.FindGroups(n.Groups)
	if err != nil {
		return 0, err
	}
	var given []int64
	for _, g := range resolved {
		given = append(given, g.ID)
	}
	admin := n.Admin || n.Privileges != nil
	var restrictions perms.PrivSet
	if n.Privileges != nil {
		restrictions = perms.AllPrivs.Minus(*n.Privileges)
	}
	groups := memberList(given, admin)
	// Not yet created: an id no user has, so that it is never mistaken for root.
	target := perms.Principal{ID: -1, Name: n.OmeName, MemberOf: groups, Restrictions: restrictions}
	if err := perms.CheckCreateUser(t.Caller, target.Privileges()); err != nil {
		return 0, err
	}
	if err := perms.CheckNewUserGroups(groups); err != nil {
		return 0, err
	}
	var id int64
	err = t.queryRow(`INSERT INTO experimenter (omename, firstname, middlename, lastname, institution, email, ldap)
		VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id`, n.OmeName, n.FirstName, n.MiddleName, n.LastName, n.Institution, n.Email).Scan(&id)
	if err != nil {
		return 0, err
	}
	for i, g := range groups {
		if _, err := t.exec(`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (?, ?, 0, ?)`, g, id, i); err != nil {
			return 0, err
		}
	}
	// A restricted admin gets a "false" entry for every privilege not granted (R-PRIV-4).
	for i, p := range restrictions.List() {
		if _, err := t.exec(`INSERT INTO experimenter_config (experimenter_id, idx, name, value) VALUES (?, ?, ?, 'false')`, id, i, p.ConfigName()); err != nil {
			return 0, err
		}
	}
	if _, err := t.exec(`INSERT INTO password (experimenter_id, hash, changed) VALUES (?, ?, ?)`, id, n.PasswordHash, t.now); err != nil {
		return 0, err
	}
	return id, t.Log("Experimenter", id, "INSERT")
}

// memberList orders a new user's memberships as OMERO's CLI does: the groups given,
// then user, then system for an administrator; each group once.
func memberList(given []int64, admin bool) []int64 {
	var out []int64
	seen := map[int64]bool{}
	add := func(g int64) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for _, g := range given {
		if g != perms.UserGroup {
			add(g)
		}
	}
	add(perms.UserGroup)
	if admin {
		add(perms.SystemGroup)
	}
	return out
}

// CheckPassword reports whether pw is the password of the user with this id.
func (t *Tx) CheckPassword(id int64, pw string) (bool, error) {
	var hash *string
	err := t.queryRow(`SELECT hash FROM password WHERE experimenter_id = ?`, id).Scan(&hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	return passwordMatches(hash, pw), nil
}

// SetPassword stores a new password hash for u (R-PW-1..3, R-LDAP-6).
func (t *Tx) SetPassword(u User, hash string) error {
	target, err := t.userPrincipal(u)
	if err != nil {
		return err
	}
	if err := perms.CheckChangePassword(t.Caller, target); err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO password (experimenter_id, hash, changed) VALUES (?, ?, ?)
		ON CONFLICT (experimenter_id) DO UPDATE SET hash = excluded.hash, changed = excluded.changed`, u.ID, hash, t.now); err != nil {
		return err
	}
	return t.Log("Experimenter", u.ID, "UPDATE")
}

// SetUserLDAP sets a user's LDAP flag (R-LDAP-2, R-USER-ACCOUNT-1). The stored
// password is kept, so turning the flag off restores it (R-LDAP-6). The recorded DN
// is forgotten: the next directory login records the one the directory has then.
func (t *Tx) SetUserLDAP(u User, on bool) error {
	target, err := t.userPrincipal(u)
	if err != nil {
		return err
	}
	if err := perms.CheckSetUserLDAP(t.Caller, target); err != nil {
		return err
	}
	if _, err := t.exec(`UPDATE experimenter SET ldap = ? WHERE id = ?`, on, u.ID); err != nil {
		return err
	}
	if _, err := t.exec(`DELETE FROM experimenter_ldap WHERE experimenter_id = ?`, u.ID); err != nil {
		return err
	}
	return t.Log("Experimenter", u.ID, "UPDATE")
}

// Privileges is what u holds as an administrator (R-PRIV-3): nothing for a
// non-admin, everything for root.
func (t *Tx) Privileges(u User) (perms.PrivSet, error) {
	p, err := t.userPrincipal(u)
	return p.Privileges(), err
}

// SetPrivileges rewrites u's restrictions so that, as an administrator, u holds
// exactly want (R-PRIV-SET-1): existing AdminPrivilege entries are set to true or
// false, missing restrictions are appended, other entries are left alone.
func (t *Tx) SetPrivileges(u User, want perms.PrivSet) error {
	target, err := t.userPrincipal(u)
	if err != nil {
		return err
	}
	if err := perms.CheckSetPrivileges(t.Caller, target, want); err != nil {
		return err
	}
	config, err := t.userConfig(u.ID)
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, e := range config {
		present[e.Name] = true
	}
	for _, p := range perms.AllPrivileges() {
		value := "false"
		if want.Has(p) {
			value = "true"
		}
		if present[p.ConfigName()] {
			if _, err := t.exec(`UPDATE experimenter_config SET value = ? WHERE experimenter_id = ? AND name = ?`, value, u.ID, p.ConfigName()); err != nil {
				return err
			}
		} else if value == "false" {
			if _, err := t.exec(`INSERT INTO experimenter_config (experimenter_id, idx, name, value)
				VALUES (?, (SELECT coalesce(max(idx), -1) + 1 FROM experimenter_config WHERE experimenter_id = ?), ?, 'false')`,
				u.ID, u.ID, p.ConfigName()); err != nil {
				return err
			}
		}
	}
	return t.Log("Experimenter", u.ID, "UPDATE")
}

// StoredPrivileges is what u would hold as an administrator: every privilege its
// config does not restrict, whether or not u is in system now (R-PRIV-4).
func (t *Tx) StoredPrivileges(u User) (perms.PrivSet, error) {
	p, err := t.userPrincipal(u)
	if p.ID == perms.RootID {
		return perms.AllPrivs, err
	}
	return perms.AllPrivs.Minus(p.Restrictions), err
}

// PasswordTarget decides, for `user password`, whose password changes and whether
// the person at the keyboard proved who they are: mine must be the password of the
// session's real user (its sudoer, in a sudo session; the directory's for an LDAP
// user), else ErrBadCredentials;
// target is the user whose password changes (Me for the session's user). Whether
// the change is allowed is SetPassword's decision.
func (t *Tx) PasswordTarget(mine string, target Lookup) (User, error) {
	me, err := t.FindUser(Lookup{Value: t.Session.RealUser(), Kind: ByName})
	if err != nil {
		return User{}, err
	}
	check := t.CheckPassword
	if me.LDAP {
		check = t.directoryPasswordMatches // a directory user proves it with the directory's
	}
	ok, err := check(me.ID, mine)
	if err != nil {
		return User{}, err
	}
	if !ok {
		return User{}, ErrBadCredentials
	}
	return t.FindUser(target)
}

// PrivilegeChange is what `user privileges` changed: whose privileges, what they held
// before and after.
type PrivilegeChange struct {
	User          User
	Before, After perms.PrivSet
}

// UserPrivileges is what the user l names holds as an administrator.
func (t *Tx) UserPrivileges(l Lookup) (PrivilegeChange, error) {
	u, err := t.FindUser(l)
	if err != nil {
		return PrivilegeChange{}, err
	}
	held, err := t.Privileges(u)
	return PrivilegeChange{User: u, Before: held, After: held}, err
}

// ChangePrivileges grants and revokes privileges of the user l names. The change starts from what the user's restrictions
// leave, even for one not yet in system (R-PRIV-4); SetPrivileges decides whether it
// is allowed.
func (t *Tx) ChangePrivileges(l Lookup, grant, revoke perms.PrivSet) (PrivilegeChange, error) {
	if err := perms.CheckGrantRevoke(grant, revoke); err != nil {
		return PrivilegeChange{}, err
	}
	u, err := t.FindUser(l)
	if err != nil {
		return PrivilegeChange{}, err
	}
	c := PrivilegeChange{User: u}
	if c.Before, err = t.Privileges(u); err != nil {
		return c, err
	}
	current, err := t.StoredPrivileges(u)
	if err != nil {
		return c, err
	}
	if err := t.SetPrivileges(u, current.Union(grant).Minus(revoke)); err != nil {
		return c, err
	}
	c.After, err = t.Privileges(u)
	return c, err
}
