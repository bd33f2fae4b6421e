// Package fault is the one error vocabulary of omero: every error a command can end
// with carries a Kind, and the Kind alone decides the exit status. It sits below perms
// and imports nothing from this project, so every package may use it.
package fault

import (
	"errors"
	"fmt"
)

// Kind is what went wrong, as far as the caller of a command needs to know.
type Kind uint8

const (
	Failed   Kind = iota // the operation failed: a refused graph request, an integrity rule
	Usage                // bad command-line input or a value the model does not accept
	Exists               // a create that would duplicate a unique name
	NotFound             // an unknown user, group, object or session (or one the caller may not see)
	Denied               // a permission rule refused
	Auth                 // a login or session that does not authenticate, or nobody to ask
	Busy                 // another command held the database for longer than the wait allows
)

var kindNames = [...]string{"failed", "usage", "exists", "not found", "denied", "auth", "busy"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Error is the one error type. Msg is what the user sees (OMERO's text where the
// reference quotes one); Rule names the permission rule behind a refusal; Hint, where
// there is one thing to do about it, says what, on a line of its own; Err is the
// cause, if any, so errors.Is and errors.As see through it.
type Error struct {
	Kind Kind
	Msg  string
	Rule string
	Hint string
	Err  error
}

func (e *Error) Error() string {
	switch {
	case e.Msg == "" && e.Err != nil:
		return e.Err.Error()
	case e.Msg == "":
		return e.Kind.String()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets a sentinel match an error of the same kind and message built elsewhere,
// so a refusal read back from another layer still answers errors.Is.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Msg != "" && t.Msg == e.Msg
}

// New builds an error of kind k with a formatted message.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// Wrap gives err the kind k, keeping its message and its chain.
func Wrap(k Kind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Err: err}
}

// WithHint returns a copy of e that also says what to do.
func (e *Error) WithHint(format string, args ...any) *Error {
	c := *e
	c.Hint = fmt.Sprintf(format, args...)
	return &c
}

// KindOf is the kind of the outermost *Error in err's chain; an error that carries
// none (a driver error nobody classified) is Failed.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Failed
}

// HintOf is the first hint in err's chain, or "".
func HintOf(err error) string {
	for err != nil {
		if e, ok := err.(*Error); ok && e.Hint != "" {
			return e.Hint
		}
		err = errors.Unwrap(err)
	}
	return ""
}

// RuleOf is the permission rule behind err, or "".
func RuleOf(err error) string {
	for err != nil {
		if e, ok := err.(*Error); ok && e.Rule != "" {
			return e.Rule
		}
		err = errors.Unwrap(err)
	}
	return ""
}
