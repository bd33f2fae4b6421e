package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/dialect/pgtest"
)

// facility is a database and session store in a temporary directory (on
// PostgreSQL, a database of its own as $OMERO_DB), driven by the real omero program
// (with the test hooks of TestMain).
type facility struct {
	t   *testing.T
	b   dialect.Dialect
	dir string
	url string // the PostgreSQL database's URL
	env []string
}

func newFacility(t *testing.T, b dialect.Dialect) *facility {
	t.Helper()
	if _, err := exec.LookPath("omero"); err != nil {
		t.Skip("omero is only on PATH under TestMain")
	}
	dir := t.TempDir()
	f := &facility{t: t, b: b, dir: dir, env: append(os.Environ(),
		"HOME="+dir, "OMERO_USERDIR="+filepath.Join(dir, "omero"),
		"OMERO_SESSIONDIR="+filepath.Join(dir, "omero", "sessions"), "OMERO_PASSWORD=secret",
		"TESTCLOCK=", "TESTTTY=", "OMERO_DB=")}
	if b == dialect.Postgres {
		f.url = pgtest.New(t)
		f.env = append(f.env, "OMERO_DB="+f.url)
	}
	f.must("db", "init", "--root-password", "secret")
	f.must("login", "-q")
	return f
}

func (f *facility) dbPath() string { return filepath.Join(f.dir, "omero", "omero.db") }

