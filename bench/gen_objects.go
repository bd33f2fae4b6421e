package main

import (
	"database/sql"
	"fmt"
)

// The hierarchies. Ids are given explicitly so that the big project is Project:1
// with Dataset:1..BigDatasets and Image:1..bigImages, whatever the scale.

// bigOwner is the user index that owns Project:1, in its default lab.
const bigOwner = 0

// projects writes Project:1 and its datasets, then the other projects, each owned by
// a random user in one of that user's labs, with their datasets and links. These are
// few enough (a tenth of the objects) to write one prepared statement at a time.
func (g *gen) projects() error {
	ins := map[string]string{
		"project":            `INSERT INTO project (id, name, description, owner_id, group_id, creation_id, update_id) VALUES (?, ?, '', ?, ?, ?, ?)`,
		"dataset":            `INSERT INTO dataset (id, name, description, owner_id, group_id, creation_id, update_id) VALUES (?, ?, '', ?, ?, ?, ?)`,
		"projectdatasetlink": `INSERT INTO projectdatasetlink (parent, child, owner_id, group_id, creation_id, update_id) VALUES (?, ?, ?, ?, ?, ?)`,
	}
	prep := map[string]*stmt{}
	for table, q := range ins {
		s, err := g.tx.Prepare(q)
		if err != nil {
			return err
		}
		defer s.Close()
		prep[table] = &stmt{s: s, table: table}
	}
	owner := g.userID(bigOwner)
	if err := g.project(prep, 1, owner, g.labs[bigOwner][0], 1, g.l.BigDatasets); err != nil {
		return err
	}
	for p := 0; p < g.l.projects; p++ {
		u := g.rng.IntN(g.l.Users)
		group := g.labs[u][g.rng.IntN(len(g.labs[u]))]
		firstDS := int64(g.l.BigDatasets + 1 + p*datasetsPerProject)
		if err := g.project(prep, int64(2+p), g.userID(u), group, firstDS, datasetsPerProject); err != nil {
			return err
		}
	}
	return nil
}

// project writes one project with n datasets numbered from firstDS.
func (g *gen) project(st map[string]*stmt, id, owner, group, firstDS int64, n int) error {
	ev := g.event
	if err := st["project"].exec(id, fmt.Sprintf("project %d", id), owner, group, ev, ev); err != nil {
		return err
	}
	for ds := firstDS; ds < firstDS+int64(n); ds++ {
		if err := st["dataset"].exec(ds, fmt.Sprintf("dataset %d", ds), owner, group, ev, ev); err != nil {
			return err
		}
		if err := st["projectdatasetlink"].exec(id, ds, owner, group, ev, ev); err != nil {
			return err
		}
	}
	return nil
}

// images writes the million rows set-based: a recursive CTE counts them out and
// each image takes its dataset's owner and group. Image:1..bigImages fill the big
// datasets in order, BigImagesPerDS each; the others are dealt round the other
// datasets.
func (g *gen) images() error {
	big, per, nds := g.l.bigImages, g.l.BigImagesPerDS, g.l.datasets
	dsOf := `CASE WHEN i <= ?1 THEN 1 + (i - 1) / ?2 ELSE ?3 + 1 + (i - ?1 - 1) % ?4 END`
	q := `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?5)
INSERT INTO image (id, name, description, owner_id, group_id, creation_id, update_id)
SELECT i, 'image ' || i, '', d.owner_id, d.group_id, ?6, ?6 FROM n JOIN dataset d ON d.id = ` + dsOf
	total := big + g.l.images
	if _, err := g.tx.Exec(q, big, per, g.l.BigDatasets, nds, total, g.event); err != nil {
		return fmt.Errorf("images: %w", err)
	}
	links := `INSERT INTO datasetimagelink (parent, child, owner_id, group_id, creation_id, update_id)
SELECT ` + dsOf + `, i, owner_id, group_id, ?5, ?5 FROM (SELECT id AS i, owner_id, group_id FROM image ORDER BY id)`
	if _, err := g.tx.Exec(links, big, per, g.l.BigDatasets, nds, g.event); err != nil {
		return fmt.Errorf("image links: %w", err)
	}
	return nil
}

// stmt is a prepared insert that names its table in errors.
type stmt struct {
	s     *sql.Stmt
	table string
}

func (s *stmt) exec(args ...any) error {
	if _, err := s.s.Exec(args...); err != nil {
		return fmt.Errorf("%s: %w", s.table, err)
	}
	return nil
}
