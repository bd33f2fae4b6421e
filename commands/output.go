package commands

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/omero-go/omero/perms/fault"

	"github.com/clipperhouse/displaywidth"
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

// Table is a result table small enough to hold: header names and string cells.
// Long listings do not build one: they give their rows to a tableWriter as they read
// them.
type Table struct {
	Headers []string
	Rows    [][]string
}

// Append adds a row.
func (t *Table) Append(cells ...string) { t.Rows = append(t.Rows, cells) }

// Write renders the table in style.
func (t *Table) Write(w io.Writer, style Style) error {
	tw := newTableWriter(w, style, t.Headers)
	for _, row := range t.Rows {
		if err := tw.Row(row...); err != nil {
			return err
		}
	}
	return tw.Close()
}

// tableWriter writes a table in one style as its rows come: csv, plain and json row
// by row, so that listing a million objects holds one row at a time. The sql style
// pads every column to its widest cell, which only the last row may reveal: it keeps
// each row as one compact record (its escaped cells' lengths and bytes, packed into
// large chunks the collector never scans) and writes the table on Close. Nothing
// reaches w before the first row or Close, and a writer that is never closed (the
// command failed) has written at most what it had flushed.
type tableWriter struct {
	style   Style
	headers []string
	bw      *bufio.Writer
	out     lines
	rows    int
	// sql only: each column's width so far, and the rows kept.
	widths []int
	held   heldRows
}

func newTableWriter(w io.Writer, style Style, headers []string) *tableWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	t := &tableWriter{style: style, headers: headers, bw: bw, out: lines{w: bw}}
	switch style {
	case StyleCSV:
		t.out.buf.WriteString(strings.Join(headers, ","))
		t.out.end()
	case StylePlain, StyleJSON:
	default:
		t.style = StyleSQL
		t.headers = escapeRow(headers)
		t.widths = make([]int, len(headers))
		for i, h := range t.headers {
			t.widths[i] = textWidth(h)
		}
	}
	return t
}

// Row writes (or, for sql, keeps) one row: a cell for each header, missing ones
// empty, extra ones ignored. It returns the first failure to write.
func (t *tableWriter) Row(cells ...string) error {
	if t.out.err != nil {
		return t.out.err
	}
	switch t.style {
	case StyleCSV:
		writeRecord(&t.out, cells, false)
	case StylePlain:
		writeRecord(&t.out, cells, true)
	case StyleJSON:
		t.writeJSON(cells)
	default:
		t.hold(cells)
	}
	t.rows++
	return t.out.err
}

// Close writes what is left (the sql table, json's closing bracket) and flushes.
func (t *tableWriter) Close() error {
	switch t.style {
	case StyleJSON:
		if t.rows == 0 {
			t.out.buf.WriteString("[]")
		} else {
			t.out.buf.WriteByte(']')
		}
		t.out.end()
	case StyleSQL:
		t.writeSQL()
	}
	if err := t.bw.Flush(); t.out.err == nil {
		t.out.err = err
	}
	return t.out.err
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
	l.flush()
}

// flush writes what buf holds.
func (l *lines) flush() {
	if l.err == nil {
		_, l.err = l.w.Write(l.buf.Bytes())
	}
	l.buf.Reset()
}

// writeRecord writes a row as a CSV record quoted only where a cell holds a comma
// or a double quote, as Python's csv module does with an empty line terminator. The
// plain style is for reading, so its cells are escaped (README, Differences 17);
// csv is for programs, so its cells stay exact and a cell holding a line break is
// quoted as RFC 4180 says.
func writeRecord(out *lines, row []string, escape bool) {
	quoted := `,"`
	if !escape {
		quoted = ",\"\r\n"
	}
	for i, cell := range row {
		if escape {
			cell = escapeText(cell)
		}
		if i > 0 {
			out.buf.WriteByte(',')
		}
		if strings.ContainsAny(cell, quoted) || len(row) == 1 && cell == "" {
			out.buf.WriteByte('"')
			out.buf.WriteString(strings.ReplaceAll(cell, `"`, `""`))
			out.buf.WriteByte('"')
		} else {
			out.buf.WriteString(cell)
		}
	}
	out.end()
}

