package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/omero-go/omero/commands"
	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/dialect/pgtest"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/bcrypt"
)

// testEpoch is the fixed time every command sees unless a script sets TESTCLOCK.
var testEpoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) != "omero" {
		runScriptsWide()
	}
	testscript.Main(m, map[string]func(){
		"omero": func() {
			hooks, err := testHooks(os.Getenv)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(99)
			}
			os.Exit(commands.MainWith(hooks, os.Args, os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// runScriptsWide lets more tests run at once than there are processors, unless
// -test.parallel says otherwise: the scripts and the tests beside them spend most of
// their time waiting for the omero processes they start.
func runScriptsWide() {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0))); err != nil {
			panic(err)
		}
	}
}

// testHooks are the hooks of every omero a test runs: cheap hashing, predictable
// session keys, a clock the script controls (TESTCLOCK, else testEpoch), the wait for
// a busy database (TESTBUSYMS) and prompts answered as TESTTTY says. The test
// binary reads these variables; omero itself never does.
func testHooks(getenv func(string) string) (commands.Hooks, error) {
	now := testEpoch
	if s := getenv("TESTCLOCK"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return commands.Hooks{}, fmt.Errorf("bad TESTCLOCK: %v", err)
		}
		now = t
	}
	h := commands.Hooks{
		DB: db.Options{
			Now:         func() time.Time { return now },
			SessionUUID: func(id int64) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", id) },
			BcryptCost:  bcrypt.MinCost,
		},
		OpenTerminal: fakeTerminal(getenv("TESTTTY")),
	}
	if ms, err := strconv.Atoi(getenv("TESTBUSYMS")); err == nil {
		h.DB.BusyTimeout = time.Duration(ms) * time.Millisecond
	}
	return h, nil
}

// fakeTerminal is the terminal prompts use in tests, chosen by TESTTTY: "" is none at
// all (so tests never prompt on the terminal of whoever runs them), "1" answers from
// stdin, and a path answers from that file while stdin stays whatever the script
// gave (a pipe). Prompts go to stderr. An answer "^C" is Ctrl-C: the process gets
// SIGINT while it waits, as from a real terminal.
func fakeTerminal(tty string) func() (commands.Terminal, error) {
	if tty == "" {
		return func() (commands.Terminal, error) { return nil, errors.New("no terminal") }
	}
	var in *os.File = os.Stdin
	if tty != "1" {
		f, err := os.Open(tty)
		if err != nil {
			return func() (commands.Terminal, error) { return nil, err }
		}
		in = f
	}
	t := &scriptTerminal{lines: bufio.NewReader(in)}
	return func() (commands.Terminal, error) { return t, nil }
}

type scriptTerminal struct{ lines *bufio.Reader }

func (t *scriptTerminal) Write(p []byte) (int, error) { return os.Stderr.Write(p) }
func (t *scriptTerminal) Restore() error              { return nil }
func (t *scriptTerminal) Close() error                { return nil }

func (t *scriptTerminal) ReadHidden() (string, error) {
	line, err := t.lines.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "^C" {
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		time.Sleep(time.Hour)
	}
	return line, nil
}

// TestScripts runs every script once per backend (TestScripts/sqlite/NAME,
// TestScripts/postgres/NAME); see forEachBackend.
func TestScripts(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, b dialect.Dialect) {
		testscript.Run(t, scriptParams("testscripts", b))
	})
}

