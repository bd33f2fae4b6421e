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
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	var groups []db.Group
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
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
	ls := lookups(c.Args().Slice(), c.StringSlice("group-id"), c.StringSlice("group-name"))
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	var groups []db.Group
	var missing error
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		if len(ls) == 0 {
			ls = []db.Lookup{{Value: r.Session.GroupName, Kind: db.ByName}}
		}
		groups, missing = tx.FindGroups(ls)
		return nil
	})
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return noneFound(missing, "No group found")
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
	ls := lookups(c.Args().Slice(), c.StringSlice("group-id"), c.StringSlice("group-name"))
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	var users []db.User
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		if len(ls) == 0 {
			ls = []db.Lookup{{Value: r.Session.GroupName, Kind: db.ByName}}
		}
		groups, err := tx.FindGroups(ls)
		switch {
		case len(groups) == 0:
			return noneFound(err, "No group found")
		case err != nil:
			return err
		case len(groups) > 1:
			return &db.InputError{Msg: "Too many group arguments"}
		}
		ids := append(append([]int64(nil), groups[0].Owners...), groups[0].Members...)
		if len(ids) == 0 {
			return nil
		}
		users, err = tx.Users(ids...)
		return err
	})
	if err != nil {
		return err
	}
	return userTable(users, opts).Write(rt.IO.Out, opts.style)
}