// writeJSON writes one object per row, keys in column order, formatted like Python's
// json.dumps (", " and ": " separators, non-ASCII escaped): the whole table is one
// array, a row to a line. A row's line ends when the next row (",") or Close ("]")
// says how.
func (t *tableWriter) writeJSON(row []string) {
	if t.rows == 0 {
		t.out.buf.WriteByte('[')
	} else {
		t.out.buf.WriteString(",\n")
	}
	t.out.buf.WriteByte('{')
	for j, h := range t.headers {
		if j > 0 {
			t.out.buf.WriteString(", ")
		}
		cell := ""
		if j < len(row) {
			cell = row[j]
		}
		appendPyJSON(&t.out.buf, h)
		t.out.buf.WriteString(": ")
		appendPyJSON(&t.out.buf, cell)
	}
	t.out.buf.WriteByte('}')
	t.out.flush()
}

// pyJSONString quotes s as Python's json.dumps does with ensure_ascii.
func pyJSONString(s string) string {
	var b bytes.Buffer
	appendPyJSON(&b, s)
	return b.String()
}

func appendPyJSON(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x80 && c != '"' && c != '\\' {
			j := i + 1
			for j < len(s) && s[j] >= 0x20 && s[j] < 0x80 && s[j] != '"' && s[j] != '\\' {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
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
			if r > 0xffff {
				r -= 0x10000
				writeU4(b, 0xd800+(r>>10))
				writeU4(b, 0xdc00+(r&0x3ff))
			} else {
				writeU4(b, r)
			}
		}
	}
	b.WriteByte('"')
}

// writeU4 writes \uXXXX, lower-case hex, as Python does.
func writeU4(b *bytes.Buffer, r rune) {
	const hex = "0123456789abcdef"
	b.WriteString(`\u`)
	b.WriteByte(hex[r>>12&0xf])
	b.WriteByte(hex[r>>8&0xf])
	b.WriteByte(hex[r>>4&0xf])
	b.WriteByte(hex[r&0xf])
}

// heldRows are the rows of a sql-style table, each cell as uvarint length, uvarint
// width on screen and its bytes, in chunks of heldChunk bytes (a longer row gets a
// chunk of its own): holding a million rows costs their text and a few bytes per
// cell, not a string header and a slice per cell, and the chunks hold no pointers
// for the collector to follow. Past spillAt bytes the full chunks go to a temporary
// file (unlinked at once), so that a million users' table costs its widths in
// memory, not 100 MB; if no temporary file can be made, they stay in memory.
type heldRows struct {
	chunks  [][]byte
	cells   []string  // the row being held, escaped
	spill   spillFile // the chunks written out, each as uvarint length and bytes
	spilled int64     // the bytes in spill
	noSpill bool      // a temporary file could not be made, or written
	err     error     // a spill file that could not be cut back after a failed write
}

const heldChunk = 256 << 10

// spillAt is how much of a table is held in memory; tests lower it.
var spillAt = 16 << 20

// spillFile is where held rows go past spillAt: an unlinked temporary file.
type spillFile interface {
	io.ReadWriteSeeker
	io.Closer
	Truncate(size int64) error
}

// newSpillFile makes the spill file; tests replace it with one whose disk fills up.
var newSpillFile = func() (spillFile, error) {
	f, err := os.CreateTemp("", "omero-table-")
	if err != nil {
		return nil, err
	}
	_ = os.Remove(f.Name()) // unlinked: it goes when closed, whatever happens
	return f, nil
}

// hold keeps a row for the sql style, escaped, and widens the columns it needs.
func (t *tableWriter) hold(row []string) {
	cells := t.held.cells[:0]
	n := 0
	for i := range t.widths {
		cell := ""
		if i < len(row) {
			cell = escapeText(row[i])
		}
		cells = append(cells, cell)
		n += len(cell) + 2*binary.MaxVarintLen32
	}
	t.held.cells = cells
	if k := len(t.held.chunks) - 1; k < 0 || cap(t.held.chunks[k])-len(t.held.chunks[k]) < n {
		t.held.newChunk(n)
	}
	c := &t.held.chunks[len(t.held.chunks)-1]
	for i, cell := range cells {
		w := textWidth(cell)
		t.widths[i] = max(t.widths[i], w)
		*c = binary.AppendUvarint(*c, uint64(len(cell)))
		*c = binary.AppendUvarint(*c, uint64(w))
		*c = append(*c, cell...)
	}
}

