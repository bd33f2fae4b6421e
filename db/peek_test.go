package db

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// peekFixture is a database with one group besides the built-in ones and a live
// root session; the database's directory is then made read-only, as completion must
// work (and write nothing) even there.
func peekFixture(t *testing.T) (path string, uuid string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "db")
	path = filepath.Join(dir, "omero.db")
	if err := InitWith(path, "pw", testOptions); err != nil {
		t.Fatal(err)
	}
	d, err := OpenWith(path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Update(s.UUID, "group add", func(tx *Tx) error {
		p, _ := perms.PermissionsForType("private")
		_, err := tx.AddGroup("lab", p)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	return path, s.UUID
}

func TestPeekReadsNamesAndWritesNothing(t *testing.T) {
	path, uuid := peekFixture(t)
	lastUsed := sessionLastUsed(t, path, uuid)
	before, _ := os.ReadFile(path)
	dir := filepath.Dir(path)
	files := dirList(t, dir)
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)

	// Later than the session's last use, within its idle timeout.
	d, err := OpenReadOnly(path, Options{Now: func() time.Time { return time.Now().Add(time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	var users, groups []string
	err = d.Peek(uuid, func(tx *Tx) error {
		if users, err = tx.UserNames(); err != nil {
			return err
		}
		groups, err = tx.GroupNames()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(users, []string{"guest", "root"}) || !slices.Equal(groups, []string{"guest", "lab", "system", "user"}) {
		t.Errorf("users %v, groups %v", users, groups)
	}
	// A write inside Peek is refused by SQLite itself.
	werr := d.Peek(uuid, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE experimenter SET firstname = 'x'`)
		return err
	})
	if werr == nil {
		t.Error("a write inside Peek succeeded")
	}
	d.Close()
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the database file changed")
	}
	if now := dirList(t, dir); !slices.Equal(files, now) {
		t.Errorf("files before %v, after %v", files, now)
	}
	os.Chmod(dir, 0o700)
	if now := sessionLastUsed(t, path, uuid); now != lastUsed {
		t.Errorf("Peek refreshed the session: last used %d, was %d", now, lastUsed)
	}
}

func sessionLastUsed(t *testing.T, path, uuid string) int64 {
	t.Helper()
	d, err := OpenWith(path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s, _, err := d.FindSession(uuid)
	if err != nil {
		t.Fatal(err)
	}
	return s.LastUsed
}

func TestPeekRefusesDeadSessions(t *testing.T) {
	path, uuid := peekFixture(t)
	d, err := OpenReadOnly(path, Options{Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Peek(uuid, func(*Tx) error { return nil }); err == nil || fault.KindOf(err) != fault.Auth {
		t.Errorf("expired session: %v, want an authentication failure", err)
	}
	if err := d.Peek("no-such-session", func(*Tx) error { return nil }); err == nil || fault.KindOf(err) != fault.Auth {
		t.Errorf("unknown session: %v, want an authentication failure", err)
	}
}

func TestOpenReadOnlyRefusesOtherSchemasAndMissingFiles(t *testing.T) {
	path, _ := peekFixture(t)
	withMigrations(t, map[string]string{"900_extra.sql": "CREATE TABLE extra (x);"}, func() {
		if d, err := OpenReadOnly(path, testOptions); err == nil {
			d.Close()
			t.Error("an older schema was opened; completion must not migrate it")
		}
	})
	if _, err := OpenReadOnly(filepath.Join(t.TempDir(), "none.db"), testOptions); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("missing file: %v", err)
	}
}

func dirList(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// While another process has the database open (its -wal and -shm exist), Peek reads
// through them and sees what that process committed.
func TestPeekWhileAWriterHasTheDatabaseOpen(t *testing.T) {
	path, uuid := peekFixture(t)
	w, err := OpenWith(path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Update(uuid, "group add", func(tx *Tx) error {
		p, _ := perms.PermissionsForType("private")
		_, err := tx.AddGroup("lab2", p)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !exists(path+"-wal") || !exists(path+"-shm") {
		t.Fatal("the writer has no -wal and -shm files; this test tests nothing")
	}
	d, err := OpenReadOnly(path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var groups []string
	if err := d.Peek(uuid, func(tx *Tx) error {
		groups, err = tx.GroupNames()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(groups, "lab2") {
		t.Errorf("groups %v lack the writer's lab2", groups)
	}
}
