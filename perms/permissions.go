package perms

import (
	"sort"
	"strings"
)

// Permissions is OMERO's stored permissions value (R-PERM-2): all bits set, with the
// bit of every right that is not granted cleared.
type Permissions int64

// Right bits (R-PERM-2): READ 4, WRITE 2, ANNOTATE 1, shifted by role.
const (
	readBit     = 4
	writeBit    = 2
	annotateBit = 1
	userShift   = 8
	groupShift  = 4
	worldShift  = 0
)

// The four group levels (R-PERM-3).
const (
	Private      Permissions = -120 // rw----
	ReadOnly     Permissions = -56  // rwr---
	ReadAnnotate Permissions = -40  // rwra--
	ReadWrite    Permissions = -8   // rwrw--
)

var groupTypes = map[string]Permissions{
	"private":       Private,
	"read-only":     ReadOnly,
	"read-annotate": ReadAnnotate,
	"read-write":    ReadWrite,
}

// GroupTypeNames returns the names accepted by --type, sorted.
func GroupTypeNames() []string {
	out := make([]string, 0, len(groupTypes))
	for k := range groupTypes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// PermissionsForType maps a --type name to its permissions.
func PermissionsForType(name string) (Permissions, bool) {
	p, ok := groupTypes[name]
	return p, ok
}

// ParsePermissions reads a permission string (R-PERM-1): an optional leading L, then
// three pairs for user, group and world, each a read character from [rR_-] and a
// write/annotate character from [wWaA_-]. "w" implies annotate.
func ParsePermissions(s string) (Permissions, error) {
	t := s
	if len(t) == 7 && (t[0] == 'L' || t[0] == 'l') {
		t = t[1:]
	}
	if len(t) != 6 {
		return 0, invalid("", "Invalid permission string: %s", s)
	}
	p := Permissions(-1)
	shifts := [3]uint{userShift, groupShift, worldShift}
	for i, shift := range shifts {
		r, w := t[2*i], t[2*i+1]
		switch r {
		case 'r', 'R':
		case '-', '_':
			p &^= readBit << shift
		default:
			return 0, invalid("", "Invalid permission string: %s", s)
		}
		switch w {
		case 'w', 'W':
		case 'a', 'A':
			p &^= writeBit << shift
		case '-', '_':
			p &^= (writeBit | annotateBit) << shift
		default:
			return 0, invalid("", "Invalid permission string: %s", s)
		}
	}
	return p, nil
}

func (p Permissions) has(bit int64, shift uint) bool { return int64(p)&(bit<<shift) != 0 }

func (p Permissions) UserRead() bool                { return p.has(readBit, userShift) }
func (p Permissions) UserWrite() bool               { return p.has(writeBit, userShift) }
func (p Permissions) UserAnnotate() bool            { return p.has(annotateBit, userShift) }
func (p Permissions) GroupRead() bool               { return p.has(readBit, groupShift) }
func (p Permissions) GroupWrite() bool              { return p.has(writeBit, groupShift) }
func (p Permissions) GroupAnnotate() bool           { return p.has(annotateBit, groupShift) }
func (p Permissions) WorldRead() bool               { return p.has(readBit, worldShift) }
func (p Permissions) WorldWrite() bool              { return p.has(writeBit, worldShift) }
func (p Permissions) WorldAnnotate() bool           { return p.has(annotateBit, worldShift) }
func (p Permissions) IsPrivate() bool               { return !p.GroupRead() && !p.WorldRead() }
func (p Permissions) SameRights(o Permissions) bool { return p.String() == o.String() }

// String renders the canonical form: lower case, "-" for an absent right, "w" if
// write is set, else "a" if annotate is set (R-PERM-2).
func (p Permissions) String() string {
	var b strings.Builder
	for _, shift := range [3]uint{userShift, groupShift, worldShift} {
		if p.has(readBit, shift) {
			b.WriteByte('r')
		} else {
			b.WriteByte('-')
		}
		switch {
		case p.has(writeBit, shift):
			b.WriteByte('w')
		case p.has(annotateBit, shift):
			b.WriteByte('a')
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// CheckGroupPermissions refuses a level a group may never have: the user-read right
// must stay set (R-GROUP-PERMS-2).
func CheckGroupPermissions(p Permissions) error {
	if !p.UserRead() {
		return deny("R-GROUP-PERMS-2", "Cannot remove user read")
	}
	return nil
}