// open connects to the facility's database directly, bypassing omero; sqliteParams
// are the DSN parameters of a SQLite connection.
func (f *facility) open(sqliteParams string) *sql.DB {
	f.t.Helper()
	driver, dsn := "sqlite3", "file:"+f.dbPath()+sqliteParams
	if f.b == dialect.Postgres {
		driver, dsn = "pgx", f.url
	}
	d, err := sql.Open(driver, dsn)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// checkSound checks what the server does not enforce itself: SQLite's file and its
// foreign keys.
func (f *facility) checkSound(t *testing.T) {
	t.Helper()
	if f.b != dialect.SQLite {
		return
	}
	if got := f.query(`PRAGMA integrity_check`); got != "ok" {
		t.Fatalf("integrity_check: %s", got)
	}
	if got := f.query(`SELECT count(*) FROM pragma_foreign_key_check`); got != "0" {
		t.Fatalf("%s foreign key violations", got)
	}
}

// run runs omero and returns its output and error.
func (f *facility) run(extraEnv []string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command("omero", args...)
	cmd.Env = append(f.env, extraEnv...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

func (f *facility) must(args ...string) string {
	f.t.Helper()
	out, errOut, err := f.run(nil, args...)
	if err != nil {
		f.t.Fatalf("omero %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

func (f *facility) query(q string) string {
	f.t.Helper()
	return strings.Join(f.queryRows(q), ",")
}

// queryRows runs q and returns the first column of every row.
func (f *facility) queryRows(q string) []string {
	f.t.Helper()
	d := f.open("?mode=ro")
	defer d.Close()
	rows, err := d.Query(q)
	if err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			f.t.Fatalf("%s: %v", q, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return out
}

// exec runs statements on the database directly, bypassing omero.
func (f *facility) exec(q string) {
	f.t.Helper()
	d := f.open("?mode=rw&_busy_timeout=10000&_foreign_keys=1")
	defer d.Close()
	if _, err := d.Exec(q); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

// TestConcurrentScripts runs many omero processes at once against one database and
// one session store, as administrators' scripts do, and checks that every write is
// there exactly once, that no command failed, and that the file is sound.
func TestConcurrentScripts(t *testing.T) {
	t.Parallel()
	forEachBackend(t, testConcurrentScripts)
}

func testConcurrentScripts(t *testing.T, b dialect.Dialect) {
	f := newFacility(t, b)
	const users, groups, workers = 200, 20, 8
	for g := 0; g < groups; g++ {
		f.must("-q", "group", "add", fmt.Sprintf("g%02d", g))
	}
	// Each job is a short script: create a user in one group, add them to a second
	// one, make a project and give it to them. Jobs run eight at a time, like
	// xargs -P 8, all in root's one session.
	jobs := make(chan int)
	var mu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				user := fmt.Sprintf("u%03d", i)
				project := ""
				for _, args := range [][]string{
					{"-q", "user", "add", user, "User", fmt.Sprint(i), fmt.Sprintf("g%02d", i%groups), "-P", "pw"},
					{"-q", "group", "adduser", "--name", fmt.Sprintf("g%02d", (i+1)%groups), user},
					{"-q", "obj", "new", "Project", "name=p" + user},
					{"-q", "chown", user, "PROJECT"},
				} {
					if args[len(args)-1] == "PROJECT" {
						args[len(args)-1] = project
					}
					out, errOut, err := f.run(nil, args...)
					if err != nil {
						mu.Lock()
						failures = append(failures, fmt.Sprintf("omero %s: %v: %s", strings.Join(args, " "), err, errOut))
						mu.Unlock()
						break
					}
					if args[1] == "obj" {
						project = strings.TrimSpace(out)
					}
				}
			}
		}()
	}
	for i := 0; i < users; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, fl := range failures {
		t.Error(fl)
	}

	if got := f.query(`SELECT count(*) FROM experimenter WHERE omename LIKE 'u%'`); got != fmt.Sprint(users) {
		t.Errorf("%s users, want %d", got, users)
	}
	if got := f.query(`SELECT count(DISTINCT omename) FROM experimenter WHERE omename LIKE 'u%'`); got != fmt.Sprint(users) {
		t.Errorf("%s distinct users, want %d", got, users)
	}
	// Each user: their first group, the second one, and user.
	if got := f.query(`SELECT count(*) FROM groupexperimentermap m JOIN experimenter e ON e.id = m.child WHERE e.omename LIKE 'u%'`); got != fmt.Sprint(3*users) {
		t.Errorf("%s memberships, want %d", got, 3*users)
	}
	// Each project was given to the user it was made for.
	if got := f.query(`SELECT count(*) FROM project p JOIN experimenter e ON e.id = p.owner_id WHERE p.name = 'p' || e.omename`); got != fmt.Sprint(users) {
		t.Errorf("%s projects owned by their user, want %d", got, users)
	}
	if got := f.query(`SELECT count(*) FROM project`); got != fmt.Sprint(users) {
		t.Errorf("%s projects, want %d", got, users)
	}
	if got := f.query(`SELECT count(*) FROM (SELECT child FROM groupexperimentermap GROUP BY child, child_index HAVING count(*) > 1) twice`); got != "0" {
		t.Errorf("%s users with two groups at one position", got)
	}
	f.checkSound(t)
}

// A writer that waits too long for another gives up with a clear message and
// changes nothing.
func TestLockWaitRunsOut(t *testing.T) {
	t.Parallel()
	forEachBackend(t, testLockWaitRunsOut)
}

func testLockWaitRunsOut(t *testing.T, b dialect.Dialect) {
	f := newFacility(t, b)
	release := f.holdWrite("")
	_, errOut, err := f.run([]string{"TESTBUSYMS=200"}, "-q", "group", "add", "blocked")
	release()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1", err)
	}
	if want := "the database is busy: another command held it for more than 0.2 s; nothing was changed, try again\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if got := f.query(`SELECT count(*) FROM experimentergroup WHERE name = 'blocked'`); got != "0" {
		t.Errorf("the refused group was written")
	}
}

// holdWrite takes the database's write lock as another writer would (SQLite: BEGIN
// IMMEDIATE; PostgreSQL: the writers' advisory lock), runs stmt unless it is "", and
// keeps the lock until release is called, which commits and returns when it did.
func (f *facility) holdWrite(stmt string) (release func() time.Time) {
	f.t.Helper()
	holder := f.open("?_txlock=immediate")
	tx, err := holder.Begin()
	if err != nil {
		holder.Close()
		f.t.Fatal(err)
	}
	if err := f.b.LockWriter(context.Background(), tx, 10*time.Second); err != nil {
		tx.Rollback()
		holder.Close()
		f.t.Fatal(err)
	}
	if stmt != "" {
		if _, err := tx.Exec(stmt); err != nil {
			tx.Rollback()
			holder.Close()
			f.t.Fatal(err)
		}
	}
	done := false
	release = func() time.Time {
		if !done {
			done = true
			if err := tx.Commit(); err != nil {
				f.t.Error(err)
			}
			holder.Close()
		}
		return time.Now()
	}
	f.t.Cleanup(func() { release() })
	return release
}

// Read commands finish while another writer holds the database for seconds, see
// only what it committed, and skip (not wait for) the session's last-use time when
// it is due. Their wait is cut to 3 s, so a read that waited would fail.
func TestReadsBesideWriter(t *testing.T) {
	t.Parallel()
	forEachBackend(t, testReadsBesideWriter)
}

func testReadsBesideWriter(t *testing.T, b dialect.Dialect) {
	f := newFacility(t, b)
	f.must("-q", "obj", "new", "Project", "name=committed")
	// The session was last used a minute before the commands' clock: due.
	f.exec(`UPDATE session SET last_used = last_used - 60000`)
	lastUsed := f.query(`SELECT last_used FROM session`)

	const hold = 3 * time.Second
	start := time.Now()
	release := f.holdWrite(`INSERT INTO experimentergroup (name, permissions) VALUES ('uncommitted', -120)`)
	busy := []string{"TESTBUSYMS=3000"}
	for _, args := range [][]string{
		{"-q", "user", "list", "--style", "csv"},
		{"-q", "obj", "list", "Project", "--style", "csv"},
		{"-q", "group", "list", "--style", "csv"},
	} {
		t0 := time.Now()
		out, errOut, err := f.run(busy, args...)
		took := time.Since(t0)
		t.Logf("omero %s: %v beside the writer", strings.Join(args, " "), took.Round(time.Millisecond))
		if err != nil {
			t.Fatalf("omero %s: %v: %s", strings.Join(args, " "), err, errOut)
		}
		if strings.Contains(out, "uncommitted") {
			t.Errorf("omero %s saw the uncommitted group:\n%s", strings.Join(args, " "), out)
		}
		if args[1] == "obj" && !strings.Contains(out, "committed") {
			t.Errorf("obj list misses the committed project:\n%s", out)
		}
	}
	time.Sleep(hold - time.Since(start))
	released := release()
	t.Logf("the writer held the database for %v", released.Sub(start).Round(time.Millisecond))
	if got := f.query(`SELECT last_used FROM session`); got != lastUsed {
		t.Errorf("last_used changed from %s to %s while the writer held the database", lastUsed, got)
	}
	// With the writer gone, the next read writes it.
	f.must("-q", "user", "list")
	if got := f.query(`SELECT last_used FROM session`); got == lastUsed {
		t.Errorf("last_used still %s after a read with the database free", got)
	}
}

// A write command waits for a shorter writer and then succeeds.
func TestWriteWaitsForWriter(t *testing.T) {
	t.Parallel()
	forEachBackend(t, testWriteWaitsForWriter)
}

func testWriteWaitsForWriter(t *testing.T, b dialect.Dialect) {
	f := newFacility(t, b)
	release := f.holdWrite(`INSERT INTO experimentergroup (name, permissions) VALUES ('first', -120)`)
	var released time.Time
	go func() {
		time.Sleep(time.Second)
		released = release()
	}()
	_, errOut, err := f.run(nil, "-q", "group", "add", "second")
	finished := time.Now()
	if err != nil {
		t.Fatalf("group add behind a writer: %v: %s", err, errOut)
	}
	if released.IsZero() || finished.Before(released) {
		t.Errorf("group add finished before the writer released the database")
	}
	if got := f.query(`SELECT name FROM experimentergroup WHERE id > 2 ORDER BY id`); got != "first,second" {
		t.Errorf("groups %q, want first,second", got)
	}
}
