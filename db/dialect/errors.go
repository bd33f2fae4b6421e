package dialect

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/omero-go/omero/perms/fault"
)

// TriggerSQLState is the SQLSTATE the PostgreSQL schema's triggers raise (see
// omero_refuse in db/migrations/postgres/001_base.sql): the counterpart of SQLite's
// RAISE(ABORT), with the same message. Its class, OM, is no standard one, so no
// server error can be taken for it.
const TriggerSQLState = "OM001"

// The SQLSTATEs omero tells apart (PostgreSQL's appendix A).
const (
	stateUniqueViolation          = "23505"
	stateNotNullViolation         = "23502"
	stateForeignKeyViolation      = "23503"
	stateCheckViolation           = "23514"
	stateLockNotAvailable         = "55P03" // lock_timeout ran out
	stateDeadlockDetected         = "40P01"
	stateSerialization            = "40001"
	stateCharacterNotInRepertoire = "22021" // invalid UTF-8, or a NUL byte in text
	stateUntranslatable           = "22P05"
	stateInvalidPassword          = "28P01"
	stateInvalidAuthorization     = "28000"
	stateUnknownDatabase          = "3D000"
)

// Classify gives a driver error of either backend its *fault.Error: the same kind and
// the same message for the same failure, whichever database it came from, with the
// driver's error kept as the cause (so IsUnique and TriggerMessage still see it).
// wait is how long writers wait for each other, which the busy message states.
// Errors it does not know (and nil, sql.ErrNoRows, errors that already carry a kind)
// come back unchanged.
//
//	busy (SQLite BUSY/LOCKED; 55P03 lock timeout, 40P01 deadlock, 40001 serialization)
//	    -> Busy, "the database is busy: another command held it for more than 10 s; ..."
//	unique or primary key (23505)  -> Exists, "UNIQUE constraint failed: table.column"
//	a schema trigger (OM001)       -> Failed, the trigger's own message
//	not null, foreign key, check   -> Failed, SQLite's wording
//	text it cannot store (22021, 22P05) -> Usage
func Classify(err error, wait time.Duration) error {
	if err == nil {
		return nil
	}
	var fe *fault.Error
	if errors.As(err, &fe) {
		return err
	}
	if IsBusy(err) {
		return &fault.Error{Kind: fault.Busy, Msg: busyMessage(wait), Err: err}
	}
	if msg, ok := TriggerMessage(err); ok {
		return &fault.Error{Kind: fault.Failed, Msg: msg, Err: err}
	}
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		kind := fault.Failed
		if IsUnique(err) {
			kind = fault.Exists
		}
		return &fault.Error{Kind: kind, Msg: se.Error(), Err: err}
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case stateUniqueViolation:
		return &fault.Error{Kind: fault.Exists, Msg: uniqueMessage(pe), Err: err}
	case stateNotNullViolation:
		return &fault.Error{Kind: fault.Failed, Msg: "NOT NULL constraint failed: " + pe.TableName + "." + pe.ColumnName, Err: err}
	case stateForeignKeyViolation:
		return &fault.Error{Kind: fault.Failed, Msg: "FOREIGN KEY constraint failed", Err: err}
	case stateCheckViolation:
		return &fault.Error{Kind: fault.Failed, Msg: "CHECK constraint failed: " + pe.ConstraintName, Err: err}
	case stateCharacterNotInRepertoire, stateUntranslatable:
		return &fault.Error{Kind: fault.Usage, Msg: UnstorableMessage, Err: err}
	}
	return err
}

// BusyError is the error of a writer that waited wait for another and gave up.
func BusyError(wait time.Duration) *fault.Error {
	return &fault.Error{Kind: fault.Busy, Msg: busyMessage(wait)}
}

func busyMessage(wait time.Duration) string {
	return fmt.Sprintf("the database is busy: another command held it for more than %g s; nothing was changed, try again", wait.Seconds())
}

// SQLState is the SQLSTATE of a PostgreSQL error in err's chain, or "".
func SQLState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// IsBusy recognises a lock wait that ran out: SQLite's BUSY or LOCKED, PostgreSQL's
// lock timeout; and the two ways PostgreSQL gives up a transaction that collided with
// another, which the writers' lock should make impossible but which mean the same to
// a user: nothing was changed, try again.
func IsBusy(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked
	}
	switch SQLState(err) {
	case stateLockNotAvailable, stateDeadlockDetected, stateSerialization:
		return true
	}
	return false
}

