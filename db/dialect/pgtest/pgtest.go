// Package pgtest gives a test, or a test script, a fresh empty PostgreSQL database of
// its own on the server that OMERO_TEST_POSTGRES names, and drops it afterwards.
//
// Without OMERO_TEST_POSTGRES such tests skip, saying how to run them; with
// OMERO_TEST_POSTGRES_REQUIRED=1 (which .ci/postgres.sh sets) a missing or
// unreachable server fails them instead.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/omero-go/omero/db/dialect"
)

const (
	// EnvURL names a server where tests may CREATE DATABASE: a postgres:// URL whose
	// role has CREATEDB, e.g. postgres://me@localhost/postgres.
	EnvURL = "OMERO_TEST_POSTGRES"
	// EnvRequired, set to 1, turns a skip for want of a server into a failure.
	EnvRequired = "OMERO_TEST_POSTGRES_REQUIRED"
)

// HowToRun is what a skipped test says.
const HowToRun = EnvURL + " is not set: to run the PostgreSQL tests, set it to the URL of a server " +
	"where they may create databases (postgres://ROLE:PASSWORD@HOST:PORT/postgres), " +
	"or start a throwaway one with: source .ci/postgres.sh && postgres_start"

// ErrNotSet: OMERO_TEST_POSTGRES is not set.
var ErrNotSet = errors.New(HowToRun)

// Required reports whether CI said that the PostgreSQL tests must run.
func Required() bool { return os.Getenv(EnvRequired) == "1" }

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// Server is the URL of the configured server, once it has answered; ErrNotSet when
// there is none, or why it cannot be used. It asks the server once per process.
func Server() (string, error) {
	server := os.Getenv(EnvURL)
	if server == "" {
		return "", ErrNotSet
	}
	adminOnce.Do(func() {
		if admin, adminErr = connect(server); adminErr != nil {
			adminErr = fmt.Errorf("the server %s names cannot be used: %w", EnvURL, adminErr)
		}
	})
	return server, adminErr
}

func connect(server string) (*sql.DB, error) {
	if !dialect.IsURL(server) {
		return nil, fmt.Errorf("%s must be a postgres:// or postgresql:// URL, not %q", EnvURL, dialect.Redact(server))
	}
	d, err := sql.Open("pgx", server)
	if err != nil {
		return nil, dialect.ConnectError(server, err)
	}
	d.SetMaxOpenConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.PingContext(ctx); err != nil {
		_ = d.Close() // the connection error is the news
		return nil, dialect.ConnectError(server, err)
	}
	return d, nil
}

// Database is one database made for one test or script.
type Database struct {
	Name string // the database's name on the server
	URL  string // the server's URL with this database in its path
}

// Optional is New for a test with a SQLite half that is worth running on its own:
// without a server (and not required) it logs why and reports false, and t goes on.
func Optional(t testing.TB) (string, bool) {
	t.Helper()
	if _, err := Server(); err != nil && !Required() {
		t.Logf("only SQLite: %v", err)
		return "", false
	}
	return New(t), true
}

// New creates a database for t and returns its URL; the database is dropped when t
// and its subtests have finished. Without a server t is skipped (failed, when
// required).
func New(t testing.TB) string {
	t.Helper()
	if _, err := Server(); err != nil {
		if Required() {
			t.Fatalf("PostgreSQL is required (%s=1): %v", EnvRequired, err)
		}
		t.Skip(err)
	}
	d, err := Create(context.Background(), t.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Drop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return d.URL
}

// Create makes a new empty database, UTF8-encoded, named after label (a test or
// script name) and made unique; for harnesses with no testing.TB, such as a
// testscript Setup, which must call Drop when done. It needs Server to answer.
func Create(ctx context.Context, label string) (*Database, error) {
	server, err := Server()
	if err != nil {
		return nil, err
	}
	name := databaseName(label)
	// template0 gives a database free of anything added to template1, in UTF8
	// whatever the cluster's default encoding; identifiers cannot be parameters, and
	// name is made of [a-z0-9_] only.
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		return nil, fmt.Errorf("pgtest: create database %s on %s: %w", name, dialect.Redact(server), err)
	}
	u, err := url.Parse(server)
	if err != nil {
		return nil, fmt.Errorf("pgtest: %s does not parse: %v", dialect.Redact(server), err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return &Database{Name: name, URL: u.String()}, nil
}

// Drop removes the database, ending any connection still open to it. An autovacuum
// worker in it is a process the role may not end (SQLSTATE 42501, unless the role
// is in pg_signal_backend): it soon finishes, so the drop is tried again for a while.
func (d *Database) Drop(ctx context.Context) error {
	var err error
	for try := 0; try < 50; try++ {
		_, err = admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+d.Name+` WITH (FORCE)`)
		if dialect.SQLState(err) != "42501" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("pgtest: drop database %s: %w", d.Name, err)
	}
	return nil
}

// databaseName is "omero_t_", label in lower-case letters, digits and underscores
// (at most 32 of them), "_" and 12 random hex digits: unique across the parallel test
// processes of one go test run, and within PostgreSQL's 63 bytes.
func databaseName(label string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(label) {
		switch {
		case b.Len() >= 32:
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if s := b.String(); s != "" && !strings.HasSuffix(s, "_") {
				b.WriteByte('_')
			}
		}
	}
	var random [6]byte
	if _, err := rand.Read(random[:]); err != nil {
		panic(err) // crypto/rand does not fail on the systems Go supports
	}
	return "omero_t_" + strings.TrimSuffix(b.String(), "_") + "_" + hex.EncodeToString(random[:])
}
