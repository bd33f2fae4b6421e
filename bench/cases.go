package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/omero-go/omero/db"
)

// cases lists what issue 7 asks to time, in the order the table shows them.
func cases(fresh, large *home, omero, omeroBench string, f facts, s Scale) []*benchCase {
	big := int64(s.BigDatasets * s.BigImagesPerDS)
	var addNames []string
	for i := 1; i <= addUsers(s); i++ {
		addNames = append(addNames, fmt.Sprintf("user%05d", i))
	}
	q := func(args ...string) func(string) []string {
		return func(string) []string { return append([]string{"-q"}, args...) }
	}
	fixed := func(sql string) func(string) string { return func(string) string { return sql } }
	return []*benchCase{
		{name: "start only: `--version`", home: fresh, bin: omero,
			args: func(string) []string { return []string{"--version"} }, shell: []string{"--version"}},
		{name: "floor: `user list --style csv`, fresh database", home: fresh, bin: omero,
			args: q("user", "list", "--style", "csv"), sql: fixed(userListSQL), mode: []string{"-csv", "-header"},
			check: linesMatching(`^0,root,`, 1), goal: 10 * time.Millisecond},
		idleFloor(fresh, omero),
		{name: "`user list`, " + thousands(s.Users+2) + " users", home: large, bin: omero,
			args: q("user", "list"), sql: fixed(userListSQL), mode: []string{"-table"},
			check: linesMatching(`user\d{5}`, s.Users), goal: 150 * time.Millisecond},
		{name: "`group list --long`, " + thousands(s.Groups+4) + " groups", home: large, bin: omero,
			args: q("group", "list", "--long"), sql: fixed(groupListLongSQL), mode: []string{"-table"},
			check: linesMatching(`lab\d{4}`, s.Groups)},
		withNote(userAdd("`user add`, bcrypt cost 10", large, omero, "std"),
			"the bcrypt cost is deliberate (only omero-bench lowers it, by a hook); the sqlite3 side stores a precomputed hash."),
		userAdd("`user add`, bcrypt min cost (omero-bench)", large, omeroBench, "min"),
		{name: "`group adduser`, " + thousands(len(addNames)) + " users at once", home: large, bin: omero, reset: true,
			args:  q(append([]string{"group", "adduser", "--name", f.addUserGroup}, addNames...)...),
			sql:   fixed(groupAddUsersSQL(f.addUserGroupID, addNames)),
			check: dbCount(large, `SELECT count(*) FROM groupexperimentermap WHERE parent = ?`, []any{f.addUserGroupID}, int64(len(addNames)))},
		{name: "`obj new Project`", home: large, bin: omero,
			args:  func(tag string) []string { return []string{"-q", "obj", "new", "Project", "name=bench-" + tag} },
			sql:   func(tag string) string { return objNewSQL("bench-" + tag) },
			check: linesMatching(`^Project:\d+$`, 1)},
		{name: "`obj update Project`", home: large, bin: omero,
			args: func(tag string) []string {
				return []string{"-q", "obj", "update", fmt.Sprintf("Project:%d", f.rootProject), "name=renamed-" + tag}
			},
			sql: func(tag string) string { return objUpdateSQL(f.rootProject, "renamed-"+tag) },
			check: func(tag string, _ []byte) error {
				return dbCount(large, `SELECT count(*) FROM project WHERE id = ? AND name = ?`, []any{f.rootProject, "renamed-" + tag}, 1)(tag, nil)
			}},
		graphCase("`chown` Project:1, "+thousands(int(big))+" images", large, omero, q("chown", f.recipient, "Project:1"),
			moveSQL("chown", "owner_id", f.recipientID), `SELECT count(*) FROM image WHERE id <= ? AND owner_id = ?`, []any{big, f.recipientID}, big),
		graphCase("`chgrp` Project:1, "+thousands(int(big))+" images", large, omero, q("chgrp", f.destGroup, "Project:1"),
			moveSQL("chgrp", "group_id", f.destGroupID), `SELECT count(*) FROM image WHERE id <= ? AND group_id = ?`, []any{big, f.destGroupID}, big),
		graphCase("`delete` Project:1, "+thousands(int(big))+" images", large, omero, q("delete", "Project:1"),
			deleteSQL(), `SELECT ? - count(*) FROM image WHERE id <= ?`, []any{big, big}, big),
	}
}

