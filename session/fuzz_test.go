package session

import (
	"strings"
	"testing"
)

// FuzzParseConn: the parts of a connection string put back together are the string.
func FuzzParseConn(f *testing.F) {
	for _, s := range []string{"localhost", "root@localhost:4064", "a@b@c", "user@", "@host", "h:123456", "h:", ":1", "/x/y.db:1", "ü@ß:00000", "u@postgres://a:b@h:1/d", "postgresql://h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ParseConn(s)
		var b strings.Builder
		if c.User != "" {
			b.WriteString(c.User + "@")
		}
		b.WriteString(c.Server)
		if c.Port != "" {
			b.WriteString(":" + c.Port)
		}
		if b.String() != s {
			t.Fatalf("ParseConn(%q) = %+v, which puts back together as %q", s, c, b.String())
		}
		if len(c.Port) > 5 || strings.Trim(c.Port, "0123456789") != "" {
			t.Fatalf("ParseConn(%q) port %q", s, c.Port)
		}
	})
}

// FuzzEscape: any host, user or key becomes one safe path component and back.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"localhost", "..", ".", "a/b", "../../etc/passwd", "._LASTSESS_", "%41", "\x00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := escape(s)
		if e == "" || strings.ContainsAny(e, "/\x00") || strings.HasPrefix(e, ".") {
			t.Fatalf("escape(%q) = %q is not one safe path component", s, e)
		}
		if s != "" && unescape(e) != s {
			t.Fatalf("unescape(escape(%q)) = %q", s, unescape(e))
		}
	})
}
