package session

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConn(t *testing.T) {
	cases := []struct {
		in   string
		want Conn
	}{
		{"localhost", Conn{Server: "localhost"}},
		{"root@localhost", Conn{User: "root", Server: "localhost"}},
		{"root@localhost:4064", Conn{User: "root", Server: "localhost", Port: "4064"}},
		{"my.email@example.com@omero.example.com", Conn{User: "my.email@example.com", Server: "omero.example.com"}},
		{"user@", Conn{User: "user"}},
		{"@host", Conn{Server: "@host"}},
		{"host:70000", Conn{Server: "host", Port: "70000"}},
		{"host:123456", Conn{Server: "host:123456"}},
		{"host:abc", Conn{Server: "host:abc"}},
		{"root@/tmp/x.db:4064", Conn{User: "root", Server: "/tmp/x.db", Port: "4064"}},
		// A PostgreSQL URL is not split at its own "@" and ":".
		{"postgres://omero:pw@db.example.org:5432/omero", Conn{Server: "postgres://omero:pw@db.example.org:5432/omero"}},
		{"root@postgresql://omero@h/db?sslmode=require", Conn{User: "root", Server: "postgresql://omero@h/db?sslmode=require"}},
		{"a@b@postgres://h:5433/db", Conn{User: "a@b", Server: "postgres://h:5433/db"}},
		{"", Conn{}},
	}
	for _, c := range cases {
		if got := ParseConn(c.in); got != c.want {
			t.Errorf("ParseConn(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestResolveServer(t *testing.T) {
	for _, name := range []string{"", "localhost"} {
		s, err := ResolveServer(name, "/d/omero.db")
		if err != nil || s != (Server{Name: "localhost", Path: "/d/omero.db"}) {
			t.Errorf("ResolveServer(%q) = %+v, %v", name, s, err)
		}
	}
	s, err := ResolveServer("x.db", "/d/omero.db")
	if err != nil || !filepath.IsAbs(s.Path) || s.Name != s.Path || !strings.HasSuffix(s.Path, "/x.db") {
		t.Errorf("ResolveServer(x.db) = %+v, %v", s, err)
	}
	if _, err := ResolveServer("omero.example.com", "/d/omero.db"); err == nil {
		t.Error("a remote host was accepted")
	}
}

// A URL's password never becomes the server's name (what session files, banners and
// messages show); a stored name finds it again in $OMERO_DB.
func TestResolveServerURL(t *testing.T) {
	const withPW = "postgres://omero:s3cret@db.example.org/omero?sslmode=require"
	const without = "postgres://omero@db.example.org/omero?sslmode=require"
	for _, tc := range []struct {
		name, defaultDB string
		want            Server
	}{
		{withPW, "/d/omero.db", Server{Name: without, Path: withPW}},
		{without, "/d/omero.db", Server{Name: without, Path: without}},
		{without, withPW, Server{Name: without, Path: withPW}},
		{"localhost", withPW, Server{Name: "localhost", Path: withPW}},
		{"postgres://omero@other/omero", withPW, Server{Name: "postgres://omero@other/omero", Path: "postgres://omero@other/omero"}},
	} {
		s, err := ResolveServer(tc.name, tc.defaultDB)
		if err != nil || s != tc.want {
			t.Errorf("ResolveServer(%q, %q) = %+v, %v; want %+v", tc.name, tc.defaultDB, s, err, tc.want)
		}
		if strings.Contains(s.Name+s.Where(), "s3cret") {
			t.Errorf("ResolveServer(%q): the password shows in %q or %q", tc.name, s.Name, s.Where())
		}
	}
}

func TestEscapeKeepsPathsInsideTheStore(t *testing.T) {
	for _, s := range []string{"..", ".", "../../etc", "a/b", "/abs", "._LASTSESS_", "%2F", "ü", ""} {
		e := escape(s)
		if strings.Contains(e, "/") || e == "." || e == ".." || strings.HasPrefix(e, ".") || e == "" {
			t.Errorf("escape(%q) = %q is not one safe path component", s, e)
		}
		if s != "" && unescape(e) != s {
			t.Errorf("unescape(escape(%q)) = %q", s, unescape(e))
		}
	}
	if escape("localhost") != "localhost" || escape("::1") != "%3A%3A1" || escape("a.b") != "a.b" {
		t.Error("ordinary names must escape as in OMERO")
	}
	st := &Store{Dir: "/store"}
	if got := st.File("../x", "../../y", "../../../z"); filepath.Dir(filepath.Dir(filepath.Dir(got))) != "/store" {
		t.Errorf("File escaped the store: %s", got)
	}
}
