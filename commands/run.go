package commands

import (
	"io"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

// view logs in and runs read in one transaction that only reads.
func (rt *Runtime) view(c *cli.Context, read func(*db.Tx, db.Session) error) error {
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	return r.DB.View(r.Session.UUID, func(tx *db.Tx) error { return read(tx, r.Session) })
}

// update logs in and runs write in one transaction, recorded in the audit trail as
// command.
func (rt *Runtime) update(c *cli.Context, command string, write func(*db.Tx, db.Session) error) error {
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	return r.DB.Update(r.Session.UUID, command, func(tx *db.Tx) error { return write(tx, r.Session) })
}

// resolveSome resolves the identifiers of an info-style command, or def when none
// were given. What was found comes back with the failures (reported, not fatal);
// if nothing was found the failures and OMERO's summary line are the error.
func resolveSome[T any](ls []db.Lookup, def db.Lookup, find func([]db.Lookup) ([]T, error), none string) ([]T, error, error) {
	if len(ls) == 0 {
		ls = []db.Lookup{def}
	}
	found, missing := find(ls)
	if len(found) == 0 {
		return nil, nil, noneFound(missing, none)
	}
	return found, missing, nil
}

// resolveOne is resolveSome for commands that take exactly one user or group.
func resolveOne[T any](ls []db.Lookup, def db.Lookup, find func([]db.Lookup) ([]T, error), none, tooMany string) (T, error) {
	var zero T
	found, missing, err := resolveSome(ls, def, find, none)
	switch {
	case err != nil:
		return zero, err
	case missing != nil:
		return zero, missing
	case len(found) > 1:
		return zero, fault.New(fault.Usage, "%s", tooMany)
	}
	return found[0], nil
}

// updateReporting is update for commands that report each change on a line of its
// own: the lines are printed only once the transaction has committed, so a refused
// command claims nothing.
func (rt *Runtime) updateReporting(c *cli.Context, command string, write func(*db.Tx, db.Session, *strings.Builder) error) error {
	var out strings.Builder
	err := rt.update(c, command, func(tx *db.Tx, s db.Session) error { return write(tx, s, &out) })
	if err != nil {
		return err
	}
	_, err = io.WriteString(rt.IO.Out, out.String())
	return err
}