// scriptParams runs the scripts in dir on backend b. On PostgreSQL each script gets
// a database of its own, as $OMERO_DB and $PGDB, so "localhost" (and the default
// database that sqlexec and holdwrite name as omero/omero.db) is that database;
// paths given with -s stay SQLite files. $DATABASE is the default database as omero
// names it (the file, or the URL without its password). The conditions [sqlite] and
// [postgres] say which backend runs, for what only one of them has (file modes,
// paths, ids that PostgreSQL does not reuse); [pgpasswords], that the server refuses
// a wrong password.
func scriptParams(dir string, b dialect.Dialect) testscript.Params {
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       os.Getenv("OMERO_UPDATE") == "1",
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("OMERO_USERDIR", filepath.Join(env.WorkDir, "omero"))
			env.Setenv("OMERO_SESSIONDIR", filepath.Join(env.WorkDir, "omero", "sessions"))
			env.Setenv("TZ", "UTC")
			env.Setenv("USER", "root")
			env.Values[scriptT{}] = env.T()
			// The default database as omero names it in messages.
			env.Setenv("DATABASE", filepath.Join(env.WorkDir, "omero", "omero.db"))
			if b == dialect.Postgres {
				pg, err := pgtest.Create(context.Background(), filepath.Base(env.WorkDir))
				if err != nil {
					return err
				}
				env.Defer(func() {
					if err := pg.Drop(context.Background()); err != nil {
						env.T().Log(err)
					}
				})
				env.Setenv("OMERO_DB", pg.URL)
				env.Setenv("PGDB", pg.URL)
				env.Setenv("DATABASE", dialect.Redact(pg.URL))
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "sqlite":
				return b == dialect.SQLite, nil
			case "postgres":
				return b == dialect.Postgres, nil
			case "pgpasswords":
				return b == dialect.Postgres && serverWantsPasswords(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  cmdExitcode,
			"mode":      cmdMode,
			"sqlexec":   cmdSQLExec,
			"envesc":    cmdEnvEsc,
			"holdwrite": cmdHoldWrite,
			"sleep":     cmdSleep,
			"slapd":     cmdSlapd,
			"blackhole": cmdBlackhole,
			"refusing":  cmdRefusing,
			"pgurl":     cmdPGURL,
		},
	}
}

// exitcode N command [args...] runs command and requires exit status N.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

// mode PATH PERM requires a file's permission bits to be PERM (octal).
func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mode PATH PERM")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	if err != nil {
		ts.Fatalf("mode: bad permission %q", args[1])
	}
	st, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	got := uint64(st.Mode().Perm())
	if (got == want) == neg {
		ts.Fatalf("%s has mode %04o, want %s%04o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

// sqlexec DB SQL runs one statement on a database directly, bypassing omero, and
// prints any rows as "|"-separated lines on stdout (true and false as 1 and 0, as
// SQLite gives them). Scripts use it to set up states omero itself would refuse to
// create. DB is a SQLite file; the default database, omero/omero.db, is the
// script's PostgreSQL database when it has one.
func cmdSQLExec(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sqlexec DB SQL")
	}
	d := scriptDB(ts, args[0], "?mode=rwc&_busy_timeout=5000")
	defer d.Close()
	rows, err := d.Query(args[1])
	ts.Check(err)
	defer rows.Close()
	cols, _ := rows.Columns()
	var out strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		ts.Check(rows.Scan(ptrs...))
		cells := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				v = string(x)
			case bool:
				v = map[bool]int{false: 0, true: 1}[x]
			}
			cells[i] = fmt.Sprint(v)
		}
		out.WriteString(strings.Join(cells, "|") + "\n")
	}
	ts.Check(rows.Err())
	fmt.Fprint(ts.Stdout(), out.String())
}

// envesc VAR STRING [N] sets VAR to STRING with Go escapes (\n, \x01, \u00e9)
// interpreted, repeated N times: arguments a script could not otherwise write.
func cmdEnvEsc(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: envesc VAR STRING [N]")
	}
	v, err := strconv.Unquote(`"` + args[1] + `"`)
	ts.Check(err)
	n := 1
	if len(args) == 3 {
		n, err = strconv.Atoi(args[2])
		ts.Check(err)
	}
	ts.Setenv(args[0], strings.Repeat(v, n))
}

// held maps a script to the write transaction its holdwrite keeps open.
var held sync.Map // *testscript.TestScript -> *sql.Tx

