package db

import (
	"context"
	"os"
	"strconv"

	"github.com/omero-go/omero/db/dialect"
)

// Shell completion reads names from the database on every Tab. It must never change
// anything: not the schema, not a session's last use, not a file mode. OpenReadOnly
// and Peek are the read-only counterparts of Open and View for it.

// OpenReadOnly opens an existing database that SQLite itself will refuse to write
// to. Unlike Open it never creates, migrates or repairs: a database of another schema
// version than this binary's is refused.
//
// A PostgreSQL database is opened as any other (nothing is written before a
// transaction), and every Peek is a READ ONLY transaction.
func OpenReadOnly(path string, o Options) (*DB, error) {
	var d *DB
	var err error
	if dialect.IsURL(path) {
		d, err = openPostgres(path, o)
	} else {
		d, err = openSQLiteReadOnly(path, o)
	}
	if err != nil {
		return nil, err
	}
	return d.checked(d.checkReadable)
}

// openSQLiteReadOnly opens the SQLite file at path so that nothing of it is written.
func openSQLiteReadOnly(path string, o Options) (*DB, error) {
	o = o.withDefaults()
	st, err := os.Stat(path)
	if err != nil || st.IsDir() {
		return nil, NoDatabase(path, "")
	}
	// Even read-only, SQLite creates a WAL database's -wal and -shm files when they
	// are missing. They are missing only when no one has the database open, and then
	// the file holds everything and can be read as immutable, which creates nothing.
	// (Should a writer start and checkpoint while we read, the read may fail; for
	// completion that only means no names this time.)
	params := "?mode=ro&_query_only=1&_busy_timeout=" + strconv.FormatInt(o.busyMS(), 10)
	if !exists(path+"-wal") || !exists(path+"-shm") {
		params += "&immutable=1"
	}
	return openSQLite(path, o, fileURL(path)+params)
}

// checkReadable refuses a database of another schema version than this binary's,
// which OpenReadOnly must not migrate.
func (d *DB) checkReadable() error {
	v, _, err := d.d.SchemaVersion(context.Background(), d.sql)
	if err != nil {
		return d.openError(err)
	}
	if want := schemaVersion(d.d); v != want {
		return failed("database %s has schema version %d, this omero reads only %d", d.Path, v, want)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Peek runs fn as the caller of session uuid, which must be alive, in a transaction
// that is always rolled back. Unlike View it does not refresh the session: looking
// is not using it.
func (d *DB) Peek(uuid string, fn func(*Tx) error) (err error) {
	tx, err := d.sql.BeginTx(context.Background(), d.d.ReadOptions())
	if err != nil {
		return d.openError(err)
	}
	defer rollback(tx, &err)
	t := &Tx{db: d, tx: tx, now: d.Now().UnixMilli()}
	if _, err := t.enter(uuid); err != nil {
		return err
	}
	return fn(t)
}

// UserNames lists every login name, sorted.
func (t *Tx) UserNames() ([]string, error) {
	return t.names(`SELECT omename FROM experimenter ORDER BY omename`)
}

// GroupNames lists every group name, sorted.
func (t *Tx) GroupNames() ([]string, error) {
	return t.names(`SELECT name FROM experimentergroup ORDER BY name`)
}

func (t *Tx) names(q string) (_ []string, err error) {
	rows, err := t.query(q)
	if err != nil {
		return nil, err
	}
	defer closing(rows, &err)
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
