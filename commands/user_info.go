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

func (rt *Runtime) userInfo(c *cli.Context) error {
	opts, err := readUserTableOptions(c)
	if err != nil {
		return err
	}
	ls := lookups(c.Args().Slice(), c.StringSlice("user-id"), c.StringSlice("user-name"))
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	var users []db.User
	var missing error
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		if len(ls) == 0 {
			ls = []db.Lookup{{Value: r.Session.OwnerName, Kind: db.ByName}}
		}
		users, missing = tx.FindUsers(ls)
		return nil
	})
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return noneFound(missing, "No user found")
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
	ls := lookups(c.Args().Slice(), c.StringSlice("user-id"), c.StringSlice("user-name"))
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	var groups []db.Group
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		if len(ls) == 0 {
			ls = []db.Lookup{{Value: r.Session.OwnerName, Kind: db.ByName}}
		}
		users, err := tx.FindUsers(ls)
		switch {
		case len(users) == 0:
			return noneFound(err, "No user found")
		case err != nil:
			return err
		case len(users) > 1:
			return &db.InputError{Msg: "Too many user arguments"}
		}
		var ids []int64
		for _, m := range users[0].Groups {
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
