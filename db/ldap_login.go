package db

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/omero-go/omero/db/directory"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// Logging in with a directory password, as OMERO's LDAP password provider does
// (R-LDAP-4). The directory is consulted before the write transaction begins (a bind
// may take seconds, and other logins must not queue behind it); the transaction then
// checks again what it relied on and writes the user, its groups and the session
// together, or nothing.

// directoryLogin is what the directory said about a login.
type directoryLogin struct {
	cfg     directory.Config
	name    string            // the login name, as OMERO has or will have it
	account directory.Account // the entry; its Groups only when groups is set
	groups  bool              // Groups were worked out (a new user, or sync_on_login)
}

// loginUser is what a login needs to know of a user before authenticating.
type loginUser struct {
	id   int64
	name string
	ldap bool
	dn   string // recorded DN, "" if none
}

// findLoginUser finds the user a login name means: that name, else, with
// omero.security.ignore_case, its lower-case form (the form directory users are
// created under).
func (t *Tx) findLoginUser(name string, ignoreCase bool) (loginUser, bool, error) {
	names := []string{name}
	if lower := strings.ToLower(name); ignoreCase && lower != name {
		names = append(names, lower)
	}
	for _, n := range names {
		u := loginUser{name: n}
		var dn sql.NullString
		err := t.queryRow(`SELECT e.id, e.ldap, l.dn FROM experimenter e LEFT JOIN experimenter_ldap l ON l.experimenter_id = e.id
			WHERE e.omename = ?`, n).Scan(&u.id, &u.ldap, &dn)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		u.dn = dn.String
		return u, err == nil, err
	}
	return loginUser{}, false, nil
}

// planLogin decides how name authenticates with password (R-LDAP-4) and returns the
// name to authenticate (ignore_case may have changed it). A nil login means the
// stored password decides: LDAP is off, the user is not flagged, or the directory
// has no such user. Otherwise the directory has been asked and accepted the
// password. A directory that does not answer fails the login, writing nothing.
// sudo says that name is a sudoer's, who is never created on the fly.
func (d *DB) planLogin(name, password string, sudo bool) (string, *directoryLogin, error) {
	var cfg directory.Config
	var cfgErr error
	var u loginUser
	var found, enabled bool
	err := d.read(func(t *Tx) error {
		stored, err := t.storedConfig()
		if err != nil {
			return err
		}
		if enabled, _ = storedFlag(stored, directory.KeyEnabled); !enabled {
			return nil
		}
		if cfg, cfgErr = directory.Parse(stored); cfgErr != nil {
			cfgErr = badStoredConfig(cfgErr)
		}
		ignoreCase, _ := storedFlag(stored, directory.KeyIgnoreCase)
		u, found, err = t.findLoginUser(name, ignoreCase)
		return err
	})
	switch {
	case err != nil:
		return name, nil, err
	case !enabled || found && !u.ldap:
		return u.nameOr(name), nil, nil
	case password == "":
		// An empty password would be an anonymous bind, which proves nothing.
		return name, nil, ErrBadCredentials
	case cfgErr != nil:
		return name, nil, cfgErr
	case !found && sudo:
		return name, nil, nil
	}
	client, err := directory.New(cfg)
	if err != nil {
		return name, nil, badStoredConfig(err)
	}
	ctx := context.Background()
	if !found {
		// A new user: createUser, as OMERO's provider does for an unknown name.
		if cfg.IgnoreCase {
			name = strings.ToLower(name)
		}
		acc, err := client.Authenticate(ctx, name, password)
		if errors.Is(err, directory.ErrNoUniqueEntry) {
			return name, nil, nil // not in the directory either: the stored password fails
		}
		if err != nil {
			return name, nil, err
		}
		return name, &directoryLogin{cfg: cfg, name: name, account: acc, groups: true}, nil
	}
	l := &directoryLogin{cfg: cfg, name: u.name, groups: cfg.SyncOnLogin}
	if l.groups {
		l.account, err = client.Authenticate(ctx, u.name, password)
	} else if l.account.User, err = client.FindUser(ctx, u.name); err == nil {
		err = client.CheckPassword(ctx, l.account.User.DN, password)
	}
	if errors.Is(err, directory.ErrNoUniqueEntry) {
		// A directory user the directory no longer has is locked out.
		return u.name, nil, ErrBadCredentials
	}
	if err != nil {
		return u.name, nil, err
	}
	// Only someone who knows the password learns that the DN changed.
	if u.dn != "" && !directory.SameDN(u.dn, l.account.User.DN) {
		return u.name, nil, dnMismatch(u.name, u.dn, l.account.User.DN)
	}
	return u.name, l, nil
}

