package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// runRecord is a whole driver run: what the report states and what -render reads
// back from results.json, so that the table can be printed again without measuring.
type runRecord struct {
	Machine     machine
	Tool        string // the reference tool, and its version
	ToolVersion string
	Opts        measureOpts
	Scales      []scaleRecord // the generated scales, smallest first
	Results     []record      // in the order measured
	LoadStart   string        // /proc/loadavg's three figures before and after
	LoadEnd     string
	Took        time.Duration
}

// scaleRecord is one generated database.
type scaleRecord struct {
	Scale
	Bytes   int64
	GenTime time.Duration // db init and generation
	Reused  bool          // taken from the cache (-reuse)
}

// record is one case at one scale.
type record struct {
	Case    string
	Scale   string // "" for the cases on the fresh database
	Objects int    // what the per-object time divides by; 0 for none
	Unit    string
	Goal    float64 // the ratio goal
	Note    string
	Skip    string // why it was not timed, if it was not
	Omero   side
	Ref     side
}

func (r record) pairs() pairStats { return statsOf(pairRatios(r.Omero.Walls, r.Ref.Walls)) }

// cpuPairs are the pairs' ratios of CPU time.
func (r record) cpuPairs() pairStats { return statsOf(pairRatios(r.Omero.CPUs, r.Ref.CPUs)) }

// machine is what the report says about where it ran.
type machine struct {
	CPU       string
	Cores     int
	MemGB     float64
	Kernel    string
	GoVersion string
	SQLiteLib string // the SQLite compiled into omero (through go-sqlite3)
}

func readMachine() machine {
	m := machine{CPU: cpuModel(), Cores: runtime.NumCPU(), GoVersion: runtime.Version(), SQLiteLib: "?"}
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n float64
		if _, err := fmt.Sscan(strings.TrimSuffix(kb, " kB"), &n); err == nil {
			m.MemGB = n / (1 << 20)
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	if d, err := sql.Open("sqlite3", ":memory:"); err == nil {
		if err := d.QueryRow(`SELECT sqlite_version()`).Scan(&m.SQLiteLib); err != nil {
			m.SQLiteLib = "?"
		}
		// Only queried, in memory: there is nothing to lose.
		_ = d.Close()
	}
	return m
}

// loadAvg is the machine's load average over 1, 5 and 15 minutes, printed so that a
// reader can tell a quiet run from one that shared the cores.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

func cpuModel() string {
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		return v
	}
	return runtime.GOARCH
}

// procField is the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	// Only read: a failed read ends the scan, and the field is then "" as if absent.
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// report prints the Markdown the README's Performance section holds: what ran where,
// then one table, each case's scales on consecutive rows.
func report(w io.Writer, r runRecord) error {
	out := &reportWriter{bw: bufio.NewWriter(w)}
	m := r.Machine
	out.printf("- Machine: %s, %d cores, %.0f GB; %s; %s; SQLite %s in omero, %s %s as the reference.\n",
		m.CPU, m.Cores, m.MemGB, m.Kernel, m.GoVersion, m.SQLiteLib, r.Tool, r.ToolVersion)
	out.printf("- Load average (1, 5, 15 min): %s before, %s after; the run took %s.\n", r.LoadStart, r.LoadEnd, r.Took.Round(time.Second))
	for _, s := range r.Scales {
		out.printf("- %s\n", describeScale(s))
	}
	out.printf("- Each case: %d run(s) of each tool under GNU time for the peak RSS (the first one's output and effect checked), "+
		"then %d timed pairs (%d for a case whose first run took over %s), the tools taking turns and which goes first alternating. "+
		"Times are medians of wall time from start to exit; the ratio is the median of the pairs' ratios omero / %s, with their min-max; "+
		"the CPU ratio is the same of their CPU time (user and system), steadier on a shared machine. "+
		"Linearity is omero's time per object over that at the scale before (%[5]s's in brackets).\n",
		r.Opts.MemRuns, r.Opts.Runs, min(fewPairs, r.Opts.Runs), r.Opts.Long, r.Tool)
	out.printf("- Goals (issue 16): ratio ≤ %g× (`--version`: ≤ %g× a cgo binary that opens nothing), peak < %d MB, "+
		"linearity ≤ %g×.\n\n", ratioGoal, versionGoal, memoryGoalKB/1024, linearityGoal)
	out.printf("| case | scale | omero | %[1]s | omero / %[1]s (min-max) | CPU ratio | pairs | omero peak | %[1]s peak | omero per object | linearity | goals |\n", r.Tool)
	out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
	var notes []string
	noted := map[string]bool{}
	for _, rw := range tableRows(r.Results) {
		out.println(rw.markdown())
		for _, n := range []string{rw.res.Note, rw.res.Skip} {
			if n == "" || noted[rw.res.Case+n] {
				continue
			}
			noted[rw.res.Case+n] = true
			where := ""
			if rw.res.Skip == n {
				where = " at " + rw.res.Scale
			}
			notes = append(notes, rw.res.Case+where+": "+n)
		}
	}
	for _, n := range notes {
		out.printf("\n%s\n", n)
	}
	return out.flush()
}

