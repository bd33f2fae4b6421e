package db

// Annotations and links (4.3.5, 4.4.5, blitz-delete-rules): which annotations of the
// objects that go follow them, which are deleted, and what becomes of every link.

// annotationLinkTypes are the <T>AnnotationLink types, by the table of T.
var annotationLinkTypes = func() map[string]*Type {
	m := map[string]*Type{}
	for _, name := range AnnotatedTypes {
		m[concreteTypes(name)[0].Table] = reg(name + "AnnotationLink")
	}
	return m
}()

// annotationClass sorts annotation types by how the rules treat them.
type annotationClass int

const (
	sharable   annotationClass = iota // tags and file annotations
	orphanable                        // basic and comment: deleted when orphaned
	structured                        // list, map, xml
)

func classOf(typ *Type) annotationClass {
	switch {
	case typ.Is("TagAnnotation"), typ.Is("FileAnnotation"):
		return sharable
	case typ.Is("BasicAnnotation"), typ.Is("CommentAnnotation"):
		return orphanable
	}
	return structured
}

// annotations decides the annotations of everything that goes, then of the
// annotations that go (tag sets), until nothing new is reached.
func (p *planner) annotations() error {
	done := map[gkey]bool{}
	for {
		parents := map[string][]int64{}
		for _, n := range p.order {
			if gone(n) && !done[n.key()] && annotationLinkTypes[n.typ.Table] != nil && !n.typ.IsLink() {
				done[n.key()] = true
				parents[n.typ.Table] = append(parents[n.typ.Table], n.id)
			}
		}
		if len(parents) == 0 {
			return nil
		}
		if err := p.annotationRound(parents); err != nil {
			return err
		}
	}
}

func (p *planner) annotationRound(parents map[string][]int64) error {
	// reached: each annotation with the objects that go through which it was reached.
	reached := map[*gnode][]*gnode{}
	var list []*gnode
	for table, ids := range parents {
		links, err := p.loadLinks(annotationLinkTypes[table], "parent", ids)
		if err != nil {
			return err
		}
		for _, l := range links {
			a, x := p.node("annotation", l.child), p.node(table, l.parent)
			if a == nil || x == nil || a.state != stays {
				continue
			}
			if _, seen := reached[a]; !seen {
				list = append(list, a)
			}
			reached[a] = append(reached[a], x)
		}
	}
	var cands []*gnode
	for _, a := range sortNodes(list) {
		if p.annotationCandidate(a, reached[a]) {
			cands = append(cands, a)
		}
	}
	held, err := p.attached(cands, annotationLinkList()...)
	if err != nil {
		return err
	}
	for _, a := range cands {
		if held[a] {
			continue
		}
		p.decideOrphanAnnotation(a, reached[a][0])
	}
	return nil
}

func annotationLinkList() []*Type {
	out := make([]*Type, 0, len(AnnotatedTypes))
	for _, name := range AnnotatedTypes {
		out = append(out, reg(name+"AnnotationLink"))
	}
	return out
}

// annotationCandidate decides whether a, reached from the objects xs that go, is
// considered at all.
func (p *planner) annotationCandidate(a *gnode, xs []*gnode) bool {
	if p.excluded(a.typ) || p.req.Op == OpDelete && p.deleteKeepsByDefault(a.typ) {
		return false
	}
	if p.forced(a.typ) {
		return true
	}
	switch p.req.Op {
	case OpDelete:
		c := classOf(a.typ)
		return c == orphanable || c == structured && p.abilities(a).Delete
	case OpChown:
		// In read-annotate and read-write groups nothing is given implicitly.
		if p.perms(a).GroupAnnotate() {
			return false
		}
	}
	if classOf(a.typ) != sharable {
		return true
	}
	for _, x := range xs {
		if a.owner != x.owner {
			continue
		}
		switch p.req.Op {
		case OpChgrp:
			if p.abilities(a).Delete || p.abilities(x).Move {
				return true
			}
		case OpChown:
			if p.abilities(a).Give {
				return true
			}
		}
	}
	return false
}

