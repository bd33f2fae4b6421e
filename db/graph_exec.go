package db

// Writing a planned request: pointers from objects that stay into objects that go
// are cut, deleted objects removed children first, the rest updated, and every change
// logged, each step one statement per table over a JSON id set.

// deleteOrder lists tables so that nothing is deleted while a row still refers to it.
func deleteOrder() []string {
	var out []string
	for _, lt := range annotationLinkList() {
		out = append(out, lt.Table)
	}
	for _, name := range containerLinks {
		out = append(out, reg(name).Table)
	}
	return append(out, "wellsample", "roi", "well", "image", "fileset", "dataset", "project", "plate",
		"screen", "folder", "annotation", "originalfile")
}

// byTableAndType groups the ids of nodes in state s, by table and by type name (the
// audit log's entity type).
func (p *planner) byTable(s gstate) map[string]map[string][]int64 {
	out := map[string]map[string][]int64{}
	for _, n := range p.order {
		if n.state != s {
			continue
		}
		if out[n.typ.Table] == nil {
			out[n.typ.Table] = map[string][]int64{}
		}
		out[n.typ.Table][n.typ.Name] = append(out[n.typ.Table][n.typ.Name], n.id)
	}
	return out
}

func (p *planner) execute() error {
	if err := p.cutPointers(); err != nil {
		return err
	}
	gone := p.byTable(deleted)
	if p.req.Op == OpDelete {
		for table, byType := range p.byTable(included) {
			if gone[table] == nil {
				gone[table] = map[string][]int64{}
			}
			for name, ids := range byType {
				gone[table][name] = append(gone[table][name], ids...)
			}
		}
	}
	for _, table := range deleteOrder() {
		for name, ids := range gone[table] {
			if err := p.deleteRows(table, name, ids); err != nil {
				return err
			}
		}
	}
	if p.req.Op == OpDelete {
		return nil
	}
	column, value := "owner_id", p.req.Recipient
	if p.req.Op == OpChgrp {
		column, value = "group_id", p.req.Group
	}
	for table, byType := range p.byTable(included) {
		for name, ids := range byType {
			// The column comes from this function, the table from the registry.
			if _, err := p.t.exec(`UPDATE `+table+` SET `+column+` = ? WHERE id IN (SELECT value FROM json_each(?))`, value, idsJSON(ids)); err != nil {
				return err
			}
			if err := p.log(name, "UPDATE", ids); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *planner) deleteRows(table, name string, ids []int64) error {
	set := idsJSON(ids)
	if table == "annotation" {
		if _, err := p.t.exec(`DELETE FROM annotation_mapvalue WHERE annotation_id IN (SELECT value FROM json_each(?))`, set); err != nil {
			return err
		}
	}
	if _, err := p.t.exec(`DELETE FROM `+table+` WHERE id IN (SELECT value FROM json_each(?))`, set); err != nil {
		return err
	}
	return p.log(name, "DELETE", ids)
}

func (p *planner) log(entity, action string, ids []int64) error {
	ev, err := p.t.auditEvent()
	if err != nil {
		return err
	}
	_, err = p.t.exec(`INSERT INTO eventlog (event_id, entity_type, entity_id, action)
		SELECT ?, ?, value, ? FROM json_each(?)`, ev, entity, action, idsJSON(ids))
	return err
}

// cutPointers clears the nullable references that would otherwise cross from an
// object that stays to one that goes: a ROI's image, a folder's parent (4.3.1 rule 6,
// 4.3.2). Chown changes no group, so it cuts nothing.
func (p *planner) cutPointers() error {
	if p.req.Op == OpChown {
		return nil
	}
	going := idsJSON(p.ids("image", included, deleted))
	if _, err := p.t.exec(`UPDATE roi SET image = NULL WHERE image IN (SELECT value FROM json_each(?))
		AND id NOT IN (SELECT value FROM json_each(?))`, going, idsJSON(p.ids("roi", included, deleted))); err != nil {
		return err
	}
	folders := idsJSON(p.ids("folder", included, deleted))
	// Folders that stay lose a parent that goes; folders that move lose a parent that
	// stays.
	if _, err := p.t.exec(`UPDATE folder SET parentfolder = NULL
		WHERE (parentfolder IN (SELECT value FROM json_each(?1)) AND id NOT IN (SELECT value FROM json_each(?1)))
		   OR (id IN (SELECT value FROM json_each(?1)) AND parentfolder NOT IN (SELECT value FROM json_each(?1)))`, folders); err != nil {
		return err
	}
	return nil
}
