package main

import (
	"fmt"
	"strings"
)

// The reference side of each case: the same rows read or written as omero reads or
// writes them (the audit event and its eventlog rows included), without what only
// omero does: the session check, the permission rules and the graph planning. One
// SQL text for SQLite and PostgreSQL but for the fragments of ref (dialect.go). Every
// value spliced in here is the driver's own (ids, generated names), never user data.

// The scripts that depend on the target's dialect, built by buildScripts.
var (
	nowMS            string // the current time in epoch milliseconds, as omero stores times
	userListSQL      string
	groupListLongSQL string
	subgraphSQL      string
)

func buildScripts() {
	nowMS = ref.nowMS
	userListSQL = userList()
	groupListLongSQL = groupListLong()
	subgraphSQL = subgraph()
}

// rootSession is root's session in every home: the first one opened after db init.
const rootSession = 1

// newEvent records the audit event of a change by root in the system group.
func newEvent(command string) string {
	return fmt.Sprintf(`INSERT INTO event (time, owner_id, session_id, group_id, type, command) VALUES (%s, 0, %d, 0, 'User', '%s');`,
		nowMS, rootSession, command)
}

// lastEvent is the id of the event newEvent wrote.
const lastEvent = `(SELECT max(id) FROM event)`

// logRows writes one eventlog row per id the select yields, in the last event.
func logRows(entity, action, ids string) string {
	return fmt.Sprintf(`INSERT INTO eventlog (event_id, entity_type, entity_id, action)
SELECT %s, '%s', id, '%s' FROM (%s) ids;`, lastEvent, entity, action, ids)
}

// userList is `user list`: one row per user with the ids of the groups it is a
// member and owner of, system and user left out.
func userList() string {
	return `SELECT e.id, e.omename AS login, e.firstname AS "first name", e.lastname AS "last name",
  coalesce(e.email, '') AS email,
  CASE WHEN EXISTS (SELECT 1 FROM groupexperimentermap WHERE child = e.id AND parent = 1) THEN 'Yes' ELSE '' END AS active,
  CASE WHEN e.ldap <> 0 THEN 'True' ELSE 'False' END AS ldap,
  CASE WHEN EXISTS (SELECT 1 FROM groupexperimentermap WHERE child = e.id AND parent = 0) THEN 'Yes' ELSE '' END AS admin,
  coalesce(` + ref.joined("parent", "groupexperimentermap WHERE child = e.id AND parent NOT IN (0, 1) AND owner = 0", "child_index") + `, '') AS "member of",
  coalesce(` + ref.joined("parent", "groupexperimentermap WHERE child = e.id AND parent NOT IN (0, 1) AND owner <> 0", "child_index") + `, '') AS "owner of"
FROM experimenter e ORDER BY e.id;`
}

// groupPerms prints a group's permissions as omero does.
const groupPerms = `CASE g.permissions WHEN -120 THEN 'rw----' WHEN -56 THEN 'rwr---' WHEN -52 THEN 'rwr-r-'
    WHEN -40 THEN 'rwra--' WHEN -8 THEN 'rwrw--' ELSE CAST(g.permissions AS TEXT) END AS perms,
  CASE WHEN g.ldap <> 0 THEN 'True' ELSE 'False' END AS ldap`

// groupListSQL is `group list`: owners and members counted.
const groupListSQL = `SELECT g.id, g.name, ` + groupPerms + `,
  (SELECT count(*) FROM groupexperimentermap WHERE parent = g.id AND owner <> 0) AS "# of owners",
  (SELECT count(*) FROM groupexperimentermap WHERE parent = g.id AND owner = 0) AS "# of members"
FROM experimentergroup g ORDER BY g.id;`

// groupListLong is `group list --long`: owner and member ids sorted as strings.
func groupListLong() string {
	return `SELECT g.id, g.name, ` + groupPerms + `,
  coalesce(` + ref.joined("c", "(SELECT CAST(child AS TEXT) AS c FROM groupexperimentermap WHERE parent = g.id AND owner <> 0) o", ref.bytewise("c")) + `, '') AS "owner ids",
  coalesce(` + ref.joined("c", "(SELECT CAST(child AS TEXT) AS c FROM groupexperimentermap WHERE parent = g.id AND owner = 0) m", ref.bytewise("c")) + `, '') AS "member ids"
FROM experimentergroup g ORDER BY g.id;`
}

