package db

import (
	"fmt"

	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// Group is a row of the group table with its members.
type Group struct {
	ID          int64
	Name        string
	Description string
	LDAP        bool
	Permissions perms.Permissions
	Owners      []int64 // users holding the owner flag, by id
	Members     []int64 // the other members, by id
}

// Ref is what perms needs to know of the group.
func (g Group) Ref() perms.Group {
	return perms.Group{ID: g.ID, Name: g.Name, Permissions: g.Permissions}
}

const selectGroups = `SELECT g.id, g.name, coalesce(g.description, ''), g.ldap, g.permissions, m.child, m.owner
  FROM experimentergroup g LEFT JOIN groupexperimentermap m ON m.parent = g.id`

// Groups lists groups with their members; with ids, only those groups, in id order.
func (t *Tx) Groups(ids ...int64) (_ []Group, err error) {
	q := selectGroups
	var args []any
	if len(ids) > 0 {
		q += ` WHERE g.id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := t.query(q+` ORDER BY g.id, m.child`, args...)
	if err != nil {
		return nil, err
	}
	defer closing(rows, &err)
	var out []Group
	for rows.Next() {
		var g Group
		var child *int64
		var owner *bool
		if err := rows.Scan(&g.ID, &g.Name, &g.Description, &g.LDAP, &g.Permissions, &child, &owner); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != g.ID {
			out = append(out, g)
		}
		if child != nil {
			last := &out[len(out)-1]
			if *owner {
				last.Owners = append(last.Owners, *child)
			} else {
				last.Members = append(last.Members, *child)
			}
		}
	}
	return out, rows.Err()
}

// AddGroup creates a group (R-GROUP-CREATE-1). An existing name is an error of kind
// Exists naming the existing group.
func (t *Tx) AddGroup(name string, p perms.Permissions) (int64, error) {
	if err := perms.CheckCreateGroup(t.Caller); err != nil {
		return 0, err
	}
	name = CanonicalName(name)
	if err := checkPrincipalName("group name", name); err != nil {
		return 0, err
	}
	if err := perms.CheckGroupPermissions(p); err != nil {
		return 0, err
	}
	if g, err := t.FindGroup(Lookup{Value: name, Kind: ByName}); err == nil {
		return g.ID, alreadyExists("Group exists: %s (id=%d)", name, g.ID)
	}
	var id int64
	err := t.queryRow(`INSERT INTO experimentergroup (name, description, ldap, permissions) VALUES (?, '', 0, ?) RETURNING id`, name, p).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, t.Log("ExperimenterGroup", id, "INSERT")
}

// SetGroupPermissions changes a group's level (R-GROUP-PERMS-1..3). It reports
// whether anything changed.
func (t *Tx) SetGroupPermissions(g Group, p perms.Permissions) (bool, error) {
	if err := perms.CheckChangeGroupPermissions(t.Caller, g.Ref(), p); err != nil {
		return false, err
	}
	if g.Permissions.SameRights(p) {
		return false, nil
	}
	if g.Permissions.GroupRead() && !p.GroupRead() {
		if err := t.cleanForPrivate(g); err != nil {
			return false, err
		}
	}
	if _, err := t.exec(`UPDATE experimentergroup SET permissions = ? WHERE id = ?`, p, g.ID); err != nil {
		return false, err
	}
	return true, t.Log("ExperimenterGroup", g.ID, "UPDATE")
}

// SetGroupLDAP sets a group's LDAP flag (R-LDAP-2).
func (t *Tx) SetGroupLDAP(g Group, on bool) error {
	if err := perms.CheckSetLDAP(t.Caller, true); err != nil {
		return err
	}
	if _, err := t.exec(`UPDATE experimentergroup SET ldap = ? WHERE id = ?`, on, g.ID); err != nil {
		return err
	}
	return t.Log("ExperimenterGroup", g.ID, "UPDATE")
}

// ChangeGroupPermissions changes the level of the group l names (R-GROUP-PERMS-1..5)
// and reports whether anything changed; a refusal says which group and level.
func (t *Tx) ChangeGroupPermissions(l Lookup, p perms.Permissions) (Group, bool, error) {
	g, err := t.FindGroup(l)
	if err != nil {
		return g, false, err
	}
	changed, err := t.SetGroupPermissions(g, p)
	if k := fault.KindOf(err); err != nil && (k == fault.Denied || k == fault.Failed) {
		//lint:ignore ST1005 OMERO's own message
		err = fmt.Errorf("Cannot change permissions for group %s (id=%d) to %s: %w", g.Name, g.ID, p, err)
	}
	return g, changed, err
}

// GroupsOf lists the groups u is a member of, in id order.
func (t *Tx) GroupsOf(u User) ([]Group, error) {
	if len(u.Groups) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(u.Groups))
	for i, m := range u.Groups {
		ids[i] = m.GroupID
	}
	return t.Groups(ids...)
}

// UsersOf lists the owners and members of g, in id order, picked by the database:
// a group of a million users is not a million parameters.
func (t *Tx) UsersOf(g Group) ([]User, error) {
	return t.usersWhere(` WHERE e.id IN (SELECT child FROM groupexperimentermap WHERE parent = ?)`, []any{g.ID})
}
