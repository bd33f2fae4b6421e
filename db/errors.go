package db

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/perms/fault"
)

// The errors of this package are *fault.Error values: the Kind decides the exit
// status, the message is what the user sees. The sentinels are for the cases callers
// branch on; errors.Is matches them through any wrapping.
var (
	// ErrBadCredentials is a login whose name or password does not match (R-PW-5):
	// OMERO's message, whichever of the two was wrong.
	ErrBadCredentials = &fault.Error{Kind: fault.Auth, Msg: "SecurityViolation: Bad credentials"}
	// ErrNoDatabase is matched by the error of a database file that does not exist.
	ErrNoDatabase = &fault.Error{Kind: fault.Failed, Msg: "no database"}
)

// NoDatabase is the error of a missing database at path. server, when the database
// was named on the command line rather than being the default, goes into the command
// that creates it.
func NoDatabase(path, server string) error {
	init := "omero db init"
	if server != "" && server != "localhost" {
		init = "omero -s " + server + " db init"
	}
	if dialect.IsURL(path) {
		return &fault.Error{Kind: fault.Failed, Msg: fmt.Sprintf("no omero schema in the PostgreSQL database %s; create it with: %s", dialect.Redact(path), init), Err: ErrNoDatabase}
	}
	return &fault.Error{Kind: fault.Failed, Msg: fmt.Sprintf("no database at %s; create one with: %s", path, init), Err: ErrNoDatabase}
}

func notFound(format string, args ...any) error { return fault.New(fault.NotFound, format, args...) }

func failed(format string, args ...any) error { return fault.New(fault.Failed, format, args...) }

func alreadyExists(format string, args ...any) error { return fault.New(fault.Exists, format, args...) }

// badInput is input that cannot be used: a malformed or ambiguous identifier, a name
// or password this tool will not store (a usage error, status 2).
func badInput(format string, args ...any) error { return fault.New(fault.Usage, format, args...) }

func authFailed(format string, args ...any) error { return fault.New(fault.Auth, format, args...) }

// hasCode reports whether err is a SQLite error with one of the primary codes.
func hasCode(err error, codes ...sqlite3.ErrNo) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Code == c {
			return true
		}
	}
	return false
}

// classify is the one place driver errors of this database get our words, the same
// on both backends (dialect.Classify): a lock wait that ran out says how long it
// waited, a unique key is Exists, a schema trigger's refusal keeps its message.
func (d *DB) classify(err error) error {
	return dialect.Classify(err, d.opts.BusyTimeout)
}

func (d *DB) busyError() error { return dialect.BusyError(d.opts.BusyTimeout) }