// deleteKeepsByDefault: OMERO's CLI excludes tags, terms and file annotations from a
// delete unless they are included.
func (p *planner) deleteKeepsByDefault(typ *Type) bool {
	return !p.forced(typ) && (typ.Is("TagAnnotation") || typ.Is("TermAnnotation") || typ.Is("FileAnnotation"))
}

// decideOrphanAnnotation applies rule 4 of 4.3.5 / 4.4.5 to an annotation nothing
// that stays holds; x is an object that goes and held it.
func (p *planner) decideOrphanAnnotation(a, x *gnode) {
	ab := p.abilities(a)
	switch p.req.Op {
	case OpDelete:
		a.state = included
		a.free = classOf(a.typ) == orphanable
	case OpChown:
		switch {
		case a.owner == x.owner || p.forced(a.typ):
			p.admit(a)
		case p.perms(a).IsPrivate():
			a.state, a.free = deleted, true
		}
	case OpChgrp:
		switch {
		case a.owner == x.owner:
			a.state, a.free = included, x.free
		case !p.destPrivate() && ab.Delete:
			a.state, a.free = included, true
		case ab.Delete:
			a.state = deleted
		case classOf(a.typ) == orphanable:
			a.state, a.free = deleted, true
		}
	}
}

// files carries the original files of file annotations that go (4.3.5 rule 6) and
// decides the file annotations of files that go. A file that a file annotation which
// stays still uses is not carried by a delete, and is an error for chown and chgrp,
// whether it was named or reached; a delete that names it takes its annotations.
func (p *planner) files() error {
	rows, err := p.t.query(`SELECT id, file FROM annotation WHERE file IS NOT NULL AND id IN (SELECT value FROM json_each(?))`,
		idsJSON(p.ids("annotation", included)))
	if err != nil {
		return err
	}
	var fileIDs []int64
	for rows.Next() {
		var a, f int64
		if err := rows.Scan(&a, &f); err != nil {
			rows.Close()
			return err
		}
		fileIDs = append(fileIDs, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := p.loadRows(reg("OriginalFile"), "id", fileIDs); err != nil {
		return err
	}
	var carried []int64
	for _, f := range fileIDs {
		if n := p.node("originalfile", f); n != nil && n.kept() {
			carried = append(carried, f)
		}
	}
	// Every file annotation using a file that goes or would be carried.
	using, err := p.loadFK(reg("FileAnnotation"), "file", append(p.ids("originalfile", included), carried...))
	if err != nil {
		return err
	}
	staying := map[int64]*gnode{} // file -> the lowest file annotation that stays and uses it
	for _, fa := range sortNodes(keys(using)) {
		if f := using[fa]; fa.kept() && staying[f] == nil {
			staying[f] = fa
		}
	}
	for _, f := range sortedIDs(carried) {
		n := p.node("originalfile", f)
		if !n.kept() {
			continue
		}
		switch fa := staying[f]; {
		case fa == nil:
		case p.req.Op == OpDelete:
			continue // still used: the file stays
		case p.req.Op == OpChown:
			return graphRule("may not give OriginalFile[%d] while used by FileAnnotation[%d]", f, fa.id)
		default:
			return graphRule("cannot move OriginalFile[%d] while objects using it remain", f)
		}
		n.state, n.free = included, true
	}
	for _, f := range sortedIDs(p.ids("originalfile", included)) {
		if staying[f] == nil {
			continue
		}
		if p.req.Op != OpDelete {
			return graphRule("cannot %s OriginalFile[%d] while objects using it remain", p.verb(), f)
		}
		// A file the delete names takes the annotations that use it.
		for fa, file := range using {
			if file == f && fa.kept() {
				fa.state, fa.free = deleted, true
			}
		}
	}
	return nil
}
