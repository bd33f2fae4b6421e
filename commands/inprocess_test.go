package commands

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
	"golang.org/x/crypto/bcrypt"
)

// A world is a database and a session store in a temporary directory, on which
// command lines run in this process against fake streams, as the testscript
// wrapper runs them in a subprocess: a fixed clock, predictable session keys,
// cheap hashing, no terminal. Runs share nothing of ours; but urfave/cli writes to
// its global help flag while it parses, so they take turns (inProcess).
type world struct {
	t   *testing.T
	env map[string]string
}

// newWorld is a world with a database and root logged in.
func newWorld(t *testing.T) *world {
	t.Helper()
	dir := t.TempDir()
	w := &world{t: t, env: map[string]string{
		"HOME":             dir,
		"OMERO_USERDIR":    filepath.Join(dir, "omero"),
		"OMERO_SESSIONDIR": filepath.Join(dir, "omero", "sessions"),
		"USER":             "root",
	}}
	w.must("db", "init", "--root-password", "secret")
	w.must("login", "-q", "-w", "secret")
	return w
}

func (w *world) hooks() Hooks {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return Hooks{
		DB: db.Options{
			Now:         func() time.Time { return now },
			SessionUUID: func(id int64) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", id) },
			BcryptCost:  bcrypt.MinCost,
		},
		OpenTerminal: func() (Terminal, error) { return nil, fmt.Errorf("no terminal") },
	}
}

// result is what one command line did.
type result struct {
	stdout, stderr string
	status         int
}

// inProcess makes command lines run in this process take turns.
var inProcess sync.Mutex

// run runs omero with args in the world.
func (w *world) run(args ...string) result {
	w.t.Helper()
	inProcess.Lock()
	defer inProcess.Unlock()
	var out, errOut bytes.Buffer
	rt := newRuntime(w.hooks(), func(k string) string { return w.env[k] }, strings.NewReader(""), &out, &errOut)
	status := rt.execute(append([]string{"omero"}, args...))
	return result{out.String(), errOut.String(), status}
}

// must runs a command line that has to succeed, and returns its output.
func (w *world) must(args ...string) string {
	w.t.Helper()
	r := w.run(args...)
	if r.status != 0 {
		w.t.Fatalf("omero %s: status %d\n%s", strings.Join(args, " "), r.status, r.stderr)
	}
	return r.stdout
}

// line is a command line as one string, split on spaces.
func line(s string) []string { return strings.Fields(s) }

// TestDeclaredArgs: each command's positional arguments are checked, as argparse
// would, before anything else happens (no login, no banner).
func TestDeclaredArgs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, c := range []struct {
		cmd, stderr string
	}{
		{"user add jsmith John", "usage: omero user add [options] username firstname lastname [group ...]\nomero user add: error: too few arguments\n"},
		{"group add", "usage: omero group add [options] name\nomero group add: error: too few arguments\n"},
		{"group add a b c", "usage: omero group add [options] name\nomero group add: error: unrecognized arguments: b c\n"},
		{"group copyusers a", "usage: omero group copyusers [options] from to\nomero group copyusers: error: too few arguments\n"},
		{"sessions close", "usage: omero sessions close [options] KEY\nomero sessions close: error: too few arguments\n"},
		{"completion bash zsh", "usage: omero completion [options] bash|zsh|fish\nomero completion: error: expected one shell: bash, zsh or fish\n"},
		{"user list extra", "usage: omero user list [options]\nomero user list: error: unrecognized arguments: extra\n"},
		{"version a b", "usage: omero version [options]\nomero version: error: unrecognized arguments: a b\n"},
		{"ldap setdn", "usage: omero ldap setdn [options] true|false\nomero ldap setdn: error: too few arguments\n"},
		{"user password a b", "usage: omero user password [options] [username]\nomero user password: error: unrecognized arguments: b\n"},
	} {
		t.Run(c.cmd, func(t *testing.T) {
			r := w.run(line(c.cmd)...)
			if r.status != exitUsage || r.stderr != c.stderr || r.stdout != "" {
				t.Errorf("status %d\nstdout %q\nstderr %q\nwant status 2 and stderr %q", r.status, r.stdout, r.stderr, c.stderr)
			}
		})
	}
}

// TestMembershipSteps: each membership command words each step of its one db
// operation after the commit, and a refused one prints nothing.
func TestMembershipSteps(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, cmd := range []string{"group add lab", "group add other", "user add jsmith John Smith lab -P pw", "user add pi P I lab -P pw"} {
		w.must(append(line(cmd), "-q")...)
	}
	for _, c := range []struct {
		cmd    string
		status int
		stdout string
		stderr string
	}{
		{"user joingroup other --name jsmith", 0, "Added 2 to group 4\n", ""},
		{"user joingroup other --name jsmith", 0, "2 is already in group 4\n", ""},
		{"user joingroup other --name jsmith --as-default", 0, "2 is already in group 4\nSet the default group of user 2 to group 4\n", ""},
		{"user joingroup lab other --name jsmith --as-default", 2, "", "--as-default requires a single group ID to be supplied.\n"},
		{"user joingroup --name jsmith", 2, "", "No input group is specified\n"},
		{"user joingroup other --name nobody", 4, "", "Unknown user: nobody\n"},
		{"user leavegroup other --name jsmith --as-owner", 0, "2 is not owner of group 4\n", ""},
		{"user leavegroup other --name jsmith", 0, "Removed 2 from group 4\n", ""},
		{"group adduser pi --name other --as-owner", 0, "Added 3 to the owner list of group 4\n", ""},
		{"group removeuser pi --name other --as-owner", 0, "Removed 3 from the owner list of group 4\n", ""},
		{"group copyusers lab other", 0, "Added 2 to group 4\n3 is already in group 4\nUsers of lab copied to other\n", ""},
		{"group adduser jsmith nobody --name lab", 4, "", "Unknown user: nobody\n"},
		{"group adduser --name lab", 2, "", "No input user is specified\n"},
	} {
		t.Run(c.cmd, func(t *testing.T) {
			r := w.run(append(line(c.cmd), "-q")...)
			if r != (result{c.stdout, c.stderr, c.status}) {
				t.Errorf("got status %d, stdout %q, stderr %q\nwant status %d, stdout %q, stderr %q",
					r.status, r.stdout, r.stderr, c.status, c.stdout, c.stderr)
			}
		})
	}
}

