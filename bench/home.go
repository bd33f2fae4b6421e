package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// home is one database with its own session store, like one administrator's
// machine: the fresh database and the large one each get one, so that logging in to
// one does not replace the other's current session.
type home struct {
	dir      string
	db       string // the database every command uses
	pristine string // its state before any timed run, for resets
	omero    string // the omero binary used for setup
}

func newHome(out, name, omero string) (*home, error) {
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
	return &home{dir: dir, db: filepath.Join(dir, "omero.db"), pristine: filepath.Join(dir, "pristine.db"), omero: omero}, nil
}

// env is the whole environment of every command run in this home: nothing from the
// caller's environment but PATH, so that no GOMEMLIMIT, GOGC or OMERO_* leaks in.
func (h *home) env() []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + h.dir,
		"OMERO_USERDIR=" + h.dir,
		"OMERO_SESSIONDIR=" + filepath.Join(h.dir, "sessions"),
		"OMERO_DB=" + h.db,
		"TZ=UTC",
	}
}

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

// create makes the database with `omero db init`, fills it with gen (if not nil), and
// logs root in for an hour.
func (h *home) create(gen func(path string) error) error {
	if _, err := h.run("db", "init", "--root-password", Password); err != nil {
		return err
	}
	if gen != nil {
		if err := gen(h.db); err != nil {
			return fmt.Errorf("generating %s: %w", h.db, err)
		}
	}
	_, err := h.run("-q", "login", "root@localhost", "-w", Password, "-t", "3600")
	return err
}

// snapshot folds the WAL into the database and keeps a copy to reset to.
func (h *home) snapshot() error {
	d, err := h.open()
	if err != nil {
		return err
	}
	_, err = d.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	d.Close()
	if err != nil {
		return err
	}
	return copyFile(h.db, h.pristine)
}

// reset puts the pristine database back.
func (h *home) reset() error {
	if err := removeDB(h.db); err != nil {
		return err
	}
	return copyFile(h.pristine, h.db)
}

// open opens the database directly, for setup and for checking what a run did.
func (h *home) open() (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+h.db+"?mode=rw&_busy_timeout=10000")
}

// exec runs one statement on the database directly.
func (h *home) exec(q string, args ...any) error {
	d, err := h.open()
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = d.Exec(q, args...)
	return err
}

// queryInt runs a query that returns one integer.
func (h *home) queryInt(q string, args ...any) (int64, error) {
	d, err := h.open()
	if err != nil {
		return 0, err
	}
	defer d.Close()
	var n int64
	if err := d.QueryRow(q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", q, err)
	}
	return n, nil
}
