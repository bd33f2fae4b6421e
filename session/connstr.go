package session

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
)

// Conn is a parsed connection string [user@]server[:port] (README, The database is the server).
type Conn struct {
	User, Server, Port string
}

// The user is everything up to the last "@", the port one to five digits at the very
// end; anything else stays part of the server.
var connRE = regexp.MustCompile(`^(?s)(?:(.+)@)?(.*?)(?::([0-9]{1,5}))?$`)

// ParseConn splits a connection string.
func ParseConn(s string) Conn {
	m := connRE.FindStringSubmatch(s)
	if m == nil {
		return Conn{Server: s}
	}
	return Conn{User: m[1], Server: m[2], Port: m[3]}
}

// Server is a resolved server: the name the session store and banner use, and the
// database file it stands for.
type Server struct {
	Name string // "localhost", or the database's absolute path
	Path string // the SQLite file
}

// errNotADatabase is matched by the error of a server name that names no database.
var errNotADatabase = &fault.Error{Kind: fault.Failed, Msg: "not a database"}

func notADatabase(format string, args ...any) error {
	return &fault.Error{Kind: fault.Failed, Msg: fmt.Sprintf(format, args...), Err: errNotADatabase}
}

// ResolveServer maps a server name to a database (README, The database is the server): "", "localhost"
// mean the default database; a value containing "/" or ending in ".db" is a path.
func ResolveServer(name, defaultDB string) (Server, error) {
	switch {
	case name == "" || name == "localhost":
		return Server{Name: "localhost", Path: defaultDB}, nil
	case strings.Contains(name, "/") || strings.HasSuffix(name, ".db"):
		abs, err := filepath.Abs(name)
		if err != nil {
			return Server{}, notADatabase("bad database path %q: %v", name, err)
		}
		return Server{Name: abs, Path: abs}, nil
	}
	return Server{}, notADatabase("cannot connect to server %q: this omero works on a local database; use -s localhost or -s PATH/TO/omero.db", name)
}

// Open opens the server's database with the runtime's options; a missing one is
// reported with the command that creates it at the right place.
func (s Server) Open(o db.Options) (*db.DB, error) {
	d, err := db.OpenWith(s.Path, o)
	if errors.Is(err, db.ErrNoDatabase) {
		return nil, db.NoDatabase(s.Path, s.Name)
	}
	return d, err
}
