package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userInfoCommand() *cli.Command {
	return &cli.Command{
		Name:        "info",
		Usage:       "show users (by default yourself)",
		ArgsUsage:   "[user ...]",
		Description: "Example: omero user info --user-name jsmith",
		Flags: withLoginFlags(append(userTableFlags(),
			idFlag("user-id", "ids of users to show"),
			idFlag("user-name", "login names of users to show"))...),
		Action: rt.userInfo,
	}
}

func userLookups(c *cli.Context) []db.Lookup {
	return lookups(c.Args().Slice(), c.StringSlice("user-id"), c.StringSlice("user-name"))
}

func self(s db.Session) db.Lookup { return db.Lookup{Value: s.OwnerName, Kind: db.ByName} }

func (rt *Runtime) userInfo(c *cli.Context) error {
	opts, err := readUserTableOptions(c)
	if err != nil {
		return err
	}
	var users []db.User
	var missing error
	err = rt.view(c, func(tx *db.Tx, s db.Session) (err error) {
		users, missing, err = resolveSome(userLookups(c), self(s), tx.FindUsers, "No user found")
		return err
	})
	if err != nil {
		return err
	}
	if err := userTable(users, opts).Write(rt.IO.Out, opts.style); err != nil {
		return err
	}
	return missing
}

func (rt *Runtime) userListGroupsCommand() *cli.Command {
	return &cli.Command{
		Name:        "listgroups",
		Usage:       "list the groups of one user (by default yourself), user and system included",
		ArgsUsage:   "[user]",
		Description: "Example: omero user listgroups jsmith --long",
		Flags: withLoginFlags(append(groupTableFlags(),
			idFlag("user-id", "id of the user"),
			idFlag("user-name", "login name of the user"))...),
		Action: rt.userListGroups,
	}
}

func (rt *Runtime) userListGroups(c *cli.Context) error {
	opts, err := readGroupTableOptions(c)
	if err != nil {
		return err
	}
	var groups []db.Group
	err = rt.view(c, func(tx *db.Tx, s db.Session) error {
		u, err := resolveOne(userLookups(c), self(s), tx.FindUsers, "No user found", "Too many user arguments")
		if err != nil {
			return err
		}
		var ids []int64
		for _, m := range u.Groups {
			ids = append(ids, m.GroupID)
		}
		groups, err = tx.Groups(ids...)
		return err
	})
	if err != nil {
		return err
	}
	return groupTable(groups, opts).Write(rt.IO.Out, opts.style)
}
