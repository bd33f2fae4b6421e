package db

import (
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/omero-go/omero/db/dialect"
)

// Every object table can point at an ExternalInfo, and deleting a row deletes its
// ExternalInfo: a type added later without them would fail here.
func TestEveryObjectTableHasExternalInfo(t *testing.T) {
	d := freshDB(t)
	tables := map[string]bool{}
	for _, typ := range Types() {
		tables[typ.Table] = true
	}
	for table := range tables {
		if fks := foreignKeys(t, d, table); fks["external_id"] != "externalinfo" {
			t.Errorf("%s.external_id: foreign key to %q, want externalinfo", table, fks["external_id"])
		}
		var n int
		err := d.sql.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? AND name = ?`,
			table, table+"_externalinfo_delete").Scan(&n)
		if err != nil || n != 1 {
			t.Errorf("%s: no trigger deleting its ExternalInfo (%v)", table, err)
		}
	}
}

// A database made before ExternalInfo existed is migrated forward with its objects,
// which then have none.
func TestExternalInfoMigratesOlderDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	old := fstest.MapFS{}
	for _, m := range migrations(dialect.SQLite) {
		if m.version <= 2 {
			old[migrationDir(dialect.SQLite)+"/"+m.name] = &fstest.MapFile{Data: []byte(m.sql)}
		}
	}
	saved := migrationFS
	migrationFS = old
	err := Init(path, "pw")
	if err == nil {
		var d *DB
		if d, err = openSQL(path); err == nil {
			_, err = d.sql.Exec(`INSERT INTO project (name, owner_id, group_id, creation_id, update_id) VALUES ('p', 0, 0, 1, 1)`)
			d.Close()
		}
	}
	migrationFS = saved
	if err != nil {
		t.Fatal(err)
	}
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if v := userVersion(t, d); v != SchemaVersion() {
		t.Errorf("schema version %d, want %d", v, SchemaVersion())
	}
	var name string
	var ext *int64
	if err := d.sql.QueryRow(`SELECT name, external_id FROM project`).Scan(&name, &ext); err != nil || name != "p" || ext != nil {
		t.Errorf("project after migrating: %q, external_id %v, %v", name, ext, err)
	}
}
