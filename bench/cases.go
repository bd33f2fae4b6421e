package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// The cases of issue 16, item 1, in the order the table shows them. Every case but
// the three on the fresh database runs at every scale.

// Goals of issue 16 (and the one of `--version`).
const (
	ratioGoal      = 2.0
	versionGoal    = 1.5
	memoryGoalKB   = 150 * 1024
	linearityGoal  = 1.25
	maxSQLTableOut = 512 << 20 // a psql-style table larger than this is not timed
)

// objFileLines is the size of the obj --file batch (the test makes it smaller).
var objFileLines = 10_000

// refreshSlack is how old a session's last-use time must be before a read command
// writes it (README, Limits: "at least 5 s old").
const refreshSlack = 5 * time.Second

// style is one of omero's --style values with the reference tool's matching mode.
type style struct {
	name string
	mode outputMode
}

// styles: the first is the default, timed as typed, with no --style.
var styles = []style{{"sql", modeTable}, {"csv", modeCSV}, {"plain", modePlain}, {"json", modeJSON}}

func (s style) args(args ...string) []string {
	if s.name == "sql" {
		return args
	}
	return append(args, "--style", s.name)
}

func (s style) label(cmd string) string {
	if s.name == "sql" {
		return "`" + cmd + "`"
	}
	return "`" + cmd + " --style " + s.name + "`"
}

// maker builds the cases of one home.
type maker struct {
	h *home
	s *Scale
	b binaries
}

// omero is the argument list of the omero binary, quiet.
func (m maker) omero(args ...string) func(string) []string {
	return m.omeroWith(m.b.omero, args...)
}

func (m maker) omeroWith(bin string, args ...string) func(string) []string {
	return func(string) []string { return append([]string{bin, "-q"}, args...) }
}

// shell is the reference tool running a fixed script.
func (m maker) shell(mode outputMode, script string) func(string) []string {
	return func(string) []string { return m.h.t.Shell(mode, script) }
}

// read is a listing case: both tools print want lines matching re.
func (m maker) read(name string, args []string, st style, sql, re string, want, objects int, unit string) *benchCase {
	return &benchCase{name: name, home: m.h, scale: m.s, objects: objects, unit: unit,
		omero: m.omero(st.args(args...)...), ref: m.shell(st.mode, sql),
		checkOmero: linesMatching(re, want), checkRef: linesMatching(re, want)}
}

// freshCases are the floor: what every command pays before its own work.
func freshCases(h *home, b binaries) []*benchCase {
	m := maker{h: h, b: b}
	rootLine := `\broot\b`
	return []*benchCase{
		{name: "start only: `--version`", home: h, ratioGoal: versionGoal,
			omero: func(string) []string { return []string{b.omero, "--version"} },
			ref:   func(string) []string { return []string{b.minCgo} },
			note:  "its reference is a cgo Go binary that opens nothing, built from a generated main.go (OUT/mincgo-src), not the sqlite3 shell."},
		{name: "floor: `user list`, fresh database", home: h,
			omero: m.omero("user", "list"), ref: m.shell(modeTable, userListSQL),
			checkOmero: linesMatching(rootLine, 1), checkRef: linesMatching(rootLine, 1)},
		idleFloor(m),
	}
}

// idleFloor is the floor command on a session last used more than refreshSlack ago,
// so that it writes the session's new last-use time: the first command after a
// pause, where the floor case is one of a script's run of commands.
func idleFloor(m maker) *benchCase {
	h := m.h
	idle := (refreshSlack + 5*time.Second).Milliseconds()
	refreshed := `SELECT count(*) FROM session WHERE id = (SELECT max(id) FROM session) AND last_used > ?`
	checkRefresh := func(tag, out string) error {
		return dbCount(h, refreshed, 1, time.Now().UnixMilli()-idle+1000)(tag, out)
	}
	// omero commits this write with synchronous=NORMAL (losing it only brings the
	// session's expiry forward); so does the reference.
	script := ref.beginLazyWrite + " UPDATE session SET last_used = " + nowMS +
		" WHERE id = (SELECT max(id) FROM session); " + userListSQL + " COMMIT;"
	return &benchCase{name: "floor, session idle 10 s (last use written)", home: h,
		omero: m.omero("user", "list"), ref: m.shell(modeTable, script),
		before: func() error {
			return h.exec(`UPDATE session SET last_used = ? WHERE id = (SELECT max(id) FROM session)`, time.Now().UnixMilli()-idle)
		},
		checkOmero: all(linesMatching(`\broot\b`, 1), checkRefresh),
		checkRef:   all(linesMatching(`\broot\b`, 1), checkRefresh)}
}

