package db_test

// Behaviour of the two schemas side by side: every trigger refuses the same
// statements with the same message, constraint failures classify to the same
// kind and words, ids after db init's fixed-id rows continue alike, and text sorts
// alike.

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/dialect/pgtest"
	"github.com/omero-go/omero/perms/fault"
)

// builtIn are the rows db init writes (db.bootstrap), with their fixed ids, and a
// group "lab" (3) and a user "jsmith" (2) added as any command adds them.
var builtIn = []string{
	`INSERT INTO experimentergroup (id, name, ldap, permissions) VALUES (0, 'system', 0, -120), (1, 'user', 0, -52), (2, 'guest', 0, -120)`,
	`INSERT INTO experimenter (id, omename, firstname, middlename, lastname, institution, email, ldap)
	 VALUES (0, 'root', 'root', '', 'root', '', '', 0), (1, 'guest', 'Guest', '', 'Account', '', '', 0)`,
	`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (0, 0, 1, 0), (1, 0, 0, 1), (2, 1, 0, 0)`,
	`INSERT INTO event (time, owner_id, group_id, type, command) VALUES (0, 0, 0, 'Bootstrap', 'db init')`,
}

type backend struct {
	d  dialect.Dialect
	db *sql.DB
}

// withPostgres adds a PostgreSQL backend to lite when there is a server, so that
// without one the SQLite half of a test still runs.
func withPostgres(t *testing.T, lite backend) []backend {
	t.Helper()
	u, ok := pgtest.Optional(t)
	if !ok {
		return []backend{lite}
	}
	d, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return []backend{lite, {dialect.Postgres, d}}
}

// bootstrapped gives both backends the migrated schema and the built-in rows, and
// checks that the ids handed out next are the same on both: on PostgreSQL only after
// the setval that dialect.ResetIDSequence gives, which db init must run after its
// fixed-id inserts.
func bootstrapped(t *testing.T) []backend {
	t.Helper()
	out := withPostgres(t, backend{dialect.SQLite, openSQLite(t)})
	for _, b := range out {
		migrate(t, b.d, b.db, map[dialect.Dialect]string{dialect.SQLite: sqliteMigrations, dialect.Postgres: postgresMigrations}[b.d])
		stmts := append([]string{}, builtIn...)
		for _, table := range []string{"experimentergroup", "experimenter"} {
			if q := b.d.ResetIDSequence(table); q != "" {
				stmts = append(stmts, q)
			}
		}
		for _, q := range stmts {
			if _, err := b.db.Exec(q); err != nil {
				t.Fatalf("%s: %s: %v", b.d, q, err)
			}
		}
		var group, user, membership int64
		err := b.db.QueryRow(`INSERT INTO experimentergroup (name, permissions) VALUES ('lab', -120) RETURNING id`).Scan(&group)
		if err == nil {
			err = b.db.QueryRow(`INSERT INTO experimenter (omename, firstname, lastname) VALUES ('jsmith', 'John', 'Smith') RETURNING id`).Scan(&user)
		}
		if err == nil {
			err = b.db.QueryRow(b.d.Rebind(`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (?, ?, 0, 0) RETURNING id`), group, user).Scan(&membership)
		}
		if err != nil {
			t.Fatalf("%s: adding the first group and user: %v", b.d, err)
		}
		if group != 3 || user != 2 || membership != 4 {
			t.Errorf("%s: the first group, user and membership after db init got ids %d, %d, %d; want 3, 2, 4", b.d, group, user, membership)
		}
	}
	return out
}

// attempt runs setup and then stmt in a transaction that is rolled back, and
// returns stmt's error.
func attempt(t *testing.T, b backend, setup []string, stmt string, args ...any) error {
	t.Helper()
	tx, err := b.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range setup {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: setup %s: %v", b.d, q, err)
		}
	}
	_, err = tx.Exec(b.d.Rebind(stmt), args...)
	return err
}

const (
	rootMsg  = "experimenter 'root' may not be removed from the 'system' or 'user' group"
	userMsg  = "cannot change name of special experimenter"
	groupMsg = "cannot change name of special group"
	privMsg  = "cannot remove light administrator privileges from the root user"
)

