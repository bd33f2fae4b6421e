package db

import (
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/omero-go/omero/db/directory"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// The server configuration (`omero config`): OMERO's keys this tool reads, kept in
// the config table so that every machine sharing the database sees the same. A key
// without a row has its default.

// KeySessionsMaximum is OMERO's omero.sessions.maximum: the longest idle timeout a
// session may be given, in milliseconds.
const KeySessionsMaximum = "omero.sessions.maximum"

// ConfigKeys are the keys `omero config` knows, sorted by name.
var ConfigKeys = configKeys()

func configKeys() []directory.Key {
	keys := append(slices.Clone(directory.Keys), directory.Key{
		Name: KeySessionsMaximum, Default: strconv.FormatInt(DefaultSessionsMaximum, 10),
		Usage: "longest idle timeout of a session, in milliseconds (or a duration: 24h)",
	})
	slices.SortFunc(keys, func(a, b directory.Key) int { return strings.Compare(a.Name, b.Name) })
	return keys
}

// ConfigKey is the key called name.
func ConfigKey(name string) (directory.Key, bool) {
	i := slices.IndexFunc(ConfigKeys, func(k directory.Key) bool { return k.Name == name })
	if i < 0 {
		return directory.Key{}, false
	}
	return ConfigKeys[i], true
}

// ConfigValue is one key as `omero config get|list` shows it.
type ConfigValue struct {
	Name  string
	Value string // the stored value, else the default; a secret as ******** unless shown
	Set   bool   // stored, rather than the default
}

// validateConfig checks value for the key called name and returns the form to store.
func validateConfig(name, value string) (string, error) {
	if _, ok := ConfigKey(name); !ok {
		return "", unknownKey(name)
	}
	if name == KeySessionsMaximum {
		ms, err := parseSessionsMaximum(value)
		if err != nil {
			return "", fault.New(fault.Usage, "%s: %v", name, err)
		}
		return strconv.FormatInt(ms, 10), nil
	}
	return directory.Validate(name, value)
}

func unknownKey(name string) error {
	return fault.New(fault.Usage, "unknown configuration key: %s", name).
		WithHint("omero config list shows the keys")
}

// maxSessionsMaximum bounds omero.sessions.maximum at ten years, far beyond any use,
// well within int64 milliseconds.
const maxSessionsMaximum = 10 * 365 * 24 * time.Hour

// parseSessionsMaximum reads milliseconds (OMERO's unit) or a Go duration, at least
// one second.
func parseSessionsMaximum(s string) (int64, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n > int64(maxSessionsMaximum/time.Millisecond) {
			n = int64(maxSessionsMaximum/time.Millisecond) + 1
		}
		d = time.Duration(n) * time.Millisecond
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, errors.New("'" + s + "' is not a number of milliseconds or a duration such as 24h")
	}
	if d < time.Second || d > maxSessionsMaximum {
		return 0, errors.New("'" + s + "' is out of range (at least 1 second, at most 10 years)")
	}
	return d.Milliseconds(), nil
}

// storedConfig is every row of the config table.
func (t *Tx) storedConfig() (map[string]string, error) {
	values := map[string]string{}
	err := t.each(`SELECT name, value FROM config`, nil, func(rows *sql.Rows) error {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		values[k] = v
		return nil
	})
	return values, err
}

// Config is the configuration as `omero config` shows it: every known key, or those
// names, with its value, a secret masked unless show (R-CONFIG-1, R-CONFIG-2).
func (t *Tx) Config(show bool, names ...string) ([]ConfigValue, error) {
	if err := perms.CheckReadConfig(t.Caller, show); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, ok := ConfigKey(n); !ok {
			return nil, unknownKey(n)
		}
	}
	stored, err := t.storedConfig()
	if err != nil {
		return nil, err
	}
	var out []ConfigValue
	for _, k := range ConfigKeys {
		if len(names) > 0 && !slices.Contains(names, k.Name) {
			continue
		}
		v, set := stored[k.Name]
		if !set {
			v = k.Default
		}
		out = append(out, ConfigValue{Name: k.Name, Value: directory.Display(k.Name, v, show), Set: set})
	}
	return out, nil
}

// SetConfig stores value for the key called name, in the form validation gives it
// (R-CONFIG-2). A filter, mapping or new_user_group that would fail at someone's
// login is refused here. The audit trail records the change of Config:ID; the
// command's name says which key, never the value.
func (t *Tx) SetConfig(name, value string) error {
	if err := perms.CheckChangeConfig(t.Caller); err != nil {
		return err
	}
	v, err := validateConfig(name, value)
	if err != nil {
		return err
	}
	var id int64
	err = t.queryRow(`SELECT id FROM config WHERE name = ?`, name).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := t.queryRow(`INSERT INTO config (name, value) VALUES (?, ?) RETURNING id`, name, v).Scan(&id); err != nil {
			return err
		}
		return t.Log("Config", id, "INSERT")
	case err != nil:
		return err
	}
	if _, err := t.exec(`UPDATE config SET value = ? WHERE id = ?`, v, id); err != nil {
		return err
	}
	return t.Log("Config", id, "UPDATE")
}

// UnsetConfig removes the key called name, which then has its default again
// (R-CONFIG-2). It reports false when the key was not set.
func (t *Tx) UnsetConfig(name string) (bool, error) {
	if err := perms.CheckChangeConfig(t.Caller); err != nil {
		return false, err
	}
	if _, ok := ConfigKey(name); !ok {
		return false, unknownKey(name)
	}
	var id int64
	err := t.queryRow(`DELETE FROM config WHERE name = ? RETURNING id`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, t.Log("Config", id, "DELETE")
}

func badStoredConfig(err error) error {
	return &fault.Error{Kind: fault.Failed, Msg: "the stored configuration is invalid: " + err.Error(),
		Hint: "correct it with: omero config set KEY VALUE (or omero config unset KEY)"}
}

// read runs fn in a read transaction that belongs to no session (a login before it
// has one): a snapshot of the last committed state that never waits for a writer.
func (d *DB) read(fn func(*Tx) error) error { return d.inRead(fn, nil) }
