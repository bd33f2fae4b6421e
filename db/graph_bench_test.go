package db

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
)

// bigProject builds, once, a database where user 2 owns Project:1 holding 10
// datasets of 10,000 images each in group 3, user 3 is another member of group 3,
// and group 4 is a second group of user 2. It returns the pristine file's path.
func bigProject(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	path := filepath.Join(dir, "pristine.db")
	if err := Init(path, "pw"); err != nil {
		b.Fatal(err)
	}
	d, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	const setup = `
INSERT INTO experimentergroup (id, name, permissions) VALUES (3, 'lab', -120), (4, 'lab2', -120);
INSERT INTO experimenter (id, omename, firstname, lastname) VALUES (2, 'u', 'U', 'U'), (3, 'v', 'V', 'V');
INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (3, 2, 0, 0), (4, 2, 0, 1), (1, 2, 0, 2), (3, 3, 0, 0), (1, 3, 0, 1);
INSERT INTO project (name, owner_id, group_id, creation_id, update_id) VALUES ('big', 2, 3, 1, 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
INSERT INTO dataset (name, owner_id, group_id, creation_id, update_id) SELECT 'd' || i, 2, 3, 1, 1 FROM n;
INSERT INTO projectdatasetlink (parent, child, owner_id, group_id, creation_id, update_id) SELECT 1, id, 2, 3, 1, 1 FROM dataset;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO image (name, owner_id, group_id, creation_id, update_id) SELECT 'i' || i, 2, 3, 1, 1 FROM n;
INSERT INTO datasetimagelink (parent, child, owner_id, group_id, creation_id, update_id)
SELECT 1 + (id - 1) / 10000, id, 2, 3, 1, 1 FROM image;`
	if _, err := d.sql.Exec(setup); err != nil {
		b.Fatal(err)
	}
	return path
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	out.Close()
}

// countOf is the number of objects of typ in a result's list.
func countOf(list []graph.Objects, typ *model.Type) int {
	for _, o := range list {
		if o.Type == typ {
			return o.IDs.Len()
		}
	}
	return 0
}

// benchGraph runs one request on a fresh copy of the big project per iteration, as
// root through a real session: everything a command does but starting the process.
func benchGraph(b *testing.B, req GraphRequest) {
	pristine := bigProject(b)
	dir := b.TempDir()
	var cpu time.Duration
	defer func() { b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op") }()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(dir, "run.db")
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
		copyFile(b, pristine, path)
		d, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		before := cpuTime()
		err = d.Update(s.UUID, "graph", func(t *Tx) error {
			res, err := t.Graph(req)
			if n := countOf(res.Included, model.Image) + countOf(res.Deleted, model.Image); err == nil && n != 100000 {
				b.Fatalf("not every image was included: %d", n)
			}
			return err
		})
		cpu += cpuTime() - before
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		d.Close()
	}
}

// cpuTime is the CPU time this process has used, user and system: on a shared
// machine it varies less than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkChown100kImages(b *testing.B) {
	benchGraph(b, GraphRequest{Op: OpChown, Recipient: 3, Targets: []GraphTarget{{Name: "Project", Type: model.Project, IDs: []int64{1}}}})
}

func BenchmarkChgrp100kImages(b *testing.B) {
	benchGraph(b, GraphRequest{Op: OpChgrp, Group: 4, Targets: []GraphTarget{{Name: "Project", Type: model.Project, IDs: []int64{1}}}})
}

func BenchmarkDelete100kImages(b *testing.B) {
	benchGraph(b, GraphRequest{Op: OpDelete, Targets: []GraphTarget{{Name: "Project", Type: model.Project, IDs: []int64{1}}}})
}
