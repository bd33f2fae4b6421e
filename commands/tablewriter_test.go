package commands

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
)

// csv, plain and json reach the writer row by row, before the table is closed; sql
// waits for every width. None writes anything before its first row.
func TestTableWriterStreams(t *testing.T) {
	for _, c := range []struct {
		style     Style
		afterRow1 string
	}{
		{StyleCSV, "id,name\n1,a\n"},
		{StylePlain, "1,a\n"},
		{StyleJSON, `[{"id": "1", "name": "a"}`},
		{StyleSQL, ""},
	} {
		t.Run(string(c.style), func(t *testing.T) {
			var b strings.Builder
			tw := newTableWriter(&b, c.style, []string{"id", "name"})
			if b.Len() != 0 {
				t.Fatalf("wrote %q before any row", b.String())
			}
			if err := tw.Row("1", "a"); err != nil {
				t.Fatal(err)
			}
			tw.bw.Flush() // what the buffer would pass on once full
			if b.String() != c.afterRow1 {
				t.Errorf("after one row: %q, want %q", b.String(), c.afterRow1)
			}
		})
	}
}

// The rows the sql style holds span many chunks, and come back in order, padded;
// the same when most of them went to a temporary file.
func TestTableWriterHoldsManyRows(t *testing.T) {
	t.Run("in memory", testHoldsManyRows)
	t.Run("spilled", func(t *testing.T) {
		defer func(n int) { spillAt = n }(spillAt)
		spillAt = 2 * heldChunk
		testHoldsManyRows(t)
	})
	// A disk that fills up while rows are written out: the table is still whole, the
	// rows that did not fit kept in memory.
	t.Run("disk full", func(t *testing.T) {
		defer func(n int, f func() (spillFile, error)) { spillAt, newSpillFile = n, f }(spillAt, newSpillFile)
		spillAt = heldChunk // a chunk at a time: the first goes out, the second does not fit
		var disk *fullDisk
		newSpillFile = func() (spillFile, error) {
			disk = &fullDisk{room: heldChunk * 3 / 2}
			return disk, nil
		}
		testHoldsManyRows(t)
		if disk == nil || disk.failed == 0 {
			t.Fatal("the test's disk never filled up")
		}
	})
}

// fullDisk is a spill file with room for so many bytes; a write past them fails.
type fullDisk struct {
	data   []byte
	pos    int64
	room   int
	failed int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if int(d.pos)+len(p) > d.room {
		n := max(d.room-int(d.pos), 0)
		d.data = append(d.data[:d.pos], p[:n]...)
		d.pos += int64(n)
		d.failed++
		return n, errors.New("no space left on device")
	}
	d.data = append(d.data[:d.pos], p...)
	d.pos += int64(len(p))
	return len(p), nil
}

func (d *fullDisk) Read(p []byte) (int, error) {
	if d.pos >= int64(len(d.data)) {
		return 0, io.EOF
	}
	n := copy(p, d.data[d.pos:])
	d.pos += int64(n)
	return n, nil
}

func (d *fullDisk) Seek(off int64, whence int) (int64, error) {
	if whence != io.SeekStart {
		return 0, errors.New("fullDisk: only SeekStart")
	}
	d.pos = off
	return off, nil
}

func (d *fullDisk) Truncate(size int64) error {
	d.data = d.data[:size]
	return nil
}

func (d *fullDisk) Close() error { return nil }

func testHoldsManyRows(t *testing.T) {
	const n = 40_000 // well over one chunk of held rows
	tbl := &Table{Headers: []string{"id", "name", "note"}}
	var want strings.Builder
	want.WriteString(" id    | name         | note \n-------+--------------+------\n")
	for i := 1; i <= n; i++ {
		id, name := strconv.Itoa(i), strings.Repeat("x", i%13)
		note := ""
		if i == n {
			note = "日本"
		}
		tbl.Append(id, name, note)
		want.WriteString(" " + id + strings.Repeat(" ", 6-len(id)) + "| " + name + strings.Repeat(" ", 13-len(name)) + "| " + note)
		if note == "" {
			want.WriteString("     ")
		} else {
			want.WriteString(" ")
		}
		want.WriteString("\n")
	}
	want.WriteString("(40000 rows)\n")
	if got := render(t, tbl, StyleSQL); got != want.String() {
		t.Errorf("got %d bytes, want %d; first difference at %d", len(got), want.Len(), firstDiff(got, want.String()))
	}
}

func firstDiff(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
