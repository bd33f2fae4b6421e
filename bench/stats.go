package main

import (
	"slices"
	"time"
)

// side is what was measured of one tool in one case.
type side struct {
	Walls  []time.Duration // the timed runs, in order
	CPUs   []time.Duration // their CPU time, user and system
	PeakKB int64           // the largest peak RSS of the memory runs
}

func (s side) median() time.Duration { return medianOf(s.Walls) }

// pairStats are the ratios omero/reference of the runs taken in turn: run i of omero
// against run i of the reference, so that a slow moment of the machine, which hits
// both runs of a pair, mostly cancels out of that pair's ratio.
type pairStats struct {
	median, min, max float64
}

func pairRatios(omero, ref []time.Duration) []float64 {
	n := min(len(omero), len(ref))
	out := make([]float64, n)
	for i := range n {
		out[i] = float64(omero[i]) / float64(ref[i])
	}
	return out
}

func statsOf(ratios []float64) pairStats {
	if len(ratios) == 0 {
		return pairStats{}
	}
	return pairStats{median: medianOf(ratios), min: slices.Min(ratios), max: slices.Max(ratios)}
}

// medianOf is the middle value, or the mean of the two middle ones.
func medianOf[T time.Duration | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[n/2]
}
