package db

// Images, filesets and ROIs: images are reached from datasets, folders and well
// samples, must keep their fileset whole, and carry or drop their ROIs.

// images decides every image a carried container, folder or well sample holds.
func (p *planner) images() error {
	cands := map[*gnode]bool{}
	var list []*gnode
	addCand := func(n *gnode) {
		if n != nil && !cands[n] {
			cands[n] = true
			list = append(list, n)
		}
	}
	for _, lt := range []*Type{reg("DatasetImageLink"), reg("FolderImageLink")} {
		cs, err := p.candidatesVia(lt)
		if err != nil {
			return err
		}
		for _, c := range cs {
			addCand(c)
		}
	}
	// The images of carried well samples are candidates whoever owns them.
	samples, err := p.sampleImages(p.ids("wellsample", included))
	if err != nil {
		return err
	}
	for _, imgID := range samples {
		if img := p.node("image", imgID); img != nil && !p.excluded(img.typ) &&
			(p.req.Op != OpDelete || p.abilities(img).Delete) {
			addCand(img)
		}
	}
	attached, err := p.attached(list, reg("DatasetImageLink"), reg("FolderImageLink"))
	if err != nil {
		return err
	}
	// An image used by a well sample that stays is held by it.
	users, err := p.loadFK(reg("WellSample"), "image", nodeIDs(list))
	if err != nil {
		return err
	}
	for ws, imgID := range users {
		if ws.kept() {
			if img := p.node("image", imgID); img != nil && !p.forced(img.typ) {
				attached[img] = true
			}
		}
	}
	for _, c := range list {
		if c.state == stays && !attached[c] {
			p.admit(c)
		}
	}
	return nil
}

// sampleImages returns the image of each of the given well samples, loading the
// images.
func (p *planner) sampleImages(sampleIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(sampleIDs) == 0 {
		return out, nil
	}
	rows, err := p.t.query(`SELECT id, image FROM wellsample WHERE id IN (SELECT value FROM json_each(?))`, idsJSON(sampleIDs))
	if err != nil {
		return nil, err
	}
	var imgs []int64
	for rows.Next() {
		var ws, img int64
		if err := rows.Scan(&ws, &img); err != nil {
			rows.Close()
			return nil, err
		}
		out[ws] = img
		imgs = append(imgs, img)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	_, err = p.loadRows(reg("Image"), "id", imgs)
	return out, err
}

func nodeIDs(ns []*gnode) []int64 {
	out := make([]int64, len(ns))
	for i, n := range ns {
		out[i] = n.id
	}
	return out
}

// filesets keeps filesets whole (4.3.3, 4.4.3): a fileset goes with its images only
// if all of them go; images merely carried along then stay with it, and an image
// named by the request while a sibling stays is an error.
func (p *planner) filesets() error {
	// A named fileset brings all its images.
	fsImages, err := p.loadFK(reg("Image"), "fileset", p.ids("fileset", included))
	if err != nil {
		return err
	}
	for img := range fsImages {
		if img.state == stays {
			img.state, img.targeted = included, true
		}
	}
	// The filesets of the images that go, with all their images.
	rows, err := p.t.query(`SELECT DISTINCT fileset FROM image WHERE fileset IS NOT NULL AND id IN (SELECT value FROM json_each(?))`,
		idsJSON(p.ids("image", included)))
	if err != nil {
		return err
	}
	var fsIDs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		fsIDs = append(fsIDs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := p.loadRows(reg("Fileset"), "id", fsIDs); err != nil {
		return err
	}
	members, err := p.loadFK(reg("Image"), "fileset", fsIDs)
	if err != nil {
		return err
	}
	byFileset := map[int64][]*gnode{}
	for img, fs := range members {
		byFileset[fs] = append(byFileset[fs], img)
	}
	verb := p.verb()
	for _, fsID := range sortedIDs(fsIDs) {
		imgs := byFileset[fsID]
		var staying, going []*gnode
		for _, img := range imgs {
			if img.kept() {
				staying = append(staying, img)
			} else {
				going = append(going, img)
			}
		}
		fs := p.node("fileset", fsID)
		if len(staying) == 0 {
			if fs.kept() {
				fs.state, fs.free = included, true
			}
			continue
		}
		for _, img := range sortNodes(going) {
			if img.targeted || fs.state != stays {
				return graphRule("within Fileset[%d] may not %s Image[%d] while Image[%d] remains", fsID, verb, img.id, sortNodes(staying)[0].id)
			}
			img.state, img.free = stays, false
		}
	}
	return nil
}

// verb is the operation as OMERO's error rules word it.
func (p *planner) verb() string { return [...]string{"give", "move", "delete"}[p.req.Op] }

// rois decides the ROIs of folders and images that go (4.3.2, 4.4.2).
func (p *planner) rois() error {
	if _, err := p.contents(reg("FolderRoiLink")); err != nil {
		return err
	}
	byImage, err := p.loadFK(reg("Roi"), "image", p.ids("image", included))
	if err != nil {
		return err
	}
	var list []*gnode
	for roi := range byImage {
		list = append(list, roi)
	}
	heldByFolder, err := p.attached(list, reg("FolderRoiLink"))
	if err != nil {
		return err
	}
	for _, roi := range sortNodes(list) {
		if roi.state != stays || p.excluded(roi.typ) {
			continue
		}
		img := p.node("image", byImage[roi])
		switch p.req.Op {
		case OpChgrp:
			switch {
			case heldByFolder[roi]:
				// Stays in its folder; its image pointer is cut when the image moves.
			case roi.owner == img.owner:
				roi.state, roi.free = included, img.free
			case !p.destPrivate():
				roi.state, roi.free = included, true
			default:
				roi.state, roi.free = deleted, true
			}
		case OpChown:
			// Only in private and read-only groups do the image owner's ROIs follow
			// (DESIGN 5.15, D-5).
			if lvl := p.perms(roi); !lvl.GroupAnnotate() && roi.owner == img.owner {
				p.admit(roi)
			}
		case OpDelete:
			if !heldByFolder[roi] && p.abilities(roi).Delete {
				roi.state = included
			}
		}
	}
	return nil
}
