package session

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/perms/fault"
)

// Conn is a parsed connection string [user@]server[:port] (README, The database is the server).
type Conn struct {
	User, Server, Port string
}

// The user is everything up to the last "@", the port one to five digits at the very
// end; anything else stays part of the server.
var connRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?s)(?:(.+)@)?(.*?)(?::([0-9]{1,5}))?$`) })

// ParseConn splits a connection string. A PostgreSQL URL (postgres:// or
// postgresql://) is one server, "@" and ":" included, with at most a user before it:
// root@postgres://omero@db.example.org/omero.
func ParseConn(s string) Conn {
	if dialect.IsURL(s) {
		return Conn{Server: s}
	}
	for _, scheme := range []string{"@postgres://", "@postgresql://"} {
		if i := strings.Index(s, scheme); i > 0 {
			return Conn{User: s[:i], Server: s[i+1:]}
		}
	}
	m := connRE().FindStringSubmatch(s)
	if m == nil {
		return Conn{Server: s}
	}
	return Conn{User: m[1], Server: m[2], Port: m[3]}
}

// Server is a resolved server: the name the session store and banner use, and the
// database it stands for.
type Server struct {
	Name string // "localhost", the database's absolute path, or its URL without password
	Path string // the SQLite file, or the PostgreSQL URL (password included, if given)
}

// Where is the database as messages may show it: the file, or the URL without its
// password.
func (s Server) Where() string { return dialect.Redact(s.Path) }

// errNotADatabase is matched by the error of a server name that names no database.
var errNotADatabase = &fault.Error{Kind: fault.Failed, Msg: "not a database"}

func notADatabase(format string, args ...any) error {
	return &fault.Error{Kind: fault.Failed, Msg: fmt.Sprintf(format, args...), Err: errNotADatabase}
}

// ResolveServer maps a server name to a database (README,
// The database is the server): "", "localhost"
// mean the default database (a file, or a PostgreSQL URL); a postgres:// URL names a
// PostgreSQL database, under its URL without the password (what session files keep);
// a value containing "/" or ending in ".db" is a path.
func ResolveServer(name, defaultDB string) (Server, error) {
	switch {
	case name == "" || name == "localhost":
		return Server{Name: "localhost", Path: defaultDB}, nil
	case dialect.IsURL(name):
		// A stored name has lost its password; $OMERO_DB may still have it.
		if dialect.IsURL(defaultDB) && dialect.Redact(defaultDB) == name {
			return Server{Name: name, Path: defaultDB}, nil
		}
		return Server{Name: dialect.Redact(name), Path: name}, nil
	case strings.Contains(name, "/") || strings.HasSuffix(name, ".db"):
		abs, err := filepath.Abs(name)
		if err != nil {
			return Server{}, notADatabase("bad database path %q: %v", name, err)
		}
		return Server{Name: abs, Path: abs}, nil
	}
	return Server{}, notADatabase("cannot connect to server %q: this omero works on a database file or a PostgreSQL URL; use -s localhost, -s PATH/TO/omero.db or -s postgres://ROLE@HOST/DATABASE", name)
}

// Open opens the server's database with the runtime's options; a missing one is
// reported with the command that creates it at the right place.
func (s Server) Open(o db.Options) (*db.DB, error) {
	d, err := db.OpenWith(s.Path, o)
	if errors.Is(err, db.ErrNoDatabase) {
		return nil, db.NoDatabase(s.Where(), s.Name)
	}
	return d, err
}
