package main

import (
	"fmt"
	"strconv"
	"strings"
)

// A Scale is the size of one generated facility, named by its row count N: N users,
// N images in Project:1 (10 datasets of N/10), N/10 more images in other projects,
// N/100 groups and 5 memberships per user (4 labs and the user group). The issue's
// measurements name their cases this way: `user list` of 100k users, `obj list Image`
// of 110k rows, chown of a project of 1M images.
type Scale struct {
	Name string // as given: "10k", "1m"
	Rows int
}

// The fixed parts of every layout.
const (
	bigDatasets = 10 // datasets in Project:1
	labsPerUser = 4  // lab groups of every user, besides user; the first is the default
	dsPerProj   = 5  // datasets in each project but the first
	minRows     = 100
)

func (s Scale) Users() int          { return s.Rows }
func (s Scale) Groups() int         { return max(s.Rows/100, 2*labsPerUser) }
func (s Scale) Memberships() int    { return s.Rows * (labsPerUser + 1) }
func (s Scale) BigImages() int      { return s.Rows }
func (s Scale) BigImagesPerDS() int { return s.Rows / bigDatasets }
func (s Scale) OtherImages() int    { return s.Rows / 10 }
func (s Scale) Images() int         { return s.BigImages() + s.OtherImages() }

// OtherProjects hold the other images, about a hundred each, dsPerProj datasets per
// project.
func (s Scale) OtherProjects() int { return max(s.OtherImages()/100, 1) }
func (s Scale) OtherDatasets() int { return s.OtherProjects() * dsPerProj }

// BigGraph is how many objects a chown, chgrp or delete of Project:1 carries: the
// project, its dataset links and datasets, and an image link and image per image.
func (s Scale) BigGraph() int { return 1 + 2*bigDatasets + 2*s.BigImages() }

func (s Scale) valid() error {
	if s.Rows < minRows || s.Rows%(bigDatasets*10) != 0 {
		return fmt.Errorf("scale %s: rows must be a multiple of 100, at least %d", s.Name, minRows)
	}
	return nil
}

// presets are the -scale names. large is the one the README's table comes from:
// 1M rows, and 100k beside it for the linearity column.
var presets = map[string]string{
	"tiny":   "1k",
	"small":  "10k",
	"medium": "100k",
	"large":  "100k,1m",
	"full":   "10k,100k,1m",
}

// parseScales reads -scale: a preset or a comma-separated list of row counts with an
// optional k or m suffix (10k, 250k, 1m), smallest first.
func parseScales(arg string) ([]Scale, error) {
	if p, ok := presets[arg]; ok {
		arg = p
	}
	var out []Scale
	for _, f := range strings.Split(arg, ",") {
		f = strings.TrimSpace(f)
		mult, num := 1, strings.ToLower(f)
		switch {
		case strings.HasSuffix(num, "k"):
			mult, num = 1_000, strings.TrimSuffix(num, "k")
		case strings.HasSuffix(num, "m"):
			mult, num = 1_000_000, strings.TrimSuffix(num, "m")
		}
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-scale: %q is neither a preset (tiny, small, medium, large, full) nor a row count such as 100k", f)
		}
		s := Scale{Name: f, Rows: n * mult}
		if err := s.valid(); err != nil {
			return nil, err
		}
		if len(out) > 0 && s.Rows <= out[len(out)-1].Rows {
			return nil, fmt.Errorf("-scale: list the sizes smallest first, each once")
		}
		out = append(out, s)
	}
	return out, nil
}

// short writes a count as the scales are named: 1k, 110k, 1.1m.
func short(n int) string {
	switch {
	case n >= 1_000_000 && n%10_000 == 0:
		return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) + "M"
	case n >= 1_000 && n%100 == 0:
		return strconv.FormatFloat(float64(n)/1e3, 'f', -1, 64) + "k"
	}
	return strconv.Itoa(n)
}

// thousands writes n with thousands separators: 100,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
