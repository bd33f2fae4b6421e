package session

import (
	"errors"
	"fmt"

	"github.com/omero-go/omero/db"
)

// dbs opens each server's database once, remembering failures.
type dbs struct {
	defaultDB string
	opts      db.Options
	open      map[string]*db.DB
	errs      map[string]error
}

func newDBs(env Env) *dbs {
	return &dbs{defaultDB: env.DefaultDB, opts: env.DB, open: map[string]*db.DB{}, errs: map[string]error{}}
}

func (d *dbs) get(host string) (*db.DB, error) {
	if x, ok := d.open[host]; ok {
		return x, nil
	}
	if err, ok := d.errs[host]; ok {
		return nil, err
	}
	srv, err := ResolveServer(host, d.defaultDB)
	var x *db.DB
	if err == nil {
		x, err = srv.Open(d.opts)
	}
	if err != nil {
		d.errs[host] = err
		return nil, err
	}
	d.open[host] = x
	return x, nil
}

// close closes every database opened, returning the first failure.
func (d *dbs) close(err *error) {
	for _, x := range d.open {
		if cerr := x.Close(); cerr != nil && *err == nil {
			*err = cerr
		}
	}
}

// closeIn closes sessions in host's database, recorded as command. A database that
// no longer exists, or a host that names none, holds no session to close: that is
// not a failure.
func (d *dbs) closeIn(command, host string, uuids []string) error {
	x, err := d.get(host)
	if errors.Is(err, db.ErrNoDatabase) || errors.Is(err, errNotADatabase) {
		return nil
	}
	if err != nil {
		return err
	}
	return x.CloseSessions(command, uuids)
}

// Logout closes the current session in its database and forgets it. If it cannot
// be closed, the session's file is kept and the error returned: a session that is
// still open must not be forgotten.
func Logout(env Env) (err error) {
	host, user, uuid := env.Store.Current()
	if uuid == "" {
		return nil
	}
	all := newDBs(env)
	defer all.close(&err)
	if err := all.closeIn("logout", host, []string{uuid}); err != nil {
		return fmt.Errorf("cannot close session %s: %w", uuid, err)
	}
	return env.Store.Remove(host, user, uuid)
}

// Listed is one stored session as `sessions list` shows it.
type Listed struct {
	Stored
	Port    string
	Session *db.Session // nil if the database does not know it
	Problem string      // why it cannot be used; "" if alive
	Current bool
}

// List reports every stored session. With purge, the dead ones are forgotten.
func List(env Env, purge bool) (_ []Listed, err error) {
	host, user, uuid := env.Store.Current()
	all := newDBs(env)
	defer all.close(&err)
	var out []Listed
	for _, st := range env.Store.List() {
		props, _ := env.Store.Read(st.Host, st.User, st.UUID)
		l := Listed{Stored: st, Port: props.Get("omero.port")}
		l.Current = st.Host == host && st.User == user && st.UUID == uuid
		d, err := all.get(st.Host)
		switch {
		case err != nil:
			l.Problem = err.Error()
		default:
			s, ok, err := d.FindSession(st.UUID)
			switch {
			case err != nil:
				l.Problem = err.Error()
			case !ok:
				l.Problem = "No such session"
			default:
				l.Session = &s
				if p := s.Problem(d.Now().UnixMilli()); p != "" {
					l.Problem = "Session " + p
				}
			}
		}
		if l.Problem != "" && purge {
			env.Store.forgetDead(st.Host, st.User, st.UUID)
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// Clear closes and forgets every stored session, and returns how many it cleared.
// The sessions of a database where they cannot be closed are kept, and the error
// says which.
func Clear(env Env) (_ int, err error) {
	all := newDBs(env)
	defer all.close(&err)
	byHost := map[string][]Stored{}
	var hosts []string
	for _, st := range env.Store.List() {
		if byHost[st.Host] == nil {
			hosts = append(hosts, st.Host)
		}
		byHost[st.Host] = append(byHost[st.Host], st)
	}
	cleared := 0
	var errs []error
	for _, host := range hosts {
		stored := byHost[host]
		uuids := make([]string, len(stored))
		for i, st := range stored {
			uuids[i] = st.UUID
		}
		if err := all.closeIn("sessions clear", host, uuids); err != nil {
			what := "the session"
			if len(stored) > 1 {
				what = fmt.Sprintf("the %d sessions", len(stored))
			}
			errs = append(errs, fmt.Errorf("cannot close %s stored for %s: %w", what, host, err))
			continue
		}
		for _, st := range stored {
			if err := env.Store.Remove(st.Host, st.User, st.UUID); err != nil {
				errs = append(errs, err)
				continue
			}
			cleared++
		}
	}
	return cleared, errors.Join(errs...)
}

// Forget removes this store's file of a session closed by other means (sessions
// close), if it holds one.
func Forget(env Env, host, uuid string) error {
	if user, ok := env.Store.FindKey(host, uuid); ok {
		return env.Store.Remove(host, user, uuid)
	}
	return nil
}
