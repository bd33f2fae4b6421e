package commands

import (
	"fmt"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

// permissionFlags are --perms and --type, shared by group add and group perms.
func permissionFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "perms", Usage: "permission string such as rwr--- (user, group, world)"},
		completed(&cli.StringFlag{Name: "type", Usage: "private, read-only, read-annotate or read-write (default private)"}, groupTypes),
	}
}

// permissionsOf reads --perms or --type; with neither the level is private, as in
// OMERO (so `group perms` without them makes a group private).
func permissionsOf(c *cli.Context) (perms.Permissions, error) {
	if c.IsSet("perms") && c.IsSet("type") {
		return 0, notAllowedWith(c, "--type", "--perms")
	}
	if c.IsSet("perms") {
		return perms.ParsePermissions(c.String("perms"))
	}
	t := c.String("type")
	if t == "" {
		t = "private"
	}
	p, ok := perms.PermissionsForType(t)
	if !ok {
		return 0, invalidChoice(c, "--type", t, perms.GroupTypeNames())
	}
	return p, nil
}

func (rt *Runtime) groupAddCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "add",
		Usage: "create a group (private unless --perms or --type says otherwise)",
		Description: "Example: omero group add read-annotate-1 --type=read-annotate\n" +
			"         omero group add read-only-1 --perms='rwr---'",
		Flags: append(permissionFlags(),
			&cli.BoolFlag{Name: "ignore-existing", Usage: "succeed without change if the group exists"}),
		Action: action(readGroupAdd, rt.groupAdd),
	}, args{usage: "name", min: 1, max: 1})
}

type groupAddOptions struct {
	name           string
	perms          perms.Permissions
	ignoreExisting bool
}

func readGroupAdd(c *cli.Context) (groupAddOptions, error) {
	p, err := permissionsOf(c)
	return groupAddOptions{name: db.CanonicalName(c.Args().First()), perms: p, ignoreExisting: c.Bool("ignore-existing")}, err
}

func (rt *Runtime) groupAdd(o groupAddOptions) error {
	var id int64
	err := rt.update("group add", func(tx *db.Tx) (err error) {
		id, err = tx.AddGroup(o.name, o.perms)
		return err
	})
	if fault.KindOf(err) == fault.Exists && o.ignoreExisting {
		_, err := fmt.Fprintln(rt.IO.Out, err)
		return err
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(rt.IO.Out, "Added group %s (id=%d) with permissions %s\n", o.name, id, o.perms)
	return err
}

func (rt *Runtime) groupPermsCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "perms",
		Usage: "change a group's permission level (private if neither --perms nor --type)",
		Description: "Group owners may change the groups they own, except to make them read-write,\n" +
			"which only administrators holding ModifyGroup may do. The built-in groups\n" +
			"system, user and guest keep their permissions.\n\n" +
			"Example: omero group perms --perms='rwrw--' --name='read-annotate-1'",
		Flags: append(permissionFlags(),
			&cli.StringFlag{Name: "id", Usage: "id of the group"},
			completed(&cli.StringFlag{Name: "name", Usage: "name of the group"}, groupNames)),
		Action: action(readGroupPerms, rt.groupPerms),
	}, args{})
}

type groupPermsOptions struct {
	group db.Lookup
	perms perms.Permissions
}

func readGroupPerms(c *cli.Context) (groupPermsOptions, error) {
	var o groupPermsOptions
	if c.IsSet("id") && c.IsSet("name") {
		return o, notAllowedWith(c, "--name", "--id")
	}
	var err error
	if o.perms, err = permissionsOf(c); err != nil {
		return o, err
	}
	var ok bool
	if o.group, ok = single(c, "id", "name"); !ok {
		return o, valueError(c, "No input group is specified")
	}
	return o, nil
}

func (rt *Runtime) groupPerms(o groupPermsOptions) error {
	var g db.Group
	var changed bool
	err := rt.update("group perms", func(tx *db.Tx) (err error) {
		g, changed, err = tx.ChangeGroupPermissions(o.group, o.perms)
		return err
	})
	switch {
	case err != nil:
		return err
	case changed:
		_, err = fmt.Fprintf(rt.IO.Out, "Changed permissions for group %s (id=%d) to %s\n", g.Name, g.ID, o.perms)
	default:
		_, err = fmt.Fprintf(rt.IO.Out, "Permissions for group %s (id=%d) already %s\n", g.Name, g.ID, o.perms)
	}
	return err
}
