package db

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// NotFoundError: a user, group, object or session that does not exist (or that the
// caller may not see).
type NotFoundError struct{ Msg string }

func (e *NotFoundError) Error() string { return e.Msg }

// ExistsError: a create that would duplicate a unique name.
type ExistsError struct{ Msg string }

func (e *ExistsError) Error() string { return e.Msg }

// AuthError: a login that failed, or a session that is closed or expired.
type AuthError struct{ Msg string }

func (e *AuthError) Error() string { return e.Msg }

// FailedError: an operation refused for a reason that is neither permission nor
// input syntax (an integrity rule, a refused graph request).
type FailedError struct{ Msg string }

func (e *FailedError) Error() string { return e.Msg }

// SaveError is an obj save that failed, worded as OMERO's obj words it (reference
// section 6.3-6.5): "Failed to create T - reason", "Failed to update T:id - reason".
// The reason decides the exit status.
type SaveError struct {
	Verb   string // create or update
	Target string // T for create, T:id for update
	Err    error
}

func (e *SaveError) Error() string {
	return "Failed to " + e.Verb + " " + e.Target + " - " + e.Err.Error()
}
func (e *SaveError) Unwrap() error { return e.Err }

// failedTo wraps *err, if any, in a SaveError; deferred once a save begins, so that
// the errors before it (unknown object, field or value) keep their own words.
func failedTo(verb, target string, err *error) {
	if *err != nil {
		*err = &SaveError{Verb: verb, Target: target, Err: *err}
	}
}

// invalid is an InputError: input the object model does not accept (an unknown type
// or field, a value of the wrong kind, a missing required field).
func invalid(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// NoDatabaseError: the database file does not exist. Server, when the database was
// named on the command line rather than being the default, goes into the hint.
type NoDatabaseError struct{ Path, Server string }

func (e *NoDatabaseError) Error() string {
	init := "omero db init"
	if e.Server != "" && e.Server != "localhost" {
		init = "omero -s " + e.Server + " db init"
	}
	return fmt.Sprintf("no database at %s; create one with: %s", e.Path, init)
}

func notFound(format string, args ...any) error {
	return &NotFoundError{Msg: fmt.Sprintf(format, args...)}
}

func failed(format string, args ...any) error {
	return &FailedError{Msg: fmt.Sprintf(format, args...)}
}

// isUnique recognises a UNIQUE constraint failure by SQLite's extended code.
func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}

// isTrigger recognises a RAISE(ABORT) from one of the schema's triggers.
func isTrigger(err error) (string, bool) {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint && se.ExtendedCode == sqlite3.ErrConstraintTrigger {
		return se.Error(), true
	}
	return "", false
}

// isBusy recognises a lock another connection holds (a wait that ran out).
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// classify is the one place driver errors of this database get our words: a lock
// wait that ran out says how long it waited.
func (d *DB) classify(err error) error {
	if isBusy(err) {
		return d.busyError()
	}
	return err
}

func (d *DB) busyError() error {
	return &FailedError{Msg: fmt.Sprintf("the database is busy: another command held it for more than %g s; nothing was changed, try again", d.opts.BusyTimeout.Seconds())}
}

// wrapBusy was how statements classified a lock wait; the transaction's exec, query
// and queryRow now do it, so it passes errors on.
//
// Deprecated: removed after the graph/model merge.
func wrapBusy(err error) error { return err }