// TestPostgresTriggersRefuseAsSQLite: each of the six refusing triggers fires on the
// same statements on both backends, with the same message, which TriggerMessage
// finds and Classify keeps; and lets the same statements through.
func TestPostgresTriggersRefuseAsSQLite(t *testing.T) {
	backends := bootstrapped(t)
	config := `INSERT INTO experimenter_config (experimenter_id, idx, name, value) VALUES `
	for _, tc := range []struct {
		name  string
		setup []string
		stmt  string
		want  string // "" when the statement must succeed
	}{
		{"prevent_root_deactivate_delete/user", nil, `DELETE FROM groupexperimentermap WHERE child = 0 AND parent = 1`, rootMsg},
		{"prevent_root_deactivate_delete/system", nil, `DELETE FROM groupexperimentermap WHERE child = 0 AND parent = 0`, rootMsg},
		{"prevent_root_deactivate_update/parent", nil, `UPDATE groupexperimentermap SET parent = 3 WHERE child = 0 AND parent = 0`, rootMsg},
		{"prevent_root_deactivate_update/naming the column is enough", nil, `UPDATE groupexperimentermap SET child = child WHERE child = 0 AND parent = 1`, rootMsg},
		{"prevent_experimenter_rename/root", nil, `UPDATE experimenter SET omename = 'admin' WHERE id = 0`, userMsg},
		{"prevent_experimenter_rename/guest", nil, `UPDATE experimenter SET omename = 'visitor' WHERE id = 1`, userMsg},
		{"prevent_experimenter_rename/to guest, before the unique key", nil, `UPDATE experimenter SET omename = 'guest' WHERE id = 2`, userMsg},
		{"prevent_experimentergroup_rename/user", nil, `UPDATE experimentergroup SET name = 'users' WHERE id = 1`, groupMsg},
		{"prevent_experimentergroup_rename/to system", nil, `UPDATE experimentergroup SET name = 'system' WHERE id = 3`, groupMsg},
		{"prevent_root_privilege_restriction_insert", nil, config + `(0, 0, 'AdminPrivilege:Sudo', 'false')`, privMsg},
		{"prevent_root_privilege_restriction_insert/name in any ASCII case", nil, config + `(0, 0, 'adminPRIVILEGE:Sudo', 'no')`, privMsg},
		{"prevent_root_privilege_restriction_insert/only ASCII folds in the value", nil, config + `(0, 0, 'AdminPrivilege:Sudo', 'ＴＲＵＥ')`, privMsg},
		{"prevent_root_privilege_restriction_update", []string{config + `(0, 0, 'AdminPrivilege:Sudo', 'true')`},
			`UPDATE experimenter_config SET value = 'False' WHERE experimenter_id = 0`, privMsg},

		{"allowed/root's privilege in any ASCII case", nil, config + `(0, 0, 'AdminPrivilege:Sudo', 'TRUE')`, ""},
		{"allowed/only ASCII folds in the name", nil, config + `(0, 0, 'AdminPrİvilege:Sudo', 'false')`, ""},
		{"allowed/root's other config", nil, config + `(0, 0, 'Other', 'false')`, ""},
		{"allowed/restricting another user", nil, config + `(2, 0, 'AdminPrivilege:Sudo', 'false')`, ""},
		{"allowed/renaming another user", nil, `UPDATE experimenter SET omename = 'jdoe' WHERE id = 2`, ""},
		{"allowed/root keeps its name", nil, `UPDATE experimenter SET omename = 'root' WHERE id = 0`, ""},
		{"allowed/renaming another group", nil, `UPDATE experimentergroup SET name = 'lab2' WHERE id = 3`, ""},
		{"allowed/root leaves another group", []string{`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (3, 0, 0, 2)`},
			`DELETE FROM groupexperimentermap WHERE child = 0 AND parent = 3`, ""},
		{"allowed/a user leaves user", nil, `DELETE FROM groupexperimentermap WHERE child = 1`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range backends {
				err := attempt(t, b, tc.setup, tc.stmt)
				if tc.want == "" {
					if err != nil {
						t.Errorf("%s: %v", b.d, err)
					}
					continue
				}
				msg, ok := dialect.TriggerMessage(err)
				if !ok || msg != tc.want {
					t.Errorf("%s: TriggerMessage = %q, %v (error %v); want %q", b.d, msg, ok, err, tc.want)
				}
				var fe *fault.Error
				if c := dialect.Classify(err, 0); !errors.As(c, &fe) || fe.Kind != fault.Failed || c.Error() != tc.want {
					t.Errorf("%s: Classify = %v (%T); want Failed %q", b.d, c, c, tc.want)
				}
				if b.d == dialect.Postgres && dialect.SQLState(err) != dialect.TriggerSQLState {
					t.Errorf("%s: SQLSTATE %q, want %q", b.d, dialect.SQLState(err), dialect.TriggerSQLState)
				}
			}
		})
	}
}

