package main

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The generator fills a database made by `omero db init` with a facility: users,
// groups, memberships and Project > Dataset > Image hierarchies (see Scale). Every
// row comes from set-based SQL in one transaction, counted out by recursive CTEs, so
// that a million-row facility takes seconds, not a statement per row. Every choice is
// arithmetic on row numbers and every time is fixed, so two runs write the same file.
// It writes the tables directly, as they are on disk: it depends on the schema, not
// on omero's Go packages.

// genVersion names this generator's output; -reuse only adopts a cached database
// made by the same version. Change it whenever the generated rows change.
const genVersion = "gen-3"

// Password is every generated account's password, root's included.
const Password = "omero-bench"

// passwordHash is bcrypt("omero-bench") at cost 10, computed once.
const passwordHash = "$2a$10$USJ7.F/ibFNYTTq4cgfs/OusjPc34vukd0JoOkkE/MdU.2.tI029u"

// epoch is the time of every generated row (2026-01-01T00:00:00Z, in ms).
const epoch = 1767225600000

// Group permissions as stored (omero's perms package names them), dealt to the lab
// groups by id so that Project:1's group, lab00001 (id 3), is read-annotate.
const labPermissions = `CASE id % 4 WHEN 0 THEN -120 WHEN 1 THEN -56 WHEN 2 THEN -8 ELSE -40 END`

