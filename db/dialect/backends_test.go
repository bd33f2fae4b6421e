package dialect_test

// The dialect against real databases: an in-memory SQLite one, and a fresh
// PostgreSQL one from pgtest (skipped, or failed when required, without a server).

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/dialect/pgtest"
	"github.com/omero-go/omero/perms/fault"
)

type backend struct {
	d  dialect.Dialect
	db *sql.DB
}

func sqliteDB(t *testing.T) *sql.DB {
	t.Helper()
	d, err := sql.Open(dialect.SQLite.DriverName(), "file::memory:")
	if err != nil {
		t.Fatal(err)
	}
	d.SetMaxOpenConns(1)
	t.Cleanup(func() { d.Close() })
	return d
}

func postgresDB(t *testing.T) *sql.DB {
	t.Helper()
	d, err := sql.Open(dialect.Postgres.DriverName(), pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// both gives each backend a table t of ids 1 to 10: SQLite's always, PostgreSQL's
// when there is a server.
func both(t *testing.T) []backend {
	t.Helper()
	out := []backend{{dialect.SQLite, sqliteDB(t)}}
	if u, ok := pgtest.Optional(t); ok {
		d, err := sql.Open(dialect.Postgres.DriverName(), u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		out = append(out, backend{dialect.Postgres, d})
	}
	for _, b := range out {
		for _, q := range []string{`CREATE TABLE t (id bigint PRIMARY KEY, name text)`,
			`INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'B'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f'), (7, 'g'), (8, 'h'), (9, 'i'), (10, 'j')`} {
			if _, err := b.db.Exec(q); err != nil {
				t.Fatalf("%s: %v", b.d, err)
			}
		}
	}
	return out
}

// TestFragmentsAgree: each fragment, and the placeholder numbering, gives the same
// rows on both backends.
func TestFragmentsAgree(t *testing.T) {
	backends := both(t)
	for _, tc := range []struct {
		name string
		q    func(d dialect.Dialect) string
		args []any
		want string
	}{
		{"id set", func(d dialect.Dialect) string {
			return `SELECT ` + d.GroupConcat("id", "','", "id") + ` FROM t WHERE id IN (` + d.IDSet("?") + `)`
		}, []any{"[2, 4, 6, 99]"}, "2,4,6"},
		{"empty id set", func(d dialect.Dialect) string {
			return `SELECT coalesce(` + d.GroupConcat("id", "','", "id") + `, 'none') FROM t WHERE id IN (` + d.IDSet("?") + `)`
		}, []any{"[]"}, "none"},
		{"id set used twice by number", func(d dialect.Dialect) string {
			return `SELECT ` + d.GroupConcat("id", "','", "id DESC") + ` FROM t WHERE id IN (` + d.IDSet("?1") + `) OR id - 1 IN (` + d.IDSet("?1") + `)`
		}, []any{"[1, 5]"}, "6,5,2,1"},
		{"id ranges", func(d dialect.Dialect) string {
			return `SELECT ` + d.GroupConcat("x.id", "' '", "x.id") + ` FROM ` + d.IDRanges("?", "r") + ` JOIN t x ON x.id BETWEEN r.lo AND r.hi`
		}, []any{"[[2, 3], [9, 20]]"}, "2 3 9 10"},
		{"group concat of numbers and text, no order", func(d dialect.Dialect) string {
			return `SELECT ` + d.GroupConcat("id || ':' || name", "','", "") + ` FROM t WHERE id = 2`
		}, nil, "2:B"},
		{"case-blind like folds ASCII", func(d dialect.Dialect) string {
			return `SELECT ` + d.GroupConcat("name", "''", "name") + ` FROM t WHERE ` + d.CaseBlindLike("name", "?") + ` OR ` + d.CaseBlindLike("name", "?")
		}, []any{"b", "A%"}, "Ba"},
		{"like escapes", func(d dialect.Dialect) string {
			return `SELECT CASE WHEN ` + d.CaseBlindLike("'a_c%\\'", "?") + ` THEN 'yes' ELSE 'no' END`
		}, []any{dialect.EscapeLike(`A_C%\`)}, "yes"},
		{"escaped wildcards match only themselves", func(d dialect.Dialect) string {
			return `SELECT CASE WHEN ` + d.CaseBlindLike("'abc'", "?") + ` THEN 'yes' ELSE 'no' END`
		}, []any{dialect.EscapeLike("a_c")}, "no"},
		{"booleans bind as 0/1", func(d dialect.Dialect) string {
			return `SELECT CAST(CAST(? AS smallint) + ? AS text)`
		}, []any{true, true}, "2"},
		{"numbering as SQLite's", func(d dialect.Dialect) string {
			return `SELECT CAST(?2 AS text) || CAST(? AS text) || CAST(?1 AS text) || CAST(? AS text) || '?'`
		}, []any{"a", "b", "c", "d"}, "bcad?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range backends {
				var got string
				// As the transaction funnel will: rebind, and bind booleans as 0/1.
				q, args := b.d.Bind(tc.q(b.d), tc.args)
				if err := b.db.QueryRow(q, args...).Scan(&got); err != nil {
					t.Errorf("%s: %v", b.d, err)
					continue
				}
				if got != tc.want {
					t.Errorf("%s: got %q, want %q", b.d, got, tc.want)
				}
			}
		})
	}
}

// begin opens a transaction on a connection of its own.
func begin(t *testing.T, db *sql.DB, opts *sql.TxOptions) *sql.Tx {
	t.Helper()
	tx, err := db.BeginTx(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return tx
}

// TestPostgresWritersTakeTurnsReadersNeverWait: the writers' lock makes a second
// writer wait, and give up with the busy error after its wait; a reader neither waits
// nor may write; and a writer that waited sees what the one before it committed.
func TestPostgresWritersTakeTurnsReadersNeverWait(t *testing.T) {
	ctx := context.Background()
	pg := postgresDB(t)
	if _, err := pg.Exec(`CREATE TABLE t (id bigint PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	d := dialect.Postgres

	first := begin(t, pg, nil)
	if err := d.LockWriter(ctx, first, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Exec(`INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}

	// A second writer gives up after its wait, with the busy error.
	second := begin(t, pg, nil)
	start := time.Now()
	err := d.LockWriter(ctx, second, 300*time.Millisecond)
	if waited := time.Since(start); waited < 250*time.Millisecond || waited > 5*time.Second {
		t.Errorf("the second writer waited %v, want about 300ms", waited)
	}
	if fault.KindOf(err) != fault.Busy || !strings.Contains(err.Error(), "more than 0.3 s") {
		t.Errorf("second writer: %v, want the busy error", err)
	}
	second.Rollback()

	// A write that would rather be skipped does not get the lock.
	touch := begin(t, pg, nil)
	if got, err := d.TryLockWriter(ctx, touch); err != nil || got {
		t.Errorf("TryLockWriter while another writes = %v, %v; want false", got, err)
	}
	touch.Rollback()

	// A reader does not wait, sees the last committed state, and may not write.
	reader := begin(t, pg, d.ReadOptions())
	start = time.Now()
	var n int
	if err := reader.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil || n != 0 {
		t.Errorf("reader: count %d, %v; want 0 rows, at once", n, err)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("the reader waited %v", waited)
	}
	if _, err := reader.Exec(`INSERT INTO t VALUES (2)`); dialect.SQLState(err) != "25006" {
		t.Errorf("a write in a read transaction: %v, want SQLSTATE 25006 (read-only transaction)", err)
	}
	reader.Rollback()

	// A writer waiting for the lock sees, once it has it, the row the first one
	// committed meanwhile: its statements' snapshot is taken after the lock.
	third := begin(t, pg, nil)
	locked := make(chan error, 1)
	go func() { locked <- d.LockWriter(ctx, third, 10*time.Second) }()
	time.Sleep(100 * time.Millisecond)
	if _, err := first.Exec(`INSERT INTO t VALUES (3)`); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-locked; err != nil {
		t.Fatal(err)
	}
	if err := third.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil || n != 2 {
		t.Errorf("the next writer sees %d rows (%v), want the 2 committed before it got the lock", n, err)
	}
	if err := d.LazyCommit(ctx, third); err != nil {
		t.Fatal(err)
	}
	var sync string
	if err := third.QueryRow(`SHOW synchronous_commit`).Scan(&sync); err != nil || sync != "off" {
		t.Errorf("after LazyCommit synchronous_commit = %q, %v", sync, err)
	}
	if err := third.Commit(); err != nil {
		t.Fatal(err)
	}
	touch = begin(t, pg, nil)
	if got, err := d.TryLockWriter(ctx, touch); err != nil || !got {
		t.Errorf("TryLockWriter with nobody writing = %v, %v; want true", got, err)
	}
}

// TestSQLiteLockingIsTheConnections: on SQLite the helpers leave locking to the
// connection (IMMEDIATE transactions, busy_timeout), and a lock wait that runs out
// classifies as busy just as PostgreSQL's.
func TestSQLiteLockingIsTheConnections(t *testing.T) {
	ctx := context.Background()
	d := dialect.SQLite
	if d.ReadOptions() != nil {
		t.Error("SQLite ReadOptions is not nil")
	}
	path := filepath.Join(t.TempDir(), "x.db")
	dsn := "file:" + path + "?_txlock=immediate&_busy_timeout=0"
	a, err := sql.Open(d.DriverName(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sql.Open(d.DriverName(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Exec(`CREATE TABLE t (id integer)`); err != nil {
		t.Fatal(err)
	}
	first := begin(t, a, nil)
	if err := d.LockWriter(ctx, first, time.Second); err != nil {
		t.Fatal(err)
	}
	if got, err := d.TryLockWriter(ctx, first); err != nil || !got {
		t.Errorf("SQLite TryLockWriter = %v, %v", got, err)
	}
	_, err = b.BeginTx(ctx, nil)
	if !dialect.IsBusy(err) {
		t.Fatalf("a second IMMEDIATE transaction: %v, want SQLITE_BUSY", err)
	}
	c := dialect.Classify(err, 10*time.Second)
	if fault.KindOf(c) != fault.Busy || c.Error() != dialect.BusyError(10*time.Second).Error() {
		t.Errorf("Classify(SQLITE_BUSY) = %v", c)
	}
}

// TestConnectErrors: a failure to connect is one line that names the database
// without its password and says what to do.
func TestConnectErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	connect := func(server string) error {
		db, err := sql.Open("pgx", server)
		if err == nil {
			err = db.PingContext(ctx)
			db.Close()
		}
		return dialect.ConnectError(server, err)
	}
	refused := connect("postgres://omero:s3cret@127.0.0.1:1/omero?connect_timeout=5")
	if got, want := refused.Error(), "cannot connect to postgres://omero@127.0.0.1:1/omero?connect_timeout=5: connection refused"; got != want {
		t.Errorf("unreachable server:\n got %q\nwant %q", got, want)
	}

	for _, tc := range []struct{ server, want string }{
		{"postgres://u:s3cret@h:badport/db", "invalid PostgreSQL URL postgres://u@h:badport/db: invalid port"},
		{"postgres://u:s3c%zzret@h/db", "invalid PostgreSQL URL postgres://u@h/db: failed to parse as URL (invalid percent-encoded token in password)"},
	} {
		err := connect(tc.server)
		if err.Error() != tc.want || fault.KindOf(err) != fault.Usage {
			t.Errorf("%s:\n got %v %q\nwant usage %q", tc.server, fault.KindOf(err), err, tc.want)
		}
	}

	server, err := pgtest.Server()
	if err != nil {
		if pgtest.Required() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	wrongPassword, _ := url.Parse(server)
	wrongPassword.User = url.UserPassword(wrongPassword.User.Username(), "not-the-password")
	noDatabase, _ := url.Parse(server)
	noDatabase.Path = "/omero_no_such_database"
	for _, tc := range []struct {
		server, msg, hint string
	}{
		{wrongPassword.String(), "password authentication failed for user", "PGPASSWORD"},
		{noDatabase.String(), `database "omero_no_such_database" does not exist`, "db init"},
	} {
		err := connect(tc.server)
		if err == nil {
			t.Logf("%s: connected: this server does not check passwords", dialect.Redact(tc.server))
			continue
		}
		if !strings.Contains(err.Error(), tc.msg) || !strings.Contains(fault.HintOf(err), tc.hint) {
			t.Errorf("%s: %q (hint %q); want it to say %q, and %q in the hint", dialect.Redact(tc.server), err, fault.HintOf(err), tc.msg, tc.hint)
		}
		if pw, _ := url.Parse(tc.server); strings.Contains(err.Error()+fault.HintOf(err), passwordOf(pw)) {
			t.Errorf("the message shows the password: %q", err)
		}
		if errors.Unwrap(err) == nil {
			t.Errorf("the driver's error is lost")
		}
	}
}

func passwordOf(u *url.URL) string {
	if p, ok := u.User.Password(); ok && p != "" {
		return p
	}
	return "\x00no password"
}