// TestPostgresExternalInfoFollowsItsObject: deleting an object deletes its
// ExternalInfo, and only its own, on both backends (a sample of the 30 tables;
// TestPostgresSchemaMatchesSQLite checks that every one has its trigger).
func TestPostgresExternalInfoFollowsItsObject(t *testing.T) {
	backends := bootstrapped(t)
	info := `INSERT INTO externalinfo (id, entityid, entitytype, creation_id) VALUES (7, 1, 'x', 1), (8, 1, 'x', 1)`
	for _, tc := range []struct {
		name, insert, delete string
	}{
		{"project", `INSERT INTO project (id, name, owner_id, group_id, creation_id, update_id, external_id) VALUES (5, 'p', 0, 0, 1, 1, 7)`,
			`DELETE FROM project WHERE id = 5`},
		{"image", `INSERT INTO image (id, name, owner_id, group_id, creation_id, update_id, external_id) VALUES (5, 'i', 0, 0, 1, 1, 7)`,
			`DELETE FROM image WHERE id = 5`},
		{"experimentergroup", `UPDATE experimentergroup SET external_id = 7 WHERE id = 3`,
			`DELETE FROM groupexperimentermap WHERE parent = 3; DELETE FROM experimentergroup WHERE id = 3`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range backends {
				tx, err := b.db.Begin()
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{info, tc.insert, tc.delete} {
					if _, err := tx.Exec(q); err != nil {
						t.Fatalf("%s: %s: %v", b.d, q, err)
					}
				}
				var left string
				if err := tx.QueryRow(`SELECT ` + b.d.GroupConcat("id", "','", "id") + ` FROM externalinfo`).Scan(&left); err != nil {
					t.Fatal(err)
				}
				tx.Rollback()
				if left != "8" {
					t.Errorf("%s: ExternalInfo left after the delete: %q, want 8 (7 went with its object)", b.d, left)
				}
			}
		})
	}
}

// TestPostgresConstraintErrorsAsSQLite: the constraint failures the Go code does not
// check first reach the user with the same kind and, where PostgreSQL says enough,
// the same words.
func TestPostgresConstraintErrorsAsSQLite(t *testing.T) {
	backends := bootstrapped(t)
	for _, tc := range []struct {
		name  string
		setup []string
		stmt  string
		kind  fault.Kind
		want  string // SQLite's message; a trailing "*" matches any rest
	}{
		{"unique", nil, `INSERT INTO experimenter (omename, firstname, lastname) VALUES ('root', 'a', 'b')`,
			fault.Exists, "UNIQUE constraint failed: experimenter.omename"},
		{"unique pair", nil, `INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (0, 0, 0, 5)`,
			fault.Exists, "UNIQUE constraint failed: groupexperimentermap.parent, groupexperimentermap.child"},
		{"primary key pair", []string{`INSERT INTO experimenter_config (experimenter_id, idx, name, value) VALUES (2, 0, 'a', 'b')`},
			`INSERT INTO experimenter_config (experimenter_id, idx, name, value) VALUES (2, 0, 'c', 'd')`,
			fault.Exists, "UNIQUE constraint failed: experimenter_config.experimenter_id, experimenter_config.idx"},
		{"partial unique index", []string{`INSERT INTO externalinfo (id, entityid, entitytype, creation_id) VALUES (7, 1, 'x', 1)`,
			`UPDATE experimenter SET external_id = 7 WHERE id = 2`},
			`UPDATE experimenter SET external_id = 7 WHERE id = 1`,
			fault.Exists, "UNIQUE constraint failed: experimenter.external_id"},
		{"not null", nil, `INSERT INTO experimenter (omename, firstname, lastname) VALUES ('x', NULL, 'b')`,
			fault.Failed, "NOT NULL constraint failed: experimenter.firstname"},
		{"foreign key", nil, `INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (99, 0, 0, 7)`,
			fault.Failed, "FOREIGN KEY constraint failed"},
		{"check", nil, `UPDATE experimenter SET ldap = 2 WHERE id = 2`,
			fault.Failed, "CHECK constraint failed: *"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range backends {
				err := attempt(t, b, tc.setup, tc.stmt)
				c := dialect.Classify(err, 0)
				var fe *fault.Error
				if !errors.As(c, &fe) || fe.Kind != tc.kind {
					t.Errorf("%s: Classify(%v) = %v, want kind %v", b.d, err, c, tc.kind)
					continue
				}
				if prefix, any := strings.CutSuffix(tc.want, "*"); any && !strings.HasPrefix(c.Error(), prefix) || !any && c.Error() != tc.want {
					t.Errorf("%s: message %q, want %q", b.d, c.Error(), tc.want)
				}
				if dialect.IsUnique(err) != (tc.kind == fault.Exists) {
					t.Errorf("%s: IsUnique = %v", b.d, !(tc.kind == fault.Exists))
				}
				if !errors.Is(c, err) {
					t.Errorf("%s: Classify lost the driver's error", b.d)
				}
			}
		})
	}
	// Text PostgreSQL cannot store: not Storable, so db refuses it before it gets
	// there, on both backends; and should it get there, a usage error, not a driver
	// error.
	for _, s := range []string{"a\x00b", "a\xffb"} {
		if dialect.Storable(s) {
			t.Errorf("Storable(%q) = true", s)
		}
		if len(backends) < 2 {
			continue
		}
		err := attempt(t, backends[1], nil, `UPDATE experimenter SET firstname = ? WHERE id = 2`, s)
		if c := dialect.Classify(err, 0); fault.KindOf(c) != fault.Usage {
			t.Errorf("PostgreSQL storing %q: %v (SQLSTATE %s), classified %v; want a usage error", s, err, dialect.SQLState(err), c)
		}
	}
}

