package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) groupListCommand() *cli.Command {
	return &cli.Command{
		Name:        "list",
		Usage:       "list every group",
		Description: "Example: omero group list --long --style csv",
		Flags:       withLoginFlags(groupTableFlags()...),
		Action:      rt.groupList,
	}
}

func (rt *Runtime) groupList(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	opts, err := readGroupTableOptions(c)
	if err != nil {
		return err
	}
	var groups []db.Group
	err = rt.view(c, func(tx *db.Tx, _ db.Session) (err error) {
		groups, err = tx.Groups()
		return err
	})
	if err != nil {
		return err
	}
	return groupTable(groups, opts).Write(rt.IO.Out, opts.style)
}

func groupLookupFlags(usage string) []cli.Flag {
	return []cli.Flag{idFlag("group-id", "ids of "+usage), idFlag("group-name", "names of "+usage)}
}

func groupLookups(c *cli.Context) []db.Lookup {
	return lookups(c.Args().Slice(), c.StringSlice("group-id"), c.StringSlice("group-name"))
}

func currentGroup(s db.Session) db.Lookup { return db.Lookup{Value: s.GroupName, Kind: db.ByName} }

func (rt *Runtime) groupInfoCommand() *cli.Command {
	return &cli.Command{
		Name:        "info",
		Usage:       "show groups (by default your current group)",
		ArgsUsage:   "[group ...]",
		Description: "Example: omero group info lab --long",
		Flags:       withLoginFlags(append(groupTableFlags(), groupLookupFlags("groups to show")...)...),
		Action:      rt.groupInfo,
	}
}

func (rt *Runtime) groupInfo(c *cli.Context) error {
	opts, err := readGroupTableOptions(c)
	if err != nil {
		return err
	}
	var groups []db.Group
	var missing error
	err = rt.view(c, func(tx *db.Tx, s db.Session) (err error) {
		groups, missing, err = resolveSome(groupLookups(c), currentGroup(s), tx.FindGroups, "No group found")
		return err
	})
	if err != nil {
		return err
	}
	if err := groupTable(groups, opts).Write(rt.IO.Out, opts.style); err != nil {
		return err
	}
	return missing
}

func (rt *Runtime) groupListUsersCommand() *cli.Command {
	return &cli.Command{
		Name:        "listusers",
		Usage:       "list the users of one group (by default your current group)",
		ArgsUsage:   "[group]",
		Description: "Example: omero group listusers lab --style csv",
		Flags:       withLoginFlags(append(userTableFlags(), groupLookupFlags("the group")...)...),
		Action:      rt.groupListUsers,
	}
}

func (rt *Runtime) groupListUsers(c *cli.Context) error {
	opts, err := readUserTableOptions(c)
	if err != nil {
		return err
	}
	var users []db.User
	err = rt.view(c, func(tx *db.Tx, s db.Session) error {
		g, err := resolveOne(groupLookups(c), currentGroup(s), tx.FindGroups, "No group found", "Too many group arguments")
		if err != nil {
			return err
		}
		if ids := append(append([]int64(nil), g.Owners...), g.Members...); len(ids) > 0 {
			users, err = tx.Users(ids...)
		}
		return err
	})
	if err != nil {
		return err
	}
	return userTable(users, opts).Write(rt.IO.Out, opts.style)
}
