package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Goals of issue 7 that hold for every case.
const (
	memoryGoalKB = 100 * 1024
	ratioGoal    = 3.0
)

type reportInfo struct {
	scale              Scale
	runs               int
	genTime            time.Duration
	results            []result
	loadStart, loadEnd string // /proc/loadavg's 1-minute figure before and after
}

// loadAvg is the machine's 1-minute load average, printed so that a reader can tell
// a quiet run from one that shared the cores.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// report prints the Markdown the README's Performance section holds.
func report(w io.Writer, r reportInfo) error {
	s := r.scale
	fmt.Fprintf(w, "- Machine: %s, %d cores, load average %s before and %s after; %s; sqlite3 %s.\n",
		cpuModel(), runtime.NumCPU(), r.loadStart, r.loadEnd, runtime.Version(), sqliteVersion())
	fmt.Fprintf(w, "- Database: %s users, %s groups, %s memberships, %s projects, datasets and images "+
		"(Project:1 holds %d datasets of %s images), built in %.1f s (db init, generator, login).\n",
		thousands(s.Users), thousands(s.Groups), thousands(s.Memberships), thousands(s.Objects),
		s.BigDatasets, thousands(s.BigImagesPerDS), r.genTime.Seconds())
	fmt.Fprintf(w, "- Each case: %d runs of each tool under GNU time for the peak RSS (the first one's output and effect checked), "+
		"then %d timed runs of each, the tools taking turns; times are medians of wall time from start to exit.\n\n", memRuns, r.runs)
	fmt.Fprintln(w, "| case | omero | omero peak | sqlite3 | sqlite3 peak | omero / sqlite3 | goals |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|---|")
	var notes []string
	for _, res := range r.results {
		sq, sqPeak, ratio := "-", "-", "-"
		if res.sqlite != nil {
			sq, sqPeak = ms(res.sqlite.median), mb(res.sqlite.peakKB)
			ratio = fmt.Sprintf("%.1f×", res.ratio())
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", res.c.name, ms(res.omero.median), mb(res.omero.peakKB),
			sq, sqPeak, ratio, strings.Join(res.goals(), "; "))
		if res.c.note != "" {
			notes = append(notes, res.c.name+": "+res.c.note)
		}
	}
	for _, n := range notes {
		fmt.Fprintf(w, "\n%s\n", n)
	}
	return nil
}

func (r result) ratio() float64 { return float64(r.omero.median) / float64(r.sqlite.median) }

// goals lists the goals the case met or missed.
func (r result) goals() []string {
	var out []string
	mark := func(ok bool, goal string) {
		if ok {
			out = append(out, goal+" ✓")
		} else {
			out = append(out, goal+" MISSED")
		}
	}
	if r.c.goal > 0 {
		mark(r.omero.median < r.c.goal, "< "+goalString(r.c.goal))
	}
	mark(r.omero.peakKB < memoryGoalKB, "< 100 MB")
	if r.sqlite != nil {
		mark(r.ratio() <= ratioGoal, "≤ 3×")
	}
	return out
}

func goalString(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%g s", d.Seconds())
	}
	return fmt.Sprintf("%g ms", float64(d)/float64(time.Millisecond))
}

func ms(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func mb(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func sqliteVersion() string {
	out, err := exec.Command("sqlite3", "--version").Output()
	if err != nil {
		return "(not found)"
	}
	return strings.Fields(string(out))[0]
}
