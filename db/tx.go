package db

import (
	"context"
	"database/sql"
	"errors"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// Tx is one command's transaction. It carries the caller's context, computed inside
// the transaction, so the permission decision and the write see the same data.
type Tx struct {
	db      *DB
	tx      sqlTx
	Caller  perms.Caller
	Session Session
	command string
	now     int64 // epoch ms, fixed for the whole transaction
	event   int64 // audit event, created on the first change
	// privBefore: the privileges of users a change may give ReadSession, before it
	// (watchPrivileges).
	privBefore map[int64]perms.PrivSet
}

// Now is the transaction's time in epoch milliseconds.
func (t *Tx) Now() int64 { return t.now }

// RefreshSlackMS is how old a session's last-use time may be before a command
// writes it again. Within it a command that only reads writes nothing, so it costs
// no WAL frame and no fsync; in exchange a session may idle out up to this much
// earlier than its timeout says.
const RefreshSlackMS = 5_000

// Update runs fn as the caller of session uuid in one write transaction: it begins
// by taking the writers' lock (SQLite: IMMEDIATE; PostgreSQL: an advisory lock),
// waiting up to the busy timeout for another writer, and is committed only if fn
// returns nil. command names the change in the audit trail. The session's last-use
// time is written with the change when it is older than RefreshSlackMS.
func (d *DB) Update(uuid, command string, fn func(*Tx) error) (err error) {
	t, err := d.begin(command)
	if err != nil {
		return err
	}
	defer rollback(t.tx, &err)
	s, err := t.enter(uuid)
	if err != nil {
		return err
	}
	if t.now-s.LastUsed >= RefreshSlackMS {
		if _, err := t.exec(`UPDATE session SET last_used = ? WHERE id = ?`, t.now, s.ID); err != nil {
			return err
		}
	}
	if err := fn(t); err != nil {
		return err
	}
	return t.commit()
}

// View runs fn as the caller of session uuid in a read transaction: one snapshot of
// the last committed state, which never waits for a writer (SQLite's WAL;
// PostgreSQL's REPEATABLE READ READ ONLY), and in which the database refuses any
// write fn attempts. Then, if fn succeeded and the session's
// last-use time is older than RefreshSlackMS, it is written on its own, unless
// another command is writing: that is skipped, not waited for, so a read command
// never fails for a busy database.
func (d *DB) View(uuid string, fn func(*Tx) error) error {
	var s Session
	var now int64
	return d.inRead(func(t *Tx) (err error) {
		if s, err = t.enter(uuid); err != nil {
			return err
		}
		now = t.now
		return fn(t)
	}, func(ctx context.Context, conn *sql.Conn) error {
		if now-s.LastUsed < RefreshSlackMS {
			return nil
		}
		return d.touchSession(ctx, conn, s.ID, now)
	})
}

// inRead runs fn in a read transaction on a connection of its own and commits it;
// then, if fn succeeded and after is not nil, after runs on the same connection.
func (d *DB) inRead(fn func(*Tx) error, after func(context.Context, *sql.Conn) error) (err error) {
	ctx := context.Background()
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return d.openError(err)
	}
	defer closing(conn, &err)
	tx, err := d.beginRead(ctx, conn)
	if err != nil {
		return d.openError(err)
	}
	defer rollback(tx, &err)
	if err := fn(&Tx{db: d, tx: tx, now: d.Now().UnixMilli()}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return d.classify(err)
	}
	if after == nil {
		return nil
	}
	return after(ctx, conn)
}

// enter checks that session uuid is alive and makes its user the transaction's
// caller.
func (t *Tx) enter(uuid string) (Session, error) {
	s, err := t.liveSession(uuid)
	if err != nil {
		return s, err
	}
	t.Session = s
	if t.Caller, err = t.sessionContext(s); err != nil {
		return s, err
	}
	return s, t.Caller.RequireActive()
}

// begin opens a write transaction holding the writers' lock (Update, and login,
// logout and the like, which are bound to no session yet).
func (d *DB) begin(command string) (*Tx, error) {
	tx, err := d.beginWrite(context.Background())
	if err != nil {
		return nil, err
	}
	return &Tx{db: d, tx: tx, command: command, now: d.Now().UnixMilli()}, nil
}

// beginWrite begins a transaction and takes the writers' lock in it (on SQLite the
// pool's transactions begin IMMEDIATE, which is that lock): every write transaction,
// a command's (begin) and db init's and migrate's, begins here.
func (d *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, d.openError(err)
	}
	if err := d.d.LockWriter(ctx, tx, d.opts.BusyTimeout); err != nil {
		return nil, closeAfter(err, rollbackCloser{tx})
	}
	return tx, nil
}

// rollbackCloser closes a transaction by rolling it back.
type rollbackCloser struct{ tx *sql.Tx }

func (r rollbackCloser) Close() error { return r.tx.Rollback() }

func (t *Tx) commit() error { return t.db.classify(t.tx.Commit()) }

// rollback ends a transaction, deferred after every begin with the function's
// error. Usually the transaction was committed already (sql.ErrTxDone); any other
// failure becomes the function's error if it had none.
func rollback(tx interface{ Rollback() error }, err *error) {
	if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) && *err == nil {
		*err = rerr
	}
}

// closeAfter closes c after a failure, err, that is returned, joined with the
// failure to close if there is one.
func closeAfter(err error, c interface{ Close() error }) error {
	if cerr := c.Close(); cerr != nil {
		return errors.Join(err, cerr)
	}
	return err
}

// closing closes c, deferred with the function's error, which a failure becomes if
// it had none.
func closing(c interface{ Close() error }, err *error) {
	if cerr := c.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}

