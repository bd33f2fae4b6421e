package commands

import (
	"fmt"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) groupAddUserCommand() *cli.Command {
	return &cli.Command{
		Name:      "adduser",
		Usage:     "add users to a group, or make them owners (--as-owner)",
		ArgsUsage: "[user ...]",
		Description: "Example: omero group adduser jsmith --name=read-annotate-1\n" +
			"         omero group adduser --name lab --user-name ownertobe --as-owner",
		Flags:  groupMemberFlags(),
		Action: rt.groupAddUser,
	}
}

func (rt *Runtime) groupRemoveUserCommand() *cli.Command {
	return &cli.Command{
		Name:        "removeuser",
		Usage:       "remove users from a group, or only their ownership (--as-owner)",
		ArgsUsage:   "[user ...]",
		Description: "Example: omero group removeuser jsmith --name=read-annotate-1",
		Flags:       groupMemberFlags(),
		Action:      rt.groupRemoveUser,
	}
}

func groupMemberFlags() []cli.Flag {
	return withLoginFlags(
		&cli.StringFlag{Name: "id", Usage: "id of the group"},
		&cli.StringFlag{Name: "name", Usage: "name of the group"},
		idFlag("user-id", "ids of the users"),
		idFlag("user-name", "login names of the users"),
		&cli.BoolFlag{Name: "as-owner", Usage: "change ownership rather than membership"},
	)
}

// forGroupUsers resolves the group and users of adduser/removeuser and applies fn
// to each user in one transaction; the lines it writes are printed after commit.
func (rt *Runtime) forGroupUsers(c *cli.Context, command string, fn func(*db.Tx, *strings.Builder, db.User, db.Group) error) error {
	if c.IsSet("id") && c.IsSet("name") {
		return notAllowedWith(c, "--name", "--id")
	}
	gl, ok := single(c, "id", "name")
	if !ok {
		return valueError(c, "No input group is specified")
	}
	ls := lookups(c.Args().Slice(), c.StringSlice("user-id"), c.StringSlice("user-name"))
	if len(ls) == 0 {
		return valueError(c, "No input user is specified")
	}
	return rt.updateReporting(c, command, func(tx *db.Tx, _ db.Session, out *strings.Builder) error {
		g, err := tx.FindGroup(gl)
		if err != nil {
			return err
		}
		users, err := tx.FindUsers(ls)
		if err != nil {
			return err
		}
		for _, u := range users {
			if err := fn(tx, out, u, g); err != nil {
				return err
			}
		}
		return nil
	})
}

func (rt *Runtime) groupAddUser(c *cli.Context) error {
	return rt.forGroupUsers(c, "group adduser", func(tx *db.Tx, out *strings.Builder, u db.User, g db.Group) error {
		return join(tx, out, u, g, c.Bool("as-owner"))
	})
}

func (rt *Runtime) groupRemoveUser(c *cli.Context) error {
	return rt.forGroupUsers(c, "group removeuser", func(tx *db.Tx, out *strings.Builder, u db.User, g db.Group) error {
		return leave(tx, out, u, g, c.Bool("as-owner"))
	})
}

func (rt *Runtime) groupCopyUsersCommand() *cli.Command {
	return &cli.Command{
		Name:        "copyusers",
		Usage:       "add every member of one group to another (only owners, as owners, with --as-owner)",
		ArgsUsage:   "from to",
		Description: "Example: omero group copyusers read-only-1 read-only-2 --as-owner",
		Flags: withLoginFlags(
			&cli.BoolFlag{Name: "as-owner", Usage: "copy the owners, as owners"},
		),
		Action: rt.groupCopyUsers,
	}
}

func (rt *Runtime) groupCopyUsers(c *cli.Context) error {
	switch {
	case c.NArg() < 2:
		return usageError(c, "too few arguments")
	case c.NArg() > 2:
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[2:]))
	}
	from, to := c.Args().Get(0), c.Args().Get(1)
	asOwner := c.Bool("as-owner")
	return rt.updateReporting(c, "group copyusers", func(tx *db.Tx, _ db.Session, out *strings.Builder) error {
		src, err := tx.FindGroup(db.Lookup{Value: from})
		if err != nil {
			return err
		}
		dst, err := tx.FindGroup(db.Lookup{Value: to})
		if err != nil {
			return err
		}
		ids := src.Owners
		if !asOwner {
			ids = append(append([]int64(nil), src.Owners...), src.Members...)
		}
		var users []db.User
		if len(ids) > 0 {
			if users, err = tx.Users(ids...); err != nil {
				return err
			}
		}
		for _, u := range users {
			if err := join(tx, out, u, dst, asOwner); err != nil {
				return err
			}
		}
		if asOwner {
			fmt.Fprintf(out, "Owners of %s copied to %s\n", from, to)
		} else {
			fmt.Fprintf(out, "Users of %s copied to %s\n", from, to)
		}
		return nil
	})
}
