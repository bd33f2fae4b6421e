package commands

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/clipperhouse/displaywidth"
	"github.com/olekukonko/ll"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/urfave/cli/v2"
)

// Style is a table output style (README, Commands).
type Style string

const (
	StyleSQL   Style = "sql"
	StyleCSV   Style = "csv"
	StylePlain Style = "plain"
	StyleJSON  Style = "json"
)

var styleNames = []string{"csv", "json", "plain", "sql"}

// Table is a result table: header names and string cells.
type Table struct {
	Headers []string
	Rows    [][]string
}

// Append adds a row.
func (t *Table) Append(cells ...string) { t.Rows = append(t.Rows, cells) }

// Write renders the table in style.
func (t *Table) Write(w io.Writer, style Style) error {
	bw := bufio.NewWriter(w)
	out := &lines{w: bw}
	switch style {
	case StyleCSV:
		out.buf.WriteString(strings.Join(t.Headers, ","))
		out.end()
		t.writeRecords(out, false)
	case StylePlain:
		t.writeRecords(out, true)
	case StyleJSON:
		t.writeJSON(out)
	default:
		out.err = t.escaped().writeSQL(bw)
	}
	if err := bw.Flush(); out.err == nil {
		out.err = err
	}
	return out.err
}

// lines writes output a line at a time: a line is built in buf, where writing
// cannot fail, and written out whole by end. The first failure is kept; after it,
// nothing more is written.
type lines struct {
	w   io.Writer
	buf bytes.Buffer
	err error
}

// end writes the line in buf, with its line break.
func (l *lines) end() {
	l.buf.WriteByte('\n')
	if l.err == nil {
		_, l.err = l.w.Write(l.buf.Bytes())
	}
	l.buf.Reset()
}

// writeRecords writes each row as a CSV record quoted only where a cell holds a
// comma or a double quote, as Python's csv module does with an empty line
// terminator. The plain style is for reading, so its cells are escaped (README, Differences 17);
// csv is for programs, so its cells stay exact and a cell holding a line break is
// quoted as RFC 4180 says.
func (t *Table) writeRecords(out *lines, escape bool) {
	quoted := `,"`
	if !escape {
		quoted = ",\"\r\n"
	}
	for _, row := range t.Rows {
		if escape {
			row = escapeRow(row)
		}
		for i, cell := range row {
			if i > 0 {
				out.buf.WriteByte(',')
			}
			if strings.ContainsAny(cell, quoted) || len(row) == 1 && cell == "" {
				out.buf.WriteString(`"` + strings.ReplaceAll(cell, `"`, `""`) + `"`)
			} else {
				out.buf.WriteString(cell)
			}
		}
		out.end()
	}
}

// escaped is t with every cell passed through escapeText.
func (t *Table) escaped() *Table {
	e := &Table{Headers: escapeRow(t.Headers), Rows: make([][]string, len(t.Rows))}
	for i, row := range t.Rows {
		e.Rows[i] = escapeRow(row)
	}
	return e
}

// writeJSON writes one object per row, keys in column order, formatted like Python's
// json.dumps (", " and ": " separators, non-ASCII escaped).
func (t *Table) writeJSON(out *lines) {
	if len(t.Rows) == 0 {
		out.buf.WriteString("[]")
		out.end()
		return
	}
	for i, row := range t.Rows {
		if i == 0 {
			out.buf.WriteByte('[')
		}
		out.buf.WriteByte('{')
		for j, h := range t.Headers {
			if j > 0 {
				out.buf.WriteString(", ")
			}
			cell := ""
			if j < len(row) {
				cell = row[j]
			}
			out.buf.WriteString(pyJSONString(h) + ": " + pyJSONString(cell))
		}
		out.buf.WriteByte('}')
		if i == len(t.Rows)-1 {
			out.buf.WriteByte(']')
		} else {
			out.buf.WriteByte(',')
		}
		out.end()
	}
}

