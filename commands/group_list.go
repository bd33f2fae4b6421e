package commands

import (
	"strconv"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) groupListCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "list",
		Usage:       "list every group",
		Description: "Example: omero group list --long --style csv",
		Flags:       groupTableFlags(),
		Action:      action(readGroupTableOptions, rt.groupList),
	}, args{})
}

// groupList prints the rows as the database gives them, one per group, counted or
// listed there.
func (rt *Runtime) groupList(o groupTableOptions) error {
	tw := newTableWriter(rt.IO.Out, o.style, groupHeaders(o))
	err := rt.view(func(tx *db.Tx) error {
		return tx.ListGroups(o.long, o.byName, func(g db.GroupListing) error {
			owners, members := strconv.Itoa(g.Owners), strconv.Itoa(g.Members)
			if o.long {
				owners, members = g.OwnerIDs, g.MemberIDs
			}
			return tw.Row(strconv.FormatInt(g.ID, 10), g.Name, g.Permissions.String(), pyBool(g.LDAP), owners, members)
		})
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

func groupLookupFlags(usage string) []cli.Flag {
	return []cli.Flag{idFlag("group-id", "ids of "+usage), nameFlag("group-name", "names of "+usage, groupNames)}
}

func groupLookups(c *cli.Context) []db.Lookup {
	return lookups(c.Args().Slice(), c.StringSlice("group-id"), c.StringSlice("group-name"))
}

func (rt *Runtime) groupInfoCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "info",
		Usage:       "show groups (by default your current group)",
		Description: "Example: omero group info lab --long",
		Flags:       append(groupTableFlags(), groupLookupFlags("groups to show")...),
		Action:      action(readGroupsTable, rt.groupInfo),
	}, args{usage: "[group ...]", max: -1, complete: each(groupNames)})
}

// groupsTableOptions are the inputs of the commands that show some groups' or
// some group's users' table.
type groupsTableOptions struct {
	groups []db.Lookup
	groupTableOptions
	users userTableOptions
}

func readGroupsTable(c *cli.Context) (groupsTableOptions, error) {
	t, err := readGroupTableOptions(c)
	return groupsTableOptions{groups: groupLookups(c), groupTableOptions: t}, err
}

func (rt *Runtime) groupInfo(o groupsTableOptions) error {
	var groups []db.Group
	var missing error
	err := rt.view(func(tx *db.Tx) (err error) {
		groups, missing, err = resolveSome(o.groups, db.Me, tx.FindGroups, "No group found")
		return err
	})
	if err != nil {
		return err
	}
	if err := groupTable(groups, o.groupTableOptions).Write(rt.IO.Out, o.style); err != nil {
		return err
	}
	return missing
}

func (rt *Runtime) groupListUsersCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "listusers",
		Usage:       "list the users of one group (by default your current group)",
		Description: "Example: omero group listusers lab --style csv",
		Flags:       append(userTableFlags(), groupLookupFlags("the group")...),
		Action:      action(readGroupUsersTable, rt.groupListUsers),
	}, args{usage: "[group]", max: -1, complete: each(groupNames)})
}

func readGroupUsersTable(c *cli.Context) (groupsTableOptions, error) {
	t, err := readUserTableOptions(c)
	return groupsTableOptions{groups: groupLookups(c), users: t}, err
}

func (rt *Runtime) groupListUsers(o groupsTableOptions) error {
	var users []db.User
	err := rt.view(func(tx *db.Tx) error {
		g, err := resolveOne(o.groups, db.Me, tx.FindGroups, "No group found", "Too many group arguments")
		if err != nil {
			return err
		}
		users, err = tx.UsersOf(g)
		return err
	})
	if err != nil {
		return err
	}
	return userTable(users, o.users).Write(rt.IO.Out, o.users.style)
}
