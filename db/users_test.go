package db

import (
	"reflect"
	"testing"
)

func TestParseMemberships(t *testing.T) {
	good := map[string][]Membership{
		"":             nil,
		"3:0":          {{GroupID: 3}},
		"5:1,1:0,12:0": {{GroupID: 5, Owner: true}, {GroupID: 1}, {GroupID: 12}},
	}
	for in, want := range good {
		got, err := parseMemberships(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("parseMemberships(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"3", "x:0", "3:2", "3:0,", ",3:0"} {
		if _, err := parseMemberships(in); err == nil {
			t.Errorf("parseMemberships(%q) accepted", in)
		}
	}
}

// TestUsersKeepMembershipOrder: memberships come back in child_index order (index 0
// is the default group), not in group id order, and a user without any is listed.
func TestUsersKeepMembershipOrder(t *testing.T) {
	d := freshDB(t)
	if _, err := d.sql.Exec(`
INSERT INTO experimentergroup (id, name, permissions) VALUES (3, 'a', -120), (4, 'b', -120);
INSERT INTO experimenter (id, omename, firstname, lastname) VALUES (2, 'u', 'U', 'U'), (3, 'loner', 'L', 'L');
INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (4, 2, 1, 0), (1, 2, 0, 2), (3, 2, 0, 1);`); err != nil {
		t.Fatal(err)
	}
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	var users []User
	if err := d.View(s.UUID, func(tx *Tx) (err error) { users, err = tx.Users(2, 3); return err }); err != nil {
		t.Fatal(err)
	}
	want := []User{
		{ID: 2, OmeName: "u", FirstName: "U", LastName: "U", Groups: []Membership{{GroupID: 4, Owner: true}, {GroupID: 3}, {GroupID: 1}}},
		{ID: 3, OmeName: "loner", FirstName: "L", LastName: "L"},
	}
	if !reflect.DeepEqual(users, want) {
		t.Errorf("Users(2, 3) =\n%+v\nwant\n%+v", users, want)
	}
}
