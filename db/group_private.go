package db

import (
	"database/sql"
	"errors"
	"sort"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// cleanForPrivate prepares a group-readable group for becoming private
// (R-GROUP-PERMS-5): an object pointing at another owner's object by a reference that
// may not split refuses the change; such a reference that may split is cut; every link
// joining two owners' objects is deleted, then the annotations that this left
// unlinked are deleted - basic and comment annotations whoever owns them, list, map
// and xml annotations if the caller may delete them; tags and files stay. Everything
// runs in the caller's transaction.
func (t *Tx) cleanForPrivate(g Group) error {
	if err := t.crossOwnerReferences(g); err != nil {
		return err
	}
	var unlinked []int64
	for _, lt := range model.Links() {
		parent, child := lt.Parent.Space, lt.Child.Space
		// The model names the tables; the group is a parameter.
		var ids []int64
		err := t.each(`SELECT l.id, l.child FROM `+lt.Table+` l
			JOIN `+parent.Table+` p ON p.id = l.parent JOIN `+child.Table+` c ON c.id = l.child
			WHERE l.group_id = ? AND p.owner_id <> c.owner_id`, []any{g.ID}, func(rows *sql.Rows) error {
			var id, c int64
			if err := rows.Scan(&id, &c); err != nil {
				return err
			}
			ids = append(ids, id)
			if child == model.Annotation.Space {
				unlinked = append(unlinked, c)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := t.deleteRows(lt, graph.SetOf(ids...)); err != nil {
			return err
		}
	}
	if len(unlinked) == 0 {
		return nil
	}
	// The annotations left with no link at all.
	var orphans []graph.Row
	if err := (source{t}).Rows(model.Annotation.Space, graph.SetOf(unlinked...), func(r graph.Row) { orphans = append(orphans, r) }); err != nil {
		return err
	}
	sort.Slice(orphans, func(i, j int) bool { return orphans[i].ID < orphans[j].ID })
	linked, err := t.stillLinked(unlinked)
	if err != nil {
		return err
	}
	byType := make([][]int64, len(model.All()))
	for _, a := range orphans {
		grp, err := t.groupRef(a.Group)
		if err != nil {
			return err
		}
		o := perms.Object{Class: a.Type.Class, ID: a.ID, Kind: a.Type.ObjectKind, OwnerID: a.Owner, Group: grp}
		class := a.Type.AnnotationClass()
		keep := linked[a.ID] || class == model.Sharable ||
			class == model.Structured && !perms.Capabilities(t.Caller, o).Delete
		if !keep {
			byType[a.Type.Index] = append(byType[a.Type.Index], a.ID)
		}
	}
	for _, typ := range model.All() {
		if err := t.deleteRows(typ, graph.SetOf(byType[typ.Index]...)); err != nil {
			return err
		}
	}
	return nil
}

// stillLinked finds which of the annotations some link still points at.
func (t *Tx) stillLinked(ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	set := idsJSON(ids)
	for _, lt := range model.Links() {
		if lt.Child != model.Annotation {
			continue
		}
		err := t.each(`SELECT DISTINCT child FROM `+lt.Table+` WHERE child IN (`+t.idSet("?")+`)`, []any{set}, func(rows *sql.Rows) error {
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

// crossOwnerReferences handles the references other than links that join two owners'
// objects in g: any one the model does not let split refuses the change (OMERO
// refuses for a well sample's image and leaves the others; here no reference in a
// private group crosses owners), then those that may split (a ROI's image, a folder's
// parent) are cut.
func (t *Tx) crossOwnerReferences(g Group) error {
	var splitting []*model.Field
	for _, sp := range model.Spaces() {
		for _, f := range sp.Refs {
			switch {
			case f.Owner.IsLink():
			case f.Carry.Splits():
				splitting = append(splitting, f)
			default:
				var id, target int64
				err := t.queryRow(`SELECT r.id, x.id`+crossOwner(f)+` ORDER BY r.id, x.id LIMIT 1`, g.ID).Scan(&id, &target)
				if errors.Is(err, sql.ErrNoRows) {
					continue
				}
				if err != nil {
					return err
				}
				return fault.New(fault.Failed, "cannot downgrade to private as %s[%d] uses differently owned %s[%d]",
					f.Owner.Name, id, f.Target.Name, target)
			}
		}
	}
	for _, f := range splitting {
		var ids []int64
		err := t.each(`SELECT r.id`+crossOwner(f)+` ORDER BY r.id`, []any{g.ID}, func(rows *sql.Rows) error {
			var id int64
			err := rows.Scan(&id)
			ids = append(ids, id)
			return err
		})
		if err != nil || len(ids) == 0 {
			return err
		}
		if _, err := t.exec(`UPDATE `+f.Owner.Table+` SET `+quote(f.Column)+` = NULL WHERE id IN (`+t.idSet("?")+`)`, idsJSON(ids)); err != nil {
			return err
		}
		if err := t.logAll(f.Owner.Name, "UPDATE", graph.SetOf(ids...)); err != nil {
			return err
		}
	}
	return nil
}

// crossOwner is the FROM and WHERE of the rows of group ? whose reference f points at
// a differently owned object. The model names the tables and the column.
func crossOwner(f *model.Field) string {
	return ` FROM ` + f.Owner.Table + ` r JOIN ` + f.Target.Space.Table + ` x ON x.id = r.` + quote(f.Column) +
		` WHERE r.group_id = ? AND r.owner_id <> x.owner_id`
}
