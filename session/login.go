package session

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
)

// Args are the login options every command accepts (-C -s -p -g -u -w -k --sudo -q),
// plus the connection string and -t of `omero login`.
type Args struct {
	Connection string
	Server     string
	Port       string
	Group      string
	User       string
	Password   string
	Key        string
	Sudo       string
	Create     bool
	Quiet      bool
	Timeout    int64 // idle timeout in seconds for a new session; 0 for the default
	// Login is set by the login commands: then even the current session is reused
	// only if it was opened by the principal asked for (the same sudoer, or none).
	// Other commands keep using the current session, sudo or not, unless --sudo
	// names another sudoer.
	Login bool
}

// Env is what logging in needs from outside: the store, the default database and
// the options to open databases with, the password from the environment, and a
// prompt if there is a terminal to ask on.
type Env struct {
	Store       *Store
	DefaultDB   string
	DB          db.Options
	EnvPassword string        // $OMERO_PASSWORD
	OSUser      func() string // the login name of whoever runs omero, asked only when needed
	// Prompt asks for a hidden answer on the terminal; nil when there is none.
	Prompt func(prompt string) (string, error)
	Stderr io.Writer
}

// Result is a live session, with its database open.
type Result struct {
	DB      *db.DB
	Server  Server
	Session db.Session
	Action  string // Created, Using, Reconnected to, Joined
}

// Banner is the line every command prints on stderr after logging in. A sudo
// session says who opened it.
func (r *Result) Banner() string {
	s := fmt.Sprintf("%s session for %s@%s.", r.Action, r.Session.OwnerName, r.Server.Name)
	if r.Session.TimeToIdle > 0 {
		s += " Idle timeout: " + db.FormatTimeout(r.Session.TimeToIdle)
	}
	s += " Current group: " + r.Session.GroupName
	if r.Session.SudoerID != nil {
		s += ". Sudo by " + r.Session.SudoerName + "."
	}
	return s
}

type login struct {
	env  Env
	args Args
}

// Login finds or creates the session a command runs in (as OMERO's CLI does,
// with the defaults of README, Differences 12 and 8): join -k, else reuse the current session,
// else reconnect to a stored one, else create one with a password.
func Login(env Env, a Args) (*Result, error) {
	l := &login{env: env, args: a}
	return l.run()
}

// say prints a notice on stderr, unless -q.
func (l *login) say(format string, args ...any) {
	if !l.args.Quiet {
		l.tell(format, args...)
	}
}

// tell prints a notice on stderr, even with -q. Notices are best effort: a stderr
// that cannot be written does not stop a login.
func (l *login) tell(format string, args ...any) {
	_, _ = fmt.Fprintf(l.env.Stderr, format+"\n", args...)
}

// closeAfter closes d after a failure, err, that is returned, joined with the
// failure to close if there is one.
func closeAfter(err error, d *db.DB) error {
	if cerr := d.Close(); cerr != nil {
		return errors.Join(err, cerr)
	}
	return err
}

func (l *login) run() (*Result, error) {
	a := l.args
	serverArg, name, port := "", a.User, a.Port
	if a.Connection != "" {
		if a.Server != "" {
			return nil, fault.New(fault.Usage, "Server specified twice: %s and %s", a.Connection, a.Server)
		}
		serverArg = a.Connection
	} else {
		serverArg = a.Server
	}
	if serverArg != "" {
		c := ParseConn(serverArg)
		serverArg = c.Server
		if c.User != "" {
			if a.User != "" {
				return nil, fault.New(fault.Usage, "Username specified twice: %s and %s", c.User, a.User)
			}
			name = c.User
		}
		if c.Port != "" {
			if a.Port != "" {
				return nil, fault.New(fault.Usage, "Port specified twice: %s and %s", c.Port, a.Port)
			}
			port = c.Port
		}
	}
	// Names as stored (NFC), so that stored sessions, their sudoers and groups match them.
	name, l.args.Sudo, l.args.Group = db.CanonicalName(name), db.CanonicalName(a.Sudo), db.CanonicalName(a.Group)
	var given *Server
	if serverArg != "" {
		srv, err := ResolveServer(serverArg, l.env.DefaultDB)
		if err != nil {
			return nil, err
		}
		given = &srv
	}
	host, user, uuid := l.env.Store.Current()

	if a.Key != "" {
		return l.join(given, host, name)
	}

	if host != "" && user != "" && !a.Create {
		differs := given != nil && given.Name != host || name != "" && name != user
		if !differs {
			r, err := l.useCurrent(host, user, uuid)
			if r != nil || err != nil {
				return r, err
			}
		}
	}

	srv := Server{}
	switch {
	case given != nil:
		srv = *given
	case host != "":
		var err error
		if srv, err = ResolveServer(host, l.env.DefaultDB); err != nil {
			return nil, err
		}
	default:
		srv, _ = ResolveServer("localhost", l.env.DefaultDB)
	}
	if name == "" {
		if srv.Name == host && user != "" {
			name = user // the last user of this server: the system need not be asked
		} else {
			name = l.env.OSUser()
		}
	}
	d, err := srv.Open(l.env.DB)
	if err != nil {
		return nil, err
	}
	var r *Result
	if !a.Create {
		r, err = l.reconnect(d, srv, name)
	}
	if r == nil && err == nil {
		r, err = l.create(d, srv, name, port)
	}
	if err != nil {
		return nil, closeAfter(err, d)
	}
	return r, nil
}

