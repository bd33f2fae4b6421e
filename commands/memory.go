package commands

import (
	"os"
	"runtime"
	"runtime/debug"
)

// The memory policy of one command. Go's collector lets the heap grow to twice what
// is live; a plan of a million images holds about 85 MB, so a command would peak
// near 200 MB. A fixed soft limit below that keeps it smaller, but once what is
// live nears the limit the collector runs back to back (a 64 MiB limit cost a dry
// run of 1M images 167 collections and 75% more CPU). So the heap may grow a
// quarter above what is live, instead of doubling, once it holds more than
// bigHeap: each collection's goal then follows the live heap it found, however
// large, and a command that holds little keeps Go's default. What such a command
// holds is mostly pointer-free (the planner's nodes, packed rows), so collecting
// more often costs little. GOGC or GOMEMLIMIT, if set, win.

// bigHeap is the heap above which it may grow only a quarter above what is live.
const bigHeap = 32 << 20

// gcPercentFor is the GC percent for a heap of the given size.
func gcPercentFor(heap uint64) int {
	if heap > bigHeap {
		return 25
	}
	return 100
}

// followLiveHeap applies the policy to this process.
func followLiveHeap() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	percent := 100
	var watch func()
	watch = func() {
		// A finalizer runs after each collection that finds its object unreachable:
		// the hook to look at the heap, re-armed every time.
		runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if p := gcPercentFor(m.HeapAlloc); p != percent {
				percent = p
				debug.SetGCPercent(p)
			}
			watch()
		})
	}
	watch()
}

// sentinel is an object that is garbage as soon as it is made (not one of the tiny
// pointer-free ones, whose finalizers may never run).
type sentinel struct{ _ *byte }
