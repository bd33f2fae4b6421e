package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// benchCase is one thing an administrator does, timed through the omero binary and,
// where SQL can say the same, through the sqlite3 shell on the same database.
type benchCase struct {
	name  string
	home  *home
	bin   string // the omero binary to time
	args  func(tag string) []string
	sql   func(tag string) string // the sqlite3 shell's script; nil when there is none
	shell []string                // or the shell's whole argument list, without a database
	mode  []string                // sqlite3 options before the database: -csv, -header
	reset bool                    // put the pristine database back before every run
	// lightSync: omero's write here is a read command's last-use time, which it
	// commits with synchronous=NORMAL; its write commands commit with FULL.
	lightSync bool
	// before, if set, runs untimed before every run of either tool.
	before func() error
	// check looks at what the first run of each tool printed and did, so that a
	// case never times a command that failed or did less than the other.
	check func(tag string, out []byte) error
	goal  time.Duration // the time goal of issue 7, if the case has one
	note  string        // printed under the table
}

// result is what the report prints for a case.
type result struct {
	c      *benchCase
	omero  stats
	sqlite *stats // nil when there is no sqlite3 equivalent
}

// memRuns is how many runs of each tool go through GNU time for the memory column;
// the first is also the checked one.
const memRuns = 3

// measure runs each tool memRuns times under GNU time (the first run checked), then
// runs times each with nothing in between, the tools taking turns so that a slow
// moment of the machine hits both.
func (c *benchCase) measure(runs int) (result, error) {
	r := result{c: c}
	tools := []*tool{{prefix: "o", argv: c.omeroArgv}}
	if c.sql != nil || c.shell != nil {
		tools = append(tools, &tool{prefix: "s", argv: c.sqliteArgv})
	}
	if err := c.home.reset(); err != nil {
		return r, err
	}
	for run := 0; run < memRuns; run++ {
		for _, t := range tools {
			if err := c.memRun(t, run); err != nil {
				return r, err
			}
		}
	}
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return r, err
	}
	defer devNull.Close()
	for run := 1; run <= runs; run++ {
		for _, t := range tools {
			if err := c.prepare(); err != nil {
				return r, err
			}
			wall, err := timeRun(t.argv(fmt.Sprintf("%s%d", t.prefix, run)), c.home.env(), devNull)
			if err != nil {
				return r, err
			}
			t.walls = append(t.walls, wall)
		}
	}
	r.omero = tools[0].stats()
	if len(tools) > 1 {
		st := tools[1].stats()
		r.sqlite = &st
	}
	return r, nil
}

// tool is one side of a case; its tag prefix keeps the names the two sides create
// apart ("o3" is omero's third timed run, "sm0" the shell's first memory run).
type tool struct {
	prefix string
	argv   func(tag string) []string
	walls  []time.Duration
	peakKB int64
}

func (t *tool) stats() stats { return stats{median: median(t.walls), peakKB: t.peakKB} }

func (c *benchCase) omeroArgv(tag string) []string { return append([]string{c.bin}, c.args(tag)...) }

// prepare puts the pristine database back when the case changes it, and runs the
// case's own preparation.
func (c *benchCase) prepare() error {
	if c.reset {
		if err := c.home.reset(); err != nil {
			return err
		}
	}
	if c.before != nil {
		return c.before()
	}
	return nil
}

// memRun runs a tool once under GNU time; the first run's output and effect are
// checked.
func (c *benchCase) memRun(t *tool, run int) error {
	if err := c.prepare(); err != nil {
		return err
	}
	tag := fmt.Sprintf("%sm%d", t.prefix, run)
	argv := t.argv(tag)
	var out bytes.Buffer
	kb, err := memRun(argv, c.home.env(), &out, filepath.Join(c.home.dir, "time.out"))
	if err != nil {
		return err
	}
	t.peakKB = max(t.peakKB, kb)
	if run > 0 || c.check == nil {
		return nil
	}
	if err := c.check(tag, out.Bytes()); err != nil {
		return fmt.Errorf("%s: %w", shellWords(argv), err)
	}
	return nil
}

// sqliteArgv runs the script as the shell's argument, with the settings omero's
// connections use (foreign keys on; synchronous FULL, or NORMAL for lightSync), so
// that both tools pay for the same durability.
func (c *benchCase) sqliteArgv(tag string) []string {
	if c.shell != nil {
		return append([]string{"sqlite3"}, c.shell...)
	}
	argv := append([]string{"sqlite3"}, c.mode...)
	sync := "FULL"
	if c.lightSync {
		sync = "NORMAL"
	}
	return append(argv, c.home.db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = "+sync+"; "+c.sql(tag))
}
