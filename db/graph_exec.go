package db

import (
	"strings"

	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
)

// Writing a planned request: pointers from objects that stay into objects that go
// are cut, deleted objects removed in model.DeleteOrder, the rest updated, and every
// change logged, each step one statement per type over an id set (idCond).

func (t *Tx) execute(pl *graph.Plan) error {
	if pl.Op != OpChown {
		// Chown changes no group, so it cuts nothing.
		if err := t.cutPointers(pl); err != nil {
			return err
		}
	}
	for _, sp := range model.DeleteOrder() {
		for _, typ := range sp.Types {
			ids := pl.Deleted(typ)
			if pl.Op == OpDelete {
				ids = ids.Union(pl.Included(typ))
			}
			if err := t.deleteRows(typ, ids); err != nil {
				return err
			}
		}
	}
	if pl.Op == OpDelete {
		return nil
	}
	column, value := "owner_id", pl.Recipient
	if pl.Op == OpChgrp {
		column, value = "group_id", pl.Group
	}
	for _, typ := range model.All() {
		if typ.Abstract {
			continue
		}
		ids := pl.Included(typ)
		if len(ids) == 0 {
			continue
		}
		// The column comes from this function, the table from the model.
		cond, args := t.idCond("id", ids)
		if _, err := t.exec(`UPDATE `+typ.Table+` SET `+column+` = ? WHERE `+cond, append([]any{value}, args...)...); err != nil {
			return err
		}
		if err := t.logAll(typ.Name, "UPDATE", ids); err != nil {
			return err
		}
	}
	return nil
}

// deleteRows deletes objects of typ, with the entries of their map fields, and logs
// them (first, while their ids are all in the table).
func (t *Tx) deleteRows(typ *model.Type, ids graph.IDSet) error {
	if len(ids) == 0 {
		return nil
	}
	if err := t.logAll(typ.Name, "DELETE", ids); err != nil {
		return err
	}
	for _, f := range typ.Fields {
		if f.Kind == model.KindMap {
			cond, args := t.idCond(typ.OwnerColumn(), ids)
			if _, err := t.exec(`DELETE FROM `+f.Column+` WHERE `+cond, args...); err != nil {
				return err
			}
		}
	}
	cond, args := t.idCond("id", ids)
	_, err := t.exec(`DELETE FROM `+typ.Table+` WHERE `+cond, args...)
	return err
}

// logAll records the same change of many objects in the command's audit event, in
// id order.
func (t *Tx) logAll(entity, action string, ids graph.IDSet) error {
	ev, err := t.auditEvent()
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO eventlog (event_id, entity_type, entity_id, action)
		SELECT CAST(? AS bigint), CAST(? AS text), s.value, CAST(? AS text) FROM (`+t.idSet("?")+`) s`, ev, entity, action, setJSON(ids))
	return err
}

// cutPointers clears the references that the model lets split (model.Carry.Splits)
// where they would cross from an object that stays to one that goes: a ROI's image,
// a folder's parent (4.3.1 rule 6, 4.3.2). A reference to its own type is also cut
// where an object that goes points at one that stays: a folder that moves loses a
// parent that stays.
func (t *Tx) cutPointers(pl *graph.Plan) error {
	for _, sp := range model.Spaces() {
		for _, f := range sp.Refs {
			if !f.Carry.Splits() {
				continue
			}
			rows, targets := pl.Gone(sp), pl.Gone(f.Target.Space)
			col := quote(f.Column)
			var q string
			var args []any
			if f.Target.Space == sp {
				colIn, a1 := t.idCond(col, rows)
				idIn, a2 := t.idCond("id", rows)
				q = `UPDATE ` + sp.Table + ` SET ` + col + ` = NULL
		WHERE (` + colIn + ` AND NOT ` + idIn + `) OR (` + idIn + ` AND NOT ` + colIn + `)`
				args = append(append(append(append(args, a1...), a2...), a2...), a1...)
			} else {
				if len(targets) == 0 {
					continue
				}
				colIn, a1 := t.idCond(col, targets)
				idIn, a2 := t.idCond("id", rows)
				q = `UPDATE ` + sp.Table + ` SET ` + col + ` = NULL WHERE ` + colIn + ` AND NOT ` + idIn
				args = append(a1, a2...)
			}
			if _, err := t.exec(q, args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// idCond is the condition "col is one of ids" with its arguments: a few ranges as
// BETWEEN tests (walks of col's index, no list to parse), else the list. It is false
// for no ids.
func (t *Tx) idCond(col string, ids graph.IDSet) (string, []any) {
	switch {
	case len(ids) == 0:
		return "1 = 0", nil
	case len(ids) > 16:
		return col + ` IN (` + t.idSet("?") + `)`, []any{setJSON(ids)}
	}
	parts := make([]string, len(ids))
	args := make([]any, 0, 2*len(ids))
	for i, r := range ids {
		parts[i] = col + ` BETWEEN ? AND ?`
		args = append(args, r.Lo, r.Hi)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
