package db

import (
	"database/sql"
	"strconv"
	"strings"

	"github.com/omero-go/omero/perms"
)

// Adding many users to one group (group adduser, copyusers) in a few set-based
// statements rather than a handful per user: what each user holds is read in one
// query, every permission is decided before anything is written (a refusal still
// changes nothing), and the memberships and their audit rows are written a batch at
// a time, in the order the users were given. The outcome and the audit trail are
// JoinGroup's, user by user.

// joinMany adds each of us to g, as an owner with asOwner, and reports each step.
func (t *Tx) joinMany(us []User, g Group, asOwner bool) ([]MembershipChange, error) {
	out := make([]MembershipChange, len(us))
	if len(us) == 0 {
		return out, nil
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	held, err := t.membershipsOf(ids)
	if err != nil {
		return nil, err
	}
	principals, err := t.principalsOf(us, held)
	if err != nil {
		return nil, err
	}
	var joining []int64
	for i, u := range us {
		m, member := held[u.ID].in(g.ID)
		out[i] = MembershipChange{UserID: u.ID, GroupID: g.ID, Step: Joined, AsOwner: asOwner, Changed: !member || asOwner && !m.owner}
		if !member {
			if err := perms.CheckAddMembership(t.Caller, principals[u.ID], g.Ref()); err != nil {
				return nil, err
			}
			joining = append(joining, u.ID)
			if g.ID == perms.SystemGroup {
				t.notePrivileges(u.ID, principals[u.ID].Privileges())
			}
		}
		if out[i].Changed && asOwner {
			if err := perms.CheckSetOwner(t.Caller, principals[u.ID], g.Ref()); err != nil {
				return nil, err
			}
		}
	}
	added, err := t.insertMemberships(g.ID, joining, held)
	if err != nil {
		return nil, err
	}
	// A user whose first group was user gets the new one first (fixDefaultGroup).
	for _, id := range joining {
		if h := held[id]; len(h) > 0 && h[0].group == perms.UserGroup {
			if err := t.fixDefaultGroup(id); err != nil {
				return nil, err
			}
		}
	}
	// The audit rows JoinGroup writes, user by user: the new membership, then the
	// owner flag.
	var log []logEntry
	var promoted []int64
	for i, u := range us {
		mapID, joined := added[u.ID]
		if joined {
			log = append(log, logEntry{"GroupExperimenterMap", mapID, "INSERT"}, logEntry{"Experimenter", u.ID, "UPDATE"})
		} else {
			m, _ := held[u.ID].in(g.ID)
			mapID = m.mapID
		}
		if out[i].Changed && asOwner {
			promoted = append(promoted, mapID)
			log = append(log, logEntry{"GroupExperimenterMap", mapID, "UPDATE"}, logEntry{"Experimenter", u.ID, "UPDATE"})
		}
	}
	err = t.inBatches(promoted, func(batch []int64) error {
		_, err := t.exec(`UPDATE groupexperimentermap SET owner = 1 WHERE id IN (`+placeholders(len(batch))+`)`, anys(batch)...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, t.logMany(log)
}

// heldMembership is one membership of a user.
type heldMembership struct {
	group, mapID, index int64
	owner               bool
}

// memberships are a user's, in membership order (child_index).
type memberships []heldMembership

// in is the membership of group g, if there is one.
func (ms memberships) in(g int64) (heldMembership, bool) {
	for _, m := range ms {
		if m.group == g {
			return m, true
		}
	}
	return heldMembership{}, false
}

// membershipsOf reads the memberships of the users, in one query a batch.
func (t *Tx) membershipsOf(users []int64) (map[int64]memberships, error) {
	out := make(map[int64]memberships, len(users))
	err := t.inBatches(users, func(batch []int64) error {
		return t.each(`SELECT child, parent, id, child_index, owner FROM groupexperimentermap WHERE child IN (`+placeholders(len(batch))+`)
			ORDER BY child, child_index`, anys(batch), func(rows *sql.Rows) error {
			var child int64
			var m heldMembership
			if err := rows.Scan(&child, &m.group, &m.mapID, &m.index, &m.owner); err != nil {
				return err
			}
			out[child] = append(out[child], m)
			return nil
		})
	})
	return out, err
}

// principalsOf is principal for each of us, from their memberships and their
// configuration, read in one query.
func (t *Tx) principalsOf(us []User, held map[int64]memberships) (map[int64]perms.Principal, error) {
	out := make(map[int64]perms.Principal, len(us))
	ids := make([]int64, len(us))
	for i, u := range us {
		p := perms.Principal{ID: u.ID, Name: u.OmeName, LDAP: u.LDAP}
		for _, m := range held[u.ID] {
			p.MemberOf = append(p.MemberOf, m.group)
			if m.owner {
				p.LeaderOf = append(p.LeaderOf, m.group)
			}
		}
		out[u.ID], ids[i] = p, u.ID
	}
	config := map[int64][]perms.ConfigEntry{}
	err := t.inBatches(ids, func(batch []int64) error {
		return t.each(`SELECT experimenter_id, name, value FROM experimenter_config WHERE experimenter_id IN (`+placeholders(len(batch))+`)
			ORDER BY experimenter_id, idx`, anys(batch), func(rows *sql.Rows) error {
			var id int64
			var e perms.ConfigEntry
			if err := rows.Scan(&id, &e.Name, &e.Value); err != nil {
				return err
			}
			config[id] = append(config[id], e)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	for id, p := range out {
		p.Restrictions = perms.RestrictionsFromConfig(config[id])
		out[id] = p
	}
	return out, nil
}

// insertMemberships adds the users to group g, each at the end of its list (held),
// in order, and returns the new memberships' ids by user.
func (t *Tx) insertMemberships(g int64, users []int64, held map[int64]memberships) (map[int64]int64, error) {
	added := make(map[int64]int64, len(users))
	err := t.inBatches(users, func(batch []int64) error {
		var q strings.Builder
		q.WriteString(`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES `)
		valueRows(&q, len(batch), `(?, ?, 0, ?)`)
		args := make([]any, 0, 3*len(batch))
		for _, u := range batch {
			next := int64(0)
			if h := held[u]; len(h) > 0 {
				next = h[len(h)-1].index + 1
			}
			args = append(args, g, u, next)
		}
		q.WriteString(` RETURNING child, id`)
		return t.each(q.String(), args, func(rows *sql.Rows) error {
			var u, id int64
			err := rows.Scan(&u, &id)
			added[u] = id
			return err
		})
	})
	return added, err
}

// valueRows writes n copies of tuple, comma-separated: the rows of a multi-row
// VALUES list, each bound to its own placeholders.
func valueRows(q *strings.Builder, n int, tuple string) {
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(tuple)
	}
}

// logEntry is one row of the audit trail: entity, id and action.
type logEntry struct {
	entity string
	id     int64
	action string
}

// logMany records entries in the command's audit event, in order, as Log would one
// by one.
func (t *Tx) logMany(entries []logEntry) error {
	if len(entries) == 0 {
		return nil
	}
	ev, err := t.auditEvent()
	if err != nil {
		return err
	}
	for len(entries) > 0 {
		batch := entries[:min(len(entries), maxBatch)]
		entries = entries[len(batch):]
		var q strings.Builder
		q.WriteString(`INSERT INTO eventlog (event_id, entity_type, entity_id, action) VALUES `)
		valueRows(&q, len(batch), `(?, ?, ?, ?)`)
		args := make([]any, 0, 4*len(batch))
		for _, e := range batch {
			args = append(args, ev, e.entity, e.id, e.action)
		}
		if _, err := t.exec(q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// maxBatch bounds the rows of one statement, so that its parameters stay well under
// both backends' limits (SQLite: 32,766; PostgreSQL: 65,535).
const maxBatch = 500

// inBatches calls fn with ids maxBatch at a time.
func (t *Tx) inBatches(ids []int64, fn func([]int64) error) error {
	for len(ids) > 0 {
		batch := ids[:min(len(ids), maxBatch)]
		ids = ids[len(batch):]
		if err := fn(batch); err != nil {
			return err
		}
	}
	return nil
}

func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// groupRefOf resolves a group identifier to the group without its member lists,
// which a group of a million users would make a million rows to read.
func (t *Tx) groupRefOf(l Lookup) (Group, error) {
	id, err := t.resolve(groupWords, l)
	if err != nil {
		return Group{}, err
	}
	var g Group
	err = t.queryRow(`SELECT id, name, coalesce(description, ''), ldap, permissions FROM experimentergroup WHERE id = ?`, id).
		Scan(&g.ID, &g.Name, &g.Description, &g.LDAP, &g.Permissions)
	return g, err
}

// findUsersAtOnce is FindUsers with the lookups resolved and the users read a batch
// at a time, each with its id, login name and LDAP flag only (what the membership
// commands need; joinMany reads the memberships itself).
func (t *Tx) findUsersAtOnce(ls []Lookup) ([]User, error) {
	resolved, failures, err := t.resolveAll(userWords, ls)
	if err != nil {
		return nil, err
	}
	var errs []error
	var ids []int64
	seen := map[int64]bool{}
	for i := range ls {
		id, err := resolved[i], failures[i]
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	byID := make(map[int64]User, len(ids))
	err = t.inBatches(ids, func(batch []int64) error {
		us, err := t.userRefs(`id IN (`+placeholders(len(batch))+`)`, anys(batch))
		for _, u := range us {
			byID[u.ID] = u
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	found := make([]User, 0, len(ids))
	for _, id := range ids {
		u, ok := byID[id]
		if !ok {
			return nil, notFound("Unknown user: %s", strconv.FormatInt(id, 10))
		}
		found = append(found, u)
	}
	return found, lookupErrors(errs)
}

// userRefs reads the users where picks, in id order, each with its id, login name
// and LDAP flag only: what joinMany needs, without their memberships.
func (t *Tx) userRefs(where string, args []any) ([]User, error) {
	var out []User
	err := t.each(`SELECT id, omename, ldap FROM experimenter WHERE `+where+` ORDER BY id`, args, func(rows *sql.Rows) error {
		var u User
		err := rows.Scan(&u.ID, &u.OmeName, &u.LDAP)
		out = append(out, u)
		return err
	})
	return out, err
}

// resolveAll is resolve for each of ls, with their names and ids looked up a batch
// at a time: ids[i] or failures[i] is what resolve gives for ls[i]; err is a
// failure to read.
func (t *Tx) resolveAll(w lookupWords, ls []Lookup) (ids []int64, failures []error, err error) {
	var names []string
	var numbers []int64
	for _, l := range ls {
		if l.Kind == ByName || l.Kind == ByIDOrName {
			names = append(names, CanonicalName(l.Value))
		}
		if id, perr := strconv.ParseInt(l.Value, 10, 64); perr == nil && (l.Kind == ByID || l.Kind == ByIDOrName) {
			numbers = append(numbers, id)
		}
	}
	named := map[string]int64{}
	for len(names) > 0 {
		batch := names[:min(len(names), maxBatch)]
		names = names[len(batch):]
		args := make([]any, len(batch))
		for i, n := range batch {
			args[i] = n
		}
		// The table and column come from lookupWords, never from input.
		err := t.each(`SELECT `+w.nameCol+`, id FROM `+w.table+` WHERE `+w.nameCol+` IN (`+placeholders(len(batch))+`)`, args,
			func(rows *sql.Rows) error {
				var name string
				var id int64
				err := rows.Scan(&name, &id)
				named[name] = id
				return err
			})
		if err != nil {
			return nil, nil, err
		}
	}
	exists := map[int64]bool{}
	err = t.inBatches(numbers, func(batch []int64) error {
		return t.each(`SELECT id FROM `+w.table+` WHERE id IN (`+placeholders(len(batch))+`)`, anys(batch), func(rows *sql.Rows) error {
			var id int64
			err := rows.Scan(&id)
			exists[id] = true
			return err
		})
	})
	if err != nil {
		return nil, nil, err
	}
	ids, failures = make([]int64, len(ls)), make([]error, len(ls))
	for i, l := range ls {
		nameID, isName := named[CanonicalName(l.Value)]
		id, perr := strconv.ParseInt(l.Value, 10, 64)
		switch l.Kind {
		case Caller:
			ids[i] = w.caller(t.Session)
		case ByName:
			ids[i] = nameID
			if !isName {
				failures[i] = notFound("Unknown %s: %s", w.noun, l.Value)
			}
		case ByID:
			switch {
			case perr != nil:
				failures[i] = badInput("Not a valid %s ID: %s", w.noun, l.Value)
			case !exists[id]:
				failures[i] = notFound("Unknown %s: %d", w.noun, id)
			}
			ids[i] = id
		default:
			numbered := perr == nil && exists[id]
			switch {
			case isName && numbered && nameID != id:
				failures[i] = badInput("Ambiguous %s identifier: %s", w.noun, l.Value)
			case isName:
				ids[i] = nameID
			case numbered:
				ids[i] = id
			default:
				failures[i] = notFound("Unknown %s: %s", w.noun, l.Value)
			}
		}
	}
	return ids, failures, nil
}
