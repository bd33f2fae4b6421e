package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// timeRun runs argv with env and the given stdout, as a shell would start it, and
// returns its wall time from start to exit.
func timeRun(argv, env []string, stdout io.Writer) (time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Stdout = stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return wall, fmt.Errorf("%s: %v\n%s", shellWords(argv), err, stderr.String())
	}
	return wall, nil
}

// memRun runs argv under GNU time and returns its peak resident memory in KB. The
// rusage Go's os/exec reports cannot serve: Go starts children with vfork, and the
// kernel counts the parent's peak in the child's (the driver, having generated the
// database, would show as every command's peak). GNU time forks from a small
// process, so the peak is the command's own.
func memRun(argv, env []string, stdout io.Writer, scratch string) (int64, error) {
	timed := append([]string{"/usr/bin/time", "-f", "%M", "-o", scratch}, argv...)
	if _, err := timeRun(timed, env, stdout); err != nil {
		return 0, err
	}
	out, err := os.ReadFile(scratch)
	if err != nil {
		return 0, err
	}
	var kb int64
	if _, err := fmt.Sscan(string(out), &kb); err != nil {
		return 0, fmt.Errorf("GNU time wrote %q: %w", out, err)
	}
	return kb, nil
}

// shellWords shows a command line, shortened, for messages.
func shellWords(argv []string) string {
	s := strings.Join(argv, " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// stats are the median of the timed runs and the peak of the memory runs.
type stats struct {
	median time.Duration
	peakKB int64
}

func median(walls []time.Duration) time.Duration {
	walls = slices.Clone(walls)
	slices.Sort(walls)
	n := len(walls)
	if n%2 == 0 {
		return (walls[n/2-1] + walls[n/2]) / 2
	}
	return walls[n/2]
}

// copyFile copies a database file, for resets between destructive runs.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeDB deletes a database with its WAL and shared-memory files.
func removeDB(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// build compiles the omero binary and the bench variant into dir.
func build(dir string) (omero, omeroBench string, err error) {
	omero, omeroBench = filepath.Join(dir, "omero"), filepath.Join(dir, "omero-bench")
	for _, b := range [][2]string{{omero, "."}, {omeroBench, "./bench/cmd/omero-bench"}} {
		cmd := exec.Command("go", "build", "-o", b[0], b[1])
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", "", fmt.Errorf("go build %s: %w", b[1], err)
		}
	}
	return omero, omeroBench, nil
}
