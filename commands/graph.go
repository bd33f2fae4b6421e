package commands

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/urfave/cli/v2"
)

// What chown, chgrp and delete share (docs/rules.md, the graph rules): their options, target
// syntax, request assembly and output.

func graphFlags() []cli.Flag {
	classOnly := func(s string) bool { return strings.Contains(s, ":") || isNumber(s) }
	return withLoginFlags(
		&listFlag{StringSliceFlag: &cli.StringSliceFlag{Name: "include", Usage: "also carry objects of these types, where the rules would leave them"}, stop: classOnly, complete: graphTypes},
		&listFlag{StringSliceFlag: &cli.StringSliceFlag{Name: "exclude", Usage: "leave objects of these types, where the rules would carry them"}, stop: classOnly, complete: graphTypes},
		&cli.BoolFlag{Name: "dry-run", Usage: "decide everything, change nothing"},
		&cli.BoolFlag{Name: "force", Usage: "act on id ranges (without it a range is only a dry run)"},
		&cli.BoolFlag{Name: "report", Usage: "list every object included and deleted"},
		&cli.BoolFlag{Name: "ordered", Usage: "run each target as its own request, in the order given"},
		&cli.BoolFlag{Name: "list", Usage: "print the types that may be targets, and stop"},
		&cli.StringFlag{Name: "wait", Usage: "accepted for compatibility; requests always run to the end"},
	)
}

func isNumber(s string) bool { _, err := strconv.ParseInt(s, 10, 64); return err == nil }

// graphRun is one chown/chgrp/delete command line, read once.
type graphRun struct {
	op      db.GraphOp
	who     string // chown: the user, chgrp: the group, as typed
	targets []db.GraphTarget
	ranged  bool
	include []*model.Type
	exclude []*model.Type
	dryRun  bool
	report  bool
	ordered bool
	prog    string
	dest    string // chgrp: the destination group's name, once resolved
}

var idPart = lazyRegexp(`^[0-9]+(-[0-9]+)?$`)

// maxIDs bounds the ids one command may name, ranges and arguments together, so that
// a typo cannot ask for a billion. Ranges are matched against the tables, never
// counted out, so this bounds intent, not work.
const maxIDs = 1_000_000

