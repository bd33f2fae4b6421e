package commands

import (
	"strconv"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/model"
	"github.com/urfave/cli/v2"
)

// objList is obj list TYPE [--owner USER] [--group GROUP]: the objects of one type
// the caller may read, across all groups. --group filters here; it does not choose
// the session's group.
func (rt *Runtime) objList(c *cli.Context, args []string) error {
	if len(args) == 0 {
		return objInput("usage: list TYPE [--owner USER] [--group GROUP]")
	}
	if len(args) > 1 {
		return usageError(c, "unrecognized arguments: %s", joinArgs(args[1:]))
	}
	style, err := styleOf(c)
	if err != nil {
		return err
	}
	filter := db.ObjectFilter{Owner: c.String("owner"), Group: c.String("group")}
	login := loginArgs(c)
	login.Group = ""
	r, err := rt.loginWith(login)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	typ, err := parseObjType(args[0])
	if err != nil {
		return err
	}
	var objs []db.ListedObject
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		objs, err = tx.ListObjects(typ, filter)
		return err
	})
	if err != nil {
		return err
	}
	return objTable(typ, objs).Write(rt.IO.Out, style)
}

// objTable has the columns id, then name or parent and child where the type has
// them, then owner and group.
func objTable(typ *model.Type, objs []db.ListedObject) *Table {
	t := &Table{Headers: []string{"id"}}
	switch {
	case typ.IsLink():
		t.Headers = append(t.Headers, "parent", "child")
	case typ.HasName():
		t.Headers = append(t.Headers, "name")
	}
	t.Headers = append(t.Headers, "owner", "group")
	for _, o := range objs {
		row := []string{strconv.FormatInt(o.Ref.ID, 10)}
		switch {
		case typ.IsLink():
			row = append(row, o.Parent, o.Child)
		case typ.HasName():
			row = append(row, o.Name)
		}
		t.Append(append(row, o.Owner, o.Group)...)
	}
	return t
}
