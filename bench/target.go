package main

import (
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// A target is one database the cases run against, and the reference tool that does
// the same work on it directly. Today that is a SQLite file and the sqlite3 shell.
//
// Issue 14's PostgreSQL backend adds a second target: OmeroDB a postgres:// URL (omero
// reads either from OMERO_DB), psql as the reference tool (Shell: psql -X -q -v
// ON_ERROR_STOP=1 with --csv, -A -t, or a json_agg query), Fill as set-based SQL
// through the same connection, Snapshot and Reset as CREATE DATABASE ... TEMPLATE of
// a pristine copy. Its reference scripts are a PostgreSQL twin of sql.go, picked by
// Dialect; the report then prints one table per target. Nothing else in the driver
// knows which backend it talks to.
type target interface {
	Dialect() string     // "sqlite": which reference scripts apply
	Tool() string        // the reference tool, as the table names it: "sqlite3"
	ToolVersion() string // its version, for the report
	OmeroDB() string     // what omero is given as OMERO_DB: a file path (or a URL)
	// Shell is the reference tool's argument list running script against the
	// database, printing in mode.
	Shell(mode outputMode, script string) []string
	Fill(s Scale) error     // generate a facility into a database db init made
	Snapshot() error        // keep the current state as the pristine one
	Reset() error           // put the pristine state back
	Open() (*sql.DB, error) // direct access, for setup and checks
	Size() (int64, error)   // bytes on disk, for the report
	// Keep stores the freshly generated database as the cache entry for stamp, and
	// Reuse adopts that entry (false if there is none for this stamp), for -reuse.
	Keep(stamp string) error
	Reuse(stamp string) (bool, error)
}

// outputMode is how the reference tool prints rows, matched to omero's --style.
type outputMode int

const (
	modeList  outputMode = iota // values separated by |, no header: for scripts whose output is checked
	modeTable                   // a table with every column as wide as its widest cell (omero's sql style)
	modeCSV                     // CSV with a header line (csv)
	modePlain                   // CSV without one (plain)
	modeJSON                    // one JSON object per row (json)
)

// sqliteTarget is a SQLite database file and the sqlite3 shell.
type sqliteTarget struct {
	path     string // the database every command uses
	pristine string // its state before any timed run
	cache    string // where -reuse keeps a generated database between driver runs
}

func newSQLiteTarget(dir, cache string) *sqliteTarget {
	return &sqliteTarget{path: filepath.Join(dir, "omero.db"), pristine: filepath.Join(dir, "pristine.db"), cache: cache}
}

func (t *sqliteTarget) Dialect() string { return "sqlite" }
func (t *sqliteTarget) Tool() string    { return "sqlite3" }
func (t *sqliteTarget) OmeroDB() string { return t.path }

func (t *sqliteTarget) ToolVersion() string {
	out, err := exec.Command("sqlite3", "--version").Output()
	if f := strings.Fields(string(out)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "(not found)"
}

// Shell runs the script with the settings omero's connections use (foreign keys on,
// synchronous FULL for writes), so that both tools pay for the same durability; a
// script may lower synchronous itself where omero does. A script too long for one
// argument (the kernel takes 128 KiB) is written to a file the shell reads.
func (t *sqliteTarget) Shell(mode outputMode, script string) []string {
	argv := []string{"sqlite3", "-bail"}
	switch mode {
	case modeList:
		argv = append(argv, "-list", "-noheader")
	case modeTable:
		argv = append(argv, "-table")
	case modeCSV:
		argv = append(argv, "-csv", "-header")
	case modePlain:
		argv = append(argv, "-csv", "-noheader")
	case modeJSON:
		argv = append(argv, "-json")
	}
	argv = append(argv, "-cmd", "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", t.path)
	if len(script) < 64<<10 {
		return append(argv, script)
	}
	path := filepath.Join(filepath.Dir(t.path), fmt.Sprintf("script-%x.sql", sha256.Sum256([]byte(script))))
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
			// The shell then fails the case, naming the file it could not read.
			progress("cannot write " + path + ": " + err.Error())
		}
	}
	return append(argv, ".read "+path)
}

func (t *sqliteTarget) Open() (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+t.path+"?mode=rw&_busy_timeout=10000")
}

// Fill writes with no journal (the file is thrown away if that fails, and millions
// of rows through the WAL would double the writing), no foreign key checks (the
// generator's test checks them once) and a page cache big enough for the indexes
// being built, then puts WAL back, as omero expects. It does not ANALYZE: omero never
// does, so a facility's database has no statistics and the query plans timed here
// are the ones its users get.
func (t *sqliteTarget) Fill(s Scale) (err error) {
	const fast = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY"
	const back = "PRAGMA journal_mode = WAL"
	d, err := sql.Open("sqlite3", "file:"+t.path+"?mode=rw&_foreign_keys=0")
	if err != nil {
		return err
	}
	defer closeInto(d, &err)
	d.SetMaxOpenConns(1)
	if _, err := d.Exec(fast); err != nil {
		return err
	}
	if err := generate(d, s); err != nil {
		return err
	}
	_, err = d.Exec(back)
	return err
}

// Snapshot folds the WAL into the database and keeps a copy to reset to.
func (t *sqliteTarget) Snapshot() error {
	d, err := t.Open()
	if err != nil {
		return err
	}
	_, err = d.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return copyFile(t.path, t.pristine)
}

// Reset puts the pristine database back.
func (t *sqliteTarget) Reset() error {
	if err := removeDB(t.path); err != nil {
		return err
	}
	return copyFile(t.pristine, t.path)
}

func (t *sqliteTarget) Size() (int64, error) {
	fi, err := os.Stat(t.pristine)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// Keep copies the database, as db init and Fill left it, into the cache.
func (t *sqliteTarget) Keep(stamp string) error {
	if err := os.MkdirAll(filepath.Dir(t.cache), 0o755); err != nil {
		return err
	}
	if err := copyFile(t.path, t.cache); err != nil {
		return err
	}
	return os.WriteFile(t.cache+".stamp", []byte(stamp), 0o600)
}

// Reuse puts the cached database in place if it was made under the same stamp.
func (t *sqliteTarget) Reuse(stamp string) (bool, error) {
	b, err := os.ReadFile(t.cache + ".stamp")
	if err != nil || string(b) != stamp {
		return false, nil
	}
	if err := removeDB(t.path); err != nil {
		return false, err
	}
	return true, copyFile(t.cache, t.path)
}

// removeDB deletes a database with its WAL and shared-memory files.
func removeDB(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("removing %s: %w", p, err)
		}
	}
	return nil
}
