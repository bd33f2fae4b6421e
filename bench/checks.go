package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
)

// Checks of a first run: what it printed is in a file (outputs reach hundreds of
// megabytes, so they are read line by line, never held whole).

type check = func(tag, out string) error

// linesMatching checks that exactly want lines of the output match re.
func linesMatching(re string, want int) check {
	r := regexp.MustCompile(re)
	return func(_, out string) error {
		n, err := countLines(out, r)
		if err == nil && n != want {
			err = fmt.Errorf("%d lines of output match %s, want %d", n, re, want)
		}
		return err
	}
}

func countLines(path string, r *regexp.Regexp) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	// Only read: a failed read shows in ReadBytes's error.
	defer func() { _ = f.Close() }()
	br := bufio.NewReaderSize(f, 1<<20)
	n := 0
	for {
		line, err := br.ReadBytes('\n')
		if line = bytes.TrimSuffix(line, []byte("\n")); len(line) > 0 && r.Match(line) {
			n++
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// dbCount checks a count in the database after the run.
func dbCount(h *home, q string, want int64, args ...any) check {
	return func(string, string) error {
		n, err := h.queryInt(q, args...)
		if err == nil && n != want {
			err = fmt.Errorf("%s gives %d, want %d", q, n, want)
		}
		return err
	}
}

// all runs checks in turn.
func all(checks ...check) check {
	return func(tag, out string) error {
		for _, c := range checks {
			if err := c(tag, out); err != nil {
				return err
			}
		}
		return nil
	}
}
