package db_test

// The PostgreSQL migrations (migrations/postgres/) against the SQLite ones
// (migrations/sqlite/): both are applied, SQLite's to an in-memory database, PostgreSQL's to
// a fresh database on the server OMERO_TEST_POSTGRES names, and their catalogs are
// compared table by table. These tests read the .sql files themselves and use
// nothing of package db, so they stay put when the restructuring of issue 13 moves
// the files (only the two directory names below change).

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/dialect/pgtest"
)

const (
	sqliteMigrations   = "migrations/sqlite"
	postgresMigrations = "migrations/postgres"
)

// migrationFiles is dir's NNN_*.sql files in the order of their numbers.
func migrationFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9]_*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations in %s: %v", dir, err)
	}
	sort.Strings(files)
	return files
}

// TestPostgresMigrationsMirrorSQLite: the same numbered files on both sides, so that
// one schema version means one schema on both backends.
func TestPostgresMigrationsMirrorSQLite(t *testing.T) {
	names := func(dir string) []string {
		var out []string
		for _, f := range migrationFiles(t, dir) {
			out = append(out, filepath.Base(f))
		}
		return out
	}
	lite, pg := names(sqliteMigrations), names(postgresMigrations)
	if strings.Join(lite, " ") != strings.Join(pg, " ") {
		t.Errorf("migrations differ:\nSQLite:     %v\nPostgreSQL: %v", lite, pg)
	}
}

