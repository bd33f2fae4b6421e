package db

import (
	"database/sql"

	"github.com/omero-go/omero/perms"
)

// The checks that refuse a whole request: OMERO's error rules (objects that may not
// be split) and the permission assertions on everything the request would change.

// check applies the error rules.
func (p *planner) check() error {
	for _, step := range []func() error{p.checkWellSamples, p.checkRois, p.checkTags, p.checkPrivateLinks, p.checkDuplicateLinks} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// checkWellSamples: an image and the well sample that uses it go together (4.3.4,
// 4.4.4, and delete's "may not delete Image while WellSample remains").
func (p *planner) checkWellSamples() error {
	users, err := p.loadFK(reg("WellSample"), "image", p.ids("image", included, deleted))
	if err != nil {
		return err
	}
	strict := func(n *gnode) bool { return p.req.Op != OpChown || p.perms(n).IsPrivate() }
	for _, ws := range sortNodes(keys(users)) {
		if ws.kept() && strict(ws) {
			return graphRule("may not %s Image[%d] while WellSample[%d] remains", p.verb(), users[ws], ws.id)
		}
	}
	if p.req.Op == OpDelete {
		return nil
	}
	images, err := p.sampleImages(p.ids("wellsample", included))
	if err != nil {
		return err
	}
	for _, wsID := range sortedIDs(mapKeys(images)) {
		ws, img := p.node("wellsample", wsID), p.node("image", images[wsID])
		if img != nil && img.kept() && strict(ws) {
			return graphRule("may not %s WellSample[%d] while Image[%d] remains", p.verb(), wsID, img.id)
		}
	}
	return nil
}

// checkRois: a ROI cannot move without its image (4.3.2), nor be given without it in
// private and read-only groups (4.4.2).
func (p *planner) checkRois() error {
	if p.req.Op == OpDelete {
		return nil
	}
	rows, err := p.t.query(`SELECT id, image FROM roi WHERE image IS NOT NULL AND id IN (SELECT value FROM json_each(?))`,
		idsJSON(p.ids("roi", included)))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var roiID, imgID int64
		if err := rows.Scan(&roiID, &imgID); err != nil {
			return err
		}
		img := p.node("image", imgID)
		if img != nil && !img.kept() {
			continue
		}
		roi := p.node("roi", roiID)
		if p.req.Op == OpChgrp || !p.perms(roi).GroupAnnotate() {
			return graphRule("cannot %s Roi[%d] while Image[%d] remains", p.verb(), roiID, imgID)
		}
	}
	return rows.Err()
}

// checkTags: one may not delete or move a tag that stays linked to data one may not
// delete (blitz-delete-rules; 4.3.5 rule 7).
func (p *planner) checkTags() error {
	if p.req.Op == OpChown {
		return nil
	}
	for _, l := range p.order {
		if !l.typ.IsLink() || l.typ.Child != "Annotation" {
			continue
		}
		tag := p.node("annotation", l.child)
		parent := p.node(concreteTypes(l.typ.Parent)[0].Table, l.parent)
		if tag == nil || parent == nil || tag.kept() || !parent.kept() || !tag.typ.Is("TagAnnotation") ||
			p.req.Op == OpChgrp && !tag.targeted && !p.forced(tag.typ) {
			continue
		}
		if !p.abilities(parent).Delete {
			if p.req.Op == OpDelete {
				return graphRule("may not delete %s while %s remains", p.object(tag).Short(), p.object(parent).Short())
			}
			return graphRule("may not move %s while used by %s", p.object(tag).Short(), p.object(parent).Short())
		}
	}
	return nil
}

// checkPrivateLinks: into a private group, a link may only move with both its ends
// when they have one owner (4.3.1 rule 5).
func (p *planner) checkPrivateLinks() error {
	if !p.destPrivate() {
		return nil
	}
	for _, l := range p.order {
		if !l.typ.IsLink() || l.state != included || l.targeted {
			continue
		}
		parent := p.node(concreteTypes(l.typ.Parent)[0].Table, l.parent)
		child := p.node(concreteTypes(l.typ.Child)[0].Table, l.child)
		if parent != nil && child != nil && parent.owner != child.owner {
			return graphRule("cannot null %s.parent", l.typ.Class)
		}
	}
	return nil
}

// checkDuplicateLinks: chown may not leave the recipient owning two links of the same
// parent and child (R-CHOWN-6). The database compares, type by type.
func (p *planner) checkDuplicateLinks() error {
	if p.req.Op != OpChown {
		return nil
	}
	given := map[*Type][]int64{}
	for _, l := range p.order {
		if l.typ.IsLink() && l.state == included && l.owner != p.req.Recipient {
			given[l.typ] = append(given[l.typ], l.id)
		}
	}
	for _, typ := range linkTypes() {
		ids := given[typ]
		if len(ids) == 0 {
			continue
		}
		// A given link whose parent and child the recipient already links, or that
		// another given link also joins.
		var id, other int64
		err := p.t.queryRow(`SELECT g.id, o.id FROM `+typ.Table+` g JOIN `+typ.Table+` o
			ON o.parent = g.parent AND o.child = g.child AND o.id <> g.id
			WHERE g.id IN (SELECT value FROM json_each(?1))
			  AND (o.owner_id = ?2 OR o.id IN (SELECT value FROM json_each(?1)))
			ORDER BY g.id, o.id LIMIT 1`, idsJSON(ids), p.req.Recipient).Scan(&id, &other)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return wrapBusy(err)
		}
		return graphRule("cannot give %s[%d]: would have user %d owning multiple identical links (%s[%d])",
			typ.Class, id, p.req.Recipient, typ.Class, other)
	}
	return nil
}

// assert checks the caller's right to every change the request makes that no rule
// made regardless of permissions (4.1 "assert").
func (p *planner) assert() error {
	c := p.t.Caller
	for _, n := range p.order {
		if n.kept() || n.free {
			continue
		}
		o := p.object(n)
		var err error
		switch {
		case p.req.Op == OpDelete || n.state == deleted:
			err = perms.CheckDeleteObject(c, o)
		case p.req.Op == OpChgrp:
			err = perms.CheckChgrpObject(c, o)
		default:
			err = perms.CheckChownObject(c, o, p.req.Recipient, p.recGroup)
		}
		if err != nil {
			return graphFail("graph-fail", err)
		}
	}
	return nil
}

func keys(m map[*gnode]int64) []*gnode {
	out := make([]*gnode, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func mapKeys(m map[int64]int64) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
