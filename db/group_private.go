package db

import (
	"database/sql"

	"github.com/omero-go/omero/perms"
)

// cleanForPrivate prepares a group-readable group for becoming private
// (R-GROUP-PERMS-5, blitz-chmod-rules): every link joining two owners' objects is
// deleted, then the annotations that this left unlinked are deleted - basic and
// comment annotations whoever owns them, list, map and xml annotations if the caller
// may delete them; tags and files stay. Everything runs in the caller's transaction.
func (t *Tx) cleanForPrivate(g Group) error {
	p := newPlanner(t, GraphRequest{Op: OpDelete})
	var unlinked []int64
	for _, lt := range linkTypes() {
		parent, child := concreteTypes(lt.Parent)[0], concreteTypes(lt.Child)[0]
		// The registry names the tables; the group is a parameter.
		var ids []int64
		err := t.each(`SELECT l.id, l.child FROM `+lt.Table+` l
			JOIN `+parent.Table+` p ON p.id = l.parent JOIN `+child.Table+` c ON c.id = l.child
			WHERE l.group_id = ? AND p.owner_id <> c.owner_id`, []any{g.ID}, func(rows *sql.Rows) error {
			var id, c int64
			if err := rows.Scan(&id, &c); err != nil {
				return err
			}
			ids = append(ids, id)
			if child.Table == "annotation" {
				unlinked = append(unlinked, c)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			if err := p.deleteRows(lt.Table, lt.Name, ids); err != nil {
				return err
			}
		}
	}
	if len(unlinked) == 0 {
		return nil
	}
	// The annotations left with no link at all.
	orphans, err := p.loadRows(reg("CommentAnnotation"), "id", unlinked)
	if err != nil {
		return err
	}
	linked, err := t.stillLinked(unlinked)
	if err != nil {
		return err
	}
	byType := map[string][]int64{}
	for _, a := range sortNodes(orphans) {
		keep := linked[a.id] || classOf(a.typ) == sharable ||
			classOf(a.typ) == structured && !perms.Capabilities(t.Caller, p.object(a)).Delete
		if !keep {
			byType[a.typ.Name] = append(byType[a.typ.Name], a.id)
		}
	}
	for name, ids := range byType {
		if err := p.deleteRows("annotation", name, ids); err != nil {
			return err
		}
	}
	return nil
}

// stillLinked finds which of the annotations some link still points at.
func (t *Tx) stillLinked(ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	set := idsJSON(ids)
	for _, lt := range annotationLinkList() {
		err := t.each(`SELECT DISTINCT child FROM `+lt.Table+` WHERE child IN (SELECT value FROM json_each(?))`, []any{set}, func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out[id] = true
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
