package db

import (
	"github.com/omero-go/omero/db/graph"
	"github.com/omero-go/omero/db/model"
)

// Writing a planned request: pointers from objects that stay into objects that go
// are cut, deleted objects removed in model.DeleteOrder, the rest updated, and every
// change logged, each step one statement per type over a JSON id set.

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
				ids = append(ids[:len(ids):len(ids)], pl.Included(typ)...)
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
		ids := pl.Included(typ)
		if typ.Abstract || len(ids) == 0 {
			continue
		}
		// The column comes from this function, the table from the model.
		if _, err := t.exec(`UPDATE `+typ.Table+` SET `+column+` = ? WHERE id IN (`+t.idSet("?")+`)`, value, idsJSON(ids)); err != nil {
			return err
		}
		if err := t.logAll(typ.Name, "UPDATE", ids); err != nil {
			return err
		}
	}
	return nil
}

// deleteRows deletes objects of typ, with the entries of their map fields.
func (t *Tx) deleteRows(typ *model.Type, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	set := idsJSON(ids)
	for _, f := range typ.Fields {
		if f.Kind == model.KindMap {
			if _, err := t.exec(`DELETE FROM `+f.Column+` WHERE `+typ.OwnerColumn()+` IN (`+t.idSet("?")+`)`, set); err != nil {
				return err
			}
		}
	}
	if _, err := t.exec(`DELETE FROM `+typ.Table+` WHERE id IN (`+t.idSet("?")+`)`, set); err != nil {
		return err
	}
	return t.logAll(typ.Name, "DELETE", ids)
}

// logAll records the same change of many objects in the command's audit event.
func (t *Tx) logAll(entity, action string, ids []int64) error {
	ev, err := t.auditEvent()
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO eventlog (event_id, entity_type, entity_id, action)
		SELECT CAST(? AS bigint), CAST(? AS text), s.value, CAST(? AS text) FROM (`+t.idSet("?")+`) s`, ev, entity, action, idsJSON(ids))
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
			rows, targets := idsJSON(pl.Gone(sp)), idsJSON(pl.Gone(f.Target.Space))
			col := quote(f.Column)
			var err error
			if f.Target.Space == sp {
				_, err = t.exec(`UPDATE `+sp.Table+` SET `+col+` = NULL
		WHERE (`+col+` IN (`+t.idSet("?1")+`) AND id NOT IN (`+t.idSet("?1")+`))
		   OR (id IN (`+t.idSet("?1")+`) AND `+col+` NOT IN (`+t.idSet("?1")+`))`, rows)
			} else {
				_, err = t.exec(`UPDATE `+sp.Table+` SET `+col+` = NULL WHERE `+col+` IN (`+t.idSet("?")+`)
		AND id NOT IN (`+t.idSet("?")+`)`, targets, rows)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}
