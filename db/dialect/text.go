package dialect

import (
	"strings"
	"unicode/utf8"
)

// Storable reports whether PostgreSQL can store s in a text column: valid UTF-8
// without the NUL character. SQLite would keep both, so db refuses such text on both
// backends alike (db's field checks say which of the two is wrong), and a database
// can move between backends and a script run the same on both.
func Storable(s string) bool { return strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) }

// UnstorableMessage is the one message of text that is not Storable reaching a
// statement, the same on both backends: db refuses it before it runs, and Classify
// words PostgreSQL's refusal, should any get there, alike.
const UnstorableMessage = "text that is not valid UTF-8 or holds a NUL character cannot be stored"
