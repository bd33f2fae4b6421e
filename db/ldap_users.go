package db

import (
	"database/sql"
	"errors"

	"github.com/omero-go/omero/db/directory"
	"github.com/omero-go/omero/perms"
)

// What the directory writes: users created from their entry (createUser, at a first
// login or by ldap create) and kept in step with it (sync_on_login). The caller's
// permission was decided before: an administrator's for ldap create (R-LDAP-3), the
// directory's bind for a login (R-LDAP-4); the configuration a full administrator
// set (R-CONFIG-2) says which groups. The directory never decides membership of
// system, user or guest (R-LDAP-BUILTIN-1).

// directoryGroup is a group the directory names for a user, as it is here.
type directoryGroup struct {
	id    int64
	ldap  bool
	owner bool // new_user_group_owner selected it
}

// directoryGroups resolves the groups the directory names, creating missing ones
// private with the LDAP flag on, as OMERO does. Built-in groups are left out.
func (t *Tx) directoryGroups(ms []directory.Membership, ch *changes) ([]directoryGroup, error) {
	var out []directoryGroup
	seen := map[int64]bool{}
	for _, m := range ms {
		name := CanonicalName(m.Name)
		g := directoryGroup{owner: m.Owner}
		err := t.queryRow(`SELECT id, ldap FROM experimentergroup WHERE name = ?`, name).Scan(&g.id, &g.ldap)
		if errors.Is(err, sql.ErrNoRows) {
			if err := checkPrincipalName("group name", name); err != nil {
				return nil, err
			}
			err = t.queryRow(`INSERT INTO experimentergroup (name, description, ldap, permissions) VALUES (?, '', 1, ?) RETURNING id`,
				name, perms.Private).Scan(&g.id)
			g.ldap = true
			if err == nil {
				ch.add("ExperimenterGroup", g.id, "INSERT")
			}
		}
		if err != nil {
			return nil, err
		}
		if !perms.DirectoryManages(g.id) || seen[g.id] {
			continue
		}
		seen[g.id] = true
		out = append(out, g)
	}
	return out, nil
}

// checkNewDirectoryUser refuses a name some user has already, as OMERO's createUser
// does.
func (t *Tx) checkNewDirectoryUser(name string) error {
	_, found, err := t.findLoginUser(name, false)
	if err == nil && found {
		err = alreadyExists("User already exists: %s", name)
	}
	return err
}

// createDirectoryUser is OMERO's createUser: the user named name, from its directory
// entry, with the LDAP flag on, no password of its own and its DN recorded; in the
// groups new_user_group names (the first is the default group), then user; owner
// where new_user_group_owner says.
func (t *Tx) createDirectoryUser(name string, acc directory.Account, ch *changes) (int64, error) {
	name = CanonicalName(name)
	if err := t.checkNewDirectoryUser(name); err != nil {
		return 0, err
	}
	u := acc.User
	if err := checkPrincipalName("login name", name); err != nil {
		return 0, err
	}
	for _, f := range [][2]string{{"first name", u.FirstName}, {"last name", u.LastName}} {
		if err := checkName(f[0], f[1]); err != nil {
			return 0, badInput("%s: %v (see omero.ldap.user_mapping)", u.DN, err)
		}
	}
	for _, f := range [][2]string{{"middle name", u.MiddleName}, {"email", u.Email}, {"institution", u.Institution}} {
		if err := checkText(f[0], f[1]); err != nil {
			return 0, badInput("%s: %v", u.DN, err)
		}
	}
	groups, err := t.directoryGroups(acc.Groups, ch)
	if err != nil {
		return 0, err
	}
	if len(groups) == 0 {
		return 0, directory.NoGroupFound(u.DN)
	}
	var ids []int64
	owner := map[int64]bool{}
	for _, g := range groups {
		ids = append(ids, g.id)
		owner[g.id] = g.owner
	}
	list := memberList(ids, false)
	if err := perms.CheckNewUserGroups(list); err != nil {
		return 0, err
	}
	var id int64
	if err := t.queryRow(`INSERT INTO experimenter (omename, firstname, middlename, lastname, institution, email, ldap)
		VALUES (?, ?, ?, ?, ?, ?, 1) RETURNING id`, name, u.FirstName, u.MiddleName, u.LastName, u.Institution, u.Email).Scan(&id); err != nil {
		return 0, err
	}
	for i, g := range list {
		if _, err := t.exec(`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (?, ?, ?, ?)`, g, id, owner[g], i); err != nil {
			return 0, err
		}
	}
	// No password of its own: a NULL hash never matches (R-PW-5), so turning the
	// flag off later needs one set.
	if _, err := t.exec(`INSERT INTO password (experimenter_id, hash, changed) VALUES (?, NULL, ?)`, id, t.now); err != nil {
		return 0, err
	}
	if _, err := t.exec(`INSERT INTO experimenter_ldap (experimenter_id, dn) VALUES (?, ?)`, id, u.DN); err != nil {
		return 0, err
	}
	ch.add("Experimenter", id, "INSERT")
	return id, nil
}

