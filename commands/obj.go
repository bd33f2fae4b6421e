package commands

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/model"
	"github.com/urfave/cli/v2"
)

// objVerbs are obj's commands (OMERO's obj), plus list.
var objVerbs = []string{"new", "update", "null", "get", "map-get", "map-set", "list-get", "ext-info-get", "ext-info-set", "list"}

// objReading are the verbs that only read.
var objReading = []string{"get", "map-get", "list-get", "ext-info-get"}

func (rt *Runtime) objCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "obj",
		Usage: "create, change and read objects: projects, datasets, images, annotations, users ...",
		Description: "Commands:\n" +
			"  new TYPE field=value ...        create an object in the current group; prints Type:id\n" +
			"  update TYPE:ID field=value ...  change fields of an object of the current group\n" +
			"  null TYPE:ID FIELD              empty a field\n" +
			"  get TYPE:ID [FIELD]             print one field, or every field, id and details\n" +
			"  map-get TYPE:ID FIELD KEY       print the value of KEY in a map field (None if absent)\n" +
			"  map-set TYPE:ID FIELD KEY [VAL] set KEY in a map field, or remove it without VAL\n" +
			"  list-get TYPE:ID FIELD INDEX    print one entry of a list field\n" +
			"  ext-info-set TYPE:ID ENTITYID ENTITYTYPE [LSID [UUID]]\n" +
			"                                  set an object's ExternalInfo, replacing any it had\n" +
			"  ext-info-get TYPE:ID [FIELD]    print it, or FIELD: id, entityId, entityType, lsid, uuid\n" +
			"  list TYPE [--owner U] [--group G]  list the objects of a type you can read\n\n" +
			"References are written Type:id (parent=Project:1). Booleans take true or false.\n" +
			"With --file, each line of the file is one command. A line may start with VAR = to\n" +
			"keep its result; field@=VAR, or field@=N for the result of the Nth command (from\n" +
			"0), uses it. Unlike OMERO, the whole file runs in one transaction: if any line\n" +
			"fails, nothing from the file is saved. For obj list, --group filters by group\n" +
			"instead of choosing the session's group.\n\n" +
			"Example: omero obj new ProjectDatasetLink parent=Project:1 child=Dataset:2",
		Flags: withLoginFlags(
			&cli.StringFlag{Name: "file", Usage: "run the commands in `PATH` (- for standard input) in one transaction"},
			completed(&cli.StringFlag{Name: "owner", Usage: "obj list: only objects of this `USER` (name or id)"}, userNames),
			styleFlag(),
		),
		Action: rt.obj,
	}, args{usage: "[command [Type[:id] [field=value ...]]]", max: -1, complete: objWords})
}

// objWords completes obj's positionals: a verb, then a type (new, list) or an
// object (Type:).
func objWords(l *cmdline, i int) []string {
	switch {
	case i == 0:
		return objVerbs
	case i == 1 && (l.positionals[0] == "new" || l.positionals[0] == "list"):
		return typeNames("")
	case i == 1:
		return typeNames(":")
	}
	return nil
}

func (rt *Runtime) obj(c *cli.Context) (err error) {
	args := c.Args().Slice()
	if len(args) == 0 {
		if !c.IsSet("file") {
			return valueError(c, "No command provided")
		}
		return rt.objFile(c, c.String("file"))
	}
	verb := args[0]
	if !slices.Contains(objVerbs, verb) {
		return invalidChoice(c, "command", verb, objVerbs)
	}
	if verb == "list" {
		return rt.objList(c, args[1:])
	}
	for _, only := range []string{"owner", "style"} {
		if c.IsSet(only) {
			return usageError(c, "argument --%s: only with obj list", only)
		}
	}
	if c.IsSet("file") {
		rt.IO.notice("Ignoring %s", c.String("file"))
	}
	line := objLine{text: strings.Join(args, " "), words: args}
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	st := newObjState()
	run := func(tx *db.Tx) error {
		if err := st.run(tx, line); err != nil {
			return err
		}
		return st.checkExposure(tx)
	}
	if slices.Contains(objReading, verb) {
		err = r.DB.View(r.Session.UUID, run)
	} else {
		err = r.DB.Update(r.Session.UUID, "obj "+line.text, run)
	}
	if err != nil {
		return err
	}
	rt.warnExposing(st.exposing)
	return st.print(rt.IO.Out)
}