// idleFloor is the floor command on a session last used more than db.RefreshSlackMS
// ago, so that it writes the session's new last-use time: the first command after
// a pause, where the floor case is one of a script's run of commands.
func idleFloor(h *home, omero string) *benchCase {
	const idle = db.RefreshSlackMS + 5000
	refreshed := `SELECT count(*) FROM session WHERE id = (SELECT max(id) FROM session) AND last_used > ?`
	return &benchCase{name: "floor, session idle 10 s (last use written)", home: h, bin: omero,
		args: func(string) []string { return []string{"-q", "user", "list", "--style", "csv"} },
		sql: func(string) string {
			return "BEGIN IMMEDIATE; UPDATE session SET last_used = " + nowMS + " WHERE id = (SELECT max(id) FROM session); " +
				userListSQL + " COMMIT;"
		},
		mode: []string{"-csv", "-header"}, lightSync: true,
		before: func() error {
			return h.exec(`UPDATE session SET last_used = ? WHERE id = (SELECT max(id) FROM session)`, time.Now().UnixMilli()-idle)
		},
		check: func(tag string, out []byte) error {
			if err := linesMatching(`^0,root,`, 1)(tag, out); err != nil {
				return err
			}
			return dbCount(h, refreshed, []any{time.Now().UnixMilli() - idle + 1000}, 1)(tag, out)
		},
		goal: 10 * time.Millisecond}
}

// userAdd times adding a user with a password; the names differ run to run.
func userAdd(name string, h *home, bin, prefix string) *benchCase {
	login := func(tag string) string { return "bench-" + prefix + "-" + tag }
	return &benchCase{name: name, home: h, bin: bin,
		args: func(tag string) []string {
			return []string{"-q", "user", "add", login(tag), "Bench", "User", "--group-name", "lab0001", "-P", Password}
		},
		sql: func(tag string) string { return userAddSQL(login(tag), 3) },
		check: func(tag string, _ []byte) error {
			return dbCount(h, `SELECT count(*) FROM experimenter WHERE omename = ?`, []any{login(tag)}, 1)(tag, nil)
		},
	}
}

// graphCase is chown, chgrp or delete of the big project, on a fresh copy each run.
func graphCase(name string, h *home, bin string, args func(string) []string, sql, check string, checkArgs []any, want int64) *benchCase {
	c := &benchCase{name: name, home: h, bin: bin, args: args, reset: true,
		sql: func(string) string { return sql }, check: dbCount(h, check, checkArgs, want)}
	if !strings.Contains(name, "delete") {
		c.goal = 2 * time.Second
	}
	return c
}

// thousands writes n with thousands separators: 100,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func withNote(c *benchCase, note string) *benchCase { c.note = note; return c }

// linesMatching checks that exactly want lines of the output match re.
func linesMatching(re string, want int) func(string, []byte) error {
	r := regexp.MustCompile(re)
	return func(_ string, out []byte) error {
		n := 0
		for _, line := range bytes.Split(out, []byte("\n")) {
			if r.Match(line) {
				n++
			}
		}
		if n != want {
			return fmt.Errorf("%d lines of output match %s, want %d", n, re, want)
		}
		return nil
	}
}

// dbCount checks a count in the database after the run.
func dbCount(h *home, q string, args []any, want int64) func(string, []byte) error {
	return func(string, []byte) error {
		n, err := h.queryInt(q, args...)
		if err == nil && n != want {
			err = fmt.Errorf("%s gives %d, want %d", q, n, want)
		}
		return err
	}
}
