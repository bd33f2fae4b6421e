package db

import (
	"database/sql"
	"slices"
	"sort"
)

// Loading the subgraph a request touches. Every function reads one kind of row for
// a whole set of ids in one query, so the number of queries does not grow with the
// number of objects.

var byDiscriminator = func() map[string]*Type {
	m := map[string]*Type{}
	for _, t := range registry {
		if t.Discriminator != "" {
			m[t.Discriminator] = t
		}
	}
	return m
}()

// concreteTypes lists the registry types a target name stands for: itself, or every
// annotation type when the name is an abstract annotation class (Annotation,
// BasicAnnotation, TextAnnotation, ...).
func concreteTypes(name string) []*Type {
	if t, ok := LookupType(name); ok {
		return []*Type{t}
	}
	var out []*Type
	for _, t := range Types() {
		if t.Table == "annotation" && t.Is(name) {
			out = append(out, t)
		}
	}
	return out
}

// columns is the select list for rows of typ; annotations add their discriminator
// and links their two ends.
func columns(typ *Type, alias string) string {
	c := alias + ".id, " + alias + ".owner_id, " + alias + ".group_id"
	if typ.Table == "annotation" {
		c += ", " + alias + ".discriminator"
	}
	if typ.IsLink() {
		c += ", " + alias + ".parent, " + alias + ".child"
	}
	return c
}

// rowScanner reads the columns of columns(typ) into reused variables, so that
// reading a hundred thousand rows does not allocate per row, and makes a node only
// for an object not seen before.
type rowScanner struct {
	typ                             *Type
	id, owner, group, parent, child int64
	disc                            string
}

// dest returns the scan destinations, in the order of columns(typ).
func (r *rowScanner) dest() []any {
	d := []any{&r.id, &r.owner, &r.group}
	if r.typ.Table == "annotation" {
		d = append(d, &r.disc)
	}
	if r.typ.IsLink() {
		d = append(d, &r.parent, &r.child)
	}
	return d
}

// node returns the planner's node for the row just scanned.
func (r *rowScanner) node(p *planner) *gnode {
	typ := r.typ
	if r.disc != "" {
		if t, ok := byDiscriminator[r.disc]; ok {
			typ = t
		}
	}
	if n := p.node(typ.Table, r.id); n != nil {
		return n
	}
	return p.add(&gnode{typ: typ, id: r.id, owner: r.owner, group: r.group, parent: r.parent, child: r.child})
}

// loadRows reads the rows of typ whose column is one of ids, adding them to the
// subgraph, and returns them (existing nodes where already loaded).
func (p *planner) loadRows(typ *Type, column string, ids []int64) ([]*gnode, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// Table and column names come from the registry, never from input.
	q := `SELECT ` + columns(typ, "x") + ` FROM ` + typ.Table + ` x WHERE x.` + column + ` IN (SELECT value FROM json_each(?))`
	rows, err := p.t.query(q, idsJSON(ids))
	if err != nil {
		return nil, err
	}
	return p.collect(rows, typ)
}

// loadTarget reads the rows of typ a target names: its single ids, and whatever rows
// lie in its ranges, found through the primary key, so a range costs what it finds.
func (p *planner) loadTarget(typ *Type, tg GraphTarget) ([]*gnode, error) {
	out, err := p.loadRows(typ, "id", tg.IDs)
	if err != nil || len(tg.Ranges) == 0 {
		return out, err
	}
	// Table names come from the registry, never from input.
	rows, err := p.t.query(`SELECT `+columns(typ, "x")+` FROM json_each(?) r JOIN `+typ.Table+` x
		ON x.id BETWEEN json_extract(r.value, '$[0]') AND json_extract(r.value, '$[1]')`, rangesJSON(tg.Ranges))
	if err != nil {
		return nil, err
	}
	more, err := p.collect(rows, typ)
	return append(out, more...), err
}

func (p *planner) collect(rows *sql.Rows, typ *Type) ([]*gnode, error) {
	defer rows.Close()
	r := &rowScanner{typ: typ}
	dest := r.dest()
	var out []*gnode
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, r.node(p))
	}
	return out, rows.Err()
}