// exec, query and queryRow are the one funnel every statement of a transaction
// passes: the statement is bound for the database's dialect (placeholders ? and ?N
// become PostgreSQL's $N, bools the integers 0 and 1) and driver errors are
// classified (classify).
func (t *Tx) exec(q string, args ...any) (sql.Result, error) {
	q, args, err := t.db.bind(q, args)
	if err != nil {
		return nil, err
	}
	r, err := t.tx.Exec(q, args...)
	return r, t.db.classify(err)
}

func (t *Tx) query(q string, args ...any) (*sql.Rows, error) {
	q, args, err := t.db.bind(q, args)
	if err != nil {
		return nil, err
	}
	r, err := t.tx.Query(q, args...)
	return r, t.db.classify(err)
}

// bind readies a statement for the driver (dialect.Bind), refusing first, on both
// backends alike, text that PostgreSQL could not store: whatever checks the
// operations made, no value reaches one database that the other would refuse.
func (d *DB) bind(q string, args []any) (string, []any, error) {
	for _, a := range args {
		if s, ok := a.(string); ok && !dialect.Storable(s) {
			return "", nil, errUnstorable
		}
	}
	q, args = d.d.Bind(q, args)
	return q, args, nil
}

var errUnstorable = &fault.Error{Kind: fault.Usage, Msg: dialect.UnstorableMessage}

// each runs query q and calls scan for every row. The rows are closed, and the
// first error of any step (the query, a scan, the iteration, the close) returned.
func (t *Tx) each(q string, args []any, scan func(*sql.Rows) error) (err error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return err
	}
	defer closing(rows, &err)
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return t.db.classify(rows.Err())
}

func (t *Tx) queryRow(q string, args ...any) row {
	q, args, err := t.db.bind(q, args)
	if err != nil {
		return row{err: err}
	}
	return row{r: t.tx.QueryRow(q, args...), db: t.db}
}

// queryRow is the funnel for the few statements run outside a transaction (a
// login's password check before its transaction begins).
func (d *DB) queryRow(q string, args ...any) row {
	q, args, err := d.bind(q, args)
	if err != nil {
		return row{err: err}
	}
	return row{r: d.sql.QueryRow(q, args...), db: d}
}

// row is a *sql.Row whose Scan classifies errors as the funnel does.
type row struct {
	r   *sql.Row
	db  *DB
	err error // the statement was refused before it ran
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.db.classify(r.r.Scan(dest...))
}

// Log records that entityType:id changed (action INSERT, UPDATE or DELETE) in the
// command's audit event, creating the event on first use.
func (t *Tx) Log(entityType string, id int64, action string) error {
	ev, err := t.auditEvent()
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO eventlog (event_id, entity_type, entity_id, action) VALUES (?, ?, ?, ?)`,
		ev, entityType, id, action)
	return err
}

// Event is the command's audit event, created on first use. Objects written in the
// transaction point their creation and update ids at it, as OMERO's details do.
func (t *Tx) Event() (int64, error) { return t.auditEvent() }

func (t *Tx) auditEvent() (int64, error) {
	if t.event != 0 {
		return t.event, nil
	}
	var sudoer, sess any
	if t.Session.SudoerID != nil {
		sudoer = *t.Session.SudoerID
	}
	if t.Session.ID != 0 {
		sess = t.Session.ID
	}
	typ := "User"
	if sessionCommands[t.command] {
		typ = "Sessions"
	}
	err := t.queryRow(`INSERT INTO event (time, owner_id, sudoer_id, session_id, group_id, type, command) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.now, t.Caller.UserID, sudoer, sess, t.Caller.GroupID, typ, t.command).Scan(&t.event)
	return t.event, err
}

// principal loads what perms needs to know about one user.
func (t *Tx) principal(id int64) (perms.Principal, error) {
	p := perms.Principal{ID: id}
	err := t.queryRow(`SELECT omename, ldap FROM experimenter WHERE id = ?`, id).Scan(&p.Name, &p.LDAP)
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("Unknown user: %d", id)
	}
	if err != nil {
		return p, err
	}
	err = t.each(`SELECT parent, owner FROM groupexperimentermap WHERE child = ? ORDER BY child_index`, []any{id}, func(rows *sql.Rows) error {
		var g int64
		var owner bool
		if err := rows.Scan(&g, &owner); err != nil {
			return err
		}
		p.MemberOf = append(p.MemberOf, g)
		if owner {
			p.LeaderOf = append(p.LeaderOf, g)
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	config, err := t.userConfig(id)
	if err != nil {
		return p, err
	}
	p.Restrictions = perms.RestrictionsFromConfig(config)
	return p, nil
}

func (t *Tx) userConfig(id int64) ([]perms.ConfigEntry, error) {
	var out []perms.ConfigEntry
	err := t.each(`SELECT name, value FROM experimenter_config WHERE experimenter_id = ? ORDER BY idx`, []any{id}, func(rows *sql.Rows) error {
		var e perms.ConfigEntry
		if err := rows.Scan(&e.Name, &e.Value); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

func (t *Tx) sessionContext(s Session) (perms.Caller, error) {
	user, err := t.principal(s.OwnerID)
	if err != nil {
		return perms.Caller{}, err
	}
	var sudoer *perms.Principal
	if s.SudoerID != nil {
		p, err := t.principal(*s.SudoerID)
		if err != nil {
			return perms.Caller{}, err
		}
		sudoer = &p
	}
	return perms.NewCaller(user, sudoer, s.GroupID), nil
}

// RequireAdmin refuses non-administrators (R-ROLE-4), for commands
// that only read but are for administrators.
func (t *Tx) RequireAdmin() error { return t.Caller.RequireAdmin() }
