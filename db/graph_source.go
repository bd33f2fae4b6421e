package db

import (
	"database/sql"
	"errors"
	"strconv"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// source is the transaction as the graph planner reads it: every call one
// set-based query, each id set passed as one parameter (inSet). Table and column
// names come from the model, never from input.
type source struct{ t *Tx }

var _ graph.Source = source{}

func (s source) Group(id int64) (perms.Group, error)         { return s.t.groupRef(id) }
func (s source) Principal(id int64) (perms.Principal, error) { return s.t.principal(id) }

func (s source) Experimenters(ranges []graph.IDRange) ([]int64, error) {
	rows, err := s.t.query(`SELECT DISTINCT x.id FROM `+s.t.idRanges("?", "r")+` JOIN experimenter x
		ON x.id BETWEEN r.lo AND r.hi ORDER BY x.id`, rangesJSON(ranges))
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (s source) Rows(sp *model.Space, ids graph.IDSet, fn func(graph.Row)) error {
	from, where, arg := s.inSet("x.id", ids)
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+from+sp.Table+` x WHERE `+where, fn, arg)
}

func (s source) RowsInRanges(sp *model.Space, ranges []graph.IDRange, fn func(graph.Row)) error {
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+s.t.idRanges("?", "r")+` JOIN `+sp.Table+` x
		ON x.id BETWEEN r.lo AND r.hi`, fn, rangesJSON(ranges))
}

func (s source) Owned(sp *model.Space, owners []int64, fn func(graph.Row)) error {
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+sp.Table+` x WHERE x.owner_id IN (`+s.t.idSet("?")+`)`, fn, idsJSON(owners))
}

func (s source) Referrers(f *model.Field, ids graph.IDSet, fn func(graph.Row)) error {
	sp := f.Owner.Space
	from, where, arg := s.inSet("x."+quote(f.Column), ids)
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+from+sp.Table+` x WHERE `+where, fn, arg)
}

func (s source) Links(link *model.Type, end graph.End, ids graph.IDSet, fn func(link, other graph.Row)) error {
	near, far, other := "parent", "child", link.Child.Space
	if end == graph.ChildEnd {
		near, far, other = "child", "parent", link.Parent.Space
	}
	from, where, arg := s.inSet("l."+near, ids)
	return s.scanLinks(link, other, from, `l.`+far, where, fn, arg)
}

func (s source) Crossing(link *model.Type, children, parents graph.IDSet, fn func(link, parent graph.Row)) error {
	from, where, arg := s.inSet("l.child", children)
	notIn, arg2 := s.notInSet("l.parent", parents)
	return s.scanLinks(link, link.Parent.Space, from, `l.parent`, where+` AND `+notIn, fn, arg, arg2)
}

