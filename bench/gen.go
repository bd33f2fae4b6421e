package main

import (
	"database/sql"
	"fmt"
	"math/rand/v2"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
	"github.com/omero-go/omero/perms"
)

// The generator fills a database made by `omero db init` with a facility's worth of
// users, groups, memberships and Project > Dataset > Image hierarchies. Everything
// random comes from one seeded generator and every time is fixed, so two runs write
// the same rows.

// Password is every generated account's password, root's included.
const Password = "omero-bench"

// passwordHash is bcrypt("omero-bench") at cost 10, computed once: hashing ten
// thousand passwords would take longer than writing the rest of the database.
const passwordHash = "$2a$10$USJ7.F/ibFNYTTq4cgfs/OusjPc34vukd0JoOkkE/MdU.2.tI029u"

// epoch is the time of every generated row (2026-01-01T00:00:00Z, in ms).
const epoch = 1767225600000

// seed fixes the random choices.
const seed = 7

// Scale is how much to generate.
type Scale struct {
	Users          int // generated users, besides root and guest
	Groups         int // generated groups, besides system, user and guest
	Memberships    int // memberships of generated users, the user group included
	Objects        int // projects + datasets + images
	BigDatasets    int // datasets in Project:1
	BigImagesPerDS int // images in each of them
}

// Full is the facility of issue 7.
var Full = Scale{Users: 10_000, Groups: 1_000, Memberships: 50_000, Objects: 1_000_000, BigDatasets: 10, BigImagesPerDS: 10_000}

// Tiny is for the generator's test.
var Tiny = Scale{Users: 20, Groups: 6, Memberships: 100, Objects: 1_000, BigDatasets: 2, BigImagesPerDS: 50}

// layout is where each kind of row goes. Project:1 with datasets 1..BigDatasets and
// images 1..bigImages is the big hierarchy; the other projects each hold
// datasetsPerProject datasets, among which the other images are dealt in turn.
type layout struct {
	Scale
	labsPerUser int
	bigImages   int
	projects    int // besides Project:1
	datasets    int // besides the big ones
	images      int // besides the big ones
}

const datasetsPerProject = 5

func (s Scale) layout() (layout, error) {
	l := layout{Scale: s, bigImages: s.BigDatasets * s.BigImagesPerDS}
	if s.Users <= 0 || s.Memberships%s.Users != 0 {
		return l, fmt.Errorf("memberships (%d) must be a multiple of users (%d)", s.Memberships, s.Users)
	}
	l.labsPerUser = s.Memberships/s.Users - 1 // the rest are lab groups
	if l.labsPerUser < 2 || l.labsPerUser > s.Groups {
		return l, fmt.Errorf("each user needs 2 to %d lab groups, not %d", s.Groups, l.labsPerUser)
	}
	rest := s.Objects - 1 - s.BigDatasets - l.bigImages
	l.projects = rest / 100 // about 94 images per project
	l.datasets = l.projects * datasetsPerProject
	l.images = rest - l.projects - l.datasets
	if l.projects < 1 || l.images < l.datasets {
		return l, fmt.Errorf("%d objects are too few for the big project and the others", s.Objects)
	}
	return l, nil
}

