package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/omero-go/omero/db"
)

// generate builds a Tiny database the way the driver does, with db.Init standing in
// for `omero db init` (which calls it).
func generate(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := db.Init(path, "pw"); err != nil {
		t.Fatal(err)
	}
	if err := Generate(path, Tiny); err != nil {
		t.Fatal(err)
	}
	return path
}

func count(t *testing.T, d *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestGenerateCounts checks the promised numbers at a tiny scale: users, groups,
// memberships and objects beside the built-in rows, the big project's contents, and
// that every object is linked into its hierarchy with its parent's owner and group.
func TestGenerateCounts(t *testing.T) {
	path := generate(t, "tiny.db")
	d, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := Tiny
	for _, c := range []struct {
		what string
		q    string
		want int
	}{
		{"users", `SELECT count(*) FROM experimenter WHERE id > 1`, s.Users},
		{"groups", `SELECT count(*) FROM experimentergroup WHERE id > 2`, s.Groups},
		{"memberships", `SELECT count(*) FROM groupexperimentermap WHERE child > 1`, s.Memberships},
		{"passwords", `SELECT count(*) FROM password WHERE hash = '` + passwordHash + `'`, s.Users + 1},
		{"objects", `SELECT (SELECT count(*) FROM project) + (SELECT count(*) FROM dataset) + (SELECT count(*) FROM image)`, s.Objects},
		{"big datasets", `SELECT count(*) FROM projectdatasetlink WHERE parent = 1`, s.BigDatasets},
		{"big images", `SELECT count(*) FROM datasetimagelink WHERE parent IN (SELECT child FROM projectdatasetlink WHERE parent = 1)`, s.BigDatasets * s.BigImagesPerDS},
		{"unlinked datasets", `SELECT count(*) FROM dataset WHERE id NOT IN (SELECT child FROM projectdatasetlink)`, 0},
		{"unlinked images", `SELECT count(*) FROM image WHERE id NOT IN (SELECT child FROM datasetimagelink)`, 0},
		{"images unlike their dataset", `SELECT count(*) FROM image i JOIN datasetimagelink l ON l.child = i.id JOIN dataset d ON d.id = l.parent
			WHERE i.owner_id <> d.owner_id OR i.group_id <> d.group_id OR l.owner_id <> i.owner_id`, 0},
		{"owners outside their group", `SELECT count(*) FROM project p WHERE NOT EXISTS
			(SELECT 1 FROM groupexperimentermap m WHERE m.parent = p.group_id AND m.child = p.owner_id)`, 0},
		{"default group user", `SELECT count(*) FROM groupexperimentermap WHERE child_index = 0 AND parent = 1`, 0},
	} {
		if got := count(t, d, c.q); got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, got, c.want)
		}
	}
	if err := d.QueryRow(`PRAGMA integrity_check`).Scan(new(string)); err != nil {
		t.Fatal(err)
	}
	if n := count(t, d, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d foreign key violations", n)
	}
}

// TestGenerateReproducible checks that two runs write the same file.
func TestGenerateReproducible(t *testing.T) {
	a, err := os.ReadFile(generate(t, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(generate(t, "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two runs of the generator wrote different databases")
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1000000: "1,000,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