// objListImageSQL is `obj list Image` by root, who may read every image.
const objListImageSQL = `SELECT o.id, o.name, e.omename AS owner, g.name AS "group"
FROM image o JOIN experimenter e ON e.id = o.owner_id JOIN experimentergroup g ON g.id = o.group_id
ORDER BY o.id;`

// userAddSQL is `user add NAME Bench User GROUP` with a password hash.
func userAddSQL(name string, group int64) string {
	user := fmt.Sprintf(`(SELECT id FROM experimenter WHERE omename = '%s')`, name)
	return fmt.Sprintf(`%[8]s
INSERT INTO experimenter (omename, firstname, middlename, lastname, institution, email, ldap) VALUES ('%[1]s', 'Bench', '', 'User', '', '', 0);
INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (%[2]d, %[3]s, 0, 0), (1, %[3]s, 0, 1);
INSERT INTO password (experimenter_id, hash, changed) VALUES (%[3]s, '%[4]s', %[5]s);
%[6]s
%[7]s
COMMIT;`, name, group, user, passwordHash, nowMS, newEvent("user add"), logRows("Experimenter", "INSERT", "SELECT "+user+" AS id"), ref.beginWrite)
}

// groupAddUsersSQL is `group adduser` of the named users to an empty group: each new
// membership logged, and each user as changed, as omero logs them.
func groupAddUsersSQL(group int64, names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "'" + n + "'"
	}
	return fmt.Sprintf(`%[6]s
INSERT INTO groupexperimentermap (parent, child, owner, child_index)
SELECT %[1]d, e.id, 0, (SELECT max(child_index) + 1 FROM groupexperimentermap m WHERE m.child = e.id)
  FROM experimenter e WHERE e.omename IN (%[2]s) ORDER BY e.id;
%[3]s
%[4]s
%[5]s
COMMIT;`, group, strings.Join(quoted, ", "), newEvent("group adduser"),
		logRows("GroupExperimenterMap", "INSERT", fmt.Sprintf("SELECT id FROM groupexperimentermap WHERE parent = %d", group)),
		logRows("Experimenter", "UPDATE", fmt.Sprintf("SELECT child AS id FROM groupexperimentermap WHERE parent = %d", group)), ref.beginWrite)
}

// objNewSQL is `obj new Project name=NAME` by root in the system group.
func objNewSQL(name string) string {
	return fmt.Sprintf(`%[5]s
%[1]s
INSERT INTO project (name, owner_id, group_id, creation_id, update_id) VALUES ('%[2]s', 0, 0, %[3]s, %[3]s);
%[4]s
SELECT 'Project:' || max(id) FROM project;
COMMIT;`, newEvent("obj new"), name, lastEvent, logRows("Project", "INSERT", "SELECT max(id) AS id FROM project"), ref.beginWrite)
}

// objUpdateSQL is `obj update Project:ID name=NAME`.
func objUpdateSQL(id int64, name string) string {
	return fmt.Sprintf(`%[6]s
%[1]s
UPDATE project SET name = '%[2]s', update_id = %[3]s WHERE id = %[4]d;
%[5]s
COMMIT;`, newEvent("obj update"), name, lastEvent, id, logRows("Project", "UPDATE", fmt.Sprintf("SELECT %d AS id", id)), ref.beginWrite)
}