// TestPrivilegeChanges: grant and revoke are decided in db, against what the user's
// restrictions leave, and the ReadSession warning comes with the changes that
// newly expose sessions.
func TestPrivilegeChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.must("-q", "group", "add", "lab")
	w.must("-q", "user", "add", "ra", "R", "A", "lab", "-P", "pw", "--privileges", "Sudo")
	held := func(out string) string {
		var names []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if name, yes := strings.CutSuffix(l, ",Yes"); yes {
				names = append(names, name)
			}
		}
		return strings.Join(names, ",")
	}
	for _, c := range []struct {
		cmd, held string
		warns     bool
	}{
		{"user privileges ra --grant Chown --revoke Sudo", "Chown", false},
		{"user privileges ra --grant ReadSession", "Chown,ReadSession", true},
		{"user privileges ra --grant ReadSession", "Chown,ReadSession", true},
		{"user privileges ra --revoke Chown", "ReadSession", false},
		{"user privileges ra", "ReadSession", false},
	} {
		r := w.run(append(line(c.cmd), "-q", "--style", "csv")...)
		if r.status != 0 || held(r.stdout) != c.held || strings.Contains(r.stderr, "warning: with ReadSession") != c.warns {
			t.Errorf("%s: status %d, held %q, stderr %q; want %q, warning %v", c.cmd, r.status, held(r.stdout), r.stderr, c.held, c.warns)
		}
	}
	r := w.run("-q", "user", "privileges", "ra", "--grant", "Sudo", "--revoke", "Sudo")
	if r.status != exitUsage || r.stderr != "cannot both grant and revoke Sudo\n" {
		t.Errorf("grant and revoke Sudo: %+v", r)
	}
}

// TestNothingPrintedBeforeCommit: a command that changes something and is refused
// prints nothing on stdout, whatever it would have said (sessions group used to
// print inside its transaction).
func TestNothingPrintedBeforeCommit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.must("-q", "group", "add", "lab")
	for _, c := range []struct {
		cmd    string
		status int
	}{
		{"sessions group user", exitPermission},
		{"sessions group nosuch", exitNotFound},
		{"group perms --name system --type read-write", exitPermission},
		{"group add lab", exitExists},
	} {
		r := w.run(append(line(c.cmd), "-q")...)
		if r.status != c.status || r.stdout != "" {
			t.Errorf("%s: status %d, stdout %q; want %d and nothing", c.cmd, r.status, r.stdout, c.status)
		}
	}
	if out := w.must("-q", "sessions", "group", "lab"); out != "Group 'system' (id=0) switched to 'lab' (id=3)\n" {
		t.Errorf("sessions group lab: %q", out)
	}
	if out := w.must("-q", "sessions", "group"); out != "ExperimenterGroup:3\n" {
		t.Errorf("sessions group: %q", out)
	}
}

// TestExitStatusOfEveryKind: exitStatus is one switch on the kind, through any
// wrapping, and an error nobody classified fails with status 1.
func TestExitStatusOfEveryKind(t *testing.T) {
	t.Parallel()
	for kind, want := range map[fault.Kind]int{
		fault.Failed: exitFailed, fault.Usage: exitUsage, fault.Exists: exitExists, fault.NotFound: exitNotFound,
		fault.Denied: exitPermission, fault.Auth: exitAuth, fault.Busy: exitFailed,
	} {
		err := fmt.Errorf("line 3: %w", fault.New(kind, "x"))
		if got := exitStatus(err); got != want {
			t.Errorf("%v: status %d, want %d", kind, got, want)
		}
	}
	if got := exitStatus(fmt.Errorf("driver")); got != exitFailed {
		t.Errorf("an unclassified error: status %d", got)
	}
	if got := exitStatus(&UsageError{Msg: "x"}); got != exitUsage {
		t.Errorf("a UsageError: status %d", got)
	}
}

// TestReportPrintsMessageAndHint: report prints what the layers above added, the
// message, and the hint behind it on its own line; a usage error its usage line.
func TestReportPrintsMessageAndHint(t *testing.T) {
	t.Parallel()
	hinted := fault.New(fault.Denied, "SecurityViolation: Admins only!").WithHint("log in as an administrator")
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("line 2: %w", hinted), "line 2: SecurityViolation: Admins only!\nlog in as an administrator\n"},
		{fmt.Errorf("%w; nothing was saved", &UsageError{Prog: "omero obj", Usage: "usage: omero obj", Msg: "bad", Choices: "\n\nchoose from:\n\ta"}),
			"usage: omero obj\nomero obj: error: bad; nothing was saved\n\nchoose from:\n\ta\n"},
		{fault.New(fault.NotFound, "Unknown user: a\x1b[31m"), "Unknown user: a\\x1b[31m\n"},
	} {
		var b bytes.Buffer
		if err := report(&b, c.err); err != nil || b.String() != c.want {
			t.Errorf("report(%v) = %q, %v; want %q", c.err, b.String(), err, c.want)
		}
	}
}