// objLine is one obj command, from the command line or from a line of a file.
type objLine struct {
	number int      // line number in the file; 0 on the command line
	text   string   // as written, for messages
	dest   string   // VAR of "VAR = ...", or ""
	words  []string // verb, OBJ, arguments
}

// objState is what the commands of one obj run share: each one's result, in
// order, and the results kept in variables. Results are kept exact, as later lines
// may refer to them; shown holds them as printed, escaped (README, Differences 17).
type objState struct {
	rows     []string
	shown    []string
	vars     map[string]string
	exposing []string // users the run left holding ReadSession (db.Tx.NewlyExposing)
}

// checkExposure notes, at the end of a run that wrote, whom it left holding
// ReadSession, to warn once it has committed.
func (s *objState) checkExposure(tx *db.Tx) (err error) {
	s.exposing, err = tx.NewlyExposing()
	return err
}

func newObjState() *objState { return &objState{vars: map[string]string{}} }

func (s *objState) print(w interface{ Write([]byte) (int, error) }) error {
	for _, r := range s.shown {
		if _, err := fmt.Fprintln(w, r); err != nil {
			return err
		}
	}
	return nil
}

// run executes one line in tx and records its result.
func (s *objState) run(tx *db.Tx, l objLine) error {
	out, err := s.exec(tx, l.words)
	if err != nil {
		return err
	}
	s.rows = append(s.rows, out)
	if listsFields(l.words) {
		s.shown = append(s.shown, out) // its values are escaped already
	} else {
		s.shown = append(s.shown, escapeText(out))
	}
	if l.dest != "" {
		s.vars[l.dest] = out
	}
	return nil
}

// usages are the argument counts of the verbs that take no field=value arguments.
var usages = map[string]struct {
	min, max int
	usage    string
}{
	"null":         {3, 3, "usage: null OBJ FIELD"},
	"get":          {2, 3, "usage: get OBJ [FIELD]"},
	"map-get":      {4, 4, "usage: map-get OBJ FIELD KEY"},
	"map-set":      {4, 5, "usage: map-set OBJ FIELD KEY [VALUE]"},
	"list-get":     {4, 4, "usage: list-get OBJ FIELD INDEX"},
	"ext-info-set": {4, 6, "usage: ext-info-set OBJ entityId entityType [lsid] [uuid]"},
	"ext-info-get": {2, 3, "usage: ext-info-get OBJ [id|entityId|entityType|lsid|uuid]"},
}

func (s *objState) exec(tx *db.Tx, w []string) (string, error) {
	if len(w) < 2 {
		return "", objInput("No object argument provided. Use e.g. 'Image:123'")
	}
	if u, ok := usages[w[0]]; ok && (len(w) < u.min || len(w) > u.max) {
		return "", objInput("%s", u.usage)
	}
	switch w[0] {
	case "new":
		return s.create(tx, w)
	case "update":
		return s.update(tx, w)
	case "get":
		return s.get(tx, w)
	case "ext-info-set":
		return s.extInfoSet(tx, w)
	case "ext-info-get":
		return s.extInfoGet(tx, w)
	}
	// The verbs on one field of one object.
	o, err := s.object(tx, w[1])
	if err != nil {
		return "", err
	}
	f, err := objField(o, w[2])
	if err != nil {
		return "", err
	}
	var ref model.Ref
	switch w[0] {
	case "null":
		ref, err = tx.NullField(o, f)
	case "map-set":
		var value *string
		if len(w) == 5 {
			value = &w[4]
		}
		ref, err = tx.MapSet(o, f, w[3], value)
	case "map-get":
		return tx.MapGet(o, f, w[3])
	case "list-get":
		i, err := strconv.Atoi(strings.TrimSpace(w[3]))
		if err != nil {
			return "", objInput("invalid int value for INDEX: '%s'", w[3])
		}
		return tx.ListGet(o, f, i)
	}
	if err != nil {
		return "", err
	}
	return ref.String(), nil
}