// parseTarget reads Type:ids, First/.../Last:ids or /Type:ids (reference 7.1). The
// types are looked up as class names (model.LookupClass); a name that is no type
// leaves Type or SkipTo nil, for the caller to refuse.
func parseTarget(arg string) (db.GraphTarget, bool, bool) {
	typ, ids, ok := strings.Cut(arg, ":")
	typ = strings.TrimLeft(typ, "/")
	if !ok || typ == "" || strings.Contains(typ, "+") {
		return db.GraphTarget{}, false, false
	}
	path := strings.Split(typ, "/")
	t := db.GraphTarget{Name: path[0]}
	t.Type, _ = model.LookupClass(t.Name)
	if len(path) > 1 {
		t.SkipToName = path[len(path)-1]
		t.SkipTo, _ = model.LookupClass(t.SkipToName)
	}
	ranged := false
	for _, part := range strings.Split(ids, ",") {
		if !idPart().MatchString(part) {
			return t, false, false
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.ParseInt(lo, 10, 64)
		if err != nil {
			return t, false, false
		}
		if !isRange {
			t.IDs = append(t.IDs, a)
			continue
		}
		ranged = true
		b, err := strconv.ParseInt(hi, 10, 64)
		if err != nil || b < a {
			return t, false, false
		}
		t.Ranges = append(t.Ranges, db.IDRange{Lo: a, Hi: b})
	}
	return t, ranged, true
}

// readGraphRun reads the command line of op; withWho says whether the first
// positional is a user (chown) or group (chgrp).
func readGraphRun(c *cli.Context, op db.GraphOp, withWho bool) (*graphRun, error) {
	r := &graphRun{op: op, dryRun: c.Bool("dry-run"), report: c.Bool("report"), ordered: c.Bool("ordered"), prog: progOf(c)}
	if c.Bool("dry-run") && c.Bool("force") {
		return nil, notAllowedWith(c, "--force", "--dry-run")
	}
	for _, opt := range []string{"include", "exclude"} {
		for _, v := range c.StringSlice(opt) {
			for _, name := range strings.Split(v, ",") {
				if name = strings.TrimSpace(name); name == "" {
					continue
				}
				typ, ok := model.LookupClass(name)
				if !ok {
					return nil, usageError(c, "argument --%s: unknown type %s", opt, name)
				}
				if opt == "include" {
					r.include = append(r.include, typ)
				} else {
					r.exclude = append(r.exclude, typ)
				}
			}
		}
	}
	args := c.Args().Slice()
	if withWho {
		if len(args) == 0 {
			return nil, usageError(c, "too few arguments")
		}
		r.who, args = args[0], args[1:]
	}
	for _, a := range args {
		t, ranged, ok := parseTarget(a)
		if !ok {
			return nil, usageError(c, "argument obj: invalid argument value: '%s'", a)
		}
		allowed := isTarget(op, t.Type) || op == db.OpChown && t.Type == model.Experimenter && t.SkipToName == ""
		if !allowed || t.SkipToName != "" && !isTarget(op, t.SkipTo) {
			name := t.Name
			if t.SkipToName != "" && allowed {
				name = t.SkipToName
			}
			return nil, valueError(c, "cannot target %s; omero %s --list shows the types that can be", name, c.Command.Name)
		}
		r.ranged = r.ranged || ranged
		r.targets = append(r.targets, t)
	}
	if len(r.targets) == 0 {
		return nil, valueError(c, "no object targets supplied for graph operation")
	}
	var named uint64
	for _, t := range r.targets {
		if named += t.Count(); named > maxIDs || named < t.Count() {
			return nil, valueError(c, "too many ids: at most %d may be named in one command", maxIDs)
		}
	}
	if r.ranged && !c.Bool("force") {
		r.dryRun = true
	}
	return r, nil
}

// isTarget reports whether op accepts typ, a type a user named, as a target.
func isTarget(op db.GraphOp, typ *model.Type) bool { return typ != nil && typ.TargetOf(op) }

// requests assembles the targets into requests: one merged request (types in
// first-seen order, paths merged by their last type) unless --ordered.
func (r *graphRun) requests(base db.GraphRequest) []db.GraphRequest {
	if r.ordered {
		var out []db.GraphRequest
		for _, t := range r.targets {
			req := base
			req.Targets = []db.GraphTarget{t}
			out = append(out, req)
		}
		return out
	}
	var merged []db.GraphTarget
	index := map[string]int{}
	for _, t := range r.targets {
		k := t.Name + "/" + t.SkipToName
		if i, ok := index[k]; ok {
			merged[i].IDs = append(merged[i].IDs, t.IDs...)
			merged[i].Ranges = append(merged[i].Ranges, t.Ranges...)
			continue
		}
		index[k] = len(merged)
		merged = append(merged, db.GraphTarget{Name: t.Name, Type: t.Type, SkipTo: t.SkipTo, SkipToName: t.SkipToName,
			IDs: slices.Clone(t.IDs), Ranges: slices.Clone(t.Ranges)})
	}
	req := base
	req.Targets = merged
	return []db.GraphRequest{req}
}

// describe is the request line: omero.cmd.Chown2 Dataset:1-3,5 Project/Image:2 .
func describe(op db.GraphOp, reqs []db.GraphRequest) string {
	var parts []string
	for _, req := range reqs {
		for _, t := range req.Targets {
			name := t.Name
			if t.SkipToName != "" {
				name += "/" + t.SkipToName
			}
			parts = append(parts, name+":"+compressTarget(t.IDs, t.Ranges))
		}
	}
	return op.Command() + " " + strings.Join(parts, " ") + " "
}

// writeReport prints --report's lines for each request's result.
func writeReport(out *strings.Builder, op db.GraphOp, dryRun bool, failed bool, elapsedMS int64, results []db.GraphResult) {
	steps := 0
	for range results {
		steps += op.Steps(dryRun)
	}
	if len(results) == 0 {
		steps = op.Steps(dryRun)
	}
	fmt.Fprintf(out, "Steps: %d\n", steps)
	fmt.Fprintf(out, "Elapsed time: %s secs.\n", pyFloatSeconds(elapsedMS))
	if failed {
		out.WriteString("Flags: [FAILURE]\n")
		return
	}
	out.WriteString("Flags: []\n")
	for _, res := range results {
		if op != db.OpDelete {
			reportSection(out, "Included objects", res.Included)
		}
		reportSection(out, "Deleted objects", res.Deleted)
	}
}

// reportSection lists objects by OMERO class, ordered by fully qualified class name
// (the order of the result).
func reportSection(out *strings.Builder, title string, objs []graph.Objects) {
	if len(objs) == 0 {
		return
	}
	out.WriteString(title + "\n")
	for _, o := range objs {
		fmt.Fprintf(out, "  %s:%s\n", o.Type.Name, compressTarget(nil, o.IDs))
	}
}

// pyFloatSeconds prints milliseconds as seconds the way Python prints a float.
func pyFloatSeconds(ms int64) string {
	s := strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// printFailure writes OMERO's failure lines for a refused request.
func printFailure(rt *Runtime, f *db.GraphFailure) {
	if f.Name == "graph-fail" {
		// stderr is the last place to say anything: a failure to write it is not reported.
		_, _ = fmt.Fprintf(rt.IO.Err, "failed: '%s'\nfailed: %s\n", f.Name, escapeText(f.Err.Error()))
		return
	}
	_, _ = fmt.Fprintf(rt.IO.Err, "failed: '%s'\n\tmessage=%s\n\n", f.Name, escapeText(f.Err.Error()))
}

// runGraph logs in, resolves the user or group, runs the requests in one
// transaction and prints OMERO's lines.
func (rt *Runtime) runGraph(c *cli.Context, r *graphRun, resolve func(*db.Tx, *db.GraphRequest) error) (err error) {
	if c.Bool("list") {
		_, err := io.WriteString(rt.IO.Out, strings.Join(db.GraphTargetTypes(r.op), "\n")+"\n")
		return err
	}
	sess, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(sess.DB, &err)
	base := db.GraphRequest{Op: r.op, Include: r.include, Exclude: r.exclude, DryRun: r.dryRun}
	var results []db.GraphResult
	var reqs []db.GraphRequest
	var graphErr error
	start := rt.now().UnixMilli()
	command := strings.TrimPrefix(r.prog, "omero ")
	// A dry run only reads: it never waits for a writer (README, Guarantees).
	inTx := func(fn func(*db.Tx) error) error { return sess.DB.Update(sess.Session.UUID, command, fn) }
	if r.dryRun {
		inTx = func(fn func(*db.Tx) error) error { return sess.DB.View(sess.Session.UUID, fn) }
	}
	err = inTx(func(tx *db.Tx) error {
		if err := resolve(tx, &base); err != nil {
			return err
		}
		reqs = r.requests(base)
		for _, req := range reqs {
			warnings, err := tx.GraphWarnings(req)
			if err != nil {
				return err
			}
			for _, w := range warnings {
				rt.IO.notice("%s", w)
			}
		}
		for _, req := range reqs {
			res, err := tx.Graph(req)
			if err != nil {
				graphErr = err
				return err
			}
			results = append(results, res)
		}
		return nil
	})
	elapsed := rt.now().UnixMilli() - start
	var failure *db.GraphFailure
	if err != nil && !(errors.As(err, &failure) && graphErr != nil) {
		return err
	}
	for _, res := range results {
		for _, t := range res.AlreadyThere {
			verb := "is"
			if len(t.IDs) > 1 {
				verb = "are"
			}
			rt.IO.notice("%s:%s %s already in group %s", t.Name, compressIDs(t.IDs), verb, r.dest)
		}
	}
	var out strings.Builder
	out.WriteString(describe(r.op, reqs))
	if failure != nil {
		if _, werr := io.WriteString(rt.IO.Out, out.String()); werr != nil {
			return werr
		}
		printFailure(rt, failure)
		if r.report {
			var rep strings.Builder
			writeReport(&rep, r.op, r.dryRun, true, elapsed, nil)
			if _, werr := io.WriteString(rt.IO.Out, rep.String()); werr != nil {
				return werr
			}
		}
		return reported{err}
	}
	if r.dryRun {
		out.WriteString("Dry run performed\n")
	}
	out.WriteString("ok\n")
	if r.report {
		writeReport(&out, r.op, r.dryRun, false, elapsed, results)
	}
	if _, err := io.WriteString(rt.IO.Out, out.String()); err != nil {
		return err
	}
	if r.ranged && r.dryRun && !c.Bool("dry-run") {
		rt.IO.notice("%s: ids were given as a range, so this was only a dry run; add --force to act on them", r.prog)
	}
	return nil
}
