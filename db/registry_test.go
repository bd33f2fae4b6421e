package db

import (
	"path/filepath"

	"github.com/omero-go/omero/db/model"
	"slices"
	"sort"
	"testing"
)

type column struct {
	name, decl string
	notNull    bool
}

func tableInfo(t *testing.T, d *DB, table string) map[string]column {
	t.Helper()
	rows, err := d.sql.Query(`SELECT name, type, "notnull" FROM pragma_table_info(?)`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]column{}
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.decl, &c.notNull); err != nil {
			t.Fatal(err)
		}
		out[c.name] = c
	}
	return out
}

// foreignKeys maps each column of table with a foreign key to the table it names.
func foreignKeys(t *testing.T, d *DB, table string) map[string]string {
	t.Helper()
	rows, err := d.sql.Query(`SELECT "from", "table" FROM pragma_foreign_key_list(?)`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			t.Fatal(err)
		}
		out[from] = to
	}
	return out
}

func freshDB(t *testing.T) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.db")
	if err := Init(path, "pw"); err != nil {
		t.Fatal(err)
	}
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

var declOf = map[model.Kind]string{model.KindText: "TEXT", model.KindLong: "INTEGER", model.KindDouble: "REAL",
	model.KindBool: "INTEGER", model.KindTimestamp: "INTEGER", model.KindRef: "INTEGER"}

// TestRegistryMatchesSchema keeps the registry and the migrations from drifting: every
// field has its column of the right type, every column is described, every reference
// is a foreign key to its target's table, and every table is accounted for.
func TestRegistryMatchesSchema(t *testing.T) { checkModelAgainstSchema(t, freshDB(t)) }

// checkModelAgainstSchema compares every type of the model with the tables of d.
func checkModelAgainstSchema(t *testing.T, d *DB) {
	t.Helper()
	described := map[string]map[string]bool{} // table -> columns the registry explains
	sideTables := map[string]bool{}
	for _, typ := range Types() {
		cols := tableInfo(t, d, typ.Table)
		if len(cols) == 0 {
			t.Errorf("%s: no table %s", typ.Name, typ.Table)
			continue
		}
		fks := foreignKeys(t, d, typ.Table)
		seen := described[typ.Table]
		if seen == nil {
			seen = map[string]bool{"id": true, "version": true, "external_id": true}
			if !typ.System {
				for _, c := range []string{"owner_id", "group_id", "creation_id", "update_id"} {
					seen[c] = true
				}
			}
			if typ.Name == "ExperimenterGroup" {
				seen["permissions"] = true // the group's own permissions, set by group perms
			}
			described[typ.Table] = seen
		}
		if typ.Discriminator != "" {
			seen["discriminator"] = true
		}
		for _, f := range typ.Fields {
			if f.Kind == model.KindMap {
				sideTables[f.Column] = true
				side := tableInfo(t, d, f.Column)
				var names []string
				for n := range side {
					names = append(names, n)
				}
				sort.Strings(names)
				if want := []string{"idx", "name", typ.OwnerColumn(), "value"}; !slices.Equal(names, sortedCopy(want)) {
					t.Errorf("%s.%s: side table %s has columns %v, want %v", typ.Name, f.Name, f.Column, names, want)
				}
				continue
			}
			c, ok := cols[f.Column]
			if !ok {
				t.Errorf("%s.%s: no column %s.%s", typ.Name, f.Name, typ.Table, f.Column)
				continue
			}
			seen[f.Column] = true
			if c.decl != declOf[f.Kind] {
				t.Errorf("%s.%s: column declared %s, want %s", typ.Name, f.Name, c.decl, declOf[f.Kind])
			}
			if c.notNull != f.Required {
				t.Errorf("%s.%s: NOT NULL is %v, required is %v", typ.Name, f.Name, c.notNull, f.Required)
			}
			if f.Kind == model.KindRef && fks[f.Column] != f.Target.Table {
				t.Errorf("%s.%s: foreign key to %q, want %q", typ.Name, f.Name, fks[f.Column], f.Target.Table)
			}
		}
	}
	for table, seen := range described {
		for name := range tableInfo(t, d, table) {
			if !seen[name] {
				t.Errorf("column %s.%s is not described by the registry", table, name)
			}
		}
	}
	// Every table is an object table, a side table, or one of the tables of users,
	// sessions, the audit trail, ExternalInfo and the configuration that the registry
	// does not describe.
	other := map[string]bool{"groupexperimentermap": true, "password": true, "session": true, "event": true,
		"eventlog": true, "externalinfo": true, "sqlite_sequence": true, "config": true, "experimenter_ldap": true}
	rows, err := d.sql.Query(`SELECT name FROM sqlite_schema WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		rows.Scan(&name)
		if described[name] == nil && !sideTables[name] && !other[name] {
			t.Errorf("table %s is not described by the registry", name)
		}
	}
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

func TestRegistryNames(t *testing.T) {
	for _, typ := range Types() {
		if typ.IsLink() {
			p, c := typ.ParentField(), typ.ChildField()
			if p == nil || c == nil || p.Target != typ.Parent || c.Target != typ.Child {
				t.Errorf("%s: parent/child fields do not match %s/%s", typ.Name, typ.Parent.Name, typ.Child.Name)
			}
		}
		if got, ok := model.Lookup(typ.Name + "I"); !ok || got != typ {
			t.Errorf("model.Lookup(%sI) = %v", typ.Name, got)
		}
	}
}
