package db

import (
	"slices"

	"github.com/omero-go/omero/perms"
)

// A change of a user's restrictions or of their membership of system can leave a
// restricted administrator holding ReadSession, which lets them act as other users
// (perms.ExposesSessions). user add and user privileges say so from what they
// changed; every other such change is watched here, so that the command can warn.

// watchPrivileges notes the privileges user holds before this transaction changes
// them, once.
func (t *Tx) watchPrivileges(user int64) error {
	if _, ok := t.privBefore[user]; ok {
		return nil
	}
	p, err := t.principal(user)
	if err != nil {
		return err
	}
	t.notePrivileges(user, p.Privileges())
	return nil
}

// notePrivileges is watchPrivileges for a caller that has read them already.
func (t *Tx) notePrivileges(user int64, held perms.PrivSet) {
	if _, ok := t.privBefore[user]; ok {
		return
	}
	if t.privBefore == nil {
		t.privBefore = map[int64]perms.PrivSet{}
	}
	t.privBefore[user] = held
}

// NewlyExposing lists, in id order, the login names of the users this transaction's
// changes so far left exposing other users' sessions where they did not before
// (perms.NewlyExposesSessions).
func (t *Tx) NewlyExposing() ([]string, error) {
	var ids []int64
	for id := range t.privBefore {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var names []string
	for _, id := range ids {
		p, err := t.principal(id)
		if err != nil {
			return nil, err
		}
		if perms.NewlyExposesSessions(t.privBefore[id], p.Privileges(), 0) {
			names = append(names, p.Name)
		}
	}
	return names, nil
}
