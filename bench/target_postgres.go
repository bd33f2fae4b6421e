package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/omero-go/omero/db/dialect"
)

// pgTarget is a PostgreSQL database of its own for one home, on the server that
// -postgres names, and psql as the reference tool. The pristine state and the -reuse
// cache are databases beside it, copied with CREATE DATABASE ... TEMPLATE.
type pgTarget struct {
	admin    *sql.DB // the server, as -postgres names it
	server   *url.URL
	dir      string // the home's folder, for psql's script files
	name     string // the home's database
	pristine string
	cache    string
}

// newPostgresTarget makes an empty database for the home named home on server (a
// postgres:// URL whose role may create databases), replacing any left by an
// earlier run.
func newPostgresTarget(server, dir, home string) (*pgTarget, error) {
	u, err := url.Parse(server)
	if err != nil || !dialect.IsURL(server) {
		return nil, fmt.Errorf("-postgres %s: not a postgres:// URL", dialect.Redact(server))
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return nil, dialect.ConnectError(server, err)
	}
	admin.SetMaxOpenConns(1)
	base := pgPrefix + strings.NewReplacer("-", "_", ".", "_").Replace(home)
	t := &pgTarget{admin: admin, server: u, dir: dir, name: base, pristine: base + "_pristine", cache: base + "_cache"}
	if err := t.recreate(t.name, "template0"); err != nil {
		return nil, err
	}
	return t, nil
}

// pgPrefix begins the name of every database the driver makes.
var pgPrefix = "omero_bench_"

// dropAll drops every database whose name begins with pgPrefix on server.
func dropAll(server string) (err error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer closeInto(admin, &err)
	rows, err := admin.Query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, pgPrefix)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, n := range names {
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + n + ` WITH (FORCE)`); err != nil {
			return err
		}
	}
	return nil
}

func (t *pgTarget) Dialect() string { return postgresRef.name }
func (t *pgTarget) Tool() string    { return "psql" }
func (t *pgTarget) OmeroDB() string { return t.url(t.name) }

// ToolVersion is psql's version and the server's.
func (t *pgTarget) ToolVersion() string {
	v := "(not found)"
	out, err := exec.Command("psql", "--version").Output() // psql (PostgreSQL) 15.18 (Debian ...)
	if f := strings.Fields(string(out)); err == nil && len(f) > 2 {
		v = f[2]
	}
	var server string
	if err := t.admin.QueryRow(`SHOW server_version`).Scan(&server); err == nil {
		v += " (server " + strings.Fields(server)[0] + ")"
	}
	return v
}

// url is the server's URL naming database db.
func (t *pgTarget) url(db string) string {
	u := *t.server
	u.Path, u.RawPath = "/"+db, ""
	return u.String()
}

// Shell runs the script with psql from a file, so that every statement's rows are
// printed (-c prints only the last one's), stopping at the first error, in the
// output mode closest to omero's style. JSON mode prints one object per row, of a
// script that is one SELECT.
func (t *pgTarget) Shell(mode outputMode, script string) []string {
	argv := []string{"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"}
	switch mode {
	case modeList:
		argv = append(argv, "-A", "-t", "-F", "|")
	case modeCSV:
		argv = append(argv, "--csv")
	case modePlain:
		argv = append(argv, "--csv", "-t")
	case modeJSON:
		argv = append(argv, "-A", "-t")
		script = "SELECT row_to_json(r) FROM (" + strings.TrimSuffix(strings.TrimSpace(script), ";") + ") r;"
	}
	path := filepath.Join(t.dir, fmt.Sprintf("script-%x.sql", sha256.Sum256([]byte(script))))
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
			progress("cannot write " + path + ": " + err.Error())
		}
	}
	return append(argv, "-d", t.OmeroDB(), "-f", path)
}

func (t *pgTarget) Open() (*sql.DB, error) { return sql.Open("pgx", t.OmeroDB()) }

// Fill generates in one transaction, then VACUUM ANALYZE: on PostgreSQL autovacuum
// would soon do the same after such a load, so a facility's database has statistics.
func (t *pgTarget) Fill(s Scale) (err error) {
	d, err := t.Open()
	if err != nil {
		return err
	}
	defer closeInto(d, &err)
	d.SetMaxOpenConns(1)
	if _, err := d.Exec(`SET maintenance_work_mem = '256MB'`); err != nil {
		return err
	}
	if err := generate(d, s); err != nil {
		return err
	}
	_, err = d.Exec(`VACUUM ANALYZE`)
	return err
}

func (t *pgTarget) Snapshot() error { return t.recreate(t.pristine, t.name) }

func (t *pgTarget) Reset() error { return t.recreate(t.name, t.pristine) }

func (t *pgTarget) Size() (int64, error) {
	var n int64
	err := t.admin.QueryRow(`SELECT pg_database_size($1)`, t.pristine).Scan(&n)
	return n, err
}

// Keep copies the database, as db init and Fill left it, to the cache database and
// writes the stamp as its comment.
func (t *pgTarget) Keep(stamp string) error {
	if err := t.recreate(t.cache, t.name); err != nil {
		return err
	}
	_, err := t.admin.Exec(`COMMENT ON DATABASE ` + t.cache + ` IS ` + quoteLiteral(stamp))
	return err
}

// Reuse copies the cache database in place if its comment is the stamp.
func (t *pgTarget) Reuse(stamp string) (bool, error) {
	var comment sql.NullString
	err := t.admin.QueryRow(`SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, t.cache).Scan(&comment)
	if err == sql.ErrNoRows || err == nil && comment.String != stamp {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, t.recreate(t.name, t.cache)
}

// recreate drops database db and makes it a copy of template. A template may not
// have connections; those omero or psql leave closing for a moment after they exit
// are waited for.
func (t *pgTarget) recreate(db, template string) error {
	ctx := context.Background()
	if _, err := t.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+db+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("dropping %s: %w", db, err)
	}
	var err error
	for try := 0; try < 50; try++ {
		_, err = t.admin.ExecContext(ctx, `CREATE DATABASE `+db+` TEMPLATE `+template+` ENCODING 'UTF8'`)
		if dialect.SQLState(err) != "55006" { // object in use: the template has connections
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("creating %s from %s: %w", db, template, err)
	}
	return nil
}

// quoteLiteral quotes s as an SQL string literal (COMMENT takes no parameters).
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