// IsUnique recognises a UNIQUE or PRIMARY KEY constraint failure, by SQLite's extended
// code or SQLSTATE 23505 (which PostgreSQL raises for both).
func IsUnique(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	return SQLState(err) == stateUniqueViolation
}

// TriggerMessage recognises a refusal by one of the schema's triggers (SQLite's
// RAISE(ABORT), PostgreSQL's TriggerSQLState) and returns its message, which is the
// same text on both backends.
func TriggerMessage(err error) (string, bool) {
	var se sqlite3.Error
	if errors.As(err, &se) {
		if se.Code == sqlite3.ErrConstraint && se.ExtendedCode == sqlite3.ErrConstraintTrigger {
			return se.Error(), true
		}
		return "", false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == TriggerSQLState {
		return pe.Message, true
	}
	return "", false
}

// uniqueMessage words a 23505 as SQLite words a UNIQUE failure, "UNIQUE constraint
// failed: t.a, t.b", from the key columns PostgreSQL names in its detail,
// `Key (a, b)=(1, 2) already exists.`. A server that leaves the detail out (the role
// may not read the table) gets the constraint's name instead.
func uniqueMessage(pe *pgconn.PgError) string {
	cols, ok := strings.CutPrefix(pe.Detail, "Key (")
	if ok {
		cols, _, ok = strings.Cut(cols, ")=(")
	}
	if !ok || pe.TableName == "" {
		return "UNIQUE constraint failed: " + pe.ConstraintName
	}
	names := strings.Split(cols, ", ")
	for i, c := range names {
		names[i] = pe.TableName + "." + strings.Trim(c, `"`)
	}
	return "UNIQUE constraint failed: " + strings.Join(names, ", ")
}

// ConnectError words a failure to reach or log in to the PostgreSQL database at
// server (a URL, written without its password) on one line, never the driver's own
// text, which names the connection's parameters. A database that does not exist and
// a refused password each say what to do; a URL pgx cannot read is a usage error.
func ConnectError(server string, err error) error {
	if err == nil {
		return nil
	}
	where := "cannot connect to " + Redact(server) + ": "
	var e *fault.Error
	var pe *pgconn.PgError
	var bad *pgconn.ParseConfigError
	switch {
	case errors.As(err, &pe):
		e = &fault.Error{Kind: fault.Failed, Msg: where + pe.Message, Err: err}
		switch pe.Code {
		case stateUnknownDatabase:
			e = e.WithHint("create it (createdb -O ROLE NAME), then: omero -s %s db init", Redact(server))
		case stateInvalidPassword, stateInvalidAuthorization:
			e = e.WithHint("give the password in the URL, PGPASSWORD or ~/.pgpass")
		}
	case errors.As(err, &bad):
		// Its text repeats the URL, its password masked only as well as pgx can
		// tell it; what follows the URL's closing quote is the reason.
		reason := bad.Error()
		if i := strings.LastIndex(reason, "`: "); i >= 0 {
			reason = reason[i+3:]
		}
		e = &fault.Error{Kind: fault.Usage, Msg: "invalid PostgreSQL URL " + Redact(server) + ": " + reason, Err: err}
	default:
		e = &fault.Error{Kind: fault.Failed, Msg: where + innermost(err).Error(), Err: err}
	}
	if pw := password(server); pw != "" && strings.Contains(e.Msg+e.Hint, pw) {
		e.Msg, e.Hint = strings.ReplaceAll(e.Msg, pw, "xxxxx"), strings.ReplaceAll(e.Hint, pw, "xxxxx")
	}
	return e
}

// innermost follows err's chain to its root cause ("connection refused", "no such
// host"); of several joined causes (one per address tried) it follows the last.
func innermost(err error) error {
	for {
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			errs := u.Unwrap()
			if len(errs) == 0 {
				return err
			}
			err = errs[len(errs)-1]
		case interface{ Unwrap() error }:
			next := u.Unwrap()
			if next == nil {
				return err
			}
			err = next
		default:
			return err
		}
	}
}
