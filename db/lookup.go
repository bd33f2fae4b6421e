package db

import (
	"database/sql"
	"errors"
	"slices"
	"strconv"

	"github.com/omero-go/omero/perms/fault"
)

// LookupKind says how an identifier is matched (as in OMERO's CLI).
type LookupKind int

const (
	ByIDOrName LookupKind = iota // a positional: a name, or an id if it is a number
	ByID                         // --id, --user-id, --group-id
	ByName                       // --name, --user-name, --group-name
	Caller                       // none given: the caller, or the caller's session group
)

// Me is the lookup of the caller, or for a group of the caller's session group.
var Me = Lookup{Kind: Caller}

// Lookup is one user or group identifier as typed.
type Lookup struct {
	Value string
	Kind  LookupKind
}

type lookupWords struct {
	noun, table, nameCol string
	caller               func(Session) int64
}

var (
	userWords  = lookupWords{"user", "experimenter", "omename", func(s Session) int64 { return s.OwnerID }}
	groupWords = lookupWords{"group", "experimentergroup", "name", func(s Session) int64 { return s.GroupID }}
)

// resolve finds the id an identifier stands for.
func (t *Tx) resolve(w lookupWords, l Lookup) (int64, error) {
	if l.Kind == Caller {
		return w.caller(t.Session), nil
	}
	byName := func() (int64, bool, error) {
		var id int64
		// The table and column come from lookupWords, never from input.
		err := t.queryRow(`SELECT id FROM `+w.table+` WHERE `+w.nameCol+` = ?`, CanonicalName(l.Value)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return id, err == nil, err
	}
	byID := func(id int64) (bool, error) {
		var one int
		err := t.queryRow(`SELECT 1 FROM `+w.table+` WHERE id = ?`, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
	unknown := notFound("Unknown %s: %s", w.noun, l.Value)
	switch l.Kind {
	case ByName:
		id, ok, err := byName()
		if err == nil && !ok {
			err = unknown
		}
		return id, err
	case ByID:
		id, err := strconv.ParseInt(l.Value, 10, 64)
		if err != nil {
			return 0, badInput("Not a valid %s ID: %s", w.noun, l.Value)
		}
		ok, err := byID(id)
		if err == nil && !ok {
			err = notFound("Unknown %s: %d", w.noun, id)
		}
		return id, err
	}
	nameID, named, err := byName()
	if err != nil {
		return 0, err
	}
	id, perr := strconv.ParseInt(l.Value, 10, 64)
	numbered := false
	if perr == nil {
		if numbered, err = byID(id); err != nil {
			return 0, err
		}
	}
	switch {
	case named && numbered && nameID != id:
		return 0, badInput("Ambiguous %s identifier: %s", w.noun, l.Value)
	case named:
		return nameID, nil
	case numbered:
		return id, nil
	}
	return 0, unknown
}

// FindUser resolves one user identifier.
func (t *Tx) FindUser(l Lookup) (User, error) {
	id, err := t.resolve(userWords, l)
	if err != nil {
		return User{}, err
	}
	us, err := t.Users(id)
	if err != nil {
		return User{}, err
	}
	return us[0], nil
}

// FindGroup resolves one group identifier.
func (t *Tx) FindGroup(l Lookup) (Group, error) {
	id, err := t.resolve(groupWords, l)
	if err != nil {
		return Group{}, err
	}
	gs, err := t.Groups(id)
	if err != nil {
		return Group{}, err
	}
	return gs[0], nil
}

// FindUsers resolves every lookup. The failures are all reported, joined in one
// error (lookupErrors); found holds the others, in order, each user once.
func (t *Tx) FindUsers(ls []Lookup) (found []User, err error) {
	return findAll(ls, t.FindUser, func(u User) int64 { return u.ID })
}

// FindGroups is FindUsers for groups.
func (t *Tx) FindGroups(ls []Lookup) (found []Group, err error) {
	return findAll(ls, t.FindGroup, func(g Group) int64 { return g.ID })
}

func findAll[T any](ls []Lookup, find func(Lookup) (T, error), id func(T) int64) (found []T, err error) {
	var errs []error
	seen := map[int64]bool{}
	for _, l := range ls {
		x, e := find(l)
		if e != nil {
			errs = append(errs, e)
			continue
		}
		if !seen[id(x)] {
			seen[id(x)] = true
			found = append(found, x)
		}
	}
	return found, lookupErrors(errs)
}

// lookupErrors joins the failures of a list of lookups, each printed on its own
// line, under the kind that says most: a malformed identifier (usage) before one
// that names nothing (not found) before anything else.
func lookupErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	kinds := make([]fault.Kind, len(errs))
	for i, e := range errs {
		kinds[i] = fault.KindOf(e)
	}
	kind := kinds[0]
	switch {
	case slices.Contains(kinds, fault.Usage):
		kind = fault.Usage
	case slices.Contains(kinds, fault.NotFound):
		kind = fault.NotFound
	}
	return &fault.Error{Kind: kind, Err: errors.Join(errs...)}
}
