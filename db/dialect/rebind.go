package dialect

import (
	"strconv"
	"strings"
)

// Rebind turns the SQLite placeholders of q, ? and ?N, into PostgreSQL's $N, and
// returns q unchanged for SQLite. Numbering follows SQLite: ?N is parameter N, and a
// bare ? is one more than the largest number given so far, so `?2, ?, ?1` binds
// parameters 2, 3 and 1 on both backends.
//
// Question marks inside string literals ('...', E'...'), quoted identifiers ("...",
// `...`), dollar-quoted strings ($tag$...$tag$) and comments (-- and nested /* */)
// are left alone. Text it cannot read to the end (an unterminated string) is copied
// as it is, for the server to report.
func (d Dialect) Rebind(q string) string {
	if d != Postgres {
		return q
	}
	if strings.IndexByte(q, '?') < 0 {
		return q
	}
	return rebindDollar(q)
}

func rebindDollar(q string) string {
	out := make([]byte, 0, len(q)+8)
	highest := 0 // the largest parameter number assigned so far
	for i := 0; i < len(q); {
		c := q[i]
		var end int // end of a span copied verbatim, if > i
		switch {
		case c == '\'':
			end = skipQuoted(q, i, '\'', isEString(q, i))
		case c == '"' || c == '`':
			end = skipQuoted(q, i, c, false)
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			end = skipLineComment(q, i)
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end = skipBlockComment(q, i)
		case c == '$' && (i == 0 || !isIdentByte(q[i-1])):
			end = skipDollarQuoted(q, i)
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := highest + 1
			if j > i+1 {
				if v, err := strconv.Atoi(q[i+1 : j]); err == nil {
					n = v
				}
			}
			if n > highest {
				highest = n
			}
			out = append(out, '$')
			out = strconv.AppendInt(out, int64(n), 10)
			i = j
			continue
		}
		if end <= i {
			end = i + 1
		}
		out = append(out, q[i:end]...)
		i = end
	}
	return string(out)
}

// skipQuoted returns the index just past the quoted text opening at q[i], where a
// doubled quote stands for itself and, in an E'...' string, a backslash escapes the
// next byte.
func skipQuoted(q string, i int, quote byte, backslash bool) int {
	for j := i + 1; j < len(q); j++ {
		switch q[j] {
		case '\\':
			if backslash {
				j++
			}
		case quote:
			if j+1 < len(q) && q[j+1] == quote {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(q)
}

// isEString reports whether the quote at q[i] opens an E'...' escape string: it
// follows a lone E or e, not the end of a longer identifier.
func isEString(q string, i int) bool {
	if i == 0 || (q[i-1] != 'E' && q[i-1] != 'e') {
		return false
	}
	return i == 1 || !isIdentByte(q[i-2])
}

func skipLineComment(q string, i int) int {
	for j := i + 2; j < len(q); j++ {
		if q[j] == '\n' {
			return j + 1
		}
	}
	return len(q)
}

// skipBlockComment skips a /* */ comment; PostgreSQL lets them nest.
func skipBlockComment(q string, i int) int {
	depth := 0
	for j := i; j+1 < len(q); j++ {
		switch {
		case q[j] == '/' && q[j+1] == '*':
			depth++
			j++
		case q[j] == '*' && q[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(q)
}

// skipDollarQuoted skips $tag$...$tag$ (tag possibly empty) opening at q[i]; a $
// that opens no such string ($1, a lone $) is one byte.
func skipDollarQuoted(q string, i int) int {
	j := i + 1
	for j < len(q) && isIdentByte(q[j]) && q[j] != '$' {
		if j == i+1 && q[j] >= '0' && q[j] <= '9' {
			return i + 1 // $1: a parameter, not a tag
		}
		j++
	}
	if j >= len(q) || q[j] != '$' {
		return i + 1
	}
	tag := q[i : j+1]
	for k := j + 1; k+len(tag) <= len(q); k++ {
		if q[k:k+len(tag)] == tag {
			return k + len(tag)
		}
	}
	return len(q)
}

// isIdentByte: a byte that may continue an unquoted identifier (non-ASCII bytes
// included, as PostgreSQL allows them).
func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 ||
		c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
