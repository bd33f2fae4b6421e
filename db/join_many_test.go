package db

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// joinMany does what JoinGroup does user by user: the same memberships in the
// same places (default groups fixed), the same owner flags, the same audit rows in
// the same order, the same reports.
func TestJoinManyIsJoinGroupUserByUser(t *testing.T) {
	for _, asOwner := range []bool{false, true} {
		t.Run(fmt.Sprintf("asOwner=%v", asOwner), func(t *testing.T) {
			one, many := joinWorld(t), joinWorld(t)
			users := []Lookup{{Value: "plain"}, {Value: "member"}, {Value: "owner"}, {Value: "onlyuser"}, {Value: "fresh"}}
			var got, want []MembershipChange
			err := one.db.Update(one.uuid, "group adduser", func(tx *Tx) error {
				g, err := tx.FindGroup(Lookup{Value: "lab"})
				if err != nil {
					return err
				}
				for _, l := range users {
					u, err := tx.FindUser(l)
					if err != nil {
						return err
					}
					changed, err := tx.JoinGroup(u, g, asOwner)
					if err != nil {
						return err
					}
					want = append(want, MembershipChange{UserID: u.ID, GroupID: g.ID, Step: Joined, AsOwner: asOwner, Changed: changed})
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = many.db.Update(many.uuid, "group adduser", func(tx *Tx) (err error) {
				got, err = tx.AddUsers(Lookup{Value: "lab"}, users, asOwner)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("reports\n got %v\nwant %v", got, want)
			}
			for _, q := range []string{
				`SELECT parent, child, owner, child_index FROM groupexperimentermap ORDER BY id`,
				`SELECT l.entity_type, l.entity_id, l.action FROM eventlog l JOIN event e ON e.id = l.event_id
				  WHERE e.command = 'group adduser' ORDER BY l.id`,
			} {
				if a, b := dump(t, many.db, q), dump(t, one.db, q); a != b {
					t.Errorf("%s\n got %s\nwant %s", q, a, b)
				}
			}
		})
	}
}

type joinTestWorld struct {
	db   *DB
	uuid string
}

// joinWorld has a group lab and users who stand differently towards it: none of
// its members, a member, an owner, one whose only group is user (whose default
// group joining must fix), and one in no group at all.
func joinWorld(t *testing.T) joinTestWorld {
	t.Helper()
	now := time.UnixMilli(1_767_225_600_000)
	d := testDB(t, Options{Now: func() time.Time { return now }})
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO experimentergroup (id, name, description, ldap, permissions) VALUES (3, 'lab', '', 0, -120), (4, 'other', '', 0, -120)`,
		`INSERT INTO experimenter (id, omename, firstname, middlename, lastname, institution, email, ldap) VALUES
		   (2, 'plain', 'P', '', 'P', '', '', 0), (3, 'member', 'M', '', 'M', '', '', 0), (4, 'owner', 'O', '', 'O', '', '', 0),
		   (5, 'onlyuser', 'U', '', 'U', '', '', 0), (6, 'fresh', 'F', '', 'F', '', '', 0)`,
		`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES
		   (4, 2, 0, 0), (1, 2, 0, 1), (3, 3, 0, 0), (1, 3, 0, 1), (4, 4, 0, 0), (3, 4, 1, 1), (1, 4, 0, 2), (1, 5, 0, 0)`,
	} {
		if _, err := d.sql.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return joinTestWorld{d, s.UUID}
}

func dump(t *testing.T, d *DB, q string) string {
	t.Helper()
	rows, err := d.sql.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			b.WriteString(v.String + " ")
		}
		b.WriteString("| ")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
