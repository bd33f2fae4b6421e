package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// profileCase runs a case's omero command once more, untimed, through omero-prof, and
// keeps under dir: its CPU profile and allocation profile, pprof's top functions by
// own and by cumulative time, and the runtime's figures at exit (collections, bytes
// allocated). It also appends a summary to dir/profiles.md. The profiled binary is
// omero-prof whichever binary the case times.
func profileCase(c *benchCase, b binaries, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	scale := "fresh"
	if c.scale != nil {
		scale = c.scale.Name
	}
	base := filepath.Join(dir, slug(scale+" "+c.name))
	argv := c.omero("p0")
	argv[0] = b.omeroProf
	env := append(c.home.env(),
		"OMERO_PROF_CPU="+base+".cpu.pprof",
		"OMERO_PROF_ALLOCS="+base+".allocs.pprof",
		"OMERO_PROF_STATS="+base+".stats.txt")
	if err := c.prepare(); err != nil {
		return err
	}
	p := process{argv: argv, env: env, stdout: os.DevNull, stderr: c.home.file("stderr.txt")}
	if _, _, err := p.run(); err != nil {
		return err
	}
	stats, err := os.ReadFile(base + ".stats.txt")
	if err != nil {
		return err
	}
	var summary strings.Builder
	fmt.Fprintf(&summary, "## %s at %s\n\n%s\n", c.name, scale, strings.TrimSpace(string(stats)))
	for _, sort := range []string{"flat", "cum"} {
		args := []string{"tool", "pprof", "-top", "-nodecount=25"}
		if sort == "cum" {
			args = append(args, "-cum")
		}
		out, err := exec.Command("go", append(args, b.omeroProf, base+".cpu.pprof")...).Output()
		if err != nil {
			return fmt.Errorf("go tool pprof: %w", err)
		}
		if err := os.WriteFile(base+".top-"+sort+".txt", out, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&summary, "\n```\n%s```\n", out)
	}
	return appendFile(filepath.Join(dir, "profiles.md"), summary.String()+"\n")
}

// appendFile appends text to the file at path, creating it if need be.
func appendFile(path, text string) (err error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer closeInto(f, &err)
	_, err = f.WriteString(text)
	return err
}

// slug is a file name made of a case's words.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
