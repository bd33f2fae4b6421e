package db

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/omero-go/omero/db/model"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
)

// Rules of the model that are not permissions: unique names, the names of the
// built-in users and groups, one link per (parent, child, owner), acyclic folders.

// systemLabels name the text fields of users and groups as user add and group add
// do, for the same checks of what a name may hold.
var systemLabels = map[string]string{"omeName": "login name", "firstName": "first name", "lastName": "last name",
	"middleName": "middle name", "email": "email", "institution": "institution"}

// checkSystemFields checks new text of users and groups as user add and group add
// do, then applies R-ROLE-13 and the uniqueness of user and group names (R-ROLE-16)
// to a change of omeName or a group's name.
func (t *Tx) checkSystemFields(o *Object, changes []Setting) error {
	if !o.typ.System {
		return nil
	}
	// Login and group names are stored in one spelling (README, Differences): the changes
	// written after this check carry it.
	for i := range changes {
		if s, ok := changes[i].Value.(string); ok && changes[i].Field.Name == o.typ.NameField {
			changes[i].Value = CanonicalName(s)
		}
	}
	for _, c := range changes {
		s, _ := c.Value.(string)
		label := systemLabels[c.Field.Name]
		if o.typ.ObjectKind == perms.GroupObject && c.Field.Name == "name" {
			label = "group name"
		}
		switch {
		case label == "":
		case c.Field.Name == o.typ.NameField:
			if err := checkPrincipalName(label, s); err != nil {
				return err
			}
		case c.Field.Required:
			if err := checkName(label, s); err != nil {
				return err
			}
		default:
			if err := checkText(label, s); err != nil {
				return err
			}
		}
	}
	for _, c := range changes {
		if c.Field.Name != o.typ.NameField {
			continue
		}
		oldName, _ := o.values[c.Field.Name].(string)
		newName := c.Value.(string)
		if oldName == newName {
			continue
		}
		switch o.typ.ObjectKind {
		case perms.ExperimenterObject:
			if err := perms.CheckExperimenterRename(o.id, oldName, newName); err != nil {
				return err
			}
			if id, taken, err := t.idByName(`SELECT id FROM experimenter WHERE omename = ?`, newName); err != nil || taken {
				return existsOr(err, "User exists: %s (id=%d)", newName, id)
			}
		case perms.GroupObject:
			if err := perms.CheckGroupRename(o.id, oldName, newName); err != nil {
				return err
			}
			if id, taken, err := t.idByName(`SELECT id FROM experimentergroup WHERE name = ?`, newName); err != nil || taken {
				return existsOr(err, "Group exists: %s (id=%d)", newName, id)
			}
		}
	}
	return nil
}

// checkAccount refuses changing a user who holds privileges the caller lacks
// (R-USER-ACCOUNT-1); other objects pass.
func (t *Tx) checkAccount(o *Object) error {
	if o.typ.ObjectKind != perms.ExperimenterObject {
		return nil
	}
	target, err := t.principal(o.id)
	if err != nil {
		return err
	}
	return perms.CheckChangeAccount(t.Caller, target)
}

func (t *Tx) idByName(q, name string) (int64, bool, error) {
	var id int64
	err := t.queryRow(q, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

func existsOr(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	return fault.New(fault.Exists, format, args...)
}

// checkIntegrity checks o, with changes applied, against the rules that do not
// depend on who asks.
func (t *Tx) checkIntegrity(o *Object, changes []Setting) error {
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.Field.Name] = true
		if s, ok := c.Value.(string); ok {
			if err := checkObjectText(o.typ, c.Field, s); err != nil {
				return err
			}
		}
	}
	if o.typ.IsLink() && (o.id == 0 || changed["parent"] || changed["child"]) {
		return t.checkDuplicateLink(o)
	}
	for _, f := range nestedFields(o.typ) {
		if o.id != 0 && changed[f.Name] {
			return t.checkCycle(o, f)
		}
	}
	return nil
}

// checkDuplicateLink refuses a second link of the same parent and child by the same
// owner.
func (t *Tx) checkDuplicateLink(o *Object) error {
	parent, child := o.values["parent"].(int64), o.values["child"].(int64)
	var id int64
	err := t.queryRow(`SELECT id FROM `+o.typ.Table+` WHERE parent = ? AND child = ? AND owner_id = ? AND id <> ?`,
		parent, child, o.owner, o.id).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	pp, err := t.refTo(o.typ.ParentField(), parent)
	if err != nil {
		return err
	}
	cp, err := t.refTo(o.typ.ChildField(), child)
	if err != nil {
		return err
	}
	return fault.New(fault.Exists, "%s exists: %s -> %s (id=%d)", o.typ.Name, pp, cp, id)
}

// nestedFields are the references of typ to rows of its own type that nest (a
// folder's parent): they may not form a cycle.
func nestedFields(typ *model.Type) []*model.Field {
	var out []*model.Field
	for i := range typ.Fields {
		if f := &typ.Fields[i]; f.Carry == model.Nested {
			out = append(out, f)
		}
	}
	return out
}

// checkCycle refuses making an object its own ancestor through f.
func (t *Tx) checkCycle(o *Object, f *model.Field) error {
	parent, ok := o.values[f.Name].(int64)
	if !ok {
		return nil
	}
	var hit int
	// The table and column come from the model.
	col := quote(f.Column)
	err := t.queryRow(`WITH RECURSIVE up(id) AS (
	    SELECT CAST(? AS bigint)
	    UNION SELECT x.`+col+` FROM `+o.typ.Table+` x JOIN up ON x.id = up.id WHERE x.`+col+` IS NOT NULL
	) SELECT count(*) FROM up WHERE id = ?`, parent, o.id).Scan(&hit)
	if err != nil {
		return err
	}
	if hit > 0 {
		return fault.New(fault.Failed, "%s %d would cause a cycle in the hierarchy", strings.ToLower(o.typ.Name), o.id)
	}
	return nil
}
