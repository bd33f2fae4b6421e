package db

// What package db does on PostgreSQL beyond what the scripts show: migrating and
// initialising under the writers' lock when several processes start at once, and
// reads that cannot write.

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/dialect/pgtest"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms/fault"
)

// TestPostgresMigratesOnceUnderTheLock: a database of an older schema opened by
// several processes at once is migrated once; the others, having waited for the
// lock, find it done.
func TestPostgresMigratesOnceUnderTheLock(t *testing.T) {
	url := pgtest.New(t)
	old := fstest.MapFS{}
	for _, d := range []dialect.Dialect{dialect.SQLite, dialect.Postgres} {
		for _, m := range migrations(d) {
			if m.version <= 2 {
				old[migrationDir(d)+"/"+m.name] = &fstest.MapFile{Data: []byte(m.sql)}
			}
		}
	}
	saved := migrationFS
	migrationFS = old
	err := InitWith(url, "pw", testOptions)
	migrationFS = saved
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := OpenWith(url, testOptions)
			if err == nil {
				err = d.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	d, err := OpenWith(url, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if v, _, err := d.d.SchemaVersion(t.Context(), d.sql); err != nil || v != SchemaVersion() {
		t.Errorf("schema version %d (%v), want %d", v, err, SchemaVersion())
	}
	var n int
	if err := d.sql.QueryRow(`SELECT count(*) FROM externalinfo`).Scan(&n); err != nil {
		t.Errorf("migration 003 not applied: %v", err)
	}
}

// TestPostgresInitOnce: of several db inits of one database at once, one fills it
// and the others are told it exists.
func TestPostgresInitOnce(t *testing.T) {
	url := pgtest.New(t)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = InitWith(url, "pw", testOptions)
		}()
	}
	wg.Wait()
	made := 0
	for _, err := range errs {
		switch {
		case err == nil:
			made++
		case fault.KindOf(err) != fault.Exists:
			t.Errorf("db init beside another: %v", err)
		case strings.Contains(err.Error(), "pw@") || !strings.Contains(err.Error(), dialect.Redact(url)):
			t.Errorf("db init beside another: %q does not name the database without its password", err)
		}
	}
	if made != 1 {
		t.Errorf("%d db inits succeeded, want 1", made)
	}
}

// postgresRoot is a new database on the test server, initialised and opened, and a
// session of root in it.
func postgresRoot(t *testing.T) (*DB, Session) {
	t.Helper()
	url := pgtest.New(t)
	if err := InitWith(url, "pw", testOptions); err != nil {
		t.Fatal(err)
	}
	d, err := OpenWith(url, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	return d, s
}

// TestPostgresViewCannotWrite: a read command's transaction is READ ONLY, so a write
// slipped into one fails instead of committing.
func TestPostgresViewCannotWrite(t *testing.T) {
	d, s := postgresRoot(t)
	err := d.View(s.UUID, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE experimenter SET firstname = 'x' WHERE id = 0`)
		return err
	})
	if dialect.SQLState(err) != "25006" {
		t.Errorf("a write in View: %v, want read_only_sql_transaction (25006)", err)
	}
}

// TestPostgresWritersSerialise: two folder moves that together close a cycle, the
// second begun while the first has checked but not yet written. Under READ COMMITTED
// alone the second would check before the first commits and both would commit the
// cycle; with the writers' lock the second waits, sees the first, and is refused.
func TestPostgresWritersSerialise(t *testing.T) {
	d, s := postgresRoot(t)
	parent, _ := model.Folder.Field("parentFolder")
	name, _ := model.Folder.Field("name")
	var a, b model.Ref
	err := d.Update(s.UUID, "obj new", func(tx *Tx) error {
		var err error
		if a, err = tx.NewObject(model.Folder, []Setting{{name, "a"}}); err != nil {
			return err
		}
		b, err = tx.NewObject(model.Folder, []Setting{{name, "b"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	move := func(child, to model.Ref, checked chan<- struct{}) error {
		return d.Update(s.UUID, "obj update", func(tx *Tx) error {
			o, err := tx.Object(child)
			if err != nil {
				return err
			}
			if _, err := tx.UpdateObject(o, []Setting{{parent, to}}); err != nil {
				return err
			}
			if checked != nil {
				close(checked)
				time.Sleep(300 * time.Millisecond)
			}
			return nil
		})
	}
	checked := make(chan struct{})
	first := make(chan error)
	go func() { first <- move(a, b, checked) }()
	<-checked
	second := move(b, a, nil)
	if err := <-first; err != nil {
		t.Fatalf("the first move: %v", err)
	}
	if second == nil || !strings.Contains(second.Error(), "would cause a cycle") {
		t.Errorf("the second move, closing a cycle: %v", second)
	}
}
