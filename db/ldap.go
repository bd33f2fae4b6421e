package db

import "github.com/omero-go/omero/perms"

// SetLDAP turns the LDAP flag of the user or (with group) the group l names on or
// off. As in OMERO, a caller who may not is refused before anything is looked up
// (R-LDAP-3).
func (t *Tx) SetLDAP(l Lookup, group, on bool) error {
	if err := perms.CheckLDAPCommand(t.Caller, false); err != nil {
		return err
	}
	if group {
		g, err := t.FindGroup(l)
		if err != nil {
			return err
		}
		return t.SetGroupLDAP(g, on)
	}
	u, err := t.FindUser(l)
	if err != nil {
		return err
	}
	return t.SetUserLDAP(u, on)
}
