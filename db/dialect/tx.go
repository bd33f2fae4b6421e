package dialect

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Execer and QueryRower are what the helpers below run statements in: *sql.DB,
// *sql.Conn and *sql.Tx all are both.
type (
	Execer interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	}
	QueryRower interface {
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
)

// WriterLockKey is the key of the PostgreSQL transaction advisory lock that
// serialises omero's writers ("omero" in ASCII). Advisory locks belong to one
// database, so writers to different databases of one server never wait for each
// other.
const WriterLockKey int64 = 0x6f6d65726f

// LockWriter is the first thing a write transaction does, before it reads anything.
// On PostgreSQL it waits up to wait for the writers' lock, which the transaction then
// holds until it ends, so that writers run one after another as they do on SQLite:
// under READ COMMITTED alone, two writers that each checked before the other wrote
// (two folder moves that together close a cycle) would both commit. Every statement
// after it sees all that earlier writers committed. lock_timeout also bounds every
// other lock wait in the transaction; a wait that runs out is a busy error
// (Classify). PostgreSQL reads a lock_timeout of 0 as "wait for ever", so a wait
// under a millisecond waits one.
//
// On SQLite it does nothing: the connection begins its transactions IMMEDIATE and
// waits its busy_timeout there.
func (d Dialect) LockWriter(ctx context.Context, tx Execer, wait time.Duration) error {
	if d != Postgres {
		return nil
	}
	ms := wait.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	// Both are integers of ours, not user data; one round trip (no parameters, so
	// pgx sends them as one simple-protocol query).
	q := fmt.Sprintf("SET LOCAL lock_timeout = '%dms'; SELECT pg_advisory_xact_lock(%d)", ms, WriterLockKey)
	_, err := tx.ExecContext(ctx, q)
	return Classify(err, wait)
}

// TryLockWriter takes the writers' lock only if nobody holds it, for a write that is
// better skipped than waited for (a read command refreshing its session's last-use
// time). On SQLite it reports true: there the caller sets busy_timeout to 0 and skips
// the write when it comes back busy.
func (d Dialect) TryLockWriter(ctx context.Context, tx QueryRower) (bool, error) {
	if d != Postgres {
		return true, nil
	}
	var got bool
	err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT pg_try_advisory_xact_lock(%d)", WriterLockKey)).Scan(&got)
	return got, err
}

// LazyCommit lets the current PostgreSQL transaction commit without waiting for the
// disk, for a write whose loss in a crash does no harm (a session's last-use time):
// the counterpart of SQLite's synchronous=NORMAL, which the caller sets on SQLite.
func (d Dialect) LazyCommit(ctx context.Context, tx Execer) error {
	if d != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off")
	return err
}

// ReadOptions are the options a read command's transaction begins with. On
// PostgreSQL: one snapshot for the whole command (REPEATABLE READ), as SQLite's
// deferred read transaction gives, and READ ONLY, so that any write in it is refused;
// such a transaction takes no lock a writer holds, so it never waits for one. On
// SQLite nil: go-sqlite3 ignores the options, and db begins its reads itself.
func (d Dialect) ReadOptions() *sql.TxOptions {
	if d != Postgres {
		return nil
	}
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// SchemaVersion reads what an open database holds: the version of its omero schema,
// and, when that is 0 (no omero schema), whether it holds nothing at all, which
// db init requires. On SQLite the version is PRAGMA user_version and "nothing" is an
// empty sqlite_schema; on PostgreSQL the version is the schema_version table's row
// and "nothing" is no table, view or sequence in the current schema.
func (d Dialect) SchemaVersion(ctx context.Context, q QueryRower) (version int, empty bool, err error) {
	if d != Postgres {
		if err = q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != 0 {
			return version, false, err
		}
		var n int
		err = q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n)
		return 0, n == 0, err
	}
	var hasTable bool
	var n int
	err = q.QueryRowContext(ctx, `SELECT to_regclass(quote_ident(current_schema()) || '.schema_version') IS NOT NULL,
		(SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
		  WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S'))`).Scan(&hasTable, &n)
	if err != nil || !hasTable {
		return 0, n == 0, err
	}
	err = q.QueryRowContext(ctx, "SELECT version FROM schema_version").Scan(&version)
	return version, false, err
}

// SetSchemaVersion is the statement that records version as the database's schema
// version, run in the transaction that applied the migrations up to it.
func (d Dialect) SetSchemaVersion(version int) string {
	if d != Postgres {
		return fmt.Sprintf("PRAGMA user_version = %d", version)
	}
	return fmt.Sprintf("UPDATE schema_version SET version = %d", version)
}

// ResetIDSequence is the statement to run after rows were inserted into table with
// ids of their own (db init's built-in users and groups, ids 0 to 2): on PostgreSQL
// it moves the table's identity sequence past the largest id, so that the next row
// gets max(id)+1, as SQLite's AUTOINCREMENT gives. It is "" on SQLite, which needs
// nothing. table is one of ours, never user data.
func (d Dialect) ResetIDSequence(table string) string {
	if d != Postgres {
		return ""
	}
	return fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), coalesce(max(id), 0) + 1, false) FROM %[1]s", table)
}