// groupConflict reports whether -g asks for another group than the session's.
func (l *login) groupConflict(s db.Session) bool {
	g := l.args.Group
	return g != "" && g != s.GroupName && g != strconv.FormatInt(s.GroupID, 10)
}

// sudoConflict reports whether s was opened by another principal than the one asked
// for: another sudoer, or a sudoer where none was asked for (or the reverse).
func (l *login) sudoConflict(s db.Session) bool { return s.SudoerName != l.args.Sudo }

func orNone(s string) string {
	if s == "" {
		return "None"
	}
	return s
}

// useCurrent reuses the current session if it is alive and in the group asked for.
// It returns nil, nil when the caller should go on and find or create another.
func (l *login) useCurrent(host, user, uuid string) (*Result, error) {
	if uuid == "" {
		l.say("Previously logged in to %s as %s", host, user)
		return nil, nil
	}
	srv, err := ResolveServer(host, l.env.DefaultDB)
	if err != nil {
		return nil, err
	}
	d, err := srv.Open(l.env.DB)
	if err != nil {
		return nil, err
	}
	s, ok, err := d.FindSession(uuid)
	if err != nil {
		return nil, closeAfter(err, d)
	}
	now := d.Now().UnixMilli()
	switch {
	case !ok || s.OwnerName != user || s.Problem(now) != "":
		// Said even with -q: the user must learn why a password is wanted.
		l.tell("Previous session expired for %s on %s", user, host)
		l.env.Store.forgetDead(host, user, uuid)
	case l.groupConflict(s), (l.args.Login || l.args.Sudo != "") && l.sudoConflict(s):
		l.say("Previously logged in to %s as %s", host, user)
	default:
		return &Result{DB: d, Server: srv, Session: s, Action: "Using"}, nil
	}
	return nil, d.Close()
}

// reconnect reuses another stored session of name on srv, forgetting dead ones.
func (l *login) reconnect(d *db.DB, srv Server, name string) (*Result, error) {
	now := d.Now().UnixMilli()
	for _, uuid := range l.env.Store.ListFor(srv.Name, name) {
		s, ok, err := d.FindSession(uuid)
		if err != nil {
			return nil, err
		}
		if !ok || s.OwnerName != name || s.Problem(now) != "" {
			l.env.Store.forgetDead(srv.Name, name, uuid)
			continue
		}
		if l.groupConflict(s) {
			l.say("Skipped session %s due to property conflicts: omero.group: %s!=%s", uuid, s.GroupName, l.args.Group)
			continue
		}
		if l.sudoConflict(s) {
			l.say("Skipped session %s due to property conflicts: omero.sudo: %s!=%s", uuid, orNone(s.SudoerName), orNone(l.args.Sudo))
			continue
		}
		props, _ := l.env.Store.Read(srv.Name, name, uuid)
		if err := l.env.Store.SetCurrent(srv.Name, name, uuid, props.Get("omero.port")); err != nil {
			return nil, err
		}
		return &Result{DB: d, Server: srv, Session: s, Action: "Reconnected to"}, nil
	}
	return nil, nil
}

