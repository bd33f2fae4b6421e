package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/omero-go/omero/db/dialect/pgtest"
)

// omeroBin is the omero binary the tests make databases with, as the driver does:
// through `omero db init`, so that the bench depends on the command line, not on the
// db package.
var omeroBin string

// binDir keeps the test's binaries between runs: go build skips linking a binary
// that is already up to date, which saves the tests a second or two each run. One
// per checkout, so that two checkouts tested at once do not run each other's.
var binDir string

func TestMain(m *testing.M) {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = filepath.Join(cache, "omero-bench-test", fmt.Sprintf("%x", sha256.Sum256([]byte(wd)))[:12])
	omeroBin = filepath.Join(binDir, "omero")
	if err := goBuild("", omeroBin, "github.com/omero-go/omero"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

var tiny = Scale{Name: "1k", Rows: 1000}

// generated builds a database at s the way the driver does, in a home of its own.
func generated(t *testing.T, s Scale) *home {
	t.Helper()
	h, err := newHome(t.TempDir(), "scale", &s, omeroBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.create(false, ""); err != nil {
		t.Fatal(err)
	}
	return h
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
// that every object is linked into its hierarchy with its parent's owner and group,
// every owner a member of the group, every user's labs distinct.
func TestGenerateCounts(t *testing.T) {
	s := tiny
	h := generated(t, s)
	d, err := sql.Open("sqlite3", "file:"+h.t.OmeroDB()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, c := range []struct {
		what string
		q    string
		want int
	}{
		{"users", `SELECT count(*) FROM experimenter WHERE id > 1`, s.Users()},
		{"groups", `SELECT count(*) FROM experimentergroup WHERE id > 2`, s.Groups()},
		{"memberships", `SELECT count(*) FROM groupexperimentermap WHERE child > 1`, s.Memberships()},
		{"lab owners", `SELECT count(*) FROM groupexperimentermap WHERE owner AND parent > 2`, s.Groups()},
		{"passwords", `SELECT count(*) FROM password WHERE hash = '` + passwordHash + `'`, s.Users() + 1},
		{"images", `SELECT count(*) FROM image`, s.Images()},
		{"projects", `SELECT count(*) FROM project`, 1 + s.OtherProjects()},
		{"datasets", `SELECT count(*) FROM dataset`, bigDatasets + s.OtherDatasets()},
		{"big datasets", `SELECT count(*) FROM projectdatasetlink WHERE parent = 1`, bigDatasets},
		{"big images", `SELECT count(*) FROM datasetimagelink WHERE parent IN (SELECT child FROM projectdatasetlink WHERE parent = 1)`, s.BigImages()},
		{"big images in order", `SELECT count(*) FROM datasetimagelink WHERE child <= ? AND parent = 1 + (child - 1) / ?`, s.BigImages()},
		{"unlinked datasets", `SELECT count(*) FROM dataset WHERE id NOT IN (SELECT child FROM projectdatasetlink)`, 0},
		{"unlinked images", `SELECT count(*) FROM image WHERE id NOT IN (SELECT child FROM datasetimagelink)`, 0},
		{"images unlike their dataset", `SELECT count(*) FROM image i JOIN datasetimagelink l ON l.child = i.id JOIN dataset d ON d.id = l.parent
			WHERE i.owner_id <> d.owner_id OR i.group_id <> d.group_id OR l.owner_id <> i.owner_id`, 0},
		{"datasets unlike their project", `SELECT count(*) FROM dataset d JOIN projectdatasetlink l ON l.child = d.id JOIN project p ON p.id = l.parent
			WHERE d.owner_id <> p.owner_id OR d.group_id <> p.group_id`, 0},
		{"owners outside their group", `SELECT count(*) FROM project p WHERE NOT EXISTS
			(SELECT 1 FROM groupexperimentermap m WHERE m.parent = p.group_id AND m.child = p.owner_id)`, 0},
		{"users with fewer labs", `SELECT count(*) FROM (SELECT child FROM groupexperimentermap WHERE parent > 2 GROUP BY child HAVING count(DISTINCT parent) <> 4)`, 0},
		{"default group user", `SELECT count(*) FROM groupexperimentermap WHERE child_index = 0 AND parent = 1`, 0},
		{"Project:1 elsewhere", `SELECT count(*) FROM project WHERE id = 1 AND (owner_id <> 2 OR group_id <> 3)`, 0},
	} {
		args := []any{}
		if c.what == "big images in order" {
			args = []any{s.BigImages(), s.BigImagesPerDS()}
		}
		if got := count(t, d, c.q, args...); got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, got, c.want)
		}
	}
	var ok string
	if err := d.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	if n := count(t, d, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d foreign key violations", n)
	}
}

// TestGenerateReproducible checks that two runs write the same file.
func TestGenerateReproducible(t *testing.T) {
	a, err := os.ReadFile(generated(t, tiny).t.OmeroDB())
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(generated(t, tiny).t.OmeroDB())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two runs of the generator wrote different databases")
	}
}

// TestCasesRun sets a tiny facility up as the driver does and runs the first run of
// every case with its checks: both tools succeed and did the same work.
func TestCasesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every case once")
	}
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("needs the sqlite3 shell (apt-get install sqlite3) and GNU time")
	}
	if _, err := exec.LookPath("/usr/bin/time"); err != nil {
		t.Skip("needs GNU time (apt-get install time)")
	}
	runEveryCase(t)
}