var (
	firstNames = []string{"Ada", "Ben", "Chloé", "Dev", "Elena", "Farid", "Grace", "Hiro", "Inès", "Jonas", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Zoë"}
	lastNames  = []string{"Adler", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Huang", "Ivanova", "Jensen", "Kim", "López", "Moreau", "Novák", "Okafor", "Søren"}
)

// Name formats, wide enough for a million.
const (
	userName  = "user%07d"
	groupName = "lab%05d"
)

// userOf and labOf place the rows: user index i (0-based) is id i+2 (after root and
// guest), lab index g is group id g+3 (after system, user and guest). A user's k-th
// lab is spread by a multiplicative hash and a quarter-turn per k, so a user's labs
// are distinct and every lab gets about as many members.
func labOf(user, k string, groups int) string {
	return fmt.Sprintf("(3 + ((%s * 2654435761) %% %d + %s * %d) %% %d)", user, groups, k, groups/labsPerUser, groups)
}

// pick is a CASE choosing one of words by expr modulo len(words).
func pick(expr string, words []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CASE (%s) %% %d", expr, len(words))
	for i, w := range words {
		fmt.Fprintf(&b, " WHEN %d THEN '%s'", i, w)
	}
	b.WriteString(" END")
	return b.String()
}

// counted is a CTE n(i) counting 0..count-1, in 64-bit integers (the hashes below
// overflow PostgreSQL's integer).
func counted(count int) string {
	return fmt.Sprintf("WITH RECURSIVE n(i) AS (SELECT CAST(0 AS bigint) UNION ALL SELECT i + 1 FROM n WHERE i < %d) ", count-1)
}

// generate fills d in one transaction.
func generate(d *sql.DB, s Scale) error {
	tx, err := d.Begin()
	if err != nil {
		return err
	}
	// After Commit, Rollback only returns sql.ErrTxDone; on an earlier failure that
	// failure is the error returned, and the transaction is abandoned either way.
	defer func() { _ = tx.Rollback() }()
	var event int64
	err = tx.QueryRow(ref.bind(`INSERT INTO event (time, owner_id, group_id, type, command) VALUES (?, 0, 0, 'Internal', 'bench generate') RETURNING id`), epoch).Scan(&event)
	if err != nil {
		return fmt.Errorf("event: %w", err)
	}
	// Plain indexes are built once at the end, by sorting, rather than row by row as
	// millions of rows go in (that halves the time of the memberships). The indexes
	// behind UNIQUE constraints stay, as they must.
	indexes, err := plainIndexes(tx)
	if err != nil {
		return err
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(`DROP INDEX "` + ix.name + `"`); err != nil {
			return err
		}
	}
	for _, st := range generation(s, event) {
		start := time.Now()
		if _, err := tx.Exec(st.sql); err != nil {
			return fmt.Errorf("%s: %w", st.what, err)
		}
		if d := time.Since(start); d > time.Second {
			progress(fmt.Sprintf("  %s: %.1f s", st.what, d.Seconds()))
		}
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ix.sql); err != nil {
			return err
		}
	}
	// PostgreSQL's identity sequences do not follow the ids given explicitly.
	for _, q := range ref.afterIDs(idTables) {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// idTables are the tables the generator writes ids into.
var idTables = []string{"experimentergroup", "experimenter", "project", "dataset", "image"}

type index struct{ name, sql string }

// plainIndexes are the schema's indexes that no constraint needs, in the order the
// schema made them (so that two runs lay the file out alike).
func plainIndexes(tx *sql.Tx) ([]index, error) {
	rows, err := tx.Query(ref.plainIndexes)
	if err != nil {
		return nil, err
	}
	// Only read, and rows.Err below reports what went wrong while reading.
	defer func() { _ = rows.Close() }()
	var out []index
	for rows.Next() {
		var ix index
		if err := rows.Scan(&ix.name, &ix.sql); err != nil {
			return nil, err
		}
		out = append(out, ix)
	}
	return out, rows.Err()
}

type genStep struct{ what, sql string }

// generation is the statements, in order. Every number in them is the driver's own.
func generation(s Scale, event int64) []genStep {
	G, users := s.Groups(), s.Users()
	ev := fmt.Sprint(event)
	// Project:1 is user 0's, in that user's default lab; project p (1-based, p > 1) is
	// a user's picked by hash, in one of that user's labs.
	projOwner := fmt.Sprintf("(((i + 1) * 40503) %% %d)", users)
	bigDS, perDS := bigDatasets, s.BigImagesPerDS()
	otherDS := s.OtherDatasets()
	// An image's dataset: the big images fill datasets 1..10 in order, the others
	// are dealt round the other datasets.
	dsOf := fmt.Sprintf("CASE WHEN i <= %d THEN 1 + (i - 1) / %d ELSE %d + 1 + (i - %d - 1) %% %d END",
		s.BigImages(), perDS, bigDS, s.BigImages(), otherDS)
	return []genStep{
		// What db init made from the clock and a random salt.
		{"bootstrap", fmt.Sprintf(`UPDATE password SET hash = '%s', changed = %d WHERE experimenter_id = 0`, passwordHash, epoch)},
		{"bootstrap", fmt.Sprintf(`UPDATE password SET changed = %d WHERE experimenter_id = 1`, epoch)},
		{"bootstrap", fmt.Sprintf(`UPDATE event SET time = %d`, epoch)},
		{"groups", counted(G) + fmt.Sprintf(`INSERT INTO experimentergroup (id, name, description, ldap, permissions)
SELECT id, %s, '', 0, %s FROM (SELECT i, i + 3 AS id FROM n) g`, ref.padded("lab", 5, "i + 1"), labPermissions)},
		{"users", counted(users) + fmt.Sprintf(`INSERT INTO experimenter (id, omename, firstname, middlename, lastname, institution, email, ldap)
SELECT i + 2, %[1]s, %[2]s, '', %[3]s, 'Bench Facility', %[1]s || '@example.org', 0 FROM n`,
			ref.padded("user", 7, "i + 1"), pick("i * 7", firstNames), pick("i * 11 + i / 16", lastNames))},
		{"passwords", fmt.Sprintf(`INSERT INTO password (experimenter_id, hash, changed) SELECT id, '%s', %d FROM experimenter WHERE id > 1`, passwordHash, epoch)},
		{"memberships", counted(users) + fmt.Sprintf(`, k(k) AS (VALUES (0), (1), (2), (3))
INSERT INTO groupexperimentermap (parent, child, owner, child_index)
SELECT %s, i + 2, 0, k FROM n, k ORDER BY i, k`, labOf("i", "k", G))},
		{"user group", fmt.Sprintf(`INSERT INTO groupexperimentermap (parent, child, owner, child_index)
SELECT 1, id, 0, %d FROM experimenter WHERE id > 1`, labsPerUser)},
		// One owner per lab: its first member.
		{"owners", `UPDATE groupexperimentermap SET owner = 1
WHERE id IN (SELECT min(id) FROM groupexperimentermap WHERE parent > 2 GROUP BY parent)`},
		{"projects", counted(1+s.OtherProjects()) + fmt.Sprintf(`, p(p, u, k) AS (SELECT i + 1, CASE WHEN i = 0 THEN 0 ELSE %s END, i %% %d FROM n)
INSERT INTO project (id, name, description, owner_id, group_id, creation_id, update_id)
SELECT p, 'project ' || p, '', u + 2, %s, %s, %s FROM p`, projOwner, labsPerUser, labOf("u", "CASE WHEN p = 1 THEN 0 ELSE k END", G), ev, ev)},
		// Datasets 1..10 are Project:1's; then each other project's five, in turn.
		{"datasets", counted(bigDS+otherDS) + fmt.Sprintf(`, d(id, p) AS (SELECT i + 1, CASE WHEN i < %d THEN 1 ELSE 2 + (i - %d) / %d END FROM n)
INSERT INTO dataset (id, name, description, owner_id, group_id, creation_id, update_id)
SELECT d.id, 'dataset ' || d.id, '', p.owner_id, p.group_id, %s, %s FROM d JOIN project p ON p.id = d.p`, bigDS, bigDS, dsPerProj, ev, ev)},
		{"dataset links", fmt.Sprintf(`INSERT INTO projectdatasetlink (parent, child, owner_id, group_id, creation_id, update_id)
SELECT CASE WHEN id <= %d THEN 1 ELSE 2 + (id - %d - 1) / %d END, id, owner_id, group_id, %s, %s FROM dataset ORDER BY id`, bigDS, bigDS, dsPerProj, ev, ev)},
		{"images", fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT CAST(1 AS bigint) UNION ALL SELECT i + 1 FROM n WHERE i < %d)
INSERT INTO image (id, name, description, owner_id, group_id, creation_id, update_id)
SELECT i, 'image ' || i, '', d.owner_id, d.group_id, %s, %s FROM n JOIN dataset d ON d.id = %s`, s.Images(), ev, ev, dsOf)},
		{"image links", fmt.Sprintf(`INSERT INTO datasetimagelink (parent, child, owner_id, group_id, creation_id, update_id)
SELECT %s, i, owner_id, group_id, %s, %s FROM (SELECT id AS i, owner_id, group_id FROM image ORDER BY id) im`, dsOf, ev, ev)},
	}
}
