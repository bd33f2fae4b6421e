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
func (rt *Runtime) objList(c *cli.Context, args []string) (err error) {
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
	defer closing(r.DB, &err)
	typ, err := parseObjType(args[0])
	if err != nil {
		return err
	}
	tw := newTableWriter(rt.IO.Out, style, objHeaders(typ))
	row := make([]string, 0, 5)
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		return tx.EachObject(typ, filter, func(o db.ListedObject) error {
			row = append(row[:0], strconv.FormatInt(o.Ref.ID, 10))
			switch {
			case typ.IsLink():
				row = append(row, o.Parent, o.Child)
			case typ.HasName():
				row = append(row, o.Name)
			}
			return tw.Row(append(row, o.Owner, o.Group)...)
		})
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

// objHeaders are the columns of obj list: id, then name or parent and child where
// the type has them, then owner and group.
func objHeaders(typ *model.Type) []string {
	h := []string{"id"}
	switch {
	case typ.IsLink():
		h = append(h, "parent", "child")
	case typ.HasName():
		h = append(h, "name")
	}
	return append(h, "owner", "group")
}