// reportWriter is report's output: it keeps the first write error (bufio's are
// sticky, so later writes would fail alike), writes nothing after it, and flush
// returns it.
type reportWriter struct {
	bw  *bufio.Writer
	err error
}

func (w *reportWriter) printf(format string, a ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.bw, format, a...)
	}
}

func (w *reportWriter) println(a ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintln(w.bw, a...)
	}
}

// flush writes out what is buffered and returns the first error.
func (w *reportWriter) flush() error {
	if w.err != nil {
		return w.err
	}
	return w.bw.Flush()
}

func describeScale(s scaleRecord) string {
	built := fmt.Sprintf("built in %.1f s (db init and generator)", s.GenTime.Seconds())
	if s.Reused {
		built = "reused from bench/out/cache (-reuse)"
	}
	return fmt.Sprintf("Scale %s: %s users, %s groups, %s memberships, %s images (Project:1 holds %d datasets of %s), "+
		"%s other projects; %d MB, %s.",
		s.Name, thousands(s.Users()), thousands(s.Groups()), thousands(s.Memberships()), thousands(s.Images()),
		bigDatasets, thousands(s.BigImagesPerDS()), thousands(s.OtherProjects()), s.Bytes>>20, built)
}

// row is one line of the table: a result and the one of the same case at the
// previous scale, for the linearity column.
type row struct {
	res  record
	prev *record
}

// tableRows orders the results: the cases in the order first measured, each one's
// scales in the order measured (smallest first).
func tableRows(results []record) []row {
	var order []string
	byName := map[string][]record{}
	for _, r := range results {
		if _, ok := byName[r.Case]; !ok {
			order = append(order, r.Case)
		}
		byName[r.Case] = append(byName[r.Case], r)
	}
	var rows []row
	for _, name := range order {
		rs := byName[name]
		for i := range rs {
			rw := row{res: rs[i]}
			if i > 0 && rs[i-1].Skip == "" {
				rw.prev = &rs[i-1]
			}
			rows = append(rows, rw)
		}
	}
	return rows
}

func (r row) scaleName() string {
	if r.res.Scale == "" {
		return "-"
	}
	return r.res.Scale
}

// perObject is the median time per object of one side, or 0.
func perObject(r record, s side) time.Duration {
	if r.Objects == 0 || r.Skip != "" || len(s.Walls) == 0 {
		return 0
	}
	return s.median() / time.Duration(r.Objects)
}

// linearity is one side's time per object at this scale over that at the previous
// one, computed from the totals so that one-object cases keep their precision.
func (r row) linearity(pick func(record) side) (float64, bool) {
	if r.prev == nil || r.res.Skip != "" || r.res.Objects == 0 || r.prev.Objects == 0 {
		return 0, false
	}
	a, b := pick(*r.prev).median(), pick(r.res).median()
	if a == 0 || b == 0 {
		return 0, false
	}
	return float64(b) / float64(a) * float64(r.prev.Objects) / float64(r.res.Objects), true
}

func (r row) markdown() string {
	res := r.res
	if res.Skip != "" {
		return fmt.Sprintf("| %s | %s | - | - | - | - | - | - | - | - | - | not timed (see below) |", res.Case, r.scaleName())
	}
	perObj, lin := "-", "-"
	if d := perObject(res, res.Omero); d > 0 {
		perObj = fmt.Sprintf("%s/%s", micro(d), res.Unit)
	}
	l, hasLin := r.linearity(func(x record) side { return x.Omero })
	if hasLin {
		lin = fmt.Sprintf("%.2f×", l)
		if rl, ok := r.linearity(func(x record) side { return x.Ref }); ok {
			lin += fmt.Sprintf(" (%.2f×)", rl)
		}
	}
	p := res.pairs()
	ratio := fmt.Sprintf("%.1f× (%.1f-%.1f)", p.median, p.min, p.max)
	cpu := "-"
	if c := res.cpuPairs(); c.median > 0 {
		cpu = fmt.Sprintf("%.1f×", c.median)
	}
	var goals []string
	mark := func(ok bool, goal string) {
		if ok {
			goals = append(goals, goal+" ✓")
		} else {
			goals = append(goals, goal+" MISSED")
		}
	}
	mark(p.median <= res.Goal, "ratio")
	mark(res.Omero.PeakKB < memoryGoalKB, "peak")
	if hasLin {
		mark(l <= linearityGoal, "linear")
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %d | %s | %s | %s | %s | %s |", res.Case, r.scaleName(),
		ms(res.Omero.median()), ms(res.Ref.median()), ratio, cpu, len(res.Omero.Walls),
		mb(res.Omero.PeakKB), mb(res.Ref.PeakKB), perObj, lin, strings.Join(goals, "; "))
}

func ms(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func micro(d time.Duration) string {
	if d >= time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f µs", float64(d)/float64(time.Microsecond))
}

func mb(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }
