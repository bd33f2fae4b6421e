package commands

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

// obj --file: every line is parsed first, then all run in one transaction. This is a
// deliberate difference from OMERO, which commits line by line and leaves the lines
// before a failing one saved.

var destPrefix = lazyRegexp(`^\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s(.*)$`)

func (rt *Runtime) objFile(c *cli.Context, path string) (err error) {
	lines, err := rt.readObjFile(path)
	if err != nil {
		return err
	}
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	st := newObjState()
	err = r.DB.Update(r.Session.UUID, "obj --file "+path, func(tx *db.Tx) error {
		for _, l := range lines {
			if err := st.run(tx, l); err != nil {
				return fmt.Errorf("line %d: %w", l.number, err)
			}
		}
		return st.checkExposure(tx)
	})
	if err != nil {
		return fmt.Errorf("%w; nothing from the file was saved", err)
	}
	rt.warnExposing(st.exposing)
	return st.print(rt.IO.Out)
}

// readObjFile reads and parses a batch: blank lines and # comments are skipped, a
// line may start with "VAR = ", and the rest is split like a shell would.
func (rt *Runtime) readObjFile(path string) ([]objLine, error) {
	var in io.Reader = rt.IO.In
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, objInput("Cannot read file %s: %v", path, unwrapPathError(err))
		}
		defer func() { _ = f.Close() }() // read only: nothing to lose on close
		in = f
	}
	var out []objLine
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		l := objLine{number: n, text: text}
		rest := text
		if m := destPrefix().FindStringSubmatch(text); m != nil {
			l.dest, rest = m[1], m[2]
		}
		words, err := shellSplit(rest)
		if err != nil {
			return nil, objInput("line %d: %v", n, err)
		}
		if len(words) == 0 || !slices.Contains(objVerbs, words[0]) || words[0] == "list" {
			return nil, objInput("line %d: Unknown command: %s", n, strings.Join(words, " "))
		}
		l.words = words
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, objInput("Cannot read file %s: %v", path, err)
	}
	return out, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// shellSplit splits s into words as POSIX shells (and Python's shlex.split) do:
// blanks separate words, single quotes keep everything, double quotes keep all but
// backslash escapes of \ " $ and `, and a backslash outside quotes escapes any
// character.
func shellSplit(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
			continue
		case r == '\\':
			if i+1 >= len(rs) {
				return nil, fmt.Errorf("No escaped character")
			}
			i++
			cur.WriteRune(rs[i])
		case r == '\'':
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("No closing quotation")
			}
			cur.WriteString(string(rs[i+1 : j]))
			i = j
		case r == '"':
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\\\"$`", rs[j+1]) {
					j++
				}
				cur.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("No closing quotation")
			}
			i = j
		default:
			cur.WriteRune(r)
		}
		inWord = true
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