// loadFK reads the rows of typ whose foreign key column points at one of ids,
// returning each with the id it points at.
func (p *planner) loadFK(typ *Type, column string, ids []int64) (map[*gnode]int64, error) {
	out := map[*gnode]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	q := `SELECT ` + columns(typ, "x") + `, x.` + column + ` FROM ` + typ.Table + ` x WHERE x.` + column + ` IN (SELECT value FROM json_each(?))`
	rows, err := p.t.query(q, idsJSON(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r := &rowScanner{typ: typ}
	var ref int64
	dest := append(r.dest(), &ref)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out[r.node(p)] = ref
	}
	return out, rows.Err()
}

// linkMemo remembers, for one side of one link type, which ids were read and the
// links found, so that the rules can ask again without another query. Sorted ids
// keep it small when an operation touches a hundred thousand objects.
type linkMemo struct {
	queried []int64 // sorted
	links   []*gnode
}

// loadLinks returns the links of type link whose end ("parent" or "child") is one of
// ids, loading them with the objects at their other end. Each side of each link
// type is read from the database once per id.
func (p *planner) loadLinks(link *Type, end string, ids []int64) ([]*gnode, error) {
	k := linkEnd{link, end}
	m := p.loaded[k]
	if m == nil {
		m = &linkMemo{}
		p.loaded[k] = m
	}
	want := sortedIDs(slices.Clone(ids))
	want = slices.Compact(want)
	var fresh []int64
	for _, id := range want {
		if _, found := slices.BinarySearch(m.queried, id); !found {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) > 0 {
		found := map[int64][]*gnode{}
		if err := p.queryLinks(link, end, fresh, found); err != nil {
			return nil, err
		}
		for _, id := range fresh {
			m.links = append(m.links, found[id]...)
		}
		m.queried = append(m.queried, fresh...)
		slices.Sort(m.queried)
	}
	var out []*gnode
	for _, l := range m.links {
		at := l.parent
		if end == "child" {
			at = l.child
		}
		if _, ok := slices.BinarySearch(want, at); ok {
			out = append(out, l)
		}
	}
	return out, nil
}

// loadCrossing loads the links of type link whose child is one of children and whose
// parent is not one of parents.
func (p *planner) loadCrossing(link *Type, children, parents []int64) error {
	if len(children) == 0 {
		return nil
	}
	return p.queryLinksWhere(link, "child", `l.child IN (SELECT value FROM json_each(?)) AND l.parent NOT IN (SELECT value FROM json_each(?))`,
		[]any{idsJSON(children), idsJSON(parents)}, map[int64][]*gnode{})
}

func (p *planner) queryLinks(link *Type, end string, ids []int64, into map[int64][]*gnode) error {
	if len(ids) == 0 {
		return nil
	}
	return p.queryLinksWhere(link, end, `l.`+end+` IN (SELECT value FROM json_each(?))`, []any{idsJSON(ids)}, into)
}

// queryLinksWhere loads links of type link matching where (on alias l), with the
// object at the end opposite to end, indexing them into by their end.
func (p *planner) queryLinksWhere(link *Type, end, where string, args []any, into map[int64][]*gnode) error {
	other, otherCol := link.Child, "child"
	if end == "child" {
		other, otherCol = link.Parent, "parent"
	}
	otherTyp := concreteTypes(other)[0]
	// Table and column names come from the registry, never from input.
	q := `SELECT ` + columns(link, "l") + `, ` + columns(otherTyp, "o") + ` FROM ` + link.Table + ` l JOIN ` +
		otherTyp.Table + ` o ON o.id = l.` + otherCol + ` WHERE ` + where
	rows, err := p.t.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	l, o := &rowScanner{typ: link}, &rowScanner{typ: otherTyp}
	dest := append(l.dest(), o.dest()...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		o.node(p)
		n := l.node(p)
		at := n.parent
		if end == "child" {
			at = n.child
		}
		into[at] = append(into[at], n)
	}
	return rows.Err()
}

func sortedIDs(ids []int64) []int64 {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// sortNodes orders nodes by id, for stable messages.
func sortNodes(ns []*gnode) []*gnode {
	sort.Slice(ns, func(i, j int) bool { return ns[i].id < ns[j].id })
	return ns
}
