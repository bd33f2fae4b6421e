package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func walls(ms ...int) []time.Duration {
	out := make([]time.Duration, len(ms))
	for i, m := range ms {
		out[i] = time.Duration(m) * time.Millisecond
	}
	return out
}

// sample is a run of two scales: one case that keeps its time per object, one that
// does not, one on the fresh database, and one not timed at the larger scale.
func sample() runRecord {
	rec := func(name, scale string, objects int, omero, ref []time.Duration, peakKB int64) record {
		return record{Case: name, Scale: scale, Objects: objects, Unit: "user", Goal: ratioGoal,
			Omero: side{Walls: omero, CPUs: omero, PeakKB: peakKB}, Ref: side{Walls: ref, CPUs: ref, PeakKB: 4096}}
	}
	skipped := rec("`group list --long`", "1m", 5_000_000, nil, nil, 0)
	skipped.Skip = "not timed: too wide"
	skipped.Omero.PeakKB, skipped.Ref.PeakKB = 0, 0
	version := rec("start only: `--version`", "", 0, walls(12, 11, 13), walls(8, 8, 8), 10*1024)
	version.Goal, version.Note = versionGoal, "against a cgo binary."
	return runRecord{
		Machine: machine{CPU: "Test CPU", Cores: 2, MemGB: 24, Kernel: "Linux 6", GoVersion: "go1.26", SQLiteLib: "3.50.0"},
		Tool:    "sqlite3", ToolVersion: "3.40.1", Opts: measureOpts{Runs: 3, MemRuns: 1, Long: 10 * time.Second},
		Scales:    []scaleRecord{{Scale: Scale{Name: "100k", Rows: 100_000}, Bytes: 61 << 20, GenTime: 3 * time.Second}},
		LoadStart: "1.00 1.00 1.00", LoadEnd: "2.00 1.50 1.00", Took: 90 * time.Second,
		Results: []record{
			version,
			rec("`user list`", "100k", 100_000, walls(100, 120, 110), walls(50, 50, 50), 50*1024),
			rec("`group list --long`", "100k", 500_000, walls(100, 100, 100), walls(40, 40, 40), 20*1024),
			rec("`user list`", "1m", 1_000_000, walls(1000, 1100, 1300), walls(500, 500, 400), 200*1024),
			skipped,
		},
	}
}

func tableLine(t *testing.T, out, prefix string) []string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			cells := strings.Split(line, " | ")
			for i := range cells {
				cells[i] = strings.Trim(cells[i], "| ")
			}
			return cells
		}
	}
	t.Fatalf("no line starts with %q in\n%s", prefix, out)
	return nil
}

