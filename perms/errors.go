package perms

import "github.com/omero-go/omero/perms/fault"

// deny is a refusal by a permission rule: a *fault.Error of kind Denied whose Msg is
// what the user sees (OMERO's text where the reference quotes one) and whose Rule is
// the id of the rule that refused.
func deny(rule, format string, args ...any) *fault.Error {
	e := fault.New(fault.Denied, format, args...)
	e.Rule = rule
	return e
}

// invalid is input that no caller may use (a malformed permission string, an unknown
// privilege name): not a refusal but a usage error. hint, if not empty, says what
// would have been valid.
func invalid(hint, format string, args ...any) *fault.Error {
	e := fault.New(fault.Usage, format, args...)
	e.Hint = hint
	return e
}

// inapplicable is a request that means nothing for its target, whoever asks
// (privileges for a user who is not an administrator): neither a refusal nor bad
// syntax, the operation fails.
func inapplicable(rule, format string, args ...any) *fault.Error {
	e := fault.New(fault.Failed, format, args...)
	e.Rule = rule
	return e
}
