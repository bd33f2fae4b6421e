package db

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/omero-go/omero/perms"
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
func (t *Tx) checkSystemFields(o *object, changes []change) error {
	if !o.typ.System {
		return nil
	}
	// Login and group names are stored in one spelling (DESIGN 5.18): the changes
	// written after this check carry it.
	for i := range changes {
		if s, ok := changes[i].value.(string); ok && changes[i].field.Name == o.typ.NameField {
			changes[i].value = CanonicalName(s)
		}
	}
	for _, c := range changes {
		s, _ := c.value.(string)
		label := systemLabels[c.field.Name]
		if o.typ.ObjectKind == perms.GroupObject && c.field.Name == "name" {
			label = "group name"
		}
		switch {
		case label == "":
		case c.field.Name == o.typ.NameField:
			if err := checkPrincipalName(label, s); err != nil {
				return err
			}
		case c.field.Required:
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
		if c.field.Name != o.typ.NameField {
			continue
		}
		oldName, _ := o.values[c.field.Name].(string)
		newName := c.value.(string)
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
func (t *Tx) checkAccount(o *object) error {
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
	return id, err == nil, wrapBusy(err)
}

func existsOr(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	return &ExistsError{Msg: fmt.Sprintf(format, args...)}
}

// checkIntegrity checks o, with changes applied, against the rules that do not
// depend on who asks.
func (t *Tx) checkIntegrity(o *object, changes []change) error {
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.field.Name] = true
	}
	if o.typ.IsLink() && (o.id == 0 || changed["parent"] || changed["child"]) {
		return t.checkDuplicateLink(o)
	}
	if o.typ.Name == "Folder" && o.id != 0 && changed["parentFolder"] {
		return t.checkFolderCycle(o)
	}
	return nil
}

// checkDuplicateLink refuses a second link of the same parent and child by the same
// owner.
func (t *Tx) checkDuplicateLink(o *object) error {
	parent, child := o.values["parent"].(int64), o.values["child"].(int64)
	var id int64
	err := t.queryRow(`SELECT id FROM `+o.typ.Table+` WHERE parent = ? AND child = ? AND owner_id = ? AND id <> ?`,
		parent, child, o.owner, o.id).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return wrapBusy(err)
	}
	pf, _ := o.typ.Field("parent")
	cf, _ := o.typ.Field("child")
	pp, err := t.refProxy(pf, parent)
	if err != nil {
		return err
	}
	cp, err := t.refProxy(cf, child)
	if err != nil {
		return err
	}
	return &ExistsError{Msg: fmt.Sprintf("%s exists: %s -> %s (id=%d)", o.typ.Name, pp, cp, id)}
}

// checkFolderCycle refuses making a folder its own ancestor.
func (t *Tx) checkFolderCycle(o *object) error {
	parent, ok := o.values["parentFolder"].(int64)
	if !ok {
		return nil
	}
	var hit int
	err := t.queryRow(`WITH RECURSIVE up(id) AS (
	    SELECT ?
	    UNION SELECT f.parentfolder FROM folder f JOIN up ON f.id = up.id WHERE f.parentfolder IS NOT NULL
	) SELECT count(*) FROM up WHERE id = ?`, parent, o.id).Scan(&hit)
	if err != nil {
		return wrapBusy(err)
	}
	if hit > 0 {
		return failed("folder %d would cause a cycle in the hierarchy", o.id)
	}
	return nil
}
