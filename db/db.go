package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3" // also registers the "sqlite3" driver
	"golang.org/x/crypto/bcrypt"

	"github.com/omero-go/omero/db/dialect"
)

// The numbered migrations, one directory per dialect with the same numbers:
// migrations/sqlite/NNN_*.sql and migrations/postgres/NNN_*.sql.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var embeddedMigrations embed.FS

// migrationFS holds the numbered migrations; tests replace it.
var migrationFS fs.FS = embeddedMigrations

// DefaultBusyTimeout is how long a writer waits for another to finish (README, Limits).
const DefaultBusyTimeout = 10 * time.Second

// Options are what the runtime decides for a database. The zero value is what users
// get: the wall clock, random session keys, a 10 s wait for another writer and
// bcrypt's default cost. Tests set them through the runtime (commands.Hooks), never
// through anything a user could set.
type Options struct {
	Now         func() time.Time      // the clock of every timestamp; nil: time.Now
	SessionUUID func(id int64) string // session keys from the new row's id; nil: random
	BusyTimeout time.Duration         // a writer's wait for another; 0: DefaultBusyTimeout
	BcryptCost  int                   // password hashing cost; 0: bcrypt.DefaultCost
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = DefaultBusyTimeout
	}
	if o.BcryptCost == 0 {
		o.BcryptCost = bcrypt.DefaultCost
	}
	return o
}

// busyMS is the busy timeout as SQLite takes it.
func (o Options) busyMS() int64 { return o.BusyTimeout.Milliseconds() }

// DB is an open omero database.
type DB struct {
	sql  *sql.DB
	d    dialect.Dialect
	Path string // the SQLite file, or the PostgreSQL URL without its password
	url  string // the PostgreSQL URL as given, password included; only to connect
	opts Options
}

// Now is the database's clock: the time every timestamp and expiry is taken from.
func (d *DB) Now() time.Time { return d.opts.Now() }

// HashPassword checks and hashes a new password at the database's bcrypt cost.
func (d *DB) HashPassword(pw string) (string, error) { return hashPassword(pw, d.opts.BcryptCost) }

// dsn builds the connection string (README, Guarantees). mode=rw keeps a missing file
// from being created behind our back; only Init creates databases. _sync=FULL makes
// every commit wait for the disk, so a change a command reported survives a power
// cut (go-sqlite3 would otherwise set NORMAL with WAL; it applies _sync after it).
// Transactions of this pool begin IMMEDIATE: writers queue before they read. Reads
// begin their own deferred transactions (View).
func dsn(path string, o Options) string {
	return fileURL(path) + "?mode=rw&_foreign_keys=1&_busy_timeout=" + strconv.FormatInt(o.busyMS(), 10) + "&_txlock=immediate&_journal_mode=WAL&_sync=FULL&_stmt_cache_size=64"
}

// fileURL is path as a file: URL, which SQLite opens with the parameters that
// follow it.
func fileURL(path string) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	return u.String()
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrationDir is where d's migrations are in migrationFS.
func migrationDir(d dialect.Dialect) string {
	if d == dialect.Postgres {
		return "migrations/postgres"
	}
	return "migrations/sqlite"
}

// migrations are d's numbered migrations, in order.
func migrations(d dialect.Dialect) []migration {
	dir := migrationDir(d)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		panic(err) // embedded at build time
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("badly named migration " + e.Name())
		}
		body, _ := fs.ReadFile(migrationFS, dir+"/"+e.Name())
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
}

// SchemaVersion is the schema this binary writes (the same number on both backends).
func SchemaVersion() int { return schemaVersion(dialect.SQLite) }

func schemaVersion(d dialect.Dialect) int {
	m := migrations(d)
	return m[len(m)-1].version
}

// Open is OpenWith with the options users get.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith opens an existing database, migrating an older schema forward: a SQLite
// file, or the PostgreSQL database a postgres:// URL names. A missing file (or a
// PostgreSQL database without omero's schema) is an ErrNoDatabase; a newer schema is
// refused.
func OpenWith(path string, o Options) (*DB, error) {
	var d *DB
	var err error
	if dialect.IsURL(path) {
		d, err = openPostgres(path, o)
	} else {
		d, err = openSQLiteFile(path, o)
	}
	if err != nil {
		return nil, err
	}
	return d.checked(d.migrate)
}

// openSQLiteFile opens the existing SQLite file at path without checking or
// migrating its schema.
func openSQLiteFile(path string, o Options) (*DB, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, NoDatabase(path, "")
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open database %s: %w", path, unwrapPath(err))
	}
	if st.IsDir() {
		return nil, fmt.Errorf("cannot open database %s: it is a directory", path)
	}
	return openSQLWith(path, o)
}

// checked is d once check has passed; when it fails, d is closed and check's error
// returned (joined with the close's).
func (d *DB) checked(check func() error) (*DB, error) {
	if err := check(); err != nil {
		return nil, closeAfter(err, d)
	}
	return d, nil
}

// openSQL is openSQLWith with the options users get.
func openSQL(path string) (*DB, error) { return openSQLWith(path, Options{}) }

// openSQLWith opens the file without checking or migrating its schema.
func openSQLWith(path string, o Options) (*DB, error) {
	o = o.withDefaults()
	return openSQLite(path, o, dsn(path, o))
}

// openSQLite opens the SQLite file at path with the connection string dsn (and o
// with its defaults).
func openSQLite(path string, o Options, dsn string) (*DB, error) {
	s, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("cannot open database %s: %w", path, err)
	}
	return &DB{sql: s, d: dialect.SQLite, Path: path, opts: o}, nil
}