// migrate applies dir's migrations to an empty database in one transaction and
// records the last one's number, as db's runner does; it returns that number.
func migrate(t *testing.T, d dialect.Dialect, conn *sql.DB, dir string) int {
	t.Helper()
	ctx := context.Background()
	if v, empty, err := d.SchemaVersion(ctx, conn); err != nil || v != 0 || !empty {
		t.Fatalf("%s: a new database has schema version %d, empty %v (err %v); want 0, empty", d, v, empty, err)
	}
	tx, err := conn.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := d.LockWriter(ctx, tx, 0); err != nil {
		t.Fatal(err)
	}
	last := 0
	for _, f := range migrationFiles(t, dir) {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(string(body)); err != nil {
			t.Fatalf("%s: %s: %v", d, f, err)
		}
		fmt.Sscanf(filepath.Base(f), "%d", &last)
	}
	if _, err := tx.Exec(d.SetSchemaVersion(last)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if v, empty, err := d.SchemaVersion(ctx, conn); err != nil || v != last || empty {
		t.Fatalf("%s: after the migrations, schema version %d, empty %v (err %v); want %d", d, v, empty, err, last)
	}
	return last
}

// openSQLite is a new in-memory SQLite database on one connection (each connection
// to :memory: is a database of its own), foreign keys on as db's DSN has them.
func openSQLite(t *testing.T) *sql.DB {
	t.Helper()
	d, err := sql.Open("sqlite3", "file::memory:?_foreign_keys=1")
	if err != nil {
		t.Fatal(err)
	}
	d.SetMaxOpenConns(1)
	t.Cleanup(func() { d.Close() })
	return d
}

func openPostgres(t *testing.T) *sql.DB {
	t.Helper()
	d, err := sql.Open("pgx", pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// column is what both catalogs say about a column.
type column struct {
	name     string
	typ      string // SQLite's declared type, or PostgreSQL's data_type
	notNull  bool
	dflt     string // normalised default, "" for none
	identity bool   // PostgreSQL identity / SQLite AUTOINCREMENT key
	collate  string // PostgreSQL only
}

type index struct {
	table, columns string // columns joined with ","
	unique         bool
	partial        bool
}

type catalog struct {
	columns  map[string][]column        // table -> columns in order
	uniques  map[string]map[string]bool // table -> "cols" or "cols (partial)"
	indexes  map[string]index           // named indexes created by CREATE INDEX
	fks      map[string]map[string]bool // table -> "col -> table.col"
	triggers map[string]string          // trigger -> table
}

func newCatalog() *catalog {
	return &catalog{columns: map[string][]column{}, uniques: map[string]map[string]bool{},
		indexes: map[string]index{}, fks: map[string]map[string]bool{}, triggers: map[string]string{}}
}

func addTo(m map[string]map[string]bool, table, v string) {
	if m[table] == nil {
		m[table] = map[string]bool{}
	}
	m[table][v] = true
}

func uniqueKey(columns string, partial bool) string {
	if partial {
		return columns + " (partial)"
	}
	return columns
}

// eachRow runs q and calls scan for each of its rows; any failure ends the test.
func eachRow(t *testing.T, d *sql.DB, q string, scan func(*sql.Rows) error, args ...any) {
	t.Helper()
	rows, err := d.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// strings1 runs a query of one text column.
func strings1(t *testing.T, d *sql.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	eachRow(t, d, q, func(rows *sql.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	}, args...)
	return out
}

// triggersInto runs q, of each trigger's name and table, into c.triggers.
func triggersInto(t *testing.T, d *sql.DB, c *catalog, q string) {
	t.Helper()
	eachRow(t, d, q, func(rows *sql.Rows) error {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			return err
		}
		c.triggers[name] = table
		return nil
	})
}

func sqliteCatalog(t *testing.T, d *sql.DB) *catalog {
	c := newCatalog()
	for _, table := range strings1(t, d, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`) {
		var ddl string
		if err := d.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = ?`, table).Scan(&ddl); err != nil {
			t.Fatal(err)
		}
		autoinc := strings.Contains(ddl, "AUTOINCREMENT")
		rows, err := d.Query(`SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info(?) ORDER BY cid`, table)
		if err != nil {
			t.Fatal(err)
		}
		var pk []string
		rowidKey := false
		for rows.Next() {
			var col column
			var pkPos int
			if err := rows.Scan(&col.name, &col.typ, &col.notNull, &col.dflt, &pkPos); err != nil {
				t.Fatal(err)
			}
			if pkPos > 0 {
				col.notNull = true
				col.identity = autoinc
				pk = append(pk, col.name)
				rowidKey = col.typ == "INTEGER"
			}
			c.columns[table] = append(c.columns[table], col)
		}
		rows.Close()
		// A rowid primary key (INTEGER PRIMARY KEY) has no index of its own.
		if len(pk) == 1 && rowidKey {
			addTo(c.uniques, table, pk[0])
		}
		type idx struct {
			name            string
			unique, partial bool
		}
		var idxs []idx
		irows, err := d.Query(`SELECT name, "unique", partial FROM pragma_index_list(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for irows.Next() {
			var i idx
			if err := irows.Scan(&i.name, &i.unique, &i.partial); err != nil {
				t.Fatal(err)
			}
			idxs = append(idxs, i)
		}
		irows.Close()
		for _, i := range idxs {
			cols := strings.Join(strings1(t, d, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, i.name), ",")
			if i.unique {
				addTo(c.uniques, table, uniqueKey(cols, i.partial))
			}
			if !strings.HasPrefix(i.name, "sqlite_autoindex_") {
				c.indexes[i.name] = index{table: table, columns: cols, unique: i.unique, partial: i.partial}
			}
		}
		eachRow(t, d, `SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)`, func(rows *sql.Rows) error {
			var from, to, toCol string
			if err := rows.Scan(&from, &to, &toCol); err != nil {
				return err
			}
			addTo(c.fks, table, from+" -> "+to+"."+toCol)
			return nil
		}, table)
	}
	triggersInto(t, d, c, `SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger'`)
	return c
}

// castSuffix is the type cast PostgreSQL writes after a default ('x'::text).
var castSuffix = regexp.MustCompile(`::[a-z ]+$`)

func postgresCatalog(t *testing.T, d *sql.DB) *catalog {
	c := newCatalog()
	rows, err := d.Query(`SELECT table_name, column_name, data_type, is_nullable = 'NO', coalesce(column_default, ''),
		is_identity = 'YES', coalesce(collation_name, '')
		FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table string
		var col column
		if err := rows.Scan(&table, &col.name, &col.typ, &col.notNull, &col.dflt, &col.identity, &col.collate); err != nil {
			t.Fatal(err)
		}
		col.dflt = castSuffix.ReplaceAllString(col.dflt, "")
		c.columns[table] = append(c.columns[table], col)
	}
	rows.Close()
	rows, err = d.Query(`SELECT t.relname, i.relname, x.indisunique, x.indpred IS NOT NULL,
		  coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
		   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum), ''),
		  EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name, cols string
		var unique, partial, constraint bool
		if err := rows.Scan(&table, &name, &unique, &partial, &cols, &constraint); err != nil {
			t.Fatal(err)
		}
		if table == "schema_version" {
			continue
		}
		if unique {
			addTo(c.uniques, table, uniqueKey(cols, partial))
		}
		if !constraint {
			c.indexes[name] = index{table: table, columns: cols, unique: unique, partial: partial}
		}
	}
	rows.Close()
	eachRow(t, d, `SELECT t.relname, a.attname, rt.relname, ra.attname
		FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
		JOIN pg_class rt ON rt.oid = k.confrelid JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
		WHERE k.contype = 'f' AND n.nspname = current_schema() AND cardinality(k.conkey) = 1`, func(rows *sql.Rows) error {
		var table, from, to, toCol string
		if err := rows.Scan(&table, &from, &to, &toCol); err != nil {
			return err
		}
		addTo(c.fks, table, from+" -> "+to+"."+toCol)
		return nil
	})
	triggersInto(t, d, c, `SELECT g.tgname, t.relname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace WHERE NOT g.tgisinternal AND n.nspname = current_schema()`)
	return c
}

// compatible says whether PostgreSQL's column can stand for SQLite's: the same
// values, read back as the same Go types, compared and sorted the same way.
func compatible(lite, pg column) string {
	switch {
	case lite.typ == "INTEGER" && lite.identity:
		if pg.typ != "bigint" || !pg.identity {
			return "want a bigint identity column, for SQLite's AUTOINCREMENT key"
		}
	case lite.typ == "INTEGER":
		if pg.typ != "bigint" && pg.typ != "smallint" || pg.identity {
			return "want bigint (or smallint for a flag)"
		}
	case lite.typ == "TEXT":
		if pg.typ != "text" || pg.collate != "C" {
			return `want text COLLATE "C", to compare and sort as SQLite's BINARY`
		}
	case lite.typ == "REAL":
		if pg.typ != "double precision" {
			return "want double precision"
		}
	default:
		return "no PostgreSQL type is known for SQLite's " + lite.typ
	}
	if lite.notNull != pg.notNull {
		return fmt.Sprintf("NOT NULL is %v on SQLite, %v on PostgreSQL", lite.notNull, pg.notNull)
	}
	if lite.dflt != pg.dflt {
		return fmt.Sprintf("default %q on SQLite, %q on PostgreSQL", lite.dflt, pg.dflt)
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestPostgresSchemaMatchesSQLite: every table and column of the SQLite schema
// exists in the PostgreSQL one with a compatible type, nullability and default, in
// the same order, and so do their unique keys, foreign keys, indexes and triggers.
// PostgreSQL has one table more, schema_version.
func TestPostgresSchemaMatchesSQLite(t *testing.T) {
	pgDB := openPostgres(t)
	liteDB := openSQLite(t)
	if a, b := migrate(t, dialect.SQLite, liteDB, sqliteMigrations), migrate(t, dialect.Postgres, pgDB, postgresMigrations); a != b {
		t.Fatalf("schema version %d on SQLite, %d on PostgreSQL", a, b)
	}
	lite, pg := sqliteCatalog(t, liteDB), postgresCatalog(t, pgDB)

	for _, table := range sortedKeys(pg.columns) {
		if _, ok := lite.columns[table]; !ok && table != "schema_version" {
			t.Errorf("table %s is in PostgreSQL's schema only", table)
		}
	}
	for _, table := range sortedKeys(lite.columns) {
		pgCols, ok := pg.columns[table]
		if !ok {
			t.Errorf("table %s is missing from PostgreSQL's schema", table)
			continue
		}
		var liteNames, pgNames []string
		byName := map[string]column{}
		for _, c := range pgCols {
			pgNames = append(pgNames, c.name)
			byName[c.name] = c
		}
		for _, c := range lite.columns[table] {
			liteNames = append(liteNames, c.name)
			p, ok := byName[c.name]
			if !ok {
				t.Errorf("column %s.%s is missing from PostgreSQL's schema", table, c.name)
				continue
			}
			if why := compatible(c, p); why != "" {
				t.Errorf("column %s.%s: SQLite %s, PostgreSQL %s: %s", table, c.name, c.typ, p.typ, why)
			}
		}
		if a, b := strings.Join(liteNames, ","), strings.Join(pgNames, ","); a != b {
			t.Errorf("table %s has columns\n  SQLite:     %s\n  PostgreSQL: %s", table, a, b)
		}
		for what, m := range map[string][2]map[string]map[string]bool{
			"unique keys":  {lite.uniques, pg.uniques},
			"foreign keys": {lite.fks, pg.fks},
		} {
			a, b := strings.Join(sortedKeys(m[0][table]), "; "), strings.Join(sortedKeys(m[1][table]), "; ")
			if a != b {
				t.Errorf("table %s has %s\n  SQLite:     %s\n  PostgreSQL: %s", table, what, a, b)
			}
		}
	}
	for _, name := range sortedKeys(lite.indexes) {
		if got, want := pg.indexes[name], lite.indexes[name]; got != want {
			t.Errorf("index %s: SQLite %+v, PostgreSQL %+v", name, want, got)
		}
	}
	for _, name := range sortedKeys(pg.indexes) {
		if _, ok := lite.indexes[name]; !ok {
			t.Errorf("index %s is in PostgreSQL's schema only", name)
		}
	}
	for _, name := range sortedKeys(lite.triggers) {
		if got, want := pg.triggers[name], lite.triggers[name]; got != want {
			t.Errorf("trigger %s: on %q in SQLite, on %q in PostgreSQL", name, want, got)
		}
	}
	for _, name := range sortedKeys(pg.triggers) {
		if _, ok := lite.triggers[name]; !ok {
			t.Errorf("trigger %s is in PostgreSQL's schema only", name)
		}
	}
	if len(lite.columns) < 30 || len(lite.triggers) < 30 {
		t.Errorf("read only %d tables and %d triggers from SQLite: is the catalog query broken?", len(lite.columns), len(lite.triggers))
	}
}