// create opens a new session with a password from -w, $OMERO_PASSWORD or the
// terminal. Without a terminal a missing or wrong password fails at once.
func (l *login) create(d *db.DB, srv Server, name, port string) (*Result, error) {
	a := l.args
	pw := a.Password
	if pw == "" {
		pw = l.env.EnvPassword
	}
	// The prompt names whose password it is (the administrator's with --sudo) and
	// for which database.
	who := name
	if a.Sudo != "" {
		who = a.Sudo
	}
	prompt := fmt.Sprintf("Password for %s@%s:", who, srv.Name)
	if a.Timeout != 0 {
		// A timeout above the maximum is refused before a password is asked for.
		if err := d.CheckTimeout(a.Timeout); err != nil {
			return nil, err
		}
	}
	// So is a store the new session could not be written to.
	if err := l.env.Store.Prepare(srv.Name, name); err != nil {
		return nil, err
	}
	var s db.Session
	for attempt := 1; ; attempt++ {
		prompted := false
		if pw == "" {
			if l.env.Prompt == nil {
				return nil, fault.New(fault.Auth, "cannot log in as %s: no password given and no terminal to ask for one; use -w PASSWORD or set OMERO_PASSWORD", who)
			}
			var err error
			for pw == "" {
				if pw, err = l.env.Prompt(prompt); err != nil {
					return nil, err
				}
			}
			prompted = true
		}
		var err error
		s, err = d.CreateSession(db.NewSession{
			User: name, Password: pw, Sudoer: a.Sudo, Group: a.Group, TimeToIdle: a.Timeout * 1000,
		})
		if err == nil {
			break
		}
		if !prompted || !errors.Is(err, db.ErrBadCredentials) {
			return nil, err
		}
		if attempt == 3 {
			return nil, fault.New(fault.Auth, "3 incorrect password attempts")
		}
		l.tell("%v", err)
		pw = ""
	}
	props := Props{}
	if a.Group != "" {
		props = append(props, [2]string{"omero.group", a.Group})
	}
	props = append(props, [2]string{"omero.host", srv.Name}, [2]string{"omero.user", s.OwnerName})
	if port != "" {
		props = append(props, [2]string{"omero.port", port})
	}
	if a.Timeout > 0 {
		props = append(props, [2]string{"omero.timeout", strconv.FormatInt(a.Timeout, 10)})
	}
	props = append(props, [2]string{"omero.sess", s.UUID})
	if a.Sudo != "" {
		props = append(props, [2]string{"omero.sudo", a.Sudo})
	}
	err := l.env.Store.Write(srv.Name, s.OwnerName, s.UUID, props)
	if err == nil {
		err = l.env.Store.SetCurrent(srv.Name, s.OwnerName, s.UUID, port)
	}
	if err != nil {
		// A session nobody can find again must not stay open.
		l.env.Store.forgetDead(srv.Name, s.OwnerName, s.UUID)
		if cerr := d.CloseSession("login", s.UUID); cerr != nil {
			return nil, fmt.Errorf("%w; the new session %s could not be closed: %v", err, s.UUID, cerr)
		}
		return nil, fmt.Errorf("%w; the new session was closed", err)
	}
	return &Result{DB: d, Server: srv, Session: s, Action: "Created"}, nil
}

// join attaches to an existing session by its key (-k). A key already in the store
// becomes current; a new one is stored but, as in OMERO, not made current.
func (l *login) join(given *Server, host, name string) (*Result, error) {
	a := l.args
	if name != "" {
		l.say("Overriding name since session key set")
	}
	if a.Group != "" {
		l.say("Ignoring group since session key set")
	}
	if a.Password != "" {
		l.say("Ignoring password since session key set")
	}
	var srv Server
	var err error
	switch {
	case given != nil:
		srv = *given
	default:
		if srv, err = ResolveServer(host, l.env.DefaultDB); err != nil {
			return nil, err
		}
	}
	d, err := srv.Open(l.env.DB)
	if err != nil {
		return nil, err
	}
	s, ok, err := d.FindSession(a.Key)
	if err == nil {
		reason := ""
		if !ok {
			reason = " No such session."
		} else if p := s.Problem(d.Now().UnixMilli()); p != "" {
			reason = " The session " + p + "."
		}
		if reason != "" {
			err = fault.New(fault.Auth, "Bad session key. Cannot join %s on %s.%s", a.Key, srv.Name, reason)
		}
	}
	if err != nil {
		return nil, closeAfter(err, d)
	}
	if user, found := l.env.Store.FindKey(srv.Name, a.Key); found {
		props, _ := l.env.Store.Read(srv.Name, user, a.Key)
		err = l.env.Store.SetCurrent(srv.Name, user, a.Key, props.Get("omero.port"))
	} else {
		err = l.env.Store.Write(srv.Name, s.OwnerName, s.UUID, Props{
			{"omero.host", srv.Name}, {"omero.user", s.OwnerName}, {"omero.sess", s.UUID},
		})
	}
	if err != nil {
		return nil, closeAfter(err, d)
	}
	return &Result{DB: d, Server: srv, Session: s, Action: "Joined"}, nil
}
