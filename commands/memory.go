package commands

import (
	"os"
	"runtime"
	"runtime/debug"
)

// The memory policy of one command. Go's collector lets the heap grow to twice what
// is live; a plan of a million images holds about 75 MB, so a command would peak
// near 200 MB. A fixed soft limit below that keeps it smaller, but once what is
// live nears the limit the collector runs back to back (a 64 MiB limit cost a 1M
// dry run 167 collections and 75% more CPU). So the limit follows what is live:
// after every collection it is set a quarter above the live heap, and never below
// softLimit. A command that holds little never meets it; one that holds much
// collects each time it has allocated a quarter of what it holds (what it holds is
// mostly pointer-free, so a collection costs little) instead of each time it has
// allocated all of it, and never thrashes. GOMEMLIMIT, if set, wins.

// softLimit is the least the heap is allowed before the collector works harder.
const softLimit = 100 << 20

// limitFor is the soft limit while live bytes are live.
func limitFor(live uint64) int64 {
	return int64(max(softLimit, live+live/4))
}

// sentinel is an object that is garbage as soon as it is made (not one of the tiny
// pointer-free ones, whose finalizers may never run).
type sentinel struct{ _ *byte }

// followLiveHeap applies the policy to this process.
func followLiveHeap() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(softLimit)
	var watch func()
	watch = func() {
		// A finalizer runs after each collection that finds its object unreachable:
		// the hook to look at the live heap, re-armed every time. The heap in use
		// just after a collection is what is live, near enough (runtime/metrics
		// says it exactly, but its package init costs every command a millisecond
		// of instructions).
		runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			debug.SetMemoryLimit(limitFor(m.HeapAlloc))
			watch()
		})
	}
	watch()
}
