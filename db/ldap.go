package db

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/omero-go/omero/db/directory"
	"github.com/omero-go/omero/perms"
)

// The `omero ldap` operations. Those that ask the directory read what they need in
// a read transaction (the caller's check first, R-LDAP-3), then ask the directory
// outside any transaction; ldap create then writes in one transaction that checks
// again. They use the configured directory whether or not LDAP login is on
// (omero.ldap.config), so that an administrator can prepare users before turning it
// on.

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

// LDAPActive reports whether LDAP login is on (R-LDAP-3).
func (t *Tx) LDAPActive() (bool, error) {
	if err := perms.CheckLDAPCommand(t.Caller, false); err != nil {
		return false, err
	}
	stored, err := t.storedConfig()
	if err != nil {
		return false, err
	}
	on, err := storedFlag(stored, directory.KeyEnabled)
	if err != nil {
		return false, badStoredConfig(err)
	}
	return on, nil
}

// LDAPEntry is an OMERO user or group with what the directory says of it.
type LDAPEntry struct {
	ID   int64
	Name string
	DN   string
}

// client is the directory the stored configuration names.
func (t *Tx) client() (*directory.Client, error) {
	stored, err := t.storedConfig()
	if err != nil {
		return nil, err
	}
	return clientFor(stored)
}

// clientFor is the directory the configuration stored names. It asks no permission:
// logging in reads it before there is a caller. A stored value that no longer
// validates (written by other means) names its key.
func clientFor(stored map[string]string) (*directory.Client, error) {
	cfg, err := directory.Parse(stored)
	if err != nil {
		return nil, badStoredConfig(err)
	}
	c, err := directory.New(cfg)
	if err != nil {
		return nil, badStoredConfig(err)
	}
	return c, nil
}

// entries reads the id and name of each row q selects.
func (t *Tx) entries(q string, args ...any) ([]LDAPEntry, error) {
	var out []LDAPEntry
	err := t.each(q, args, func(rows *sql.Rows) error {
		var e LDAPEntry
		if err := rows.Scan(&e.ID, &e.Name); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// unflagged lists the users (or groups) whose LDAP flag is off, in id order, but for
// the built-in ones.
func (t *Tx) unflagged(groups bool) ([]LDAPEntry, error) {
	if groups {
		return t.entries(`SELECT id, name FROM experimentergroup WHERE ldap = 0 AND id NOT IN (?, ?, ?) ORDER BY id`,
			perms.SystemGroup, perms.UserGroup, perms.GuestGroup)
	}
	return t.entries(`SELECT id, omename FROM experimenter WHERE ldap = 0 AND id NOT IN (?, ?) ORDER BY id`, perms.RootID, perms.GuestID)
}

func entryNames(es []LDAPEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

// LDAPList is `ldap list`: the LDAP-flagged users with the DN the directory has for
// each now, "ERROR" where it has none (OMERO's lookupLdapAuthExperimenters, which any
// user may call).
func (d *DB) LDAPList(uuid string) ([]LDAPEntry, error) {
	var users []LDAPEntry
	var client *directory.Client
	err := d.View(uuid, func(t *Tx) (err error) {
		// root and guest are listed too, should anyone flag them.
		if users, err = t.entries(`SELECT id, omename FROM experimenter WHERE ldap = 1 ORDER BY id`); err != nil || len(users) == 0 {
			return err
		}
		client, err = t.client()
		return err
	})
	if err != nil || len(users) == 0 {
		return users, err
	}
	dns, err := client.UserDNs(context.Background(), entryNames(users))
	if err != nil {
		return nil, err
	}
	for i, dn := range dns {
		if dn == "" {
			dn = "ERROR"
		}
		users[i].DN = dn
	}
	return users, nil
}

// LDAPGetDN is `ldap getdn`: the user (or group) l names and, when its LDAP flag is
// on, the DN the directory has for it; "" when the flag is off (R-LDAP-3).
func (d *DB) LDAPGetDN(uuid string, l Lookup, group bool) (LDAPEntry, error) {
	var e LDAPEntry
	var flag bool
	var client *directory.Client
	err := d.View(uuid, func(t *Tx) error {
		if err := perms.CheckLDAPCommand(t.Caller, false); err != nil {
			return err
		}
		if group {
			g, err := t.FindGroup(l)
			if err != nil {
				return err
			}
			e, flag = LDAPEntry{ID: g.ID, Name: g.Name}, g.LDAP
		} else {
			u, err := t.FindUser(l)
			if err != nil {
				return err
			}
			e, flag = LDAPEntry{ID: u.ID, Name: u.OmeName}, u.LDAP
		}
		if !flag {
			return nil
		}
		var err error
		client, err = t.client()
		return err
	})
	if err != nil || !flag {
		return e, err
	}
	ctx := context.Background()
	if group {
		g, err := client.FindGroup(ctx, e.Name)
		e.DN = g.DN
		return e, err
	}
	u, err := client.FindUser(ctx, e.Name)
	e.DN = u.DN
	return e, err
}

// LDAPDiscover is `ldap discover`: the users (or groups) whose LDAP flag is off and
// whom the directory has uniquely, but for the built-in ones (R-LDAP-3).
func (d *DB) LDAPDiscover(uuid string, groups bool) ([]LDAPEntry, error) {
	var local []LDAPEntry
	var client *directory.Client
	err := d.View(uuid, func(t *Tx) (err error) {
		if err := perms.CheckLDAPCommand(t.Caller, false); err != nil {
			return err
		}
		if local, err = t.unflagged(groups); err != nil || len(local) == 0 {
			return err
		}
		client, err = t.client()
		return err
	})
	if err != nil || len(local) == 0 {
		return nil, err
	}
	ctx := context.Background()
	var found []string
	if groups {
		found, err = client.UniqueGroups(ctx, entryNames(local))
	} else {
		found, err = client.UniqueUsers(ctx, entryNames(local))
	}
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(local, func(e LDAPEntry) bool { return !slices.Contains(found, e.Name) }), nil
}

// LDAPCreate is `ldap create`: OMERO's createUser for name, without a password
// (R-LDAP-3): the user as the directory has it, in the groups new_user_group names.
// It refuses a name that exists before asking the directory, and again in the write.
func (d *DB) LDAPCreate(uuid, name string) (LDAPEntry, error) {
	name = CanonicalName(name)
	var client *directory.Client
	err := d.View(uuid, func(t *Tx) (err error) {
		if err := perms.CheckLDAPCommand(t.Caller, true); err != nil {
			return err
		}
		if client, err = t.client(); err != nil {
			return err
		}
		if client.Config().IgnoreCase {
			name = strings.ToLower(name)
		}
		return t.checkNewDirectoryUser(name)
	})
	if err != nil {
		return LDAPEntry{}, err
	}
	acc, err := client.Account(context.Background(), name)
	if err != nil {
		return LDAPEntry{}, err
	}
	e := LDAPEntry{Name: name, DN: acc.User.DN}
	err = d.Update(uuid, "ldap create", func(t *Tx) (err error) {
		if err := perms.CheckLDAPCommand(t.Caller, true); err != nil {
			return err
		}
		var ch changes
		if e.ID, err = t.createDirectoryUser(name, acc, &ch); err != nil {
			return err
		}
		return t.logChanges(ch)
	})
	return e, err
}