// scaleCases are the cases run on a generated facility.
func scaleCases(h *home, s *Scale, f facts, b binaries) ([]*benchCase, error) {
	m := maker{h: h, s: s, b: b}
	var cs []*benchCase
	users, images := s.Users(), s.Images()
	for _, st := range styles {
		cs = append(cs, m.read(st.label("user list"), []string{"user", "list"}, st, userListSQL, `user\d{7}`, users, users, "user"))
	}
	groups := s.Groups()
	for _, st := range styles {
		cs = append(cs, m.read(st.label("group list"), []string{"group", "list"}, st, groupListSQL, `lab\d{5}`, groups, s.Memberships(), "membership"))
	}
	for _, st := range styles {
		c := m.read(st.label("group list --long"), []string{"group", "list", "--long"}, st, groupListLongSQL, `lab\d{5}`, groups, s.Memberships(), "membership")
		if size := longTableSize(s); st.name == "sql" && size > maxSQLTableOut {
			c.skip = fmt.Sprintf("not timed: every row is padded to the widest cell, the %s member ids of the user group: a %d MB table",
				thousands(users), size>>20)
		}
		cs = append(cs, c)
	}
	for _, st := range styles {
		cs = append(cs, m.read(st.label("obj list Image"), []string{"obj", "list", "Image"}, st, objListImageSQL, `image \d+`, images, images, "image"))
	}
	cs = append(cs, graphCases(m, f)...)
	file, err := objFileCase(m)
	if err != nil {
		return nil, err
	}
	cs = append(cs, file,
		&benchCase{name: "`group adduser`, " + thousands(len(f.addNames)) + " users at once", home: h, scale: s,
			objects: len(f.addNames), unit: "user", reset: true,
			omero:      m.omero(append([]string{"group", "adduser", "--name", f.addUserGroup}, f.addNames...)...),
			ref:        m.shell(modeList, groupAddUsersSQL(f.addUserGroupID, f.addNames)),
			checkOmero: dbCount(h, `SELECT count(*) FROM groupexperimentermap WHERE parent = ?`, int64(len(f.addNames)), f.addUserGroupID),
			checkRef:   dbCount(h, `SELECT count(*) FROM groupexperimentermap WHERE parent = ?`, int64(len(f.addNames)), f.addUserGroupID)},
		withNote(userAdd(m, "`user add`, bcrypt cost 10", b.omero, "std"),
			"the bcrypt cost is deliberate (about 60 ms); the reference stores a precomputed hash."),
		userAdd(m, "`user add`, bcrypt min cost (omero-bench)", b.omeroBench, "min"),
		&benchCase{name: "`obj new Project`", home: h, scale: s, objects: 1, unit: "command",
			omero: func(tag string) []string {
				return []string{b.omero, "-q", "obj", "new", "Project", "name=bench-" + tag}
			},
			ref:        func(tag string) []string { return h.t.Shell(modeList, objNewSQL("bench-"+tag)) },
			checkOmero: linesMatching(`^Project:\d+$`, 1), checkRef: linesMatching(`^Project:\d+$`, 1)},
		objUpdate(m, f.rootProject),
	)
	return cs, nil
}

// longTableSize estimates the sql style of group list --long: every row as wide as
// the user group's member ids.
func longTableSize(s *Scale) int {
	return (s.Groups() + 5) * s.Users() * len(fmt.Sprint(s.Users()+1))
}

