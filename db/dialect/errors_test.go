package dialect

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/omero-go/omero/perms/fault"
)

func TestClassifyPostgresCodes(t *testing.T) {
	pg := func(e pgconn.PgError) error { return fmt.Errorf("exec: %w", &e) }
	busy := "the database is busy: another command held it for more than 10 s; nothing was changed, try again"
	for _, tc := range []struct {
		name string
		err  error
		kind fault.Kind
		msg  string
	}{
		{"lock timeout", pg(pgconn.PgError{Code: "55P03", Message: "canceling statement due to lock timeout"}), fault.Busy, busy},
		{"deadlock", pg(pgconn.PgError{Code: "40P01"}), fault.Busy, busy},
		{"serialization", pg(pgconn.PgError{Code: "40001"}), fault.Busy, busy},
		{"unique", pg(pgconn.PgError{Code: "23505", TableName: "experimenter", ConstraintName: "experimenter_omename_key",
			Detail: "Key (omename)=(root) already exists."}), fault.Exists, "UNIQUE constraint failed: experimenter.omename"},
		{"unique, two columns and a value that looks like the separator", pg(pgconn.PgError{Code: "23505", TableName: "m",
			Detail: "Key (parent, child)=(1, 2)=(3) already exists."}), fault.Exists, "UNIQUE constraint failed: m.parent, m.child"},
		{"unique, quoted column", pg(pgconn.PgError{Code: "23505", TableName: "well", Detail: `Key ("row", "column")=(1, 2) already exists.`}),
			fault.Exists, "UNIQUE constraint failed: well.row, well.column"},
		{"unique, no detail", pg(pgconn.PgError{Code: "23505", TableName: "experimenter", ConstraintName: "experimenter_omename_key"}),
			fault.Exists, "UNIQUE constraint failed: experimenter_omename_key"},
		{"trigger", pg(pgconn.PgError{Code: TriggerSQLState, Message: "cannot change name of special group"}),
			fault.Failed, "cannot change name of special group"},
		{"not null", pg(pgconn.PgError{Code: "23502", TableName: "project", ColumnName: "name"}), fault.Failed, "NOT NULL constraint failed: project.name"},
		{"foreign key", pg(pgconn.PgError{Code: "23503"}), fault.Failed, "FOREIGN KEY constraint failed"},
		{"check", pg(pgconn.PgError{Code: "23514", ConstraintName: "image_archived_check"}), fault.Failed, "CHECK constraint failed: image_archived_check"},
		{"bad encoding", pg(pgconn.PgError{Code: "22021"}), fault.Usage, "text that is not valid UTF-8 or holds a NUL character cannot be stored"},
		{"untranslatable", pg(pgconn.PgError{Code: "22P05"}), fault.Usage, "text that is not valid UTF-8 or holds a NUL character cannot be stored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Classify(tc.err, 10*time.Second)
			var fe *fault.Error
			if !errors.As(got, &fe) || fe.Kind != tc.kind || got.Error() != tc.msg {
				t.Errorf("Classify = %v (%T), want %v %q", got, got, tc.kind, tc.msg)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("Classify dropped the cause")
			}
		})
	}
}

func TestClassifyLeavesOthersAlone(t *testing.T) {
	other := &pgconn.PgError{Code: "42P01", Message: "relation does not exist"}
	ours := fault.New(fault.NotFound, "Unknown user: x")
	plain := errors.New("plain")
	for _, err := range []error{nil, other, ours, plain} {
		if got := Classify(err, time.Second); got != err {
			t.Errorf("Classify(%v) = %v, want it unchanged", err, got)
		}
	}
}

func TestBusyMessageNamesTheWait(t *testing.T) {
	for wait, want := range map[time.Duration]string{
		10 * time.Second:        "more than 10 s;",
		1500 * time.Millisecond: "more than 1.5 s;",
		300 * time.Millisecond:  "more than 0.3 s;",
	} {
		if got := BusyError(wait).Error(); !strings.Contains(got, want) {
			t.Errorf("BusyError(%v) = %q, want it to say %q", wait, got, want)
		}
	}
}

func TestInnermost(t *testing.T) {
	root := errors.New("connection refused")
	joined := errors.Join(errors.New("first address: no route"), fmt.Errorf("dial: %w", root))
	if got := innermost(fmt.Errorf("connect: %w", joined)); got != root {
		t.Errorf("innermost = %v, want %v", got, root)
	}
}

// Whatever the cause says, the password given in the URL is never repeated.
func TestConnectErrorNeverShowsThePassword(t *testing.T) {
	for _, server := range []string{"postgres://u:hunter2@h/db", "postgres://u:hunter2@h:x%zz/db"} {
		err := ConnectError(server, &pgconn.PgError{Code: "XX000", Message: "odd: hunter2"})
		if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "odd: xxxxx") {
			t.Errorf("%s: %q", server, err)
		}
	}
	if ConnectError("postgres://h/db", nil) != nil {
		t.Error("ConnectError(nil) is not nil")
	}
}
