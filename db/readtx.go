package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omero-go/omero/db/dialect"
)

// sqlTx is what a Tx runs its statements in: a *sql.Tx for writes and PostgreSQL's
// reads, a readTx for SQLite's View.
type sqlTx interface {
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
	Commit() error
	Rollback() error
}

// readTx is a deferred transaction on one connection of the pool. The pool's own
// transactions begin IMMEDIATE, taking the write lock, so that writers queue before
// they read; go-sqlite3 begins every transaction of a pool alike and ignores
// sql.TxOptions.ReadOnly, so a read begins its own on the same connection rather
// than opening a second one (which would parse the schema again). query_only makes
// SQLite refuse any write in it.
type readTx struct {
	ctx  context.Context
	conn *sql.Conn
	done bool
}

// beginRead begins a read command's transaction on conn. On PostgreSQL that is a
// REPEATABLE READ READ ONLY transaction (dialect.ReadOptions), which takes no lock a
// writer holds; SQLite needs the deferred transaction below.
func (d *DB) beginRead(ctx context.Context, conn *sql.Conn) (sqlTx, error) {
	if d.d == dialect.Postgres {
		return conn.BeginTx(ctx, d.d.ReadOptions())
	}
	return beginSQLiteRead(ctx, conn)
}

func beginSQLiteRead(ctx context.Context, conn *sql.Conn) (*readTx, error) {
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 1; BEGIN DEFERRED`); err != nil {
		if _, perr := conn.ExecContext(ctx, `PRAGMA query_only = 0`); perr != nil {
			return nil, errors.Join(err, perr)
		}
		return nil, err
	}
	return &readTx{ctx: ctx, conn: conn}, nil
}

func (r *readTx) Exec(q string, args ...any) (sql.Result, error) {
	return r.conn.ExecContext(r.ctx, q, args...)
}

func (r *readTx) Query(q string, args ...any) (*sql.Rows, error) {
	return r.conn.QueryContext(r.ctx, q, args...)
}

func (r *readTx) QueryRow(q string, args ...any) *sql.Row {
	return r.conn.QueryRowContext(r.ctx, q, args...)
}

func (r *readTx) Commit() error { return r.end(`COMMIT`) }

func (r *readTx) Rollback() error { return r.end(`ROLLBACK`) }

// end finishes the transaction and hands the connection back able to write, with no
// transaction left open on it even if the commit failed.
func (r *readTx) end(stmt string) error {
	if r.done {
		return sql.ErrTxDone
	}
	r.done = true
	_, err := r.conn.ExecContext(r.ctx, stmt)
	if err != nil && stmt != `ROLLBACK` {
		if _, rerr := r.conn.ExecContext(r.ctx, `ROLLBACK`); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	if _, e := r.conn.ExecContext(r.ctx, `PRAGMA query_only = 0`); err == nil {
		err = e
	}
	return err
}

// touchSession writes a session's last-use time in a write of its own that does not
// wait: if another command holds the database, it is left for a later command. A
// session used only while others write may so idle out early; one command that
// writes, or a read at a quiet moment, keeps it alive. It commits with
// synchronous=NORMAL, saving the read command an fsync: a power cut may lose it,
// which only brings the session's expiry forward. On PostgreSQL the same holds with
// the writers' advisory lock taken only if free, and synchronous_commit off.
func (d *DB) touchSession(ctx context.Context, conn *sql.Conn, id, now int64) (err error) {
	if d.d == dialect.Postgres {
		return d.touchSessionPostgres(ctx, conn, id, now)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0; PRAGMA synchronous = NORMAL`); err != nil {
		return d.classify(err)
	}
	defer func() {
		// The timeout is an int of ours, not user data.
		_, rerr := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d; PRAGMA synchronous = FULL`, d.opts.busyMS()))
		if err == nil {
			err = rerr
		}
	}()
	_, err = conn.ExecContext(ctx, touchSQL, now, id, now)
	if dialect.IsBusy(err) {
		return nil
	}
	return err
}

const touchSQL = `UPDATE session SET last_used = ? WHERE id = ? AND last_used < ? AND closed IS NULL`

func (d *DB) touchSessionPostgres(ctx context.Context, conn *sql.Conn, id, now int64) (err error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return d.openError(err)
	}
	defer rollback(tx, &err)
	if got, err := d.d.TryLockWriter(ctx, tx); err != nil || !got {
		return d.classify(err)
	}
	if err := d.d.LazyCommit(ctx, tx); err != nil {
		return d.classify(err)
	}
	q, args := d.d.Bind(touchSQL, []any{now, id, now})
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return d.classify(err)
	}
	return d.classify(tx.Commit())
}
