package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/omero-go/omero/db/dialect"
)

// connectTimeout bounds how long a command waits for the PostgreSQL server to answer
// before it gives up (an unreachable host would otherwise take the system's TCP
// timeout, minutes).
const connectTimeout = 15 * time.Second

// openPostgres connects to the PostgreSQL database that url names, without checking
// its schema. The password comes from the URL, PGPASSWORD or ~/.pgpass (pgx reads
// them); no message ever shows it.
func openPostgres(url string, o Options) (*DB, error) {
	o = o.withDefaults()
	s, err := sql.Open(dialect.Postgres.DriverName(), url)
	if err != nil {
		return nil, dialect.ConnectError(url, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	if err := s.PingContext(ctx); err != nil {
		return nil, closeAfter(dialect.ConnectError(url, err), s)
	}
	return &DB{sql: s, d: dialect.Postgres, Path: dialect.Redact(url), url: url, opts: o}, nil
}

// initPostgres is db init on PostgreSQL: the database must exist (creating one needs
// rights omero's role should not have) and hold nothing; it gets the schema and the
// built-in rows in one transaction, under the writers' lock, so that two db inits
// at once make one database and refuse the other.
func initPostgres(url, rootHash string, o Options) (err error) {
	d, err := openPostgres(url, o)
	if err != nil {
		return err
	}
	defer closing(d, &err)
	ctx := context.Background()
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(tx, &err)
	v, empty, err := d.d.SchemaVersion(ctx, tx)
	switch {
	case err != nil:
		return d.openError(err)
	case v != 0:
		return alreadyExists("a database already exists at %s; not overwriting it", d.Path)
	case !empty:
		return failed("the PostgreSQL database %s is not empty; db init needs an empty one (createdb -O ROLE NAME)", d.Path)
	}
	if err := d.applyMigrations(tx, 0); err != nil {
		return err
	}
	if err := d.bootstrap(tx, rootHash); err != nil {
		return err
	}
	return d.classify(tx.Commit())
}
