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

// reportInfo is everything the report states besides the results.
type reportInfo struct {
	machine            machine
	tool, toolVersion  string // the reference tool
	opts               measureOpts
	homes              []*home // the generated scales, smallest first
	results            []result
	loadStart, loadEnd string // /proc/loadavg's three figures before and after
	took               time.Duration
}

// machine is what the report says about where it ran.
type machine struct {
	cpu        string
	cores      int
	memGB      float64
	goVersion  string
	sqliteLib  string // the SQLite compiled into omero (through go-sqlite3)
	kernelInfo string
}

func readMachine() machine {
	m := machine{cpu: cpuModel(), cores: runtime.NumCPU(), goVersion: runtime.Version()}
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n float64
		fmt.Sscan(strings.TrimSuffix(kb, " kB"), &n)
		m.memGB = n / (1 << 20)
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernelInfo = "Linux " + strings.TrimSpace(string(b))
	}
	m.sqliteLib = "?"
	if d, err := sql.Open("sqlite3", ":memory:"); err == nil {
		d.QueryRow(`SELECT sqlite_version()`).Scan(&m.sqliteLib)
		d.Close()
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
	defer f.Close()
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
func report(w io.Writer, r reportInfo) error {
	bw := bufio.NewWriter(w)
	m := r.machine
	fmt.Fprintf(bw, "- Machine: %s, %d cores, %.0f GB; %s; %s; SQLite %s in omero, %s %s as the reference.\n",
		m.cpu, m.cores, m.memGB, m.kernelInfo, m.goVersion, m.sqliteLib, r.tool, r.toolVersion)
	fmt.Fprintf(bw, "- Load average (1, 5, 15 min): %s before, %s after; the run took %s.\n", r.loadStart, r.loadEnd, r.took.Round(time.Second))
	for _, h := range r.homes {
		fmt.Fprintf(bw, "- %s\n", describeHome(h))
	}
	fmt.Fprintf(bw, "- Each case: %d run(s) of each tool under GNU time for the peak RSS (the first one's output and effect checked), "+
		"then %d timed pairs (%d for a case whose first run took over %s), the tools taking turns and which goes first alternating. "+
		"Times are medians of wall time from start to exit; the ratio is the median of the pairs' ratios omero / %s, with their min-max.\n",
		r.opts.memRuns, r.opts.runs, min(fewPairs, r.opts.runs), r.opts.long, r.tool)
	fmt.Fprintf(bw, "- Goals (issue 16): ratio ≤ %g× (`--version`: ≤ %g× a cgo binary that opens nothing), peak < %d MB, "+
		"linearity: time per object within %g× of the previous scale's.\n\n",
		ratioGoal, versionGoal, memoryGoalKB/1024, linearityGoal)
	fmt.Fprintf(bw, "| case | scale | omero | %[1]s | omero / %[1]s (min-max) | pairs | omero peak | %[1]s peak | omero per object | linearity | goals |\n", r.tool)
	fmt.Fprintln(bw, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
	var notes []string
	noted := map[string]bool{}
	for _, row := range tableRows(r.results) {
		fmt.Fprintln(bw, row.markdown())
		for _, n := range []string{row.res.c.note, row.res.c.skip} {
			if key := row.res.c.name + n; n != "" && !noted[key] {
				noted[key] = true
				notes = append(notes, row.res.c.name+" ("+row.scaleName()+"): "+n)
			}
		}
	}
	for _, n := range notes {
		fmt.Fprintf(bw, "\n%s\n", n)
	}
	return bw.Flush()
}

func describeHome(h *home) string {
	size, _ := h.t.Size()
	sc := *h.scale
	built := fmt.Sprintf("built in %.1f s (db init and generator)", h.genTime.Seconds())
	if h.reused {
		built = "reused from bench/out/cache (-reuse)"
	}
	return fmt.Sprintf("Scale %s: %s users, %s groups, %s memberships, %s images (Project:1 holds %d datasets of %s), "+
		"%s other projects; %d MB, %s.",
		sc.Name, thousands(sc.Users()), thousands(sc.Groups()), thousands(sc.Memberships()), thousands(sc.Images()),
		bigDatasets, thousands(sc.BigImagesPerDS()), thousands(sc.OtherProjects()), size>>20, built)
}

// row is one line of the table: a result and the one of the same case at the
// previous scale, for the linearity column.
type row struct {
	res  result
	prev *result
}

// tableRows orders the results: the cases in the order first measured, each one's
// scales smallest first.
func tableRows(results []result) []row {
	var order []string
	byName := map[string][]result{}
	for _, r := range results {
		if _, ok := byName[r.c.name]; !ok {
			order = append(order, r.c.name)
		}
		byName[r.c.name] = append(byName[r.c.name], r)
	}
	var rows []row
	for _, name := range order {
		rs := byName[name]
		for i := range rs {
			rw := row{res: rs[i]}
			if i > 0 && rs[i-1].c.skip == "" {
				rw.prev = &rs[i-1]
			}
			rows = append(rows, rw)
		}
	}
	return rows
}

func (r row) scaleName() string {
	if r.res.c.scale == nil {
		return "-"
	}
	return r.res.c.scale.Name
}

// perObject is the median omero time per object, or 0.
func perObject(r result) time.Duration {
	if r.c.objects == 0 || r.c.skip != "" {
		return 0
	}
	return r.omero.median() / time.Duration(r.c.objects)
}

// linearity is the time per object at this scale over that at the previous one.
func (r row) linearity() (float64, bool) {
	if r.prev == nil || r.res.c.skip != "" {
		return 0, false
	}
	a, b := perObject(*r.prev), perObject(r.res)
	if a == 0 || b == 0 {
		return 0, false
	}
	// Per object at nanosecond resolution loses precision for the one-command
	// cases; compare the totals scaled by the object counts instead.
	return float64(r.res.omero.median()) / float64(r.prev.omero.median()) *
		float64(r.prev.c.objects) / float64(r.res.c.objects), true
}

func (r row) markdown() string {
	res, c := r.res, r.res.c
	if c.skip != "" {
		return fmt.Sprintf("| %s | %s | - | - | - | - | - | - | - | - | not timed (see below) |", c.name, r.scaleName())
	}
	perObj, lin := "-", "-"
	if d := perObject(res); d > 0 {
		perObj = fmt.Sprintf("%s/%s", micro(d), c.unit)
	}
	l, hasLin := r.linearity()
	if hasLin {
		lin = fmt.Sprintf("%.2f×", l)
	}
	ratio := fmt.Sprintf("%.1f× (%.1f-%.1f)", res.pairs.median, res.pairs.min, res.pairs.max)
	var goals []string
	mark := func(ok bool, goal string) {
		if ok {
			goals = append(goals, goal+" ✓")
		} else {
			goals = append(goals, goal+" MISSED")
		}
	}
	mark(res.pairs.median <= c.goal(), "ratio")
	mark(res.omero.peakKB < memoryGoalKB, "peak")
	if hasLin {
		mark(l <= linearityGoal, "linear")
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s | %d | %s | %s | %s | %s | %s |", c.name, r.scaleName(),
		ms(res.omero.median()), ms(res.ref.median()), ratio, len(res.omero.walls),
		mb(res.omero.peakKB), mb(res.ref.peakKB), perObj, lin, strings.Join(goals, "; "))
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
