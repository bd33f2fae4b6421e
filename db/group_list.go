package db

import (
	"database/sql"

	"github.com/omero-go/omero/perms"
)

// GroupListing is a row of group list: a group with its owners and members counted
// or, for the long table, their ids.
type GroupListing struct {
	ID          int64
	Name        string
	LDAP        bool
	Permissions perms.Permissions
	Owners      int // how many
	Members     int
	// OwnerIDs and MemberIDs list the ids, sorted as strings as OMERO sorts them
	// ("10" before "2") and joined by commas; only when asked for.
	OwnerIDs, MemberIDs string
}

// ListGroups calls fn with every group, in id order or by name (ties by id), its
// owners and members counted by the database (through the (parent, owner) index),
// and with ids also listed: one row per group, however many memberships there are.
func (t *Tx) ListGroups(ids, byName bool, fn func(GroupListing) error) error {
	q := `SELECT g.id, g.name, g.ldap, g.permissions,
       (SELECT count(*) FROM groupexperimentermap m WHERE m.parent = g.id AND m.owner = 1),
       (SELECT count(*) FROM groupexperimentermap m WHERE m.parent = g.id AND m.owner = 0)`
	if ids {
		list := t.db.d.GroupConcat(`CAST(m.child AS TEXT)`, `','`, `CAST(m.child AS TEXT)`)
		q += `,
       (SELECT ` + list + ` FROM groupexperimentermap m WHERE m.parent = g.id AND m.owner = 1),
       (SELECT ` + list + ` FROM groupexperimentermap m WHERE m.parent = g.id AND m.owner = 0)`
	}
	q += `
  FROM experimentergroup g ORDER BY `
	if byName {
		q += `g.name, `
	}
	q += `g.id`
	return t.each(q, nil, func(rows *sql.Rows) error {
		var g GroupListing
		dest := []any{&g.ID, &g.Name, &g.LDAP, &g.Permissions, &g.Owners, &g.Members}
		var owners, members sql.NullString
		if ids {
			dest = append(dest, &owners, &members)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		g.OwnerIDs, g.MemberIDs = owners.String, members.String
		return fn(g)
	})
}
