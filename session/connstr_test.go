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