// holdwrite DB [SQL] takes the write lock of a database as another writer would
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: the writers' advisory lock), runs SQL in that
// transaction, and keeps it open while the script goes on; "holdwrite commit"
// commits it. Scripts use it to run omero beside a writer that holds the database.
// DB is as for sqlexec.
func cmdHoldWrite(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: holdwrite DB [SQL] | holdwrite commit")
	}
	if args[0] == "commit" {
		v, ok := held.LoadAndDelete(ts)
		if !ok {
			ts.Fatalf("holdwrite commit: nothing held")
		}
		ts.Check(v.(*sql.Tx).Commit())
		return
	}
	if _, ok := held.Load(ts); ok {
		ts.Fatalf("holdwrite: already holding")
	}
	d := scriptDB(ts, args[0], "?mode=rw&_txlock=immediate&_busy_timeout=10000")
	d.SetMaxOpenConns(1)
	tx, err := d.Begin()
	ts.Check(err)
	ts.Check(dialectOf(ts, args[0]).LockWriter(context.Background(), tx, 10*time.Second))
	held.Store(ts, tx)
	ts.Defer(func() {
		if v, ok := held.LoadAndDelete(ts); ok {
			v.(*sql.Tx).Rollback()
		}
		d.Close()
	})
	if len(args) == 2 {
		_, err = tx.Exec(args[1])
		ts.Check(err)
	}
}

// dialectOf is the backend of the database a script names as path.
func dialectOf(ts *testscript.TestScript, path string) dialect.Dialect {
	def := filepath.Join(ts.Getenv("OMERO_USERDIR"), "omero.db")
	if ts.MkAbs(path) == def && dialect.IsURL(ts.Getenv("PGDB")) {
		return dialect.Postgres
	}
	return dialect.SQLite
}

// scriptDB opens the database a script names as path: a SQLite file opened with the
// DSN parameters sqliteParams, or the script's PostgreSQL database.
func scriptDB(ts *testscript.TestScript, path, sqliteParams string) *sql.DB {
	if dialectOf(ts, path) == dialect.Postgres {
		d, err := sql.Open("pgx", ts.Getenv("PGDB"))
		ts.Check(err)
		return d
	}
	d, err := sql.Open("sqlite3", "file:"+ts.MkAbs(path)+sqliteParams)
	ts.Check(err)
	return d
}

// pgurl VAR [password=P] [database=D] [port=N] sets VAR to the URL of the script's
// PostgreSQL database ($PGDB) with the parts given changed (password= takes the
// password out); "pgurl VAR password" and "pgurl VAR user" set VAR to the URL's
// password or role.
func cmdPGURL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: pgurl VAR [password=P] [database=D] [port=N] | pgurl VAR password|user")
	}
	u, err := url.Parse(ts.Getenv("PGDB"))
	if err != nil || !dialect.IsURL(u.String()) {
		ts.Fatalf("pgurl: $PGDB is no PostgreSQL URL")
	}
	if len(args) == 2 && (args[1] == "password" || args[1] == "user") {
		pw, _ := u.User.Password()
		ts.Setenv(args[0], map[bool]string{true: pw, false: u.User.Username()}[args[1] == "password"])
		return
	}
	for _, a := range args[1:] {
		k, v, _ := strings.Cut(a, "=")
		switch k {
		case "password":
			u.User = url.UserPassword(u.User.Username(), v)
			if v == "" {
				u.User = url.User(u.User.Username())
			}
		case "database":
			u.Path = "/" + v
		case "port":
			u.Host = u.Hostname() + ":" + v
		default:
			ts.Fatalf("pgurl: cannot change %q", k)
		}
	}
	ts.Setenv(args[0], u.String())
}

var (
	wantsPasswordsOnce sync.Once
	wantsPasswords     bool
)

// serverWantsPasswords reports whether the test server refuses a wrong password
// (.ci/postgres.sh's does; a developer's may trust local connections).
func serverWantsPasswords() bool {
	wantsPasswordsOnce.Do(func() {
		server, err := pgtest.Server()
		if err != nil {
			return
		}
		u, err := url.Parse(server)
		if err != nil {
			return
		}
		u.User = url.UserPassword(u.User.Username(), "not-the-password")
		d, err := sql.Open("pgx", u.String())
		if err != nil {
			return
		}
		defer d.Close()
		wantsPasswords = dialect.SQLState(d.Ping()) == "28P01"
	})
	return wantsPasswords
}

// sleep DURATION waits, for a command running in the background to get on.
func cmdSleep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sleep DURATION")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.Sleep(d)
}
