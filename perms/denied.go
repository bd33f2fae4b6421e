package perms

import "fmt"

// Denied is a refusal by a permission rule. Msg is what the user sees (OMERO's text
// where the reference quotes one); Rule is the id of the rule that refused; Hint,
// where there is one thing to do about it, says what (a line of its own after Msg).
type Denied struct {
	Rule string
	Msg  string
	Hint string
}

func (d *Denied) Error() string { return d.Msg }

func deny(rule, format string, args ...any) *Denied {
	return &Denied{Rule: rule, Msg: fmt.Sprintf(format, args...)}
}

// Invalid is input that no caller may use: a malformed permission string, an
// unknown privilege name. It is not a permission refusal. Hint, if set, says what
// would have been valid.
type Invalid struct {
	Msg  string
	Hint string
}

func (e *Invalid) Error() string { return e.Msg }

// Inapplicable is a request that means nothing for its target, whoever asks:
// privileges for a user who is not an administrator. It is neither a permission
// refusal nor bad syntax; the operation fails.
type Inapplicable struct {
	Rule string
	Msg  string
}

func (e *Inapplicable) Error() string { return e.Msg }