func (u loginUser) nameOr(name string) string {
	if u.name != "" {
		return u.name
	}
	return name
}

// storedFlag is the boolean key called name as stored, else its default; a stored
// value that no longer validates is false, with the error naming the key.
func storedFlag(stored map[string]string, name string) (bool, error) {
	v, ok := stored[name]
	if !ok {
		k, _ := directory.KeyByName(name)
		v = k.Default
	}
	v, err := directory.Validate(name, v)
	return v == "true", err
}

func dnMismatch(name, recorded, found string) error {
	var e *fault.Error
	if !errors.As(directory.DNMismatch(recorded, found), &e) {
		return directory.DNMismatch(recorded, found)
	}
	return e.WithHint("if the entry moved, an administrator accepts the new DN with: omero ldap setdn --user-name %s true", name)
}

// directoryPrincipal is the user a directory login logs in as, written in this
// transaction: created (createUser) if the name is still unknown, else checked again
// (still flagged, still the recorded DN), its DN recorded if it has none yet, and
// synchronised with the directory when sync_on_login is on (R-LDAP-4).
func (t *Tx) directoryPrincipal(l *directoryLogin, ch *changes) (perms.Principal, error) {
	u, found, err := t.findLoginUser(l.name, false)
	if err != nil {
		return perms.Principal{}, err
	}
	dn := l.account.User.DN
	switch {
	case !found && !l.groups:
		return perms.Principal{}, ErrBadCredentials
	case !found:
		if u.id, err = t.createDirectoryUser(l.name, l.account, ch); err != nil {
			return perms.Principal{}, err
		}
	case !u.ldap:
		// Created, or its flag turned off, since the directory was asked: the
		// stored password decides, at the next attempt.
		return perms.Principal{}, ErrBadCredentials
	case u.dn != "" && !directory.SameDN(u.dn, dn):
		return perms.Principal{}, dnMismatch(u.name, u.dn, dn)
	default:
		if u.dn == "" {
			if err := t.recordDN(u.id, dn, ch); err != nil {
				return perms.Principal{}, err
			}
		}
		if l.cfg.SyncOnLogin && l.groups {
			if err := t.syncDirectoryUser(u.id, l.account, ch); err != nil {
				return perms.Principal{}, err
			}
		}
	}
	p, err := t.principal(u.id)
	if err != nil {
		return p, err
	}
	if err := perms.CheckLogin(p, true); err != nil {
		return p, fault.Wrap(fault.Auth, err)
	}
	return p, nil
}

func (t *Tx) recordDN(id int64, dn string, ch *changes) error {
	if _, err := t.exec(`INSERT INTO experimenter_ldap (experimenter_id, dn) VALUES (?, ?)`, id, dn); err != nil {
		return err
	}
	ch.add("Experimenter", id, "UPDATE")
	return nil
}

// changes are the audit rows a directory login or ldap create writes, each once,
// in the order first made. A login learns who its event belongs to only once the
// user exists, so its changes are logged after the session is made.
type changes []logEntry

func (c *changes) add(entity string, id int64, action string) {
	e := logEntry{entity, id, action}
	if !slices.Contains(*c, e) {
		*c = append(*c, e)
	}
}

func (t *Tx) logChanges(c changes) error { return t.logMany(c) }

// directoryPasswordMatches checks the password of the LDAP-flagged user id by a bind
// as its entry, for a command that asks the person at the keyboard who they are
// (user password). With LDAP off, or the entry gone or moved, nothing matches. It
// asks the directory inside a read transaction, which holds no lock.
func (t *Tx) directoryPasswordMatches(id int64, pw string) (bool, error) {
	stored, err := t.storedConfig()
	if err != nil {
		return false, err
	}
	if on, _ := storedFlag(stored, directory.KeyEnabled); !on || pw == "" {
		return false, nil
	}
	var name, recorded string
	var dn sql.NullString
	if err := t.queryRow(`SELECT e.omename, l.dn FROM experimenter e LEFT JOIN experimenter_ldap l ON l.experimenter_id = e.id
		WHERE e.id = ?`, id).Scan(&name, &dn); err != nil {
		return false, err
	}
	recorded = dn.String
	client, err := clientFor(stored)
	if err != nil {
		return false, err
	}
	ctx := context.Background()
	u, err := client.FindUser(ctx, name)
	if errors.Is(err, directory.ErrNoUniqueEntry) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if recorded != "" && !directory.SameDN(recorded, u.DN) {
		return false, nil
	}
	err = client.CheckPassword(ctx, u.DN, pw)
	if errors.Is(err, directory.ErrBadCredentials) {
		return false, nil
	}
	return err == nil, err
}
