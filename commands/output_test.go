package commands

import (
	"strings"
	"testing"
)

func render(t *testing.T, tbl *Table, s Style) string {
	t.Helper()
	var b strings.Builder
	if err := tbl.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestStyles(t *testing.T) {
	tricky := &Table{
		Headers: []string{"id", "name", "note"},
		Rows: [][]string{
			{"3", `lab, "A"`, ""},
			{"10", "Zoë 日本", " lead"},
			{"11", "100%", "tab\there"},
			{"12", "two\nlines", `\ back`},
		},
	}
	wide := &Table{
		Headers: []string{"name", "n"},
		Rows:    [][]string{{"顕微鏡", "1"}, {"e\u0301te\u0301", "2"}, {"👩\u200d🔬🇯🇵", "3"}, {"abc", "4"}},
	}
	empty := &Table{Headers: []string{"id", "name"}}
	one := &Table{Headers: []string{"a"}, Rows: [][]string{{"x"}}}
	oneEmpty := &Table{Headers: []string{"a"}, Rows: [][]string{{""}}}
	cases := []struct {
		name  string
		table *Table
		style Style
		want  string
	}{
		{"sql pads to display width, escapes control characters and counts rows", tricky, StyleSQL,
			" id | name       | note      \n" +
				"----+------------+-----------\n" +
				" 3  | lab, \"A\"   |           \n" +
				" 10 | Zoë 日本   |  lead     \n" +
				" 11 | 100%       | tab\\there \n" +
				" 12 | two\\nlines | \\ back    \n" +
				"(4 rows)\n"},
		{"sql lines up wide characters, combining marks and emoji", wide, StyleSQL,
			" name   | n \n" +
				"--------+---\n" +
				" 顕微鏡 | 1 \n" +
				" e\u0301te\u0301    | 2 \n" +
				" 👩\u200d🔬🇯🇵   | 3 \n" +
				" abc    | 4 \n" +
				"(4 rows)\n"},
		{"sql with no rows keeps the rule", empty, StyleSQL, " id | name \n----+------\n(0 rows)\n"},
		{"sql says 1 row", one, StyleSQL, " a \n---\n x \n(1 row)\n"},
		{"sql keeps an empty single cell", oneEmpty, StyleSQL, " a \n---\n   \n(1 row)\n"},
		{"sql escapes tablewriter's separator", &Table{Headers: []string{"a", "b"}, Rows: [][]string{{"x\x1fy", "%1F"}}}, StyleSQL,
			" a      | b   \n--------+-----\n x\\x1fy | %1F \n(1 row)\n"},
		{"csv quotes commas, quotes and line breaks, and keeps the text exact", tricky, StyleCSV,
			"id,name,note\n3,\"lab, \"\"A\"\"\",\n10,Zoë 日本, lead\n11,100%,tab\there\n12,\"two\nlines\",\\ back\n"},
		{"csv quotes a carriage return", &Table{Headers: []string{"a", "b"}, Rows: [][]string{{"x\ry", "\x1b[2J"}}}, StyleCSV,
			"a,b\n\"x\ry\",\x1b[2J\n"},
		{"csv with no rows is the header", empty, StyleCSV, "id,name\n"},
		{"plain has no header and escapes control characters", tricky, StylePlain,
			"3,\"lab, \"\"A\"\"\",\n10,Zoë 日本, lead\n11,100%,tab\\there\n12,two\\nlines,\\ back\n"},
		{"plain with no rows is empty", empty, StylePlain, ""},
		{"plain quotes a row of one empty field", oneEmpty, StylePlain, "\"\"\n"},
		{"json is one object per line like Python's json.dumps", tricky, StyleJSON,
			`[{"id": "3", "name": "lab, \"A\"", "note": ""},` + "\n" +
				`{"id": "10", "name": "Zo\u00eb \u65e5\u672c", "note": " lead"},` + "\n" +
				`{"id": "11", "name": "100%", "note": "tab\there"},` + "\n" +
				`{"id": "12", "name": "two\nlines", "note": "\\ back"}]` + "\n"},
		{"json with no rows", empty, StyleJSON, "[]\n"},
		{"json with one row", one, StyleJSON, `[{"a": "x"}]` + "\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := render(t, c.table, c.style); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestPyJSONString(t *testing.T) {
	cases := map[string]string{
		"plain":    `"plain"`,
		"\x01\x7f": `"\u0001` + "\x7f" + `"`,
		"😀":        `"\ud83d\ude00"`,
		"<&>":      `"<&>"`,
		"\r\b\f":   `"\r\b\f"`,
	}
	for in, want := range cases {
		if got := pyJSONString(in); got != want {
			t.Errorf("pyJSONString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestEscapeText(t *testing.T) {
	cases := map[string]string{
		"plain ASCII, \\ and all":    "plain ASCII, \\ and all",
		"Zoë 日本 👩\u200d🔬":            "Zoë 日本 👩\u200d🔬",
		"a\nb\rc\td":                 `a\nb\rc\td`,
		"\x1b[31mred\x1b[0m":         `\x1b[31mred\x1b[0m`,
		"\x00\x07\x7f":               `\x00\x07\x7f`,
		"\u009b2J":                   `\u009b2J`,
		"abc\u202edcba\u2066x\u2069": `abc\u202edcba\u2066x\u2069`,
		"line\u2028sep":              `line\u2028sep`,
		"bad\xffbyte\xc3":            `bad\xffbyte\xc3`,
	}
	for in, want := range cases {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
}
