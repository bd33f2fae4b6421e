package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

// action is a command's action: read fills its options from the command line once,
// and run does the work with them, never looking at argv again.
func action[O any](read func(*cli.Context) (O, error), run func(O) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		o, err := read(c)
		if err != nil {
			return err
		}
		return run(o)
	}
}

// session logs in with this run's login options, as every command that needs the
// database does, printing the banner on stderr unless -q.
func (rt *Runtime) session() (*session.Result, error) { return rt.loginWith(rt.loginOpts) }

// view logs in and runs read in one transaction that only reads.
func (rt *Runtime) view(read func(*db.Tx) error) (err error) {
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	return r.DB.View(r.Session.UUID, read)
}

// update logs in and runs write in one transaction, recorded in the audit trail as
// command. Nothing is printed inside it: a command prints what it did after the
// commit, so that a refused one claims nothing.
func (rt *Runtime) update(command string, write func(*db.Tx) error) (err error) {
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	return r.DB.Update(r.Session.UUID, command, write)
}

// closing closes c, deferred with the function's error, which a failure becomes if
// it had none.
func closing(c interface{ Close() error }, err *error) {
	if cerr := c.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
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
