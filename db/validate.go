package db

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength bounds names and other short text fields, in characters.
const MaxNameLength = 255

// checkName refuses names that could not be typed back or shown safely: empty, too
// long, invalid UTF-8, or holding control characters.
func checkName(what, s string) error {
	if strings.TrimSpace(s) == "" {
		return &InputError{Msg: fmt.Sprintf("the %s may not be empty", what)}
	}
	return checkText(what, s)
}

// checkText is checkName for optional fields: empty is allowed.
func checkText(what, s string) error {
	switch {
	case !utf8.ValidString(s):
		return &InputError{Msg: fmt.Sprintf("the %s is not valid UTF-8", what)}
	case utf8.RuneCountInString(s) > MaxNameLength:
		return &InputError{Msg: fmt.Sprintf("the %s is longer than %d characters", what, MaxNameLength)}
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return &InputError{Msg: fmt.Sprintf("the %s may not contain control characters", what)}
	}
	return nil
}
