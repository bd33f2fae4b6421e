package db

import (
	"database/sql"
	"strconv"

	"github.com/omero-go/omero/db/dialect"
	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
)

// source is the transaction as the graph planner reads it: every call one
// set-based query, ids travelling as one JSON parameter. Table and column names come
// from the model, never from input.
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

func (s source) Rows(sp *model.Space, ids []int64, fn func(graph.Row)) error {
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+sp.Table+` x WHERE x.id IN (`+s.t.idSet("?")+`)`, fn, idsJSON(ids))
}

func (s source) RowsInRanges(sp *model.Space, ranges []graph.IDRange, fn func(graph.Row)) error {
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+s.t.idRanges("?", "r")+` JOIN `+sp.Table+` x
		ON x.id BETWEEN r.lo AND r.hi`, fn, rangesJSON(ranges))
}

func (s source) Owned(sp *model.Space, owners []int64, fn func(graph.Row)) error {
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+sp.Table+` x WHERE x.owner_id IN (`+s.t.idSet("?")+`)`, fn, idsJSON(owners))
}

func (s source) Referrers(f *model.Field, ids []int64, fn func(graph.Row)) error {
	sp := f.Owner.Space
	return s.scan(sp, `SELECT `+columns(sp, "x")+` FROM `+sp.Table+` x WHERE x.`+quote(f.Column)+` IN (`+s.t.idSet("?")+`)`, fn, idsJSON(ids))
}

func (s source) Links(link *model.Type, end graph.End, ids []int64, fn func(link, other graph.Row)) error {
	near, far, other := "parent", "child", link.Child.Space
	if end == graph.ChildEnd {
		near, far, other = "child", "parent", link.Parent.Space
	}
	return s.scanLinks(link, other, `l.`+far, `l.`+near+` IN (`+s.t.idSet("?")+`)`, fn, idsJSON(ids))
}

func (s source) Crossing(link *model.Type, children, parents []int64, fn func(link, parent graph.Row)) error {
	return s.scanLinks(link, link.Parent.Space, `l.parent`,
		`l.child IN (`+s.t.idSet("?")+`) AND l.parent NOT IN (`+s.t.idSet("?")+`)`,
		fn, idsJSON(children), idsJSON(parents))
}

func (s source) Held(link *model.Type, children, parents []int64) ([]int64, error) {
	rows, err := s.t.query(`SELECT DISTINCT child FROM `+link.Table+` WHERE child IN (`+s.t.idSet("?")+`)
		AND parent NOT IN (`+s.t.idSet("?")+`)`, idsJSON(children), idsJSON(parents))
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (s source) Twins(link *model.Type, ids []int64, fn func(id int64, twin graph.Row)) error {
	sp := link.Space
	rows, err := s.t.query(`SELECT g.id, `+columns(sp, "o")+` FROM `+link.Table+` g JOIN `+link.Table+` o
		ON o.parent = g.parent AND o.child = g.child AND o.id <> g.id
		WHERE g.id IN (`+s.t.idSet("?")+`)`, idsJSON(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	r := newRowScanner(sp)
	dest := append([]any{&id}, r.dest...)
	c := s.calls()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		id, row := id, r.row()
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
	defer rows.Close()
	r := newRowScanner(sp)
	c := s.calls()
	for rows.Next() {
		if err := rows.Scan(r.dest...); err != nil {
			return err
		}
		row := r.row()
		c.add(func() { fn(row) })
	}
	return c.run(rows)
}

// scanLinks reads links of type link (alias l) matching where, joined with the
// object of space other (alias o) that the column on names.
func (s source) scanLinks(link *model.Type, other *model.Space, on, where string, fn func(l, o graph.Row), args ...any) error {
	q := `SELECT ` + columns(link.Space, "l") + `, ` + columns(other, "o") + ` FROM ` + link.Table + ` l JOIN ` +
		other.Table + ` o ON o.id = ` + on + ` WHERE ` + where
	rows, err := s.t.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	l, o := newRowScanner(link.Space), newRowScanner(other)
	dest := append(append([]any{}, l.dest...), o.dest...)
	c := s.calls()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		lr, or := l.row(), o.row()
		c.add(func() { fn(lr, or) })
	}
	return c.run(rows)
}

// calls are the callbacks of one result set. The graph's callbacks may ask the
// source again (a row's group), and a PostgreSQL connection runs no statement while
// it is reading another's rows: there the callbacks run once the rows are read and
// closed; on SQLite they run at once, and no rows are kept in memory.
type calls struct {
	now   bool
	later []func()
}

func (s source) calls() *calls { return &calls{now: s.t.db.d != dialect.Postgres} }

func (c *calls) add(f func()) {
	if c.now {
		f()
		return
	}
	c.later = append(c.later, f)
}

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

// rowScanner reads the columns of columns(sp) into reused variables, so that reading
// a hundred thousand rows does not allocate per row.
type rowScanner struct {
	sp   *model.Space
	r    graph.Row
	disc string
	dest []any
}

func newRowScanner(sp *model.Space) *rowScanner {
	s := &rowScanner{sp: sp}
	s.dest = []any{&s.r.ID, &s.r.Owner, &s.r.Group}
	if discriminated(sp) {
		s.dest = append(s.dest, &s.disc)
	}
	for i := range sp.Refs {
		s.dest = append(s.dest, &s.r.Refs[i])
	}
	return s
}

// row is the row just scanned, with its concrete type.
func (s *rowScanner) row() graph.Row {
	r := s.r
	r.Type = s.sp.Types[0]
	if t, ok := model.ByDiscriminator(s.disc); ok && s.disc != "" {
		r.Type = t
	}
	return r
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
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
