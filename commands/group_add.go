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
		&cli.StringFlag{Name: "type", Usage: "private, read-only, read-annotate or read-write (default private)"},
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
	return &cli.Command{
		Name:      "add",
		Usage:     "create a group (private unless --perms or --type says otherwise)",
		ArgsUsage: "name",
		Description: "Example: omero group add read-annotate-1 --type=read-annotate\n" +
			"         omero group add read-only-1 --perms='rwr---'",
		Flags: withLoginFlags(append(permissionFlags(),
			&cli.BoolFlag{Name: "ignore-existing", Usage: "succeed without change if the group exists"})...),
		Action: rt.groupAdd,
	}
}

func (rt *Runtime) groupAdd(c *cli.Context) error {
	switch {
	case c.NArg() == 0:
		return usageError(c, "too few arguments")
	case c.NArg() > 1:
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[1:]))
	}
	p, err := permissionsOf(c)
	if err != nil {
		return err
	}
	name := c.Args().First()
	var id int64
	err = rt.update(c, "group add", func(tx *db.Tx, _ db.Session) error {
		id, err = tx.AddGroup(name, p)
		return err
	})
	if fault.KindOf(err) == fault.Exists && c.Bool("ignore-existing") {
		_, err := fmt.Fprintln(rt.IO.Out, err)
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(rt.IO.Out, "Added group %s (id=%d) with permissions %s\n", name, id, p)
	return nil
}

func (rt *Runtime) groupPermsCommand() *cli.Command {
	return &cli.Command{
		Name:  "perms",
		Usage: "change a group's permission level (private if neither --perms nor --type)",
		Description: "Group owners may change the groups they own, except to make them read-write,\n" +
			"which only administrators holding ModifyGroup may do. The built-in groups\n" +
			"system, user and guest keep their permissions.\n\n" +
			"Example: omero group perms --perms='rwrw--' --name='read-annotate-1'",
		Flags: withLoginFlags(append(permissionFlags(),
			&cli.StringFlag{Name: "id", Usage: "id of the group"},
			&cli.StringFlag{Name: "name", Usage: "name of the group"})...),
		Action: rt.groupPerms,
	}
}

func (rt *Runtime) groupPerms(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	if c.IsSet("id") && c.IsSet("name") {
		return notAllowedWith(c, "--name", "--id")
	}
	p, err := permissionsOf(c)
	if err != nil {
		return err
	}
	gl, ok := single(c, "id", "name")
	if !ok {
		return valueError(c, "No input group is specified")
	}
	var msg string
	err = rt.update(c, "group perms", func(tx *db.Tx, _ db.Session) error {
		g, err := tx.FindGroup(gl)
		if err != nil {
			return err
		}
		changed, err := tx.SetGroupPermissions(g, p)
		if fault.KindOf(err) == fault.Denied {
			return fmt.Errorf("Cannot change permissions for group %s (id=%d) to %s: %w", g.Name, g.ID, p, err)
		}
		if err != nil {
			return err
		}
		if changed {
			msg = fmt.Sprintf("Changed permissions for group %s (id=%d) to %s", g.Name, g.ID, p)
		} else {
			msg = fmt.Sprintf("Permissions for group %s (id=%d) already %s", g.Name, g.ID, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(rt.IO.Out, msg)
	return nil
}