// object loads the object an OBJ argument (Type:id) names.
func (s *objState) object(tx *db.Tx, spec string) (*db.Object, error) {
	ref, err := parseObjRef(spec)
	if err != nil {
		return nil, err
	}
	return tx.Object(ref)
}

// create runs new TYPE field=value ...
func (s *objState) create(tx *db.Tx, w []string) (string, error) {
	args, err := s.settings(w[2:])
	if err != nil {
		return "", err
	}
	typ, _, hasID, err := parseObjArg(w[1])
	if err != nil {
		return "", err
	}
	if hasID {
		return "", objInput("obj new takes a type such as %s, not an object: %s", typ.Name, w[1])
	}
	if err := db.CheckCreatable(typ); err != nil {
		return "", err
	}
	sets, err := parseSettings(typ, args)
	if err != nil {
		return "", err
	}
	ref, err := tx.NewObject(typ, sets)
	if err != nil {
		return "", err
	}
	return ref.String(), nil
}

// update runs update TYPE:ID field=value ...
func (s *objState) update(tx *db.Tx, w []string) (string, error) {
	args, err := s.settings(w[2:])
	if err != nil {
		return "", err
	}
	o, err := s.object(tx, w[1])
	if err != nil {
		return "", err
	}
	sets, err := parseSettings(o.Type(), args)
	if err != nil {
		return "", err
	}
	ref, err := tx.UpdateObject(o, sets)
	if err != nil {
		return "", err
	}
	return ref.String(), nil
}

// listsFields tells the commands whose result is a name=value line per field, for
// reading only, from those whose result is one value.
func listsFields(words []string) bool {
	return (words[0] == "get" || words[0] == "ext-info-get") && len(words) == 2
}

// get prints one field, or every field as name=value lines followed by an empty
// line, as OMERO does; in that listing each value is escaped, so none can forge a
// line of its own.
func (s *objState) get(tx *db.Tx, w []string) (string, error) {
	o, err := s.object(tx, w[1])
	if err != nil {
		return "", err
	}
	if len(w) == 3 {
		return tx.GetField(o, w[2])
	}
	fields, err := tx.GetFields(o)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f.Name + "=" + escapeText(f.Value) + "\n")
	}
	return b.String(), nil
}

var (
	fieldArgument = lazyRegexp(`(?s)^([a-zA-Z][a-zA-Z0-9]*)(@?)=(.*)$`)
	varName       = lazyRegexp(`^[a-zA-Z][a-zA-Z0-9]*$`)
	rowIndex      = lazyRegexp(`^[0-9]+$`)
)

// settings reads field=value and field@=REF arguments; a reference is the result of
// an earlier line (by number from 0) or of a variable.
func (s *objState) settings(args []string) ([]fieldArg, error) {
	out := make([]fieldArg, 0, len(args))
	for _, a := range args {
		m := fieldArgument().FindStringSubmatch(a)
		if m == nil {
			return nil, objInput("Unparseable argument: %s", a)
		}
		value := m[3]
		if m[2] == "@" {
			v, err := s.deref(value)
			if err != nil {
				return nil, err
			}
			value = v
		}
		out = append(out, fieldArg{Field: m[1], Value: value})
	}
	return out, nil
}

func (s *objState) deref(ref string) (string, error) {
	switch {
	case rowIndex().MatchString(ref):
		n, err := strconv.Atoi(ref)
		if err != nil || n >= len(s.rows) {
			return "", objInput("Invalid reference: %s (no result %s yet)", ref, ref)
		}
		return s.rows[n], nil
	case varName().MatchString(ref):
		v, ok := s.vars[ref]
		if !ok {
			return "", objInput("Invalid reference: %s (no such variable so far)", ref)
		}
		return v, nil
	}
	return "", objInput("Invalid reference: %s", ref)
}
