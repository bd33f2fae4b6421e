package db

import (
	"database/sql"
	"testing"
	"time"
)

// TestWritesCommitDurably: a write transaction commits with synchronous=FULL, so
// that a command that printed success keeps its change through a power cut; also
// on a connection whose last read wrote the session's last-use time, which runs
// with NORMAL and no busy wait.
func TestWritesCommitDurably(t *testing.T) {
	t0 := time.UnixMilli(1_767_225_600_000)
	c := &clock{t0}
	d := testDB(t, Options{Now: c.now})
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	c.t = t0.Add(time.Minute)
	if err := d.View(s.UUID, func(*Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := lastUsedOf(t, d, s.ID); got != t0.Add(time.Minute).UnixMilli() {
		t.Fatalf("the read did not write the last-use time")
	}
	var mode, busy int
	err = d.Update(s.UUID, "test", func(tx *Tx) error {
		if err := tx.queryRow(`PRAGMA synchronous`).Scan(&mode); err != nil {
			return err
		}
		return tx.queryRow(`PRAGMA busy_timeout`).Scan(&busy)
	})
	if err != nil {
		t.Fatal(err)
	}
	if mode != 2 {
		t.Errorf("synchronous = %d in a write transaction, want 2 (FULL)", mode)
	}
	if want := DefaultBusyTimeout.Milliseconds(); int64(busy) != want {
		t.Errorf("busy_timeout = %d in a write transaction, want %d", busy, want)
	}
}

// TestViewBesideWriter: while another connection holds the write lock, View reads
// the last committed state at once, and skips the session's last-use time that is
// due rather than waiting for it; once the writer is gone, View writes it.
func TestViewBesideWriter(t *testing.T) {
	t0 := time.UnixMilli(1_767_225_600_000)
	c := &clock{t0}
	d := testDB(t, Options{Now: c.now, BusyTimeout: time.Second})
	path := d.Path
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}

	holder, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO experimentergroup (name, permissions) VALUES ('uncommitted', -120)`); err != nil {
		t.Fatal(err)
	}

	c.t = t0.Add(time.Minute)
	var groups int
	start := time.Now()
	err = d.View(s.UUID, func(tx *Tx) error {
		return tx.queryRow(`SELECT count(*) FROM experimentergroup`).Scan(&groups)
	})
	took := time.Since(start)
	if err != nil {
		t.Fatalf("View beside a writer: %v", err)
	}
	if took >= time.Second {
		t.Errorf("View took %v: it waited for the writer", took)
	}
	if groups != 3 {
		t.Errorf("View saw %d groups, want the 3 committed ones", groups)
	}
	if got := lastUsedOf(t, d, s.ID); got != t0.UnixMilli() {
		t.Errorf("last_used moved to %d while the database was busy", got-t0.UnixMilli())
	}

	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := d.View(s.UUID, func(*Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, want := lastUsedOf(t, d, s.ID), t0.Add(time.Minute).UnixMilli(); got != want {
		t.Errorf("last_used = %d after the writer left, want %d", got, want)
	}
}

func lastUsedOf(t *testing.T, d *DB, id int64) int64 {
	t.Helper()
	var ms int64
	if err := d.sql.QueryRow(`SELECT last_used FROM session WHERE id = ?`, id).Scan(&ms); err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestViewRefusesWrites: a write inside View is refused by SQLite, not waited for,
// and the connection the pool gets back writes again.
func TestViewRefusesWrites(t *testing.T) {
	d := freshDB(t)
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	err = d.View(s.UUID, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE experimenter SET firstname = 'changed' WHERE id = 0`)
		return err
	})
	if err == nil {
		t.Fatal("a write inside View was accepted")
	}
	err = d.Update(s.UUID, "test", func(tx *Tx) error {
		_, err := tx.exec(`UPDATE experimenter SET firstname = 'renamed' WHERE id = 0`)
		return err
	})
	if err != nil {
		t.Fatalf("a write after a refused View: %v", err)
	}
}