func (s source) Held(link *model.Type, children, parents graph.IDSet) ([]int64, error) {
	from, where, arg := s.inSet("l.child", children)
	notIn, arg2 := s.notInSet("l.parent", parents)
	rows, err := s.t.query(`SELECT DISTINCT l.child FROM `+from+link.Table+` l WHERE `+where+` AND `+notIn, arg, arg2)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// Twins finds, for few links, each link's twins through the (parent, child) index;
// for many, it first looks for the (parent, child) pairs that have twins at all,
// walking that index over the links' parents, which is one pass where probing link
// by link is a million lookups, and usually finds none.
func (s source) Twins(link *model.Type, ids graph.IDSet, fn func(id int64, twin graph.Row)) error {
	const few = 4096
	if ids.Len() <= few {
		from, where, arg := s.inSet("g.id", ids)
		return s.twins(link, from+link.Table+` g`, where, fn, arg)
	}
	from, where, arg := s.inSet("x.id", ids)
	rows, err := s.t.query(`SELECT l.parent, l.child FROM `+link.Table+` l
		WHERE l.parent IN (SELECT DISTINCT x.parent FROM `+from+link.Table+` x WHERE `+where+`)
		GROUP BY l.parent, l.child HAVING count(*) > 1`, arg)
	if err != nil {
		return err
	}
	var pairs [][2]int64
	for rows.Next() {
		var pc [2]int64
		if err := rows.Scan(&pc[0], &pc[1]); err != nil {
			return errors.Join(err, rows.Close())
		}
		pairs = append(pairs, pc)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	for _, pc := range pairs {
		err := s.twins(link, link.Table+` g`, `g.parent = ? AND g.child = ?`, func(id int64, twin graph.Row) {
			if ids.Contains(id) {
				fn(id, twin)
			}
		}, pc[0], pc[1])
		if err != nil {
			return err
		}
	}
	return nil
}

// twins reads, for the links g of from that match where, the other links joining
// the same parent and child.
func (s source) twins(link *model.Type, from, where string, fn func(id int64, twin graph.Row), args ...any) error {
	sp := link.Space
	rows, err := s.t.query(`SELECT g.id, `+columns(sp, "o")+` FROM `+from+` JOIN `+link.Table+` o
		ON o.parent = g.parent AND o.child = g.child AND o.id <> g.id
		WHERE `+where, args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }() // a second Close after c.run, or after a failure already reported
	r := newRowScanner(sp, 1)
	c := s.calls()
	for rows.Next() {
		if err := rows.Scan(r.dest...); err != nil {
			return err
		}
		if c.now {
			fn(asInt(r.vals[0]), r.row())
			continue
		}
		id, row := asInt(r.vals[0]), r.row()
		c.add(func() { fn(id, row) })
	}
	return c.run(rows)
}

// scan runs q, which selects columns(sp), and calls fn with each row.
func (s source) scan(sp *model.Space, q string, fn func(graph.Row), args ...any) error {
	rows, err := s.t.query(q, args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }() // a second Close after c.run, or after a failure already reported
	r := newRowScanner(sp, 0)
	c := s.calls()
	for rows.Next() {
		if err := rows.Scan(r.dest...); err != nil {
			return err
		}
		if c.now {
			fn(r.row())
			continue
		}
		row := r.row()
		c.add(func() { fn(row) })
	}
	return c.run(rows)
}

// scanLinks reads links of type link (alias l) matching where, joined with the
// object of space other (alias o) that the column on names; from goes before the
// link table (an id set to join, or nothing).
func (s source) scanLinks(link *model.Type, other *model.Space, from, on, where string, fn func(l, o graph.Row), args ...any) error {
	q := `SELECT ` + columns(link.Space, "l") + `, ` + columns(other, "o") + ` FROM ` + from + link.Table + ` l JOIN ` +
		other.Table + ` o ON o.id = ` + on + ` WHERE ` + where
	rows, err := s.t.query(q, args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }() // a second Close after c.run, or after a failure already reported
	l := newRowScanner(link.Space, 0)
	o := newRowScanner(other, 0)
	dest := append(append([]any{}, l.dest...), o.dest...)
	c := s.calls()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if c.now {
			fn(l.row(), o.row())
			continue
		}
		lr, or := l.row(), o.row()
		c.add(func() { fn(lr, or) })
	}
	return c.run(rows)
}

// calls are the callbacks of one result set. The graph's callbacks may ask the
// source again (a row's group), and a PostgreSQL connection runs no statement while
// it is reading another's rows: there the callbacks run once the rows are read and
// closed; on SQLite they run at once, and no rows are kept in memory. Callers test
// now before making a closure: a closure per row, even one run at once, puts the
// row on the heap (a million-image plan made 100 MB of garbage that way).
type calls struct {
	now   bool
	later []func()
}

func (s source) calls() *calls { return &calls{now: s.t.db.d != dialect.Postgres} }

// add keeps f to run once the rows are closed (run).
func (c *calls) add(f func()) { c.later = append(c.later, f) }

// run ends the result set rows and makes the calls it kept.
func (c *calls) run(rows *sql.Rows) error {
	if err := rows.Err(); err != nil {
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, f := range c.later {
		f()
	}
	return nil
}

func closeRows(rows *sql.Rows) error {
	if err := rows.Err(); err != nil {
		return errors.Join(err, rows.Close())
	}
	return rows.Close()
}

// inSet is the SQL for "col is one of ids", and its one argument. Ids that run in
// ranges (rows made together have neighbouring ids) go as ranges: from is a FROM item
// to put before the table, joined so that each range walks col's index from its low
// to its high end; a hundred thousand ids in one range are one index walk, not a
// hundred thousand lookups, and a short parameter. Scattered ids go as a list: from
// is empty and where is col IN (the list).
func (s source) inSet(col string, ids graph.IDSet) (from, where string, arg any) {
	if 2*len(ids) > ids.Len() {
		return "", col + ` IN (` + s.t.idSet("?") + `)`, setJSON(ids)
	}
	return s.t.idRanges("?", "r") + ` CROSS JOIN `, col + ` BETWEEN r.lo AND r.hi`, rangesJSON(ids)
}

// notInSet is the SQL for "col is none of ids" and its argument: a list, which
// SQLite reads once into an index of its own (a test against ranges would be a
// correlated subquery, parsed again for every row).
func (s source) notInSet(col string, ids graph.IDSet) (where string, arg any) {
	return col + ` NOT IN (` + s.t.idSet("?") + `)`, setJSON(ids)
}

// discriminated reports a space whose types are told apart by discriminator.
func discriminated(sp *model.Space) bool { return sp.Types[0].Discriminator != "" }

// columns is the select list for rows of sp: id, owner and group, the discriminator
// where there is one, and the graph references (null read as 0).
func columns(sp *model.Space, alias string) string {
	c := alias + ".id, " + alias + ".owner_id, " + alias + ".group_id"
	if discriminated(sp) {
		c += ", " + alias + ".discriminator"
	}
	for _, f := range sp.Refs {
		c += ", coalesce(" + alias + "." + quote(f.Column) + ", 0)"
	}
	return c
}

// rowScanner reads the columns of columns(sp), after skip leading ones, into
// untyped values: database/sql hands those over as the driver made them, where
// typed destinations cost a conversion by reflection per column and row.
type rowScanner struct {
	sp   *model.Space
	skip int
	vals []any
	dest []any
}

func newRowScanner(sp *model.Space, skip int) *rowScanner {
	n := skip + 3 + len(sp.Refs)
	if discriminated(sp) {
		n++
	}
	s := &rowScanner{sp: sp, skip: skip, vals: make([]any, n), dest: make([]any, n)}
	for i := range s.vals {
		s.dest[i] = &s.vals[i]
	}
	return s
}

// row is the row just scanned, with its concrete type.
func (s *rowScanner) row() graph.Row {
	v := s.vals[s.skip:]
	r := graph.Row{Type: s.sp.Types[0], ID: asInt(v[0]), Owner: asInt(v[1]), Group: asInt(v[2])}
	v = v[3:]
	if discriminated(s.sp) {
		if d := asString(v[0]); d != "" {
			if t, ok := model.ByDiscriminator(d); ok {
				r.Type = t
			}
		}
		v = v[1:]
	}
	for i := range s.sp.Refs {
		r.Refs[i] = asInt(v[i])
	}
	return r
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, errors.Join(err, rows.Close())
		}
		out = append(out, id)
	}
	return out, closeRows(rows)
}