// syncDirectoryUser is sync_on_login: the user's memberships of LDAP-flagged groups
// become those the directory names (groups it names are joined, flagged ones it no
// longer names are left), owner flags of flagged groups follow new_user_group_owner,
// and names, email and institution are copied from the entry. A user left with
// user first gets the next group as default.
func (t *Tx) syncDirectoryUser(id int64, acc directory.Account, ch *changes) error {
	named, err := t.directoryGroups(acc.Groups, ch)
	if err != nil {
		return err
	}
	want := map[int64]directoryGroup{}
	for _, g := range named {
		want[g.id] = g
	}
	type current struct {
		mapID, group int64
		owner, ldap  bool
	}
	var have []current
	err = t.each(`SELECT m.id, m.parent, m.owner, g.ldap FROM groupexperimentermap m
		JOIN experimentergroup g ON g.id = m.parent WHERE m.child = ? ORDER BY m.child_index`, []any{id}, func(rows *sql.Rows) error {
		var c current
		if err := rows.Scan(&c.mapID, &c.group, &c.owner, &c.ldap); err != nil {
			return err
		}
		have = append(have, c)
		return nil
	})
	if err != nil {
		return err
	}
	member := map[int64]bool{}
	for _, c := range have {
		member[c.group] = true
		g, named := want[c.group]
		switch {
		case !perms.DirectoryManages(c.group) || !c.ldap:
		case !named:
			if _, err := t.exec(`DELETE FROM groupexperimentermap WHERE id = ?`, c.mapID); err != nil {
				return err
			}
			ch.add("GroupExperimenterMap", c.mapID, "DELETE")
		case g.owner != c.owner:
			if _, err := t.exec(`UPDATE groupexperimentermap SET owner = ? WHERE id = ?`, g.owner, c.mapID); err != nil {
				return err
			}
			ch.add("GroupExperimenterMap", c.mapID, "UPDATE")
		}
	}
	for _, g := range named {
		if member[g.id] {
			continue
		}
		var mapID int64
		if err := t.queryRow(`INSERT INTO groupexperimentermap (parent, child, owner, child_index)
			VALUES (?, ?, ?, (SELECT coalesce(max(child_index), -1) + 1 FROM groupexperimentermap WHERE child = ?)) RETURNING id`,
			g.id, id, g.owner, id).Scan(&mapID); err != nil {
			return err
		}
		ch.add("GroupExperimenterMap", mapID, "INSERT")
	}
	if err := t.fixDefaultGroup(id); err != nil {
		return err
	}
	changed, err := t.copyDirectoryFields(id, acc.User)
	if err != nil {
		return err
	}
	if changed || len(*ch) > 0 {
		ch.add("Experimenter", id, "UPDATE")
	}
	return nil
}

// copyDirectoryFields copies names, email and institution from the entry; a first
// or last name the entry lacks keeps its value here (OMERO requires both).
func (t *Tx) copyDirectoryFields(id int64, u directory.User) (bool, error) {
	var first, middle, last, email, inst string
	if err := t.queryRow(`SELECT firstname, coalesce(middlename, ''), lastname, coalesce(email, ''), coalesce(institution, '')
		FROM experimenter WHERE id = ?`, id).Scan(&first, &middle, &last, &email, &inst); err != nil {
		return false, err
	}
	nf, nl := u.FirstName, u.LastName
	if nf == "" {
		nf = first
	}
	if nl == "" {
		nl = last
	}
	if nf == first && u.MiddleName == middle && nl == last && u.Email == email && u.Institution == inst {
		return false, nil
	}
	for _, f := range [][2]string{{"first name", nf}, {"middle name", u.MiddleName}, {"last name", nl}, {"email", u.Email}, {"institution", u.Institution}} {
		if err := checkText(f[0], f[1]); err != nil {
			return false, badInput("%s: %v", u.DN, err)
		}
	}
	_, err := t.exec(`UPDATE experimenter SET firstname = ?, middlename = ?, lastname = ?, email = ?, institution = ? WHERE id = ?`,
		nf, u.MiddleName, nl, u.Email, u.Institution, id)
	return err == nil, err
}