// pyJSONString quotes s as Python's json.dumps does with ensure_ascii.
func pyJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20:
				fmt.Fprintf(&b, `\u%04x`, r)
			case r < 0x80:
				b.WriteRune(r)
			case r > 0xffff:
				r -= 0x10000
				fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			default:
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeSQL renders the psql-like default style through tablewriter with a renderer of
// our own: columns are as wide as their widest cell on screen, as psql's are (README,
// Differences 16), and nothing is wrapped or trimmed, so the renderer receives the cells whole
// and lays them out itself. tablewriter builds a
// context for every cell it is given, which for a 10,000-user list cost 140 ms of
// work the renderer never used; each row therefore travels as one packed cell.
func (t *Table) writeSQL(w io.Writer) error {
	r := &sqlRenderer{}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithRenderer(r),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	tbl.Header(packCells(t.Headers))
	for _, row := range t.Rows {
		if err := tbl.Append(packCells(row)); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// packCells joins a row into one cell tablewriter passes through untouched: the cells
// are escaped so that nothing tablewriter interprets remains - newlines (it splits
// them into sub-rows), tabs (it expands them) - and joined by a unit separator, itself
// escaped. "%" is escaped first so the encoding reverses.
func packCells(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = cellEscaper.Replace(c)
	}
	return strings.Join(out, cellSep)
}

const cellSep = "\x1f"

var (
	cellEscaper   = strings.NewReplacer("%", "%25", "\n", "%0A", "\t", "%09", cellSep, "%1F")
	cellUnescaper = strings.NewReplacer("%25", "%", "%0A", "\n", "%09", "\t", "%1F", cellSep)
)

// unpackCells reverses packCells.
func unpackCells(packed []string) []string {
	if len(packed) == 0 {
		return nil
	}
	cells := strings.Split(packed[0], cellSep)
	for i, c := range cells {
		cells[i] = cellUnescaper.Replace(c)
	}
	return cells
}

type sqlRenderer struct {
	w       io.Writer
	headers []string
	rows    [][]string
}

func (r *sqlRenderer) Start(w io.Writer) error { r.w = w; return nil }

func (r *sqlRenderer) Header(headers [][]string, _ tw.Formatting) {
	if len(headers) > 0 {
		r.headers = unpackCells(headers[0])
	}
}

func (r *sqlRenderer) Row(row []string, _ tw.Formatting) {
	r.rows = append(r.rows, unpackCells(row))
}

func (r *sqlRenderer) Footer([][]string, tw.Formatting) {}
func (r *sqlRenderer) Line(tw.Formatting)               {}
func (r *sqlRenderer) Config() tw.Rendition             { return tw.Rendition{} }
func (r *sqlRenderer) Logger(*ll.Logger)                {}

// Close lays the table out, streaming it line by line: a column as wide as the
// member list of a 10,000-user group pads every row to tens of kilobytes, so the
// table must never be built as one string.
func (r *sqlRenderer) Close() error {
	widths := make([]int, len(r.headers))
	for i, h := range r.headers {
		widths[i] = displaywidth.String(h)
	}
	for _, row := range r.rows {
		for i := range widths {
			if i < len(row) {
				widths[i] = max(widths[i], displaywidth.String(row[i]))
			}
		}
	}
	w := bufio.NewWriter(r.w)
	out := &lines{w: w}
	writeSQLLine(out, widths, r.headers)
	for i, wd := range widths {
		if i > 0 {
			out.buf.WriteByte('+')
		}
		repeat(&out.buf, dashes, wd+2)
	}
	out.end()
	for _, row := range r.rows {
		writeSQLLine(out, widths, row)
	}
	if n := len(r.rows); n == 1 {
		out.buf.WriteString("(1 row)")
	} else {
		out.buf.WriteString("(" + strconv.Itoa(n) + " rows)")
	}
	out.end()
	if err := w.Flush(); out.err == nil {
		out.err = err
	}
	return out.err
}

// writeSQLLine writes one row, each cell padded to its column's width on screen. For
// ASCII that is its length in bytes, so ASCII tables are OMERO's byte for byte; OMERO
// counts code points, which misaligns wide characters, combining marks and emoji.
func writeSQLLine(out *lines, widths []int, cells []string) {
	for i, wd := range widths {
		if i > 0 {
			out.buf.WriteByte('|')
		}
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		out.buf.WriteByte(' ')
		out.buf.WriteString(c)
		repeat(&out.buf, spaces, wd-displaywidth.String(c)+1)
	}
	out.end()
}

var (
	spaces = strings.Repeat(" ", 256)
	dashes = strings.Repeat("-", 256)
)

// repeat writes the first n bytes of run (spaces or dashes), run after run, without
// building the padding as a string first.
func repeat(b *bytes.Buffer, run string, n int) {
	for ; n > len(run); n -= len(run) {
		b.WriteString(run)
	}
	if n > 0 {
		b.WriteString(run[:n])
	}
}

// styleFlag is the --style option of every command that prints a table.
func styleFlag() cli.Flag {
	return completed(&cli.StringFlag{Name: "style", Value: "sql", Usage: "output style: csv, json, plain or sql"}, completeStyles)
}

// styleOf reads --style, refusing unknown styles with OMERO's choice message.
func styleOf(c *cli.Context) (Style, error) {
	s := c.String("style")
	for _, n := range styleNames {
		if s == n {
			return Style(s), nil
		}
	}
	return "", invalidChoice(c, "--style", s, styleNames)
}
