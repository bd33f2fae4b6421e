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

// Storable reports whether PostgreSQL can store s in a text column: valid UTF-8
// without the NUL character (CheckText says which of the two is wrong).
func Storable(s string) bool { return strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) }

// UnstorableMessage is the one message of text that is not Storable reaching a
// statement, the same on both backends: db refuses it before it runs, and Classify
// words PostgreSQL's refusal, should any get there, alike.
const UnstorableMessage = "text that is not valid UTF-8 or holds a NUL character cannot be stored"
