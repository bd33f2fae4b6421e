package perms

import (
	"sort"
	"strings"
)

// Privilege is one AdminPrivilege value (R-PRIV-1).
type Privilege uint8

// The 15 AdminPrivilege values, in the order of R-PRIV-1.
const (
	Chgrp Privilege = iota
	Chown
	DeleteFile
	DeleteManagedRepo
	DeleteOwned
	DeleteScriptRepo
	ModifyGroup
	ModifyGroupMembership
	ModifyUser
	ReadSession
	Sudo
	WriteFile
	WriteManagedRepo
	WriteOwned
	WriteScriptRepo
	numPrivileges
)

var privilegeNames = [numPrivileges]string{
	"Chgrp", "Chown", "DeleteFile", "DeleteManagedRepo", "DeleteOwned", "DeleteScriptRepo",
	"ModifyGroup", "ModifyGroupMembership", "ModifyUser", "ReadSession", "Sudo",
	"WriteFile", "WriteManagedRepo", "WriteOwned", "WriteScriptRepo",
}

// AllPrivileges lists every privilege in R-PRIV-1 order.
func AllPrivileges() []Privilege {
	out := make([]Privilege, numPrivileges)
	for i := range out {
		out[i] = Privilege(i)
	}
	return out
}

func (p Privilege) String() string {
	if p < numPrivileges {
		return privilegeNames[p]
	}
	return "unknown"
}

// ConfigName is the experimenter config key that restricts p (R-PRIV-2).
func (p Privilege) ConfigName() string { return "AdminPrivilege:" + p.String() }

// ParsePrivilege accepts a privilege name in any letter case.
func ParsePrivilege(s string) (Privilege, error) {
	for i, n := range privilegeNames {
		if strings.EqualFold(n, strings.TrimSpace(s)) {
			return Privilege(i), nil
		}
	}
	return 0, invalid("the privileges are "+strings.Join(privilegeNames[:], ", ")+"; omero help privileges says what each allows",
		"unknown light administrator privilege: %s", s)
}

// PrivSet is a set of privileges.
type PrivSet uint16

// AllPrivs holds every privilege.
const AllPrivs PrivSet = 1<<numPrivileges - 1

// NewPrivSet builds a set from its members.
func NewPrivSet(ps ...Privilege) PrivSet {
	var s PrivSet
	for _, p := range ps {
		s |= 1 << p
	}
	return s
}

// ParsePrivSet parses a comma-separated list; "none" or "" is the empty set and
// "all" the full set.
func ParsePrivSet(s string) (PrivSet, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "", "none":
		return 0, nil
	case "all":
		return AllPrivs, nil
	}
	var set PrivSet
	for _, part := range strings.Split(t, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		p, err := ParsePrivilege(part)
		if err != nil {
			return 0, err
		}
		set = set.Add(p)
	}
	return set, nil
}

func (s PrivSet) Has(p Privilege) bool            { return s&(1<<p) != 0 }
func (s PrivSet) Add(p Privilege) PrivSet         { return s | 1<<p }
func (s PrivSet) Remove(p Privilege) PrivSet      { return s &^ (1 << p) }
func (s PrivSet) Union(o PrivSet) PrivSet         { return s | o }
func (s PrivSet) Minus(o PrivSet) PrivSet         { return s &^ o }
func (s PrivSet) Intersect(o PrivSet) PrivSet     { return s & o }
func (s PrivSet) SubsetOf(o PrivSet) bool         { return s&^o == 0 }
func (s PrivSet) IsFull() bool                    { return s&AllPrivs == AllPrivs }
func (s PrivSet) IsEmpty() bool                   { return s&AllPrivs == 0 }
func (s PrivSet) Missing(ps ...Privilege) PrivSet { return NewPrivSet(ps...).Minus(s) }

// List returns the members in R-PRIV-1 order.
func (s PrivSet) List() []Privilege {
	var out []Privilege
	for p := Privilege(0); p < numPrivileges; p++ {
		if s.Has(p) {
			out = append(out, p)
		}
	}
	return out
}

// Names returns the member names sorted alphabetically, as OMERO prints them.
func (s PrivSet) Names() []string {
	var out []string
	for _, p := range s.List() {
		out = append(out, p.String())
	}
	sort.Strings(out)
	return out
}

func (s PrivSet) String() string { return strings.Join(s.Names(), ",") }

// CheckGrantRevoke refuses, as bad input, a change that grants and revokes the same
// privilege.
func CheckGrantRevoke(grant, revoke PrivSet) error {
	if both := grant.Intersect(revoke); !both.IsEmpty() {
		return invalid("", "cannot both grant and revoke %s", both)
	}
	return nil
}

// ConfigEntry is one name/value pair of an experimenter's config map.
type ConfigEntry struct{ Name, Value string }

// RestrictionsFromConfig reads the restrictions stored in a config map (R-PRIV-2):
// a privilege is restricted when an AdminPrivilege:<name> entry exists whose value
// is not "true" in any letter case. Unknown names and other keys are ignored.
func RestrictionsFromConfig(config []ConfigEntry) PrivSet {
	var r PrivSet
	for _, e := range config {
		name, ok := strings.CutPrefix(e.Name, "AdminPrivilege:")
		if !ok {
			continue
		}
		for i, n := range privilegeNames {
			if n == name && !strings.EqualFold(e.Value, "true") {
				r = r.Add(Privilege(i))
			}
		}
	}
	return r
}
