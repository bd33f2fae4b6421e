package db

import (
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/perms/fault"
	"golang.org/x/crypto/bcrypt"
)

// testOptions are the options of this package's tests: cheap hashing.
var testOptions = Options{BcryptCost: bcrypt.MinCost}

// clock is a time a test sets by hand; its now is an Options.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// testDB is a new database opened with o, hashing cheaply.
func testDB(t *testing.T, o Options) *DB {
	t.Helper()
	o.BcryptCost = bcrypt.MinCost
	path := filepath.Join(t.TempDir(), "omero.db")
	if err := InitWith(path, "pw", o); err != nil {
		t.Fatal(err)
	}
	d, err := OpenWith(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func userVersion(t *testing.T, d *DB) int {
	t.Helper()
	var v int
	if err := d.sql.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// withMigrations runs f with the embedded migrations plus extra SQLite ones.
func withMigrations(t *testing.T, extra map[string]string, f func()) {
	t.Helper()
	m := fstest.MapFS{}
	for _, d := range []dialect.Dialect{dialect.SQLite, dialect.Postgres} {
		for _, mg := range migrations(d) {
			m[migrationDir(d)+"/"+mg.name] = &fstest.MapFile{Data: []byte(mg.sql)}
		}
	}
	for name, body := range extra {
		m[migrationDir(dialect.SQLite)+"/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	saved := migrationFS
	migrationFS = m
	defer func() { migrationFS = saved }()
	f()
}

func TestOlderSchemaIsMigratedForward(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if err := InitWith(path, "pw", testOptions); err != nil {
		t.Fatal(err)
	}
	base := SchemaVersion()
	withMigrations(t, map[string]string{"900_extra.sql": "CREATE TABLE extra (x); INSERT INTO extra VALUES (1);"}, func() {
		d, err := OpenWith(path, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if v := userVersion(t, d); v != 900 {
			t.Errorf("schema version %d after migrating from %d, want 900", v, base)
		}
		var n int
		if err := d.sql.QueryRow("SELECT count(*) FROM extra").Scan(&n); err != nil || n != 1 {
			t.Errorf("migration not applied: %d, %v", n, err)
		}
	})
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if err := InitWith(path, "pw", testOptions); err != nil {
		t.Fatal(err)
	}
	base := SchemaVersion()
	withMigrations(t, map[string]string{
		"900_good.sql": "CREATE TABLE good (x);",
		"901_bad.sql":  "CREATE TABLE bad (x); THIS IS NOT SQL;",
	}, func() {
		if _, err := OpenWith(path, testOptions); err == nil {
			t.Fatal("a broken migration was accepted")
		}
	})
	d, err := OpenWith(path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if v := userVersion(t, d); v != base {
		t.Errorf("schema version %d, want it left at %d", v, base)
	}
	var n int
	d.sql.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name IN ('good', 'bad')").Scan(&n)
	if n != 0 {
		t.Errorf("%d tables of the failed migration remain", n)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if err := InitWith(path, "pw", testOptions); err != nil {
		t.Fatal(err)
	}
	d, _ := OpenWith(path, testOptions)
	d.sql.Exec("PRAGMA user_version = 9999")
	d.Close()
	_, err := OpenWith(path, testOptions)
	if fault.KindOf(err) != fault.Failed || err == nil {
		t.Fatalf("Open of a newer schema: %v", err)
	}
}

func TestInitRefusesExistingAndBadPasswords(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	if err := InitWith(path, "pw", testOptions); err != nil {
		t.Fatal(err)
	}
	if err := InitWith(path, "pw", testOptions); fault.KindOf(err) != fault.Exists {
		t.Errorf("second Init: %v", err)
	}
	for _, pw := range []string{"", string(make([]byte, 73))} {
		if err := InitWith(filepath.Join(dir, "y.db"), pw, testOptions); err == nil || fault.KindOf(err) != fault.Usage {
			t.Errorf("Init with a %d-byte password: %v", len(pw), err)
		}
	}
}

func TestFormatTimeout(t *testing.T) {
	cases := map[int64]string{
		600_000:   "10 min.",
		300_000:   "5 min.",
		299_999:   "300 s.",
		120_000:   "120 s.",
		3_600_000: "60 min.",
		450_000:   "8 min.", // 7.5 rounds half to even
		390_000:   "6 min.", // 6.5 rounds half to even
	}
	for ms, want := range cases {
		if got := FormatTimeout(ms); got != want {
			t.Errorf("FormatTimeout(%d) = %q, want %q", ms, got, want)
		}
	}
}

func TestSessionProblem(t *testing.T) {
	closed := int64(5)
	s := Session{LastUsed: 1000, TimeToIdle: 600_000}
	if p := s.Problem(601_000); p != "" {
		t.Errorf("alive session: %q", p)
	}
	if p := s.Problem(601_001); p == "" {
		t.Error("expired session reported alive")
	}
	s.Closed = &closed
	if p := s.Problem(2000); p != "is closed" {
		t.Errorf("closed session: %q", p)
	}
}