// TestPostgresSortsTextAsSQLite: names sort in the same order on both, byte by byte,
// whatever the PostgreSQL database's locale (COLLATE "C" on every text column), and
// case-blind matching folds the same letters.
func TestPostgresSortsTextAsSQLite(t *testing.T) {
	backends := bootstrapped(t)
	names := []string{"b", "B", "a", "_x", "é", "e", "Z", "ä", "日本", "a b", "ab", "Émile", "émile", "10", "9"}
	if len(backends) < 2 {
		t.Skip("nothing to compare SQLite with: " + pgtest.HowToRun)
	}
	var orders, matches [2]string
	for i, b := range backends {
		tx, err := b.db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if _, err := tx.Exec(b.d.Rebind(`INSERT INTO experimenter (omename, firstname, lastname) VALUES (?, 'f', 'l')`), n); err != nil {
				t.Fatal(err)
			}
		}
		var order, match sql.NullString
		if err := tx.QueryRow(`SELECT ` + b.d.GroupConcat("omename", "' | '", "omename") + ` FROM experimenter`).Scan(&order); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRow(`SELECT ` + b.d.GroupConcat("omename", "' | '", "omename") + ` FROM experimenter WHERE ` +
			b.d.CaseBlindLike("omename", "'%E%'") + ` OR ` + b.d.CaseBlindLike("omename", "'%Ä%'")).Scan(&match); err != nil {
			t.Fatal(err)
		}
		if b.d == dialect.Postgres {
			// The names must tell a language's collation from "C", or this test
			// would pass on a server whose default is "C" even without COLLATE "C".
			var icu sql.NullString
			if err := tx.QueryRow(`SELECT ` + b.d.GroupConcat(`omename COLLATE "und-x-icu"`, "' | '", `omename COLLATE "und-x-icu"`) +
				` FROM experimenter WHERE EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')`).Scan(&icu); err == nil && icu.Valid && icu.String == order.String {
				t.Errorf("the names sort alike under ICU's root collation and byte order: %s", icu.String)
			}
		}
		tx.Rollback()
		orders[i], matches[i] = order.String, match.String
	}
	if orders[0] != orders[1] {
		t.Errorf("ORDER BY omename:\n  SQLite:     %s\n  PostgreSQL: %s", orders[0], orders[1])
	}
	if matches[0] != matches[1] || matches[0] != "e | guest | Émile | émile" {
		t.Errorf("case-blind LIKE '%%E%%' or '%%Ä%%':\n  SQLite:     %s\n  PostgreSQL: %s\n  want:       e | guest | Émile | émile", matches[0], matches[1])
	}
}

// TestPostgresSchemaVersionRefusesNonEmpty: a database that holds anything but no
// omero schema is not empty, so db init must refuse it.
func TestPostgresSchemaVersionRefusesNonEmpty(t *testing.T) {
	ctx := context.Background()
	for _, b := range withPostgres(t, backend{dialect.SQLite, openSQLite(t)}) {
		if _, err := b.db.Exec(`CREATE TABLE other (x integer)`); err != nil {
			t.Fatal(err)
		}
		v, empty, err := b.d.SchemaVersion(ctx, b.db)
		if err != nil || v != 0 || empty {
			t.Errorf("%s: a database with a foreign table: version %d, empty %v, err %v; want 0, not empty", b.d, v, empty, err)
		}
	}
}
