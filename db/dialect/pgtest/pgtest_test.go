package pgtest

import (
	"context"
	"database/sql"
	"regexp"
	"testing"
)

func TestDatabaseName(t *testing.T) {
	valid := regexp.MustCompile(`^omero_t_[a-z0-9_]{0,32}_[0-9a-f]{12}$`)
	for _, label := range []string{"TestX", "TestScripts/user_add.txtar", "", "日本語", "a--b__c", "TestAVeryLongNameThatGoesOnAndOnForeverAndEver/sub"} {
		a, b := databaseName(label), databaseName(label)
		if !valid.MatchString(a) || len(a) > 63 {
			t.Errorf("databaseName(%q) = %q", label, a)
		}
		if a == b {
			t.Errorf("databaseName(%q) twice gave %q", label, a)
		}
	}
	if got := databaseName("TestScripts/user_add.txtar"); got[:35] != "omero_t_testscripts_user_add_txtar_" {
		t.Errorf("databaseName keeps too little of its label: %q", got)
	}
}

// A database from New is empty, ours to write, and gone once the test is over.
func TestNewGivesAnEmptyDatabaseAndDropsIt(t *testing.T) {
	var name string
	t.Run("use", func(t *testing.T) {
		u := New(t)
		d, err := sql.Open("pgx", u)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var tables int
		if err := d.QueryRow(`SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Scan(&name, &tables); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("new database %s has %d tables", name, tables)
		}
		if _, err := d.Exec(`CREATE TABLE t (id bigint); INSERT INTO t VALUES (1)`); err != nil {
			t.Fatalf("cannot write the new database: %v", err)
		}
	})
	if name == "" {
		t.Skip("the subtest did not run")
	}
	var n int
	if err := admin.QueryRowContext(context.Background(), `SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("database %s is still there after its test", name)
	}
}