// newChunk starts a chunk for a row of up to n bytes, first writing the full ones
// out once they hold spillAt bytes.
func (h *heldRows) newChunk(n int) {
	if len(h.chunks)*heldChunk >= spillAt && h.err == nil && !h.noSpill {
		if h.spill == nil {
			f, err := newSpillFile()
			if err != nil {
				h.noSpill = true
			} else {
				h.spill = f
			}
		}
		if h.spill != nil && h.writeOut() {
			reuse := h.chunks[len(h.chunks)-1][:0]
			h.chunks = h.chunks[:0]
			if cap(reuse) >= n {
				h.chunks = append(h.chunks, reuse)
				return
			}
		}
	}
	h.chunks = append(h.chunks, make([]byte, 0, max(heldChunk, n)))
}

// writeOut appends the chunks held in memory to the spill file. If that fails (a
// full disk), the file is cut back to what it held before, the chunks stay in memory
// and so do the rows that follow: the table then costs memory, not the command. Only
// a file that cannot be cut back is an error (err).
func (h *heldRows) writeOut() bool {
	w := bufio.NewWriterSize(h.spill, heldChunk)
	var n int64
	for _, c := range h.chunks {
		k, _ := w.Write(binary.AppendUvarint(nil, uint64(len(c))))
		m, _ := w.Write(c)
		n += int64(k + m)
	}
	if err := w.Flush(); err != nil {
		h.noSpill = true
		if terr := h.spill.Truncate(h.spilled); terr != nil {
			h.err = errors.Join(err, terr)
		} else if _, serr := h.spill.Seek(h.spilled, io.SeekStart); serr != nil {
			h.err = serr
		}
		return false
	}
	h.spilled += n
	return true
}

// each calls fn with every chunk, those written out first, and lets them go.
func (h *heldRows) each(fn func([]byte)) (err error) {
	defer func() { h.chunks = nil }()
	if h.spill != nil {
		defer closing(h.spill, &err)
		if h.err != nil {
			return h.err
		}
		if _, err := h.spill.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r := bufio.NewReaderSize(h.spill, heldChunk)
		var buf []byte
		for {
			n, err := binary.ReadUvarint(r)
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			buf = slices.Grow(buf[:0], int(n))[:n]
			if _, err := io.ReadFull(r, buf); err != nil {
				return err
			}
			fn(buf)
		}
	}
	for _, c := range h.chunks {
		fn(c)
	}
	return nil
}

// writeSQL lays out the psql-like default style: columns as wide as their widest
// cell on screen, as psql's are (README, Differences 16), a rule, the rows and their count. It
// streams line by line: a column as wide as the member list of a 10,000-user group
// pads every row to tens of kilobytes, so the table must never be built as one
// string.
func (t *tableWriter) writeSQL() {
	writeSQLLine(&t.out, t.widths, t.headers)
	for i, wd := range t.widths {
		if i > 0 {
			t.out.buf.WriteByte('+')
		}
		repeat(&t.out.buf, dashes, wd+2)
	}
	t.out.end()
	err := t.held.each(func(c []byte) {
		for len(c) > 0 && t.out.err == nil {
			for i, wd := range t.widths {
				n, k := binary.Uvarint(c)
				w, k2 := binary.Uvarint(c[k:])
				c = c[k+k2:]
				if i > 0 {
					t.out.buf.WriteByte('|')
				}
				t.out.buf.WriteByte(' ')
				t.out.buf.Write(c[:n])
				repeat(&t.out.buf, spaces, wd-int(w)+1)
				c = c[n:]
			}
			t.out.end()
		}
	})
	if err != nil && t.out.err == nil {
		t.out.err = &fault.Error{Kind: fault.Failed, Msg: "cannot keep the table's rows in a temporary file: " + err.Error(), Err: err}
		return
	}
	if t.rows == 1 {
		t.out.buf.WriteString("(1 row)")
	} else {
		t.out.buf.WriteString("(" + strconv.Itoa(t.rows) + " rows)")
	}
	t.out.end()
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
		repeat(&out.buf, spaces, wd-textWidth(c)+1)
	}
	out.end()
}

// textWidth is how many columns s takes on screen; printable ASCII, the usual case,
// is one column a byte.
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return displaywidth.String(s)
		}
	}
	return len(s)
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
