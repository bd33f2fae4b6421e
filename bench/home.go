package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// home is one database with its own session store, like one administrator's
// machine: the fresh database and each generated scale get one, so that logging in to
// one does not replace another's current session.
type home struct {
	name  string // "fresh", or the scale's name
	scale *Scale // nil for the fresh database
	dir   string
	t     target
	omero string // the omero binary used for setup

	genTime time.Duration // db init and generation, or 0 when reused
	reused  bool
}

func newHome(out, name string, s *Scale, omero string) (*home, error) {
	dir, err := filepath.Abs(filepath.Join(out, name))
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if postgresServer != "" {
		t, err := newPostgresTarget(postgresServer, dir, name)
		if err != nil {
			return nil, err
		}
		return &home{name: name, scale: s, dir: dir, t: t, omero: omero}, nil
	}
	cache, err := filepath.Abs(filepath.Join(out, "cache", name+".db"))
	if err != nil {
		return nil, err
	}
	return &home{name: name, scale: s, dir: dir, t: newSQLiteTarget(dir, cache), omero: omero}, nil
}

// postgresServer is the server -postgres names: when set, every home's database is
// a PostgreSQL database there instead of a SQLite file.
var postgresServer string

// env is the whole environment of every command run in this home: nothing from the
// caller's environment but PATH and the login name a shell sets, so that no
// GOMEMLIMIT, GOGC or OMERO_* leaks in.
func (h *home) env() []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + h.dir,
		"OMERO_USERDIR=" + h.dir,
		"OMERO_SESSIONDIR=" + filepath.Join(h.dir, "sessions"),
		"OMERO_DB=" + h.t.OmeroDB(),
		"TZ=UTC",
	}
	// PostgreSQL's password, when the URL does not carry it; HOME has moved, so a
	// ~/.pgpass is named by its path.
	for _, k := range []string{"USER", "LOGNAME", "PGPASSWORD", "PGPASSFILE"} {
		if v := os.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	if home, err := os.UserHomeDir(); err == nil && os.Getenv("PGPASSFILE") == "" {
		if _, err := os.Stat(filepath.Join(home, ".pgpass")); err == nil {
			env = append(env, "PGPASSFILE="+filepath.Join(home, ".pgpass"))
		}
	}
	return env
}

// file is a path in the home's folder.
func (h *home) file(name string) string { return filepath.Join(h.dir, name) }

// run runs omero untimed, for setup, and returns its standard output.
func (h *home) run(args ...string) (string, error) {
	cmd := exec.Command(h.omero, args...)
	cmd.Env = h.env()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("omero %s: %v\n%s", shellWords(args), err, errOut.String())
	}
	return out.String(), nil
}

// create makes the database with `omero db init` and fills it at the home's scale
// (none: leave it fresh), or adopts the cached copy of an earlier driver run when
// reuse is set and the stamp matches.
func (h *home) create(reuse bool, stamp string) error {
	s := h.scale
	start := time.Now()
	if s != nil && reuse {
		ok, err := h.t.Reuse(stamp)
		if err != nil {
			return err
		}
		if ok {
			h.reused = true
			return nil
		}
	}
	if _, err := h.run("db", "init", "--root-password", Password); err != nil {
		return err
	}
	if s == nil {
		return nil
	}
	if err := h.t.Fill(*s); err != nil {
		return fmt.Errorf("generating %s: %w", h.t.OmeroDB(), err)
	}
	h.genTime = time.Since(start)
	if reuse {
		return h.t.Keep(stamp)
	}
	return nil
}

// login opens root's session for the longest idle timeout omero allows, so that a
// database put back from its pristine copy an hour later still has a live session.
func (h *home) login() error {
	_, err := h.run("-q", "login", "root@localhost", "-w", Password, "-t", "86400")
	return err
}

// exec runs one statement on the database directly.
func (h *home) exec(q string, args ...any) (err error) {
	d, err := h.t.Open()
	if err != nil {
		return err
	}
	defer closeInto(d, &err)
	_, err = d.Exec(ref.bind(q), args...)
	return err
}

// queryInt runs a query that returns one integer.
func (h *home) queryInt(q string, args ...any) (int64, error) {
	d, err := h.t.Open()
	if err != nil {
		return 0, err
	}
	// Only queried: nothing is written through d, so closing it cannot lose data.
	defer func() { _ = d.Close() }()
	var n int64
	if err := d.QueryRow(ref.bind(q), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", q, err)
	}
	return n, nil
}
