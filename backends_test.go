package main

import (
	"testing"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/dialect/pgtest"
)

// forEachBackend runs test once per backend, in parallel subtests named sqlite and
// postgres. The PostgreSQL half needs the server OMERO_TEST_POSTGRES names: without
// one it is skipped, saying how to run it, unless OMERO_TEST_POSTGRES_REQUIRED=1
// (CI), which makes that a failure.
func forEachBackend(t *testing.T, test func(t *testing.T, b dialect.Dialect)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		test(t, dialect.SQLite)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		requirePostgres(t)
		test(t, dialect.Postgres)
	})
}

// requirePostgres skips t without a PostgreSQL server, or fails it when CI said the
// server is required.
func requirePostgres(t *testing.T) {
	t.Helper()
	if _, err := pgtest.Server(); err != nil {
		if pgtest.Required() {
			t.Fatalf("PostgreSQL is required (%s=1): %v", pgtest.EnvRequired, err)
		}
		t.Skip(err)
	}
}
