package main

import (
	"database/sql"
	"errors"
	"fmt"
)

// facts are the ids and names the cases act on, read from the generated database.
type facts struct {
	bigOwner       int64  // owner of Project:1
	bigGroup       int64  // its group
	recipient      string // chown: another member of bigGroup
	recipientID    int64
	destGroup      string // chgrp: another group of bigOwner, root made a member
	destGroupID    int64
	rootProject    int64  // obj update: a project of root's in its session's group
	addUserGroup   string // group adduser: an empty group made for the case
	addUserGroupID int64
	addNames       []string // group adduser: the users it adds
}

// addUsers is how many users `group adduser` adds in one command.
const addUsers = 1000

// setUp reads the facts and, through omero, before the pristine copy is taken, makes
// the empty group that group adduser fills, root's project for obj update, and root a
// member of the chgrp destination (a group both the project's owner and the caller
// are in).
func setUp(h *home, s Scale) (facts, error) {
	f := facts{addUserGroup: "bench-adduser"}
	for i := 1; i <= min(addUsers, s.Users()); i++ {
		f.addNames = append(f.addNames, fmt.Sprintf(userName, i))
	}
	if _, err := h.run("-q", "group", "add", f.addUserGroup, "--type", "read-only"); err != nil {
		return f, err
	}
	out, err := h.run("-q", "obj", "new", "Project", "name=bench-update")
	if err != nil {
		return f, err
	}
	if _, err := fmt.Sscanf(out, "Project:%d", &f.rootProject); err != nil {
		return f, fmt.Errorf("obj new printed %q: %w", out, err)
	}
	d, err := h.t.Open()
	if err != nil {
		return f, err
	}
	// Only queried: nothing is written through d, so closing it cannot lose data.
	defer func() { _ = d.Close() }()
	for _, q := range []struct {
		sql  string
		args func() []any
		dest []any
	}{
		{`SELECT owner_id, group_id FROM project WHERE id = 1`, nil, []any{&f.bigOwner, &f.bigGroup}},
		{`SELECT e.id, e.omename FROM groupexperimentermap m JOIN experimenter e ON e.id = m.child
		   WHERE m.parent = ? AND m.child <> ? ORDER BY e.id LIMIT 1`,
			func() []any { return []any{f.bigGroup, f.bigOwner} }, []any{&f.recipientID, &f.recipient}},
		{`SELECT g.id, g.name FROM groupexperimentermap m JOIN experimentergroup g ON g.id = m.parent
		   WHERE m.child = ? AND m.parent NOT IN (0, 1, 2, ?) ORDER BY m.child_index LIMIT 1`,
			func() []any { return []any{f.bigOwner, f.bigGroup} }, []any{&f.destGroupID, &f.destGroup}},
		{`SELECT id FROM experimentergroup WHERE name = ?`, func() []any { return []any{f.addUserGroup} }, []any{&f.addUserGroupID}},
	} {
		var args []any
		if q.args != nil {
			args = q.args()
		}
		err := d.QueryRow(ref.bind(q.sql), args...).Scan(q.dest...)
		if errors.Is(err, sql.ErrNoRows) {
			return f, fmt.Errorf("the generated database lacks what a case needs: %s", q.sql)
		}
		if err != nil {
			return f, err
		}
	}
	_, err = h.run("-q", "group", "adduser", "--name", f.destGroup, "root")
	return f, err
}