// objFileSQL is `obj --file` of lines `new Project name=NAME`: one event, then for
// each line the statements omero runs for it (the insert and its eventlog row),
// parsed one by one as omero parses the lines; then the Type:id of each.
func objFileSQL(names []string) string {
	var b strings.Builder
	b.WriteString(ref.beginWrite + "\n" + newEvent("obj --file") + "\n")
	for _, n := range names {
		fmt.Fprintf(&b, "INSERT INTO project (name, owner_id, group_id, creation_id, update_id) VALUES ('%s', 0, 0, %s, %s);\n", n, lastEvent, lastEvent)
		fmt.Fprintf(&b, "INSERT INTO eventlog (event_id, entity_type, entity_id, action) VALUES (%s, 'Project', %s, 'INSERT');\n", lastEvent, ref.lastProjectID)
	}
	fmt.Fprintf(&b, "SELECT 'Project:' || entity_id FROM eventlog WHERE event_id = %s ORDER BY id;\nCOMMIT;", lastEvent)
	return b.String()
}

// bigProjectSets collects Project:1's dataset links, datasets, image links and
// images, as the graph planner does.
const bigProjectSets = `CREATE TEMP TABLE pdl AS SELECT id FROM projectdatasetlink WHERE parent = 1;
CREATE TEMP TABLE ds AS SELECT child AS id FROM projectdatasetlink WHERE parent = 1;
CREATE TEMP TABLE dil AS SELECT id, child FROM datasetimagelink WHERE parent IN (SELECT id FROM ds);
CREATE TEMP TABLE im AS SELECT DISTINCT child AS id FROM dil;`

// subgraph is what a --dry-run of Project:1 has to read at least: every object of
// the subgraph with its owner and group (and each link with its ends), in one read
// transaction.
func subgraph() string {
	return "BEGIN;\n" + bigProjectSets + `
SELECT id, owner_id, group_id FROM project WHERE id = 1;
SELECT id, parent, child, owner_id, group_id FROM projectdatasetlink WHERE id IN (SELECT id FROM pdl);
SELECT id, owner_id, group_id FROM dataset WHERE id IN (SELECT id FROM ds);
SELECT id, parent, child, owner_id, group_id FROM datasetimagelink WHERE id IN (SELECT id FROM dil);
SELECT id, owner_id, group_id FROM image WHERE id IN (SELECT id FROM im);
COMMIT;`
}

// graphLog logs every object of the big project with action.
func graphLog(action string) string {
	var b strings.Builder
	for _, t := range [][2]string{{"Project", "SELECT 1 AS id"}, {"ProjectDatasetLink", "SELECT id FROM pdl"},
		{"Dataset", "SELECT id FROM ds"}, {"DatasetImageLink", "SELECT id FROM dil"}, {"Image", "SELECT id FROM im"}} {
		b.WriteString(logRows(t[0], action, t[1]) + "\n")
	}
	return b.String()
}

// moveSQL is chown (column owner_id) or chgrp (group_id) of Project:1 and all it holds.
func moveSQL(command, column string, value int64) string {
	var b strings.Builder
	b.WriteString(ref.beginWrite + "\n" + bigProjectSets + "\n" + newEvent(command) + "\n")
	for _, t := range [][2]string{{"project", "1"}, {"projectdatasetlink", "SELECT id FROM pdl"},
		{"dataset", "SELECT id FROM ds"}, {"datasetimagelink", "SELECT id FROM dil"}, {"image", "SELECT id FROM im"}} {
		fmt.Fprintf(&b, "UPDATE %s SET %s = %d WHERE id IN (%s);\n", t[0], column, value, t[1])
	}
	b.WriteString(graphLog("UPDATE") + "COMMIT;")
	return b.String()
}

// deleteSQL is delete of Project:1 and all it holds, links first.
func deleteSQL() string {
	var b strings.Builder
	b.WriteString(ref.beginWrite + "\n" + bigProjectSets + "\n" + newEvent("delete") + "\n" + graphLog("DELETE"))
	for _, t := range [][2]string{{"datasetimagelink", "SELECT id FROM dil"}, {"projectdatasetlink", "SELECT id FROM pdl"},
		{"image", "SELECT id FROM im"}, {"dataset", "SELECT id FROM ds"}, {"project", "1"}} {
		fmt.Fprintf(&b, "DELETE FROM %s WHERE id IN (%s);\n", t[0], t[1])
	}
	b.WriteString("COMMIT;")
	return b.String()
}
