package dialect

import (
	"strings"
	"unicode/utf8"

	"github.com/omero-go/omero/perms/fault"
)

// CheckText refuses, on both backends alike, text that PostgreSQL cannot store in a
// text column: invalid UTF-8, and the NUL character (SQLite would keep both, so a
// database could not move between backends, nor a script run the same on both). what
// names the field in the message, as db's own checks do ("the description ...").
func CheckText(what, s string) error {
	switch {
	case !utf8.ValidString(s):
		return fault.New(fault.Usage, "the %s is not valid UTF-8", what)
	case strings.IndexByte(s, 0) >= 0:
		return fault.New(fault.Usage, "the %s may not contain the NUL character (\\x00)", what)
	}
	return nil
}
