package dialect

import (
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"none", `SELECT 1`, `SELECT 1`},
		{"in order", `SELECT ? , ?,?`, `SELECT $1 , $2,$3`},
		{"numbered, repeated", `x IN (?1) AND y NOT IN (?1) OR z = ?2`, `x IN ($1) AND y NOT IN ($1) OR z = $2`},
		{"bare after numbered takes the next above the highest", `?2, ?, ?1, ?`, `$2, $3, $1, $4`},
		{"many digits", `?10, ?`, `$10, $11`},
		{"cast right after", `json_each(?::json), ?::bigint`, `json_each($1::json), $2::bigint`},
		{"string", `'a?b' || ?`, `'a?b' || $1`},
		{"doubled quote in string", `'it''s ?' = ?`, `'it''s ?' = $1`},
		{"string ending in doubled quote", `'?''' , ?`, `'?''' , $1`},
		{"backslash is not special in a standard string", `'a\' , ?`, `'a\' , $1`},
		{"E string escapes its quote", `E'\'?' , ?`, `E'\'?' , $1`},
		{"e string, lower case", `e'\\' , ? , '\'`, `e'\\' , $1 , '\'`},
		{"identifier ending in e is no E string", `SELECT name'x?' , ?`, `SELECT name'x?' , $1`},
		{"quoted identifier", `SELECT "col?" , "a""?" FROM t WHERE x = ?`, `SELECT "col?" , "a""?" FROM t WHERE x = $1`},
		{"backquoted identifier", "SELECT `?` , ?", "SELECT `?` , $1"},
		{"line comment", "SELECT ? -- why? because\n, ?", "SELECT $1 -- why? because\n, $2"},
		{"line comment at the end", "SELECT ? -- ?", "SELECT $1 -- ?"},
		{"block comment", `SELECT /* ? */ ?`, `SELECT /* ? */ $1`},
		{"nested block comment", `SELECT /* a /* ? */ ? */ ?`, `SELECT /* a /* ? */ ? */ $1`},
		{"minus, divide and star stay", `SELECT ? - 1, 4 / ?, ? * 2`, `SELECT $1 - 1, 4 / $2, $3 * 2`},
		{"dollar quoted", `SELECT $$?$$, ?`, `SELECT $$?$$, $1`},
		{"tagged dollar quote", `SELECT $fn$ a $$ ? $$ b $fn$, ?`, `SELECT $fn$ a $$ ? $$ b $fn$, $1`},
		{"native parameter stays", `SELECT $1::text || '?'`, `SELECT $1::text || '?'`},
		{"dollar inside an identifier", `SELECT a$b$c, ?`, `SELECT a$b$c, $1`},
		{"lone dollar", `SELECT '$' || $ || ?`, `SELECT '$' || $ || $1`},
		{"JSON path in a string", `json_extract(r.value, '$[0]') BETWEEN ? AND ?`, `json_extract(r.value, '$[0]') BETWEEN $1 AND $2`},
		{"non-ASCII around", `SELECT 'é?ü', "名?" , ?`, `SELECT 'é?ü', "名?" , $1`},
		{"unterminated string is copied", `SELECT ?, 'abc ?`, `SELECT $1, 'abc ?`},
		{"unterminated comment is copied", `SELECT ? /* ?`, `SELECT $1 /* ?`},
		{"unterminated dollar quote is copied", `SELECT ?, $x$ ?`, `SELECT $1, $x$ ?`},
		{"question mark last", `x = ?`, `x = $1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Postgres.Rebind(tc.in); got != tc.want {
				t.Errorf("Postgres.Rebind(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if got := SQLite.Rebind(tc.in); got != tc.in {
				t.Errorf("SQLite.Rebind changed %q into %q", tc.in, got)
			}
		})
	}
}

// Rebind must never panic or lose text, whatever it is given: every byte outside a
// placeholder survives in order.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{`?`, `'?`, `E'\`, `$a$`, `/*/`, `--`, `?1?`, `$$?$$`, `"?""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := Postgres.Rebind(q)
		// Placeholders only turn ? into $ and renumber, so with every ?, $ and
		// digit taken out both texts must be the same.
		strip := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == '?' || r == '$' || r >= '0' && r <= '9' {
					return -1
				}
				return r
			}, s)
		}
		if strip(got) != strip(q) {
			t.Fatalf("Rebind(%q) = %q lost or added text", q, got)
		}
	})
}