// Close releases the database.
func (d *DB) Close() error { return d.sql.Close() }

// migrate brings an older schema up to date, in one transaction under the writers'
// lock, and refuses a newer one. The version is read again under the lock: another
// process may have migrated while this one waited.
func (d *DB) migrate() (err error) {
	ctx := context.Background()
	current, empty, err := d.d.SchemaVersion(ctx, d.sql)
	if err != nil {
		return d.openError(err)
	}
	if done, err := d.checkVersion(current, empty); done || err != nil {
		return err
	}
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(tx, &err)
	if current, empty, err = d.d.SchemaVersion(ctx, tx); err != nil {
		return d.openError(err)
	}
	if done, err := d.checkVersion(current, empty); done || err != nil {
		return err
	}
	if err := d.applyMigrations(tx, current); err != nil {
		return err
	}
	return d.classify(tx.Commit())
}

// checkVersion reports whether a database of schema version current needs nothing
// done, or the error that refuses it.
func (d *DB) checkVersion(current int, empty bool) (bool, error) {
	want := schemaVersion(d.d)
	switch {
	case current == want:
		return true, nil
	case current > want:
		return true, failed("database %s has schema version %d, newer than this omero understands (%d); use a newer omero", d.Path, current, want)
	case current == 0 && !empty:
		return true, failed("%s is a %s database but not an omero database", d.Path, d.d)
	case current == 0:
		return true, NoDatabase(d.Path, "")
	}
	return false, nil
}

func (d *DB) applyMigrations(tx *sql.Tx, from int) error {
	last := from
	for _, m := range migrations(d.d) {
		if m.version <= from {
			continue
		}
		if _, err := tx.Exec(m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, d.classify(err))
		}
		last = m.version
	}
	// last is an int we computed, not user data.
	_, err := tx.Exec(d.d.SetSchemaVersion(last))
	return d.classify(err)
}

// openError words the failures that mean "this database is not usable".
func (d *DB) openError(err error) error {
	path := d.Path
	if dialect.IsBusy(err) {
		return d.busyError()
	}
	if d.d == dialect.Postgres {
		return dialect.ConnectError(d.url, err)
	}
	switch {
	case hasCode(err, sqlite3.ErrNotADB):
		return failed("%s is not an omero database (not a SQLite file)", path)
	case hasCode(err, sqlite3.ErrCantOpen, sqlite3.ErrReadonly):
		return failed("cannot open database %s: the file or its directory is not writable", path)
	}
	return fmt.Errorf("cannot open database %s: %w", path, err)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Init is InitWith with the options users get.
func Init(path, rootPassword string) error { return InitWith(path, rootPassword, Options{}) }

// InitWith creates a new database at path with the built-in groups and users (README,
// The database is the server). It refuses to touch an existing file, and leaves no file behind if it
// fails. A PostgreSQL URL names a database that must exist and be empty (initPostgres).
func InitWith(path, rootPassword string, o Options) (err error) {
	o = o.withDefaults()
	hash, err := hashPassword(rootPassword, o.BcryptCost)
	if err != nil {
		return err
	}
	if dialect.IsURL(path) {
		return initPostgres(path, hash, o)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", filepath.Dir(path), unwrapPath(err))
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return alreadyExists("a database already exists at %s; not overwriting it", path)
	}
	if err != nil {
		return fmt.Errorf("cannot create database %s: %w", path, unwrapPath(err))
	}
	defer func() {
		if err != nil {
			// Best effort: what cannot be removed is reported by the next db init.
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				_ = os.Remove(p)
			}
		}
	}()
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot create database %s: %w", path, unwrapPath(err))
	}
	d, err := openSQLWith(path, o)
	if err != nil {
		return err
	}
	defer closing(d, &err)
	tx, err := d.beginWrite(context.Background())
	if err != nil {
		return err
	}
	defer rollback(tx, &err)
	if err := d.applyMigrations(tx, 0); err != nil {
		return err
	}
	if err := d.bootstrap(tx, hash); err != nil {
		return err
	}
	return d.classify(tx.Commit())
}

// bootstrap writes the rows every OMERO database starts with (R-ROLE-1, R-ROLE-2).
func (d *DB) bootstrap(tx *sql.Tx, rootHash string) error {
	now := d.Now().UnixMilli()
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO experimentergroup (id, name, ldap, permissions) VALUES (0, 'system', 0, -120), (1, 'user', 0, -52), (2, 'guest', 0, -120)`, nil},
		{`INSERT INTO experimenter (id, omename, firstname, middlename, lastname, institution, email, ldap)
		  VALUES (0, 'root', 'root', '', 'root', '', '', 0), (1, 'guest', 'Guest', '', 'Account', '', '', 0)`, nil},
		{`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (0, 0, 1, 0), (1, 0, 0, 1), (2, 1, 0, 0)`, nil},
		{`INSERT INTO password (experimenter_id, hash, changed) VALUES (0, ?, ?), (1, NULL, ?)`, []any{rootHash, now, now}},
		{`INSERT INTO event (time, owner_id, group_id, type, command) VALUES (?, 0, 0, 'Bootstrap', 'db init')`, []any{now}},
	}
	for _, s := range stmts {
		q, args := d.d.Bind(s.q, s.args)
		if _, err := tx.Exec(q, args...); err != nil {
			return d.classify(err)
		}
	}
	// The built-in rows took ids of their own: the next ones follow them.
	for _, table := range []string{"experimentergroup", "experimenter"} {
		if q := d.d.ResetIDSequence(table); q != "" {
			if _, err := tx.Exec(q); err != nil {
				return d.classify(err)
			}
		}
	}
	return nil
}