func TestReport(t *testing.T) {
	var b strings.Builder
	if err := report(&b, sample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"- Machine: Test CPU, 2 cores, 24 GB; Linux 6; go1.26; SQLite 3.50.0 in omero, sqlite3 3.40.1 as the reference.",
		"- Load average (1, 5, 15 min): 1.00 1.00 1.00 before, 2.00 1.50 1.00 after; the run took 1m30s.",
		"- Scale 100k: 100,000 users, 1,000 groups, 500,000 memberships, 110,000 images (Project:1 holds 10 datasets of 10,000), 100 other projects; 61 MB, built in 3.0 s",
		"start only: `--version`: against a cgo binary.",
		"`group list --long` at 1m: not timed: too wide",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// The rows: the cases in the order first measured, each one's scales together.
	var names []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| `") || strings.HasPrefix(line, "| start") {
			names = append(names, strings.Split(line, " | ")[0]+" "+strings.Split(line, " | ")[1])
		}
	}
	if got, want := strings.Join(names, ", "), "| start only: `--version` -, | `user list` 100k, | `user list` 1m, | `group list --long` 100k, | `group list --long` 1m"; got != want {
		t.Errorf("rows:\n%s\nwant\n%s", got, want)
	}
	v := tableLine(t, out, "| start only")
	if v[4] != "1.5× (1.4-1.6)" || v[5] != "1.5×" || v[11] != "ratio ✓; peak ✓" {
		t.Errorf("--version row: %q", v)
	}
	small := tableLine(t, out, "| `user list` | 100k")
	if small[2] != "110.0 ms" || small[3] != "50.0 ms" || small[4] != "2.2× (2.0-2.4)" || small[9] != "1.10 µs/user" || small[10] != "-" {
		t.Errorf("user list at 100k: %q", small)
	}
	if small[11] != "ratio MISSED; peak ✓" {
		t.Errorf("user list at 100k goals: %q", small[11])
	}
	// 1.1 s for 1M users against 110 ms for 100k: 1.00× per user; the shell's
	// 500 ms against 50 ms: 1.00× too; 200 MB is over the memory goal.
	big := tableLine(t, out, "| `user list` | 1m")
	if big[10] != "1.00× (1.00×)" || big[11] != "ratio MISSED; peak MISSED; linear ✓" || big[7] != "200 MB" {
		t.Errorf("user list at 1m: %q", big)
	}
	if skip := tableLine(t, out, "| `group list --long` | 1m"); skip[11] != "not timed (see below)" {
		t.Errorf("skipped row: %q", skip)
	}
}

// TestRender checks that results.json gives back the same table.
func TestRender(t *testing.T) {
	js, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	var back runRecord
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	var a, b strings.Builder
	if err := report(&a, sample()); err != nil {
		t.Fatal(err)
	}
	if err := report(&b, back); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("rendered from JSON:\n%s\nwant\n%s", b.String(), a.String())
	}
}

func TestLinearityNeedsGrowth(t *testing.T) {
	prev := record{Objects: 100, Omero: side{Walls: walls(100)}, Ref: side{Walls: walls(10)}}
	cur := record{Objects: 1000, Omero: side{Walls: walls(1500)}, Ref: side{Walls: walls(100)}}
	l, ok := row{res: cur, prev: &prev}.linearity(func(r record) side { return r.Omero })
	if !ok || l != 1.5 {
		t.Errorf("linearity = %v, %v; want 1.5", l, ok)
	}
	if _, ok := (row{res: cur}).linearity(func(r record) side { return r.Omero }); ok {
		t.Error("linearity without a previous scale")
	}
}

func TestPairRatios(t *testing.T) {
	p := statsOf(pairRatios(walls(30, 10, 40, 20), walls(10, 10, 10, 10)))
	if p.median != 2.5 || p.min != 1 || p.max != 4 {
		t.Errorf("pairs = %+v", p)
	}
	if got := medianOf(walls(3, 1, 2)); got != 2*time.Millisecond {
		t.Errorf("median = %v", got)
	}
}

func TestParseScales(t *testing.T) {
	for arg, want := range map[string]string{
		"tiny": "1k=1000", "large": "100k=100000 1m=1000000", "10k,250k": "10k=10000 250k=250000", "1M": "1M=1000000", "500": "500=500",
	} {
		ss, err := parseScales(arg)
		if err != nil {
			t.Errorf("%s: %v", arg, err)
			continue
		}
		var got []string
		for _, s := range ss {
			got = append(got, s.Name+"="+itoa(s.Rows))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: %v, want %s", arg, got, want)
		}
	}
	for _, bad := range []string{"huge", "1m,100k", "10k,10k", "150", "50", "-1k", ""} {
		if _, err := parseScales(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.ReplaceAll(thousands(n), ",", "")) }

func TestNumbers(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1000000: "1,000,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{10_000: "10k", 1_000_000: "1M", 110_000: "110k", 1_100_000: "1.1M", 123: "123"} {
		if got := short(n); got != want {
			t.Errorf("short(%d) = %q, want %q", n, got, want)
		}
	}
	if got := slug("100k `chown --dry-run` Project:1 (10 datasets)"); got != "100k-chown-dry-run-project-1-10-datasets" {
		t.Errorf("slug = %q", got)
	}
}
