package session

import (
	"github.com/omero-go/omero/db"
)

// dbs opens each server's database once, remembering failures.
type dbs struct {
	defaultDB string
	open      map[string]*db.DB
	errs      map[string]error
}

func newDBs(defaultDB string) *dbs {
	return &dbs{defaultDB: defaultDB, open: map[string]*db.DB{}, errs: map[string]error{}}
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
		x, err = srv.Open()
	}
	if err != nil {
		d.errs[host] = err
		return nil, err
	}
	d.open[host] = x
	return x, nil
}

func (d *dbs) close() {
	for _, x := range d.open {
		x.Close()
	}
}

// Logout closes the current session in its database (best effort) and forgets it.
func Logout(env Env) {
	host, user, uuid := env.Store.Current()
	if uuid == "" {
		return
	}
	all := newDBs(env.DefaultDB)
	defer all.close()
	if d, err := all.get(host); err == nil {
		d.CloseSession(uuid)
	}
	env.Store.Remove(host, user, uuid)
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
func List(env Env, purge bool) []Listed {
	host, user, uuid := env.Store.Current()
	all := newDBs(env.DefaultDB)
	defer all.close()
	now := db.Now().UnixMilli()
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
				if p := s.Problem(now); p != "" {
					l.Problem = "Session " + p
				}
			}
		}
		if l.Problem != "" && purge {
			env.Store.Remove(st.Host, st.User, st.UUID)
			continue
		}
		out = append(out, l)
	}
	return out
}

// Clear closes (best effort) and forgets every stored session; it returns how many
// there were.
func Clear(env Env) int {
	all := newDBs(env.DefaultDB)
	defer all.close()
	stored := env.Store.List()
	byHost := map[string][]string{}
	for _, st := range stored {
		byHost[st.Host] = append(byHost[st.Host], st.UUID)
	}
	for host, uuids := range byHost {
		if d, err := all.get(host); err == nil {
			d.CloseSessions(uuids)
		}
	}
	for _, st := range stored {
		env.Store.Remove(st.Host, st.User, st.UUID)
	}
	return len(stored)
}
