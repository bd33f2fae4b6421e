// Command bench generates facility-sized omero databases and times the omero binary
// on them, each case beside a reference tool doing the same work (the sqlite3 shell
// running the same SQL), and prints the table the README's Performance section shows.
// Run it from the repository root:
//
//	go run ./bench                  # 100k rows
//	go run ./bench -scale large     # 100k and 1M rows: the README's table
//	go run ./bench -scale tiny -runs 3 -only 'user list'
//
// Everything it writes goes under bench/out (ignored by git).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type options struct {
	out     string
	scales  []Scale
	only    string
	reuse   bool
	profile bool
	render  string
	measure measureOpts
}

func main() {
	var o options
	flag.IntVar(&o.measure.Runs, "runs", 9, "timed pairs of each case")
	flag.IntVar(&o.measure.MemRuns, "memruns", 2, "runs of each tool under GNU time for the peak RSS, before the timed pairs")
	flag.DurationVar(&o.measure.Long, "long", 10*time.Second, "a case whose first run takes longer gets only 3 timed pairs")
	flag.StringVar(&o.out, "out", "bench/out", "directory for the binaries, databases and profiles")
	scale := flag.String("scale", "medium", "tiny (1k rows), small (10k), medium (100k), large (100k,1m), full (10k,100k,1m), or a list such as 10k,250k")
	flag.StringVar(&o.only, "only", "", "run only the cases whose name contains this")
	flag.BoolVar(&o.reuse, "reuse", false, "keep each generated database in OUT/cache and reuse it while the generator and schema stay the same")
	flag.BoolVar(&o.profile, "profile", false, "after timing each case, run omero once more through omero-prof and keep its profiles in OUT/profiles")
	flag.StringVar(&o.render, "render", "", "print the table of an earlier run from its results.json, measuring nothing")
	flag.StringVar(&postgresServer, "postgres", "", "run the cases on PostgreSQL beside psql: the URL of a server whose role may create databases")
	flag.Parse()
	if o.render != "" {
		if err := render(o.render); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	var err error
	if o.scales, err = parseScales(*scale); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if o.measure.Runs < 1 || o.measure.MemRuns < 1 {
		fmt.Fprintln(os.Stderr, "bench: -runs and -memruns must be at least 1")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if postgresServer != "" {
		useDialect(postgresRef.name)
	}
	if err := preflight(); err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	if o.profile {
		if err := os.RemoveAll(filepath.Join(o.out, "profiles")); err != nil {
			return err
		}
	}
	start := time.Now()
	rec := runRecord{Machine: readMachine(), Opts: o.measure, LoadStart: loadAvg()}
	progress("building omero, omero-bench, omero-prof and the minimal cgo binary")
	bins, err := build(o.out)
	if err != nil {
		return err
	}
	fresh, err := newHome(o.out, "fresh", nil, bins.omero)
	if err != nil {
		return err
	}
	rec.Tool, rec.ToolVersion = fresh.t.Tool(), fresh.t.ToolVersion()
	if err := ready(fresh, false, ""); err != nil {
		return err
	}
	schema, err := fresh.queryInt(ref.schemaVersion)
	if err != nil {
		return err
	}
	d := &driver{o: o, bins: bins}
	if err := d.measureAll(freshCases(fresh, bins)); err != nil {
		return err
	}
	for i := range o.scales {
		s := &o.scales[i]
		h, err := newHome(o.out, "scale-"+s.Name, s, bins.omero)
		if err != nil {
			return err
		}
		// The case list, built without facts, says whether -only wants this scale at
		// all, before minutes go into generating it.
		dry, err := scaleCases(h, s, facts{}, bins)
		if err != nil {
			return err
		}
		if !d.wantsAny(dry) {
			continue
		}
		progress(fmt.Sprintf("generating scale %s (%s users, %s images)", s.Name, thousands(s.Users()), thousands(s.Images())))
		stamp := fmt.Sprintf("%s rows=%d schema=%d", genVersion, s.Rows, schema)
		if err := h.create(o.reuse, stamp); err != nil {
			return err
		}
		if err := h.login(); err != nil {
			return err
		}
		f, err := setUp(h, *s)
		if err != nil {
			return err
		}
		if err := h.t.Snapshot(); err != nil {
			return err
		}
		size, err := h.t.Size()
		if err != nil {
			return err
		}
		rec.Scales = append(rec.Scales, scaleRecord{Scale: *s, Bytes: size, GenTime: h.genTime, Reused: h.reused})
		cs, err := scaleCases(h, s, f, bins)
		if err != nil {
			return err
		}
		if err := d.measureAll(cs); err != nil {
			return err
		}
	}
	rec.Results, rec.LoadEnd, rec.Took = d.results, loadAvg(), time.Since(start)
	js, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.out, "results.json"), js, 0o644); err != nil {
		return err
	}
	var md strings.Builder
	if err := report(&md, rec); err != nil {
		return err
	}
	_, stdoutErr := os.Stdout.WriteString(md.String())
	path := filepath.Join(o.out, "report.md")
	progress("the table is also in " + path + ", the measurements in results.json")
	// report.md is written even if stdout failed (say, a closed pipe), so that the
	// table is not lost; then stdout's error is returned.
	if err := os.WriteFile(path, []byte(md.String()), 0o644); err != nil {
		return err
	}
	return stdoutErr
}

// render prints the report of a results.json.
func render(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var rec runRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return report(os.Stdout, rec)
}

// ready makes a home usable: its database created (or reused), root logged in, and
// its pristine copy taken.
func ready(h *home, reuse bool, stamp string) error {
	if err := h.create(reuse, stamp); err != nil {
		return err
	}
	if err := h.login(); err != nil {
		return err
	}
	return h.t.Snapshot()
}

// driver measures cases in turn and keeps their results.
type driver struct {
	o       options
	bins    binaries
	results []record
}

func (d *driver) wants(c *benchCase) bool { return strings.Contains(c.name, d.o.only) }

func (d *driver) wantsAny(cs []*benchCase) bool {
	for _, c := range cs {
		if d.wants(c) {
			return true
		}
	}
	return false
}

func (d *driver) measureAll(cs []*benchCase) error {
	for _, c := range cs {
		if !d.wants(c) {
			continue
		}
		label := c.name
		if c.scale != nil {
			label += " at " + c.scale.Name
		}
		if c.skip != "" {
			progress("skipping " + label)
			d.results = append(d.results, c.record())
			continue
		}
		progress("timing " + label)
		r, err := c.measure(d.o.measure)
		if err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		d.results = append(d.results, r)
		if d.o.profile {
			if err := profileCase(c, d.bins, filepath.Join(d.o.out, "profiles")); err != nil {
				return fmt.Errorf("profiling %s: %w", label, err)
			}
		}
	}
	return nil
}

// progress says what the driver is doing, on stderr, so stdout is only the table.
func progress(msg string) {
	fmt.Fprintf(os.Stderr, "bench %s: %s\n", time.Now().Format("15:04:05"), msg)
}
