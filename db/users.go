package db

import (
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

const selectUsers = `SELECT e.id, e.omename, e.firstname, coalesce(e.middlename, ''), e.lastname,
       coalesce(e.email, ''), coalesce(e.institution, ''), e.ldap, m.parent, m.owner
  FROM experimenter e LEFT JOIN groupexperimentermap m ON m.child = e.id`

// Users lists users with their memberships; with ids, only those users (in id
// order). One query, whatever the number of users.
func (t *Tx) Users(ids ...int64) ([]User, error) {
	q := selectUsers
	var args []any
	if len(ids) > 0 {
		q += ` WHERE e.id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := t.query(q+` ORDER BY e.id, m.child_index`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var group *int64
		var owner *bool
		if err := rows.Scan(&u.ID, &u.OmeName, &u.FirstName, &u.MiddleName, &u.LastName, &u.Email,
			&u.Institution, &u.LDAP, &group, &owner); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != u.ID {
			out = append(out, u)
		}
		if group != nil {
			last := &out[len(out)-1]
			last.Groups = append(last.Groups, Membership{GroupID: *group, Owner: *owner})
		}
	}
	return out, rows.Err()
}

// placeholders returns "?, ?, ?" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
