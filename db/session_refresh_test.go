package db

import (
	"testing"
	"time"
)

// TestSessionRefreshSlack: a command within RefreshSlackMS of the session's last
// recorded use writes nothing (a read stays a read); one after it records the new
// time, so that the idle timeout keeps counting from real use, to within the slack.
func TestSessionRefreshSlack(t *testing.T) {
	t0 := time.UnixMilli(1_767_225_600_000)
	c := &clock{t0}
	d := testDB(t, Options{Now: c.now})
	at := func(ms int64) { c.t = t0.Add(time.Duration(ms) * time.Millisecond) }
	at(0)
	s, err := d.CreateSession(NewSession{User: "root", Password: "pw", TimeToIdle: 60_000})
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() int64 {
		t.Helper()
		var ms int64
		if err := d.sql.QueryRow(`SELECT last_used FROM session WHERE id = ?`, s.ID).Scan(&ms); err != nil {
			t.Fatal(err)
		}
		return ms - t0.UnixMilli()
	}
	view := func(ms int64) error {
		at(ms)
		return d.View(s.UUID, func(*Tx) error { return nil })
	}
	steps := []struct {
		at, want int64
	}{
		{RefreshSlackMS - 1, 0},                              // within the slack: not written
		{RefreshSlackMS, RefreshSlackMS},                     // at it: written
		{2*RefreshSlackMS - 1, RefreshSlackMS},               // within again
		{RefreshSlackMS + 60_000, RefreshSlackMS + 60_000},   // a full timeout later: still alive, written
		{RefreshSlackMS + 120_000, RefreshSlackMS + 120_000}, // and again
	}
	for _, st := range steps {
		if err := view(st.at); err != nil {
			t.Fatalf("View at %d ms: %v", st.at, err)
		}
		if got := lastUsed(); got != st.want {
			t.Errorf("after View at %d ms, last_used = %d ms, want %d", st.at, got, st.want)
		}
	}
	// Idle for longer than the timeout since the recorded use, the session is gone.
	if err := view(RefreshSlackMS + 180_001); err == nil {
		t.Error("a session idle for longer than its timeout was accepted")
	}
}
