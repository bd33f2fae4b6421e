package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyDatabase: a database whose file and directory cannot be written fails
// with one clear line and status 1, and stays as it was. Root ignores file modes, so
// as root the command runs as nobody.
func TestReadOnlyDatabase(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("omero")
	if err != nil {
		t.Skip("omero is only on PATH under TestMain")
	}
	// A directory everyone may enter, holding the binary, the database and a store.
	dir, err := os.MkdirTemp("", "omero-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Chmod(p, 0o755) })
		os.RemoveAll(dir)
	}()
	os.Chmod(dir, 0o755)
	copyTo(t, bin, filepath.Join(dir, "omero"), 0o755)
	dbDir := filepath.Join(dir, "db")
	store := filepath.Join(dir, "store")
	for _, d := range []string{dbDir, store} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if os.Geteuid() == 0 {
			os.Chown(d, 65534, 65534)
		}
	}
	env := []string{"HOME=" + dir, "OMERO_USERDIR=" + dbDir, "OMERO_SESSIONDIR=" + store, "OMERO_PASSWORD=secret"}
	run := func(args ...string) (string, int) {
		cmd := exec.Command(filepath.Join(dir, "omero"), args...)
		cmd.Env = env
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return errOut.String(), code
	}
	if out, code := run("db", "init", "--root-password", "secret"); code != 0 {
		t.Fatalf("db init: %d %s", code, out)
	}
	if out, code := run("-q", "login", "-u", "root"); code != 0 {
		t.Fatalf("login: %d %s", code, out)
	}
	dbFile := filepath.Join(dbDir, "omero.db")
	os.Remove(dbFile + "-wal")
	os.Remove(dbFile + "-shm")
	os.Chmod(dbFile, 0o444)
	os.Chmod(dbDir, 0o555)
	before, _ := os.ReadFile(dbFile)

	out, code := run("-q", "group", "add", "blocked")
	if code != 1 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "not writable") {
		t.Errorf("group add on a read-only database: status %d, stderr %q", code, out)
	}
	after, _ := os.ReadFile(dbFile)
	if !bytes.Equal(before, after) {
		t.Error("the read-only database changed")
	}
}

func copyTo(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
	os.Chmod(to, mode)
}
