package commands

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Stored text is kept as users gave it (a description may span lines), but what
// reaches a terminal must not steer it: an escape sequence repaints the screen, a
// line break forges a table or audit row. escapeText is the one filter between the
// two, applied by the sql and plain table styles, obj's printed values and every
// message on stderr. JSON escapes by its own rules and CSV quotes line breaks, so
// those two keep the text exact.

// escapeText writes control characters (C0, DEL, C1), bidirectional formatting
// characters, line and paragraph separators and bytes that are not UTF-8 as Go-style
// escapes: \n, \r, \t, \x1b, \u202e. Everything else is left alone, backslashes
// included, so ordinary text prints exactly as OMERO prints it.
func escapeText(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeHexEscape(&b, `\x`, int(c), 2)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			writeHexEscape(&b, `\x`, int(r), 2)
		case unsafeRune(r):
			writeHexEscape(&b, `\u`, int(r), 4)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports the non-ASCII runes a terminal acts on rather than shows: C1
// controls (0x9b starts a sequence like ESC [), the bidirectional embeddings,
// overrides, isolates and marks, which reorder the rest of a line, and the Unicode
// line and paragraph separators.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f,
		r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x2028 && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func writeHexEscape(b *strings.Builder, prefix string, v, digits int) {
	b.WriteString(prefix)
	h := strconv.FormatInt(int64(v), 16)
	for n := len(h); n < digits; n++ {
		b.WriteByte('0')
	}
	b.WriteString(h)
}

// escapeRow is escapeText for each cell, copying the row only when a cell changes.
func escapeRow(row []string) []string {
	var out []string
	for i, c := range row {
		e := escapeText(c)
		if out == nil && e != c {
			out = append([]string(nil), row...)
		}
		if out != nil {
			out[i] = e
		}
	}
	if out == nil {
		return row
	}
	return out
}
