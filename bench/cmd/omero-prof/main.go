// Command omero-prof is omero writing profiles of one run, for finding where a bench
// case spends its time and memory. It exists only for bench/ (go run ./bench
// -profile runs it); the omero binary has no option or variable that does this.
//
//	OMERO_PROF_CPU=cpu.pprof OMERO_PROF_ALLOCS=allocs.pprof OMERO_PROF_STATS=stats.txt \
//	    omero-prof -q obj list Image
//
// Each variable is optional. The stats file holds one line of the Go runtime's
// figures at exit: wall time, collections, their pauses, bytes allocated, the peak
// heap the runtime obtained from the system.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/omero-go/omero/commands"
)

func main() {
	start := time.Now()
	if path := os.Getenv("OMERO_PROF_CPU"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
	}
	status := commands.Main(os.Args, os.Stdin, os.Stdout, os.Stderr)
	wall := time.Since(start)
	pprof.StopCPUProfile()
	if path := os.Getenv("OMERO_PROF_ALLOCS"); path != "" {
		writeProfile("allocs", path)
	}
	if path := os.Getenv("OMERO_PROF_STATS"); path != "" {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		line := fmt.Sprintf("wall %s, %d collections pausing %s, %d MB allocated, %d MB heap obtained, %d MB from the system\n",
			wall.Round(time.Millisecond), m.NumGC, time.Duration(m.PauseTotalNs).Round(time.Microsecond),
			m.TotalAlloc>>20, m.HeapSys>>20, m.Sys>>20)
		if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
			fail(err)
		}
	}
	os.Exit(status)
}

func writeProfile(name, path string) {
	f, err := os.Create(path)
	if err != nil {
		fail(err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "omero-prof:", err)
	os.Exit(99)
}
