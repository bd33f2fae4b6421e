package directory

import (
	"errors"
	"fmt"

	"github.com/omero-go/omero/perms/fault"
)

// Causes inside the *fault.Error values this package returns, for errors.Is: a caller
// branches on them (login falls back to the stored password only when the directory
// answered that it has no such user, never when it did not answer).
var (
	// ErrNoUniqueEntry: the directory has no entry, or several, for a name.
	ErrNoUniqueEntry = errors.New("no unique directory entry")
	// ErrUnreachable: no URL of omero.ldap.urls answered within the timeouts.
	ErrUnreachable = errors.New("directory unreachable")
)

// ErrBadCredentials is a refused password: wrong, or empty (an empty password would
// be an anonymous bind, which proves nothing, so it is refused without asking).
var ErrBadCredentials = &fault.Error{Kind: fault.Auth, Msg: "SecurityViolation: Bad credentials"}

// NoGroupFound is createUser's refusal when new_user_group names no group for dn.
func NoGroupFound(dn string) error {
	return fault.New(fault.Failed, "No group found for: %s", dn)
}

// DNMismatch is login's refusal when the directory's DN for an LDAP user is not the
// one recorded for them (see SameDN).
func DNMismatch(recorded, found string) error {
	return fault.New(fault.Auth, "DNs don't match: '%s' and '%s'", recorded, found)
}

func notUnique(what string, n int) error {
	return &fault.Error{Kind: fault.NotFound, Msg: fmt.Sprintf("Cannot find unique %s DistinguishedName: found=%d", what, n), Err: ErrNoUniqueEntry}
}
