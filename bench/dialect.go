package main

import (
	"fmt"
	"strings"

	"github.com/omero-go/omero/db/dialect"
)

// refDialect is what the reference scripts (sql.go) and the generator (gen.go) spell
// differently on SQLite and PostgreSQL; everything else in them is one SQL text. A
// driver run uses one target, so the spelling is chosen once, before any case is
// built (useDialect).
type refDialect struct {
	name string
	// nowMS is the current time in epoch milliseconds, as omero stores times.
	nowMS string
	// beginWrite begins a write transaction holding the writers' lock, as omero's
	// writers do; beginLazyWrite one that commits without waiting for the disk, as a
	// read command's last-use write does.
	beginWrite, beginLazyWrite string
	// lastProjectID is the id of the project the statement before inserted.
	lastProjectID string
	// schemaVersion reads the schema's version number.
	schemaVersion string
	// joined is the ','-separated list of col over the rows of from in the order
	// of order, or NULL for none.
	joined func(col, from, order string) string
	// padded is prefix followed by the integer expr zero-padded to width digits.
	padded func(prefix string, width int, expr string) string
	// plainIndexes lists the schema's indexes that no constraint needs (name, and
	// the statement that makes it), in the order the schema made them.
	plainIndexes string
	// afterIDs are the statements to run after rows were given ids in tables.
	afterIDs func(tables []string) []string
	// bytewise is expr ordered byte by byte, as SQLite's default collation orders.
	bytewise func(expr string) string
	// bind turns a query written with ? placeholders into the driver's.
	bind func(q string) string
}

// The writers' lock key omero takes on PostgreSQL (db/dialect).
var lockWriter = fmt.Sprintf("SELECT pg_advisory_xact_lock(%d) \\g /dev/null\n", dialect.WriterLockKey)

var sqliteRef = refDialect{
	name:           "sqlite",
	nowMS:          `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`,
	beginWrite:     "BEGIN IMMEDIATE;",
	beginLazyWrite: "PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE;",
	lastProjectID:  "last_insert_rowid()",
	schemaVersion:  "PRAGMA user_version",
	joined: func(col, from, order string) string {
		return fmt.Sprintf("(SELECT group_concat(%[1]s) FROM (SELECT %[1]s FROM %[2]s ORDER BY %[3]s))", col, from, order)
	},
	padded: func(prefix string, width int, expr string) string {
		return fmt.Sprintf("printf('%s%%0%dd', %s)", prefix, width, expr)
	},
	plainIndexes: `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid`,
	afterIDs:     func([]string) []string { return nil },
	bytewise:     func(expr string) string { return expr },
	bind:         func(q string) string { return q },
}

var postgresRef = refDialect{
	name:           "postgres",
	nowMS:          `CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint)`,
	beginWrite:     "BEGIN;\n" + lockWriter,
	beginLazyWrite: "BEGIN;\nSET LOCAL synchronous_commit = off;\n" + strings.Replace(lockWriter, "pg_advisory_xact_lock", "pg_try_advisory_xact_lock", 1),
	lastProjectID:  "currval(pg_get_serial_sequence('project', 'id'))",
	schemaVersion:  "SELECT version FROM schema_version",
	joined: func(col, from, order string) string {
		return fmt.Sprintf("(SELECT string_agg(CAST(%s AS text), ',' ORDER BY %s) FROM %s)", col, order, from)
	},
	padded: func(prefix string, width int, expr string) string {
		return fmt.Sprintf("'%s' || lpad(CAST(%s AS text), %d, '0')", prefix, expr, width)
	},
	plainIndexes: `SELECT i.indexname, i.indexdef FROM pg_indexes i
  JOIN pg_class c ON c.oid = to_regclass(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))
  WHERE i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
  ORDER BY c.oid`,
	afterIDs: func(tables []string) []string {
		var out []string
		for _, t := range tables {
			out = append(out, dialect.Postgres.ResetIDSequence(t))
		}
		return out
	},
	bytewise: func(expr string) string { return expr + ` COLLATE "C"` },
	bind:     dialect.Postgres.Rebind,
}

// ref is the spelling of the run's target.
var ref = sqliteRef

// useDialect picks the spelling of target dialect d ("sqlite" or "postgres") and
// builds the reference scripts that depend on it.
func useDialect(d string) {
	ref = sqliteRef
	if d == postgresRef.name {
		ref = postgresRef
	}
	buildScripts()
}

func init() { buildScripts() }