// TestCasesRunPostgres is TestCasesRun on PostgreSQL beside psql (-postgres).
func TestCasesRunPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every case once")
	}
	server, err := pgtest.Server()
	if err != nil {
		if pgtest.Required() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	for _, tool := range []string{"psql", "/usr/bin/time"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s (apt-get install postgresql-client time)", tool)
		}
	}
	postgresServer, pgPrefix = server, "omero_benchtest_"
	useDialect(postgresRef.name)
	defer func() {
		if err := dropAll(server); err != nil {
			t.Error(err)
		}
		postgresServer, pgPrefix = "", "omero_bench_"
		useDialect(sqliteRef.name)
	}()
	runEveryCase(t)
}

func runEveryCase(t *testing.T) {
	defer func(n int) { objFileLines = n }(objFileLines)
	objFileLines = 500
	out := t.TempDir()
	bins, err := buildForTest(binDir)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := newHome(out, "fresh", nil, bins.omero)
	if err != nil {
		t.Fatal(err)
	}
	if err := ready(fresh, false, ""); err != nil {
		t.Fatal(err)
	}
	s := tiny
	h := generated(t, s)
	if err := h.login(); err != nil {
		t.Fatal(err)
	}
	f, err := setUp(h, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.t.Snapshot(); err != nil {
		t.Fatal(err)
	}
	cs, err := scaleCases(h, &s, f, bins)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(freshCases(fresh, bins), cs...) {
		t.Run(c.name, func(t *testing.T) {
			r, err := c.measure(measureOpts{Runs: 1, MemRuns: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Omero.Walls) != 1 || len(r.Ref.Walls) != 1 || r.Omero.PeakKB == 0 || r.Ref.PeakKB == 0 {
				t.Errorf("measured %+v", r)
			}
		})
	}
}

// buildForTest makes the binaries the cases need, omero-prof aside.
func buildForTest(dir string) (binaries, error) {
	b := binaries{omero: omeroBin, omeroBench: filepath.Join(dir, "omero-bench"), minCgo: filepath.Join(dir, "mincgo")}
	if err := goBuild("", b.omeroBench, "github.com/omero-go/omero/bench/cmd/omero-bench"); err != nil {
		return b, err
	}
	return b, buildMinCgo(filepath.Join(dir, "mincgo-src"), b.minCgo)
}
