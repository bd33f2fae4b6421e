package db

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/omero-go/omero/db/model"
	"golang.org/x/text/unicode/norm"
)

// MaxNameLength bounds names and other short text fields, in characters.
const MaxNameLength = 255

// checkName refuses names that could not be typed back or shown safely: empty, too
// long, invalid UTF-8, or holding control characters.
func checkName(what, s string) error {
	if strings.TrimSpace(s) == "" {
		return badInput("the %s may not be empty", what)
	}
	return checkText(what, s)
}

// CanonicalName is the one spelling under which login and group names are stored
// and looked up: Unicode NFC, so that a name typed with composed or decomposed
// accents is the same name (README, Differences).
func CanonicalName(s string) string { return norm.NFC.String(s) }

// checkPrincipalName is checkName for login and group names, which people must be
// able to tell apart: no space at either end, no invisible format character
// (Unicode category Cf: bidi overrides, zero-width spaces and joiners, soft hyphens)
// and no other invisible character.
// Other names keep them: some scripts need a zero-width non-joiner.
func checkPrincipalName(what, s string) error {
	if err := checkName(what, s); err != nil {
		return err
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return badInput("the %s may not start or end with a space", what)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return badInput("the %s may not contain the invisible format character U+%04X", what, r)
	}
	if i := strings.IndexFunc(s, invisible); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return badInput("the %s may not contain the invisible character U+%04X", what, r)
	}
	return nil
}

// invisible reports the characters besides format characters that show as nothing:
// the rest of Unicode's Default_Ignorable_Code_Point (variation selectors, the
// combining grapheme joiner, Hangul fillers) and the blank Braille pattern.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) || r == '\u2800'
}

// checkText is checkName for optional fields: empty is allowed.
func checkText(what, s string) error {
	switch {
	case !utf8.ValidString(s):
		return badInput("the %s is not valid UTF-8", what)
	case utf8.RuneCountInString(s) > MaxNameLength:
		return badInput("the %s is longer than %d characters", what, MaxNameLength)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return badInput("the %s may not contain control characters", what)
	}
	return nil
}

// checkObjectText checks a text field of an object: valid UTF-8 (text is stored as
// given, control characters included, but a PostgreSQL database refuses what is not
// UTF-8), and a name at most MaxNameLength characters, as OMERO's name columns hold.
func checkObjectText(typ *model.Type, f *model.Field, s string) error {
	switch {
	case !utf8.ValidString(s):
		return invalidInput("%s.%s is not valid UTF-8", typ.Name, f.Name)
	case strings.IndexByte(s, 0) >= 0:
		return invalidInput("%s.%s may not contain the NUL character (\\x00)", typ.Name, f.Name)
	case (f.Name == "name" || f.Name == typ.NameField) && utf8.RuneCountInString(s) > MaxNameLength:
		return invalidInput("%s.%s is longer than %d characters", typ.Name, f.Name, MaxNameLength)
	}
	return nil
}