// graphCases are chown, chgrp and delete of Project:1, on a fresh copy each run, and
// their dry runs against the shell reading the same subgraph.
func graphCases(m maker, f facts) []*benchCase {
	h, s := m.h, m.s
	big := int64(s.BigImages())
	type op struct {
		name    string
		args    []string
		script  string
		done    string // a count that is big once the operation is done
		doneArg []any
	}
	ops := []op{
		{"chown", []string{"chown", f.recipient, "Project:1"}, moveSQL("chown", "owner_id", f.recipientID),
			`SELECT count(*) FROM image WHERE id <= ? AND owner_id = ?`, []any{big, f.recipientID}},
		{"chgrp", []string{"chgrp", f.destGroup, "Project:1"}, moveSQL("chgrp", "group_id", f.destGroupID),
			`SELECT count(*) FROM image WHERE id <= ? AND group_id = ?`, []any{big, f.destGroupID}},
		{"delete", []string{"delete", "Project:1"}, deleteSQL(),
			`SELECT ? - count(*) FROM image WHERE id <= ?`, []any{big, big}},
	}
	what := fmt.Sprintf("Project:1 (10 datasets, %s images)", short(s.BigImages()))
	var cs []*benchCase
	for _, o := range ops {
		done := dbCount(h, o.done, big, o.doneArg...)
		cs = append(cs, &benchCase{name: "`" + o.name + "` " + what, home: h, scale: s, objects: s.BigGraph(), unit: "object",
			reset: true, omero: m.omero(o.args...), ref: m.shell(modeList, o.script), checkOmero: done, checkRef: done})
	}
	untouched := dbCount(h, `SELECT count(*) FROM image WHERE id = 1 AND owner_id = ? AND group_id = ?`, 1, f.bigOwner, f.bigGroup)
	for _, o := range ops {
		args := append([]string{o.args[0], "--dry-run"}, o.args[1:]...)
		cs = append(cs, &benchCase{name: "`" + o.name + " --dry-run` " + what, home: h, scale: s, objects: s.BigGraph(), unit: "object",
			omero: m.omero(args...), ref: m.shell(modeList, subgraphSQL),
			checkOmero: all(linesMatching(`^omero\.cmd\.\w+ Project:1 Dry run performed$`, 1), untouched),
			checkRef:   linesMatching(`^\d+\|`, s.BigGraph())})
	}
	return cs
}

// objFileCase is obj --file of objFileLines `new Project` lines, on a fresh copy each run.
func objFileCase(m maker) (*benchCase, error) {
	h := m.h
	names := make([]string, objFileLines)
	var file strings.Builder
	for i := range names {
		names[i] = fmt.Sprintf("batch-%05d", i+1)
		fmt.Fprintf(&file, "new Project name=%s\n", names[i])
	}
	path := h.file("batch.txt")
	if err := os.WriteFile(path, []byte(file.String()), 0o600); err != nil {
		return nil, err
	}
	made := dbCount(h, `SELECT count(*) FROM project WHERE name LIKE 'batch-%'`, int64(objFileLines))
	printed := linesMatching(`^Project:\d+$`, objFileLines)
	return &benchCase{name: "`obj --file`, " + thousands(objFileLines) + " `new` lines", home: h, scale: m.s,
		objects: objFileLines, unit: "line", reset: true,
		omero: m.omero("obj", "--file", path), ref: m.shell(modeList, objFileSQL(names)),
		checkOmero: all(printed, made), checkRef: all(printed, made)}, nil
}

// userAdd times adding a user with a password; the names differ run to run.
func userAdd(m maker, name, bin, prefix string) *benchCase {
	h := m.h
	login := func(tag string) string { return "bench-" + prefix + "-" + tag }
	added := func(tag, out string) error {
		return dbCount(h, `SELECT count(*) FROM experimenter WHERE omename = ?`, 1, login(tag))(tag, out)
	}
	return &benchCase{name: name, home: h, scale: m.s, objects: 1, unit: "command",
		omero: func(tag string) []string {
			return []string{bin, "-q", "user", "add", login(tag), "Bench", "User", "--group-name", fmt.Sprintf(groupName, 1), "-P", Password}
		},
		ref:        func(tag string) []string { return h.t.Shell(modeList, userAddSQL(login(tag), 3)) },
		checkOmero: added, checkRef: added}
}

func objUpdate(m maker, project int64) *benchCase {
	h := m.h
	renamed := func(tag, out string) error {
		return dbCount(h, `SELECT count(*) FROM project WHERE id = ? AND name = ?`, 1, project, "renamed-"+tag)(tag, out)
	}
	return &benchCase{name: "`obj update Project`", home: h, scale: m.s, objects: 1, unit: "command",
		omero: func(tag string) []string {
			return []string{m.b.omero, "-q", "obj", "update", fmt.Sprintf("Project:%d", project), "name=renamed-" + tag}
		},
		ref:        func(tag string) []string { return h.t.Shell(modeList, objUpdateSQL(project, "renamed-"+tag)) },
		checkOmero: renamed, checkRef: renamed}
}

func withNote(c *benchCase, note string) *benchCase { c.note = note; return c }