// idSet is a subquery with one column, value, holding the ids of the JSON array bound
// at placeholder ph (idsJSON): use it as x IN (t.idSet("?")). It and idRanges are the
// only spellings of id sets in SQL, each its dialect's (db/dialect's IDSet and
// IDRanges).
func (t *Tx) idSet(ph string) string { return t.db.d.IDSet(ph) }

// idRanges is a FROM item named alias with columns lo and hi, one row per pair of the
// JSON array bound at placeholder ph (rangesJSON).
func (t *Tx) idRanges(ph, alias string) string { return t.db.d.IDRanges(ph, alias) }

// idsJSON passes a set of ids to SQL as one parameter, read with idSet.
func idsJSON(ids []int64) string {
	b := make([]byte, 0, 2+8*len(ids))
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// setJSON passes the ids of a set to SQL as one parameter, read with idSet.
func setJSON(ids graph.IDSet) string {
	b := make([]byte, 0, 2+8*ids.Len())
	b = append(b, '[')
	ids.Each(func(id int64) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	})
	return string(append(b, ']'))
}

// rangesJSON passes ranges to SQL as one parameter: [[lo,hi],...].
func rangesJSON(rs []graph.IDRange) string {
	b := []byte{'['}
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, r.Lo, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, r.Hi, 10)
		b = append(b, ']')
	}
	return string(append(b, ']'))
}
