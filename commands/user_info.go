package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userInfoCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "info",
		Usage:       "show users (by default yourself)",
		Description: "Example: omero user info --user-name jsmith",
		Flags: append(userTableFlags(),
			idFlag("user-id", "ids of users to show"),
			nameFlag("user-name", "login names of users to show", userNames)),
		Action: action(readUsersTable, rt.userInfo),
	}, args{usage: "[user ...]", max: -1, complete: each(userNames)})
}

func userLookups(c *cli.Context) []db.Lookup {
	return lookups(c.Args().Slice(), c.StringSlice("user-id"), c.StringSlice("user-name"))
}

// usersTableOptions are the inputs of the commands that show some users' or some
// user's groups' table.
type usersTableOptions struct {
	users []db.Lookup
	userTableOptions
	groups groupTableOptions
}

func readUsersTable(c *cli.Context) (usersTableOptions, error) {
	t, err := readUserTableOptions(c)
	return usersTableOptions{users: userLookups(c), userTableOptions: t}, err
}

func (rt *Runtime) userInfo(o usersTableOptions) error {
	var users []db.User
	var missing error
	err := rt.view(func(tx *db.Tx) (err error) {
		users, missing, err = resolveSome(o.users, db.Me, tx.FindUsers, "No user found")
		return err
	})
	if err != nil {
		return err
	}
	if err := userTable(users, o.userTableOptions).Write(rt.IO.Out, o.style); err != nil {
		return err
	}
	return missing
}

func (rt *Runtime) userListGroupsCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "listgroups",
		Usage:       "list the groups of one user (by default yourself), user and system included",
		Description: "Example: omero user listgroups jsmith --long",
		Flags: append(groupTableFlags(),
			idFlag("user-id", "id of the user"),
			nameFlag("user-name", "login name of the user", userNames)),
		Action: action(readUserGroupsTable, rt.userListGroups),
	}, args{usage: "[user]", max: -1, complete: each(userNames)})
}

func readUserGroupsTable(c *cli.Context) (usersTableOptions, error) {
	t, err := readGroupTableOptions(c)
	return usersTableOptions{users: userLookups(c), groups: t}, err
}

func (rt *Runtime) userListGroups(o usersTableOptions) error {
	var groups []db.Group
	err := rt.view(func(tx *db.Tx) error {
		u, err := resolveOne(o.users, db.Me, tx.FindUsers, "No user found", "Too many user arguments")
		if err != nil {
			return err
		}
		groups, err = tx.GroupsOf(u)
		return err
	})
	if err != nil {
		return err
	}
	return groupTable(groups, o.groups).Write(rt.IO.Out, o.groups.style)
}
