package main

import (
	"fmt"
	"os"
	"time"
)

// benchCase is one thing an administrator does, timed through the omero binary and
// through a reference tool doing the same work: the target's shell running the same
// SQL (reads and writes, audit rows included, without the session check, the
// permission rules and the graph plan), or for `--version` a cgo binary that opens
// nothing.
type benchCase struct {
	name  string // as the table shows it; -only matches it
	home  *home
	scale *Scale // nil for the cases on the fresh database, which do not scale
	// objects is what the per-object time divides by (unit names it); 0 for none.
	objects int
	unit    string
	omero   func(tag string) []string // omero's argument list, binary first
	ref     func(tag string) []string // the reference's
	// reset puts the pristine database back before every run of either tool, for
	// cases that change it; before, if set, runs untimed before every run.
	reset  bool
	before func() error
	// check looks at what the first run of each tool printed (a file) and did, so
	// that a case never times a command that failed or did less than the other.
	checkOmero, checkRef func(tag, out string) error
	ratioGoal            float64 // 0 for ratioGoal; --version has its own
	note                 string  // printed under the table
	skip                 string  // why the case is not timed at this scale, if it is not
}

// record is the case's entry in the run's results, without measurements yet.
func (c *benchCase) record() record {
	r := record{Case: c.name, Objects: c.objects, Unit: c.unit, Goal: ratioGoal, Note: c.note, Skip: c.skip}
	if c.ratioGoal > 0 {
		r.Goal = c.ratioGoal
	}
	if c.scale != nil {
		r.Scale = c.scale.Name
	}
	return r
}

// measureOpts are the driver's choices that shape every case.
type measureOpts struct {
	Runs    int           // timed pairs
	MemRuns int           // runs of each tool under GNU time, before the timed ones
	Long    time.Duration // a case whose first omero run took longer gets fewer pairs
}

// fewPairs is the number of timed pairs of a long case.
const fewPairs = 3

// measure runs each tool memRuns times under GNU time for the peak (the first run of
// each checked), then the timed pairs: the two tools in turn, which goes first
// alternating from pair to pair, with nothing else in between but the untimed
// preparation.
func (c *benchCase) measure(o measureOpts) (record, error) {
	r := c.record()
	if err := c.home.t.Reset(); err != nil {
		return r, err
	}
	tools := []*tool{{name: "o", argv: c.omero, check: c.checkOmero, side: &r.Omero},
		{name: "r", argv: c.ref, check: c.checkRef, side: &r.Ref}}
	var first time.Duration
	for run := 0; run < o.MemRuns; run++ {
		for _, t := range tools {
			wall, err := c.peakRun(t, run)
			if err != nil {
				return r, err
			}
			if run == 0 && t.name == "o" {
				first = wall
			}
		}
	}
	pairs := o.Runs
	if first > o.Long {
		pairs = min(pairs, fewPairs)
	}
	for i := range pairs {
		order := tools
		if i%2 == 1 {
			order = []*tool{tools[1], tools[0]}
		}
		for _, t := range order {
			if err := c.prepare(); err != nil {
				return r, err
			}
			p := c.process(t, fmt.Sprintf("%s%d", t.name, i+1), os.DevNull)
			wall, cpu, err := p.run()
			if err != nil {
				return r, err
			}
			t.side.Walls = append(t.side.Walls, wall)
			t.side.CPUs = append(t.side.CPUs, cpu)
		}
	}
	return r, nil
}

// tool is one side of a case; its tag prefix keeps the names the two sides create
// apart ("o3" is omero's third timed run, "rm0" the reference's first memory run).
type tool struct {
	name  string
	argv  func(tag string) []string
	check func(tag, out string) error
	side  *side
}

func (c *benchCase) process(t *tool, tag, stdout string) process {
	return process{argv: t.argv(tag), env: c.home.env(), stdout: stdout, stderr: c.home.file("stderr.txt")}
}

// prepare puts the pristine database back when the case changes it, and runs the
// case's own preparation.
func (c *benchCase) prepare() error {
	if c.reset {
		if err := c.home.t.Reset(); err != nil {
			return err
		}
	}
	if c.before != nil {
		return c.before()
	}
	return nil
}

// peakRun runs a tool once under GNU time; the first run's output and effect are
// checked.
func (c *benchCase) peakRun(t *tool, run int) (time.Duration, error) {
	if err := c.prepare(); err != nil {
		return 0, err
	}
	tag := fmt.Sprintf("%sm%d", t.name, run)
	out := c.home.file("stdout.txt")
	p := c.process(t, tag, out)
	wall, kb, err := p.peakRun(c.home.file("time.txt"))
	if err != nil {
		return 0, err
	}
	t.side.PeakKB = max(t.side.PeakKB, kb)
	if run > 0 || t.check == nil {
		return wall, nil
	}
	if err := t.check(tag, out); err != nil {
		return 0, fmt.Errorf("%s: %w", shellWords(p.argv), err)
	}
	return wall, nil
}
