// Command bench builds a facility-sized omero database and times the omero binary on
// it, each case beside the sqlite3 shell doing the same work, and prints the table
// the README's Performance section shows. Run it from the repository root:
//
//	go run ./bench
//
// Everything it writes goes under bench/out (ignored by git).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

func main() {
	runs := flag.Int("runs", 9, "timed runs of each case (the median is reported)")
	out := flag.String("out", "bench/out", "directory for the binaries and databases")
	scale := flag.String("scale", "full", "full (the facility of issue 7) or tiny (a quick check of the driver)")
	only := flag.String("only", "", "run only the cases whose name contains this")
	flag.Parse()
	s := Full
	switch *scale {
	case "full":
	case "tiny":
		s = Tiny
	default:
		fmt.Fprintln(os.Stderr, "bench: -scale is full or tiny")
		os.Exit(2)
	}
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "bench: -runs must be at least 1")
		os.Exit(2)
	}
	if err := run(*out, s, *runs, *only); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(out string, s Scale, runs int, only string) error {
	if err := preflight(); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	load := loadAvg()
	progress("building omero and omero-bench")
	omero, omeroBench, err := build(out)
	if err != nil {
		return err
	}
	fresh, err := newHome(out, "fresh", omero)
	if err != nil {
		return err
	}
	if err := fresh.create(nil); err != nil {
		return err
	}
	large, err := newHome(out, "large", omero)
	if err != nil {
		return err
	}
	progress("generating the large database")
	start := time.Now()
	if err := large.create(func(path string) error { return Generate(path, s) }); err != nil {
		return err
	}
	genTime := time.Since(start)
	f, err := setUpLarge(large)
	if err != nil {
		return err
	}
	for _, h := range []*home{fresh, large} {
		if err := h.snapshot(); err != nil {
			return err
		}
	}
	var results []result
	for _, c := range cases(fresh, large, omero, omeroBench, f, s) {
		if !strings.Contains(c.name, only) {
			continue
		}
		progress("timing " + c.name)
		r, err := c.measure(runs)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		results = append(results, r)
	}
	return report(os.Stdout, reportInfo{scale: s, runs: runs, genTime: genTime, results: results, loadStart: load, loadEnd: loadAvg()})
}

// preflight checks for what the driver needs besides Go: the repository root as
// the working directory, the sqlite3 shell and GNU time.
func preflight() error {
	if _, err := os.Stat("bench/cmd/omero-bench"); err != nil {
		return errors.New("run it from the repository root: go run ./bench")
	}
	for _, tool := range []string{"sqlite3", "/usr/bin/time"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is needed (sqlite3 and GNU time packages): %w", tool, err)
		}
	}
	return nil
}

// progress says what the driver is doing, on stderr, so stdout is only the table.
func progress(msg string) { fmt.Fprintln(os.Stderr, "bench:", msg) }