// Generate fills the database at path, which `omero db init` has just created, in
// one transaction.
func Generate(path string, s Scale) error {
	l, err := s.layout()
	if err != nil {
		return err
	}
	// No journal while generating: the file is thrown away if this fails, and a
	// million rows through the WAL would double the writing. WAL is restored at the
	// end, as omero expects.
	d, err := sql.Open("sqlite3", "file:"+path+"?mode=rw&_journal_mode=OFF&_sync=OFF&_foreign_keys=1")
	if err != nil {
		return err
	}
	defer d.Close()
	d.SetMaxOpenConns(1)
	tx, err := d.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	g := &gen{tx: tx, l: l, rng: rand.New(rand.NewPCG(seed, seed))}
	for _, step := range []func() error{g.fixBootstrap, g.groups, g.users, g.memberships, g.projects, g.images} {
		if err := step(); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, q := range []string{"PRAGMA journal_mode = WAL", "ANALYZE"} {
		if _, err := d.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

type gen struct {
	tx      *sql.Tx
	l       layout
	rng     *rand.Rand
	members [][]int64 // lab members by group index
	labs    [][]int64 // lab groups by user index, default first
	event   int64
}

func (g *gen) userID(i int) int64  { return int64(2 + i) } // after root and guest
func (g *gen) groupID(i int) int64 { return int64(3 + i) } // after system, user, guest

// fixBootstrap replaces what db init made from the clock and a random salt (root's
// hash, the bootstrap event's time) and adds the event every generated row points at.
func (g *gen) fixBootstrap() error {
	for _, s := range []struct {
		q   string
		arg []any
	}{
		{`UPDATE password SET hash = ?, changed = ? WHERE experimenter_id = 0`, []any{passwordHash, epoch}},
		{`UPDATE password SET changed = ? WHERE experimenter_id = 1`, []any{epoch}},
		{`UPDATE event SET time = ?`, []any{epoch}},
	} {
		if _, err := g.tx.Exec(s.q, s.arg...); err != nil {
			return fmt.Errorf("bootstrap: %w", err)
		}
	}
	r, err := g.tx.Exec(`INSERT INTO event (time, owner_id, group_id, type, command) VALUES (?, 0, 0, 'Internal', 'bench generate')`, epoch)
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	g.event, err = r.LastInsertId()
	return err
}

var levels = []perms.Permissions{perms.Private, perms.ReadOnly, perms.ReadAnnotate, perms.ReadWrite}

func (g *gen) groups() error {
	st, err := g.tx.Prepare(`INSERT INTO experimentergroup (id, name, description, ldap, permissions) VALUES (?, ?, '', 0, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := 0; i < g.l.Groups; i++ {
		if _, err := st.Exec(g.groupID(i), fmt.Sprintf("lab%04d", i+1), levels[g.rng.IntN(len(levels))]); err != nil {
			return fmt.Errorf("groups: %w", err)
		}
	}
	return nil
}

var (
	firstNames = []string{"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya"}
	lastNames  = []string{"Adler", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Huang", "Ivanova", "Jensen", "Kim", "Lopez", "Moreau", "Novak", "Okafor", "Petrov"}
)

func (g *gen) users() error {
	users, err := g.tx.Prepare(`INSERT INTO experimenter (id, omename, firstname, middlename, lastname, institution, email, ldap) VALUES (?, ?, ?, '', ?, 'Bench Facility', ?, 0)`)
	if err != nil {
		return err
	}
	defer users.Close()
	pw, err := g.tx.Prepare(`INSERT INTO password (experimenter_id, hash, changed) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer pw.Close()
	for i := 0; i < g.l.Users; i++ {
		name := fmt.Sprintf("user%05d", i+1)
		first, last := firstNames[g.rng.IntN(len(firstNames))], lastNames[g.rng.IntN(len(lastNames))]
		if _, err := users.Exec(g.userID(i), name, first, last, name+"@example.org"); err != nil {
			return fmt.Errorf("users: %w", err)
		}
		if _, err := pw.Exec(g.userID(i), passwordHash, epoch); err != nil {
			return fmt.Errorf("passwords: %w", err)
		}
	}
	return nil
}

// memberships puts every user in labsPerUser distinct lab groups (the first is the
// default group) and in user, and makes one member of each lab its owner.
func (g *gen) memberships() error {
	st, err := g.tx.Prepare(`INSERT INTO groupexperimentermap (parent, child, owner, child_index) VALUES (?, ?, 0, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	g.members = make([][]int64, g.l.Groups)
	g.labs = make([][]int64, g.l.Users)
	for i := 0; i < g.l.Users; i++ {
		u := g.userID(i)
		for idx, lab := range g.rng.Perm(g.l.Groups)[:g.l.labsPerUser] {
			if _, err := st.Exec(g.groupID(lab), u, idx); err != nil {
				return fmt.Errorf("memberships: %w", err)
			}
			g.members[lab] = append(g.members[lab], u)
			g.labs[i] = append(g.labs[i], g.groupID(lab))
		}
		if _, err := st.Exec(perms.UserGroup, u, g.l.labsPerUser); err != nil {
			return fmt.Errorf("memberships: %w", err)
		}
	}
	own, err := g.tx.Prepare(`UPDATE groupexperimentermap SET owner = 1 WHERE parent = ? AND child = ?`)
	if err != nil {
		return err
	}
	defer own.Close()
	for lab, ms := range g.members {
		if len(ms) == 0 {
			continue
		}
		if _, err := own.Exec(g.groupID(lab), ms[g.rng.IntN(len(ms))]); err != nil {
			return fmt.Errorf("owners: %w", err)
		}
	}
	return nil
}
