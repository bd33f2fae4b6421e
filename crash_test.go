package main

import (
	"fmt"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/omero-go/omero/db/dialect"
)

// bigHierarchy adds to f's database a project of user u holding 10 datasets of
// 6,000 images each, in group lab, with v a member of lab and lab2 u's second group.
func bigHierarchy(t *testing.T, f *facility) {
	t.Helper()
	f.must("-q", "group", "add", "lab")
	f.must("-q", "group", "add", "lab2")
	f.must("-q", "user", "add", "u", "U", "U", "lab", "lab2", "-P", "pw")
	f.must("-q", "user", "add", "v", "V", "V", "lab", "-P", "pw")
	f.exec(`
INSERT INTO project (name, owner_id, group_id, creation_id, update_id) VALUES ('big', 2, 3, 1, 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
INSERT INTO dataset (name, owner_id, group_id, creation_id, update_id) SELECT 'd' || i, 2, 3, 1, 1 FROM n;
INSERT INTO projectdatasetlink (parent, child, owner_id, group_id, creation_id, update_id) SELECT 1, id, 2, 3, 1, 1 FROM dataset;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
INSERT INTO image (name, owner_id, group_id, creation_id, update_id) SELECT 'i' || i, 2, 3, 1, 1 FROM n;
INSERT INTO datasetimagelink (parent, child, owner_id, group_id, creation_id, update_id)
SELECT 1 + (id - 1) / 6000, id, 2, 3, 1, 1 FROM image;`)
}

// TestKilledGraphOperationsLeaveAllOrNothing kills chown, chgrp and delete of a big
// hierarchy at several moments and checks that the database is sound and holds
// either the whole change or none of it.
func TestKilledGraphOperationsLeaveAllOrNothing(t *testing.T) {
	t.Parallel()
	forEachBackend(t, testKilledGraphOperations)
}

func testKilledGraphOperations(t *testing.T, b dialect.Dialect) {
	f := newFacility(t, b)
	bigHierarchy(t, f)
	cases := []struct {
		args  []string
		state string // SQL summarising what the operation changes
		none  string // the summary before
		all   string // the summary after
	}{
		{[]string{"chown", "v", "Project:1"},
			`SELECT count(*) || ' ' || sum(CASE WHEN owner_id = 3 THEN 1 ELSE 0 END) FROM image`, "60000 0", "60000 60000"},
		{[]string{"chgrp", "lab2", "Project:1"},
			`SELECT count(*) || ' ' || sum(CASE WHEN group_id = 4 THEN 1 ELSE 0 END) FROM image`, "60000 0", "60000 60000"},
		{[]string{"delete", "Project:1"},
			`SELECT (SELECT count(*) FROM image) || ' ' || (SELECT count(*) FROM datasetimagelink)`, "60000 60000", "0 0"},
	}
	delays := []time.Duration{200 * time.Millisecond, 500 * time.Millisecond, 800 * time.Millisecond}
	for _, c := range cases {
		deleted := false
		for _, delay := range delays {
			if deleted {
				break
			}
			t.Run(fmt.Sprintf("%s after %v", c.args[0], delay), func(t *testing.T) {
				f.must("login", "-C", "-q", "-u", "u", "-w", "pw")
				if got := f.query(c.state); got != c.none {
					t.Fatalf("before: %s, want %s", got, c.none)
				}
				cmd := exec.Command("omero", append([]string{"-q"}, c.args...)...)
				cmd.Env = f.env
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(delay)
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				f.checkSound(t)
				got := f.query(c.state)
				if got != c.none && got != c.all {
					t.Fatalf("after the kill: %s, want %q (nothing) or %q (everything)", got, c.none, c.all)
				}
				if got == c.all {
					// The operation finished before the kill: undo it for the next case
					// (a delete cannot be undone, so it is the last).
					t.Logf("finished before the kill")
					if c.args[0] == "delete" {
						deleted = true
						return
					}
					restore(t, f, c.args[0])
				}
			})
		}
	}
}

// restore puts the hierarchy back after an operation that completed.
func restore(t *testing.T, f *facility, op string) {
	t.Helper()
	var q string
	switch op {
	case "chown":
		q = `UPDATE project SET owner_id = 2; UPDATE dataset SET owner_id = 2; UPDATE image SET owner_id = 2;
		     UPDATE projectdatasetlink SET owner_id = 2; UPDATE datasetimagelink SET owner_id = 2;`
	case "chgrp":
		q = `UPDATE project SET group_id = 3; UPDATE dataset SET group_id = 3; UPDATE image SET group_id = 3;
		     UPDATE projectdatasetlink SET group_id = 3; UPDATE datasetimagelink SET group_id = 3;`
	default:
		t.Fatalf("cannot restore after %s", op)
	}
	f.exec(q)
}
