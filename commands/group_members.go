package commands

import (
	"fmt"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) groupAddUserCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "adduser",
		Usage: "add users to a group, or make them owners (--as-owner)",
		Description: "Example: omero group adduser jsmith --name=read-annotate-1\n" +
			"         omero group adduser --name lab --user-name ownertobe --as-owner",
		Flags:  groupMemberFlags(),
		Action: action(readGroupMembers, rt.groupAddUser),
	}, args{usage: "[user ...]", max: -1, complete: each(userNames)})
}

func (rt *Runtime) groupRemoveUserCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "removeuser",
		Usage:       "remove users from a group, or only their ownership (--as-owner)",
		Description: "Example: omero group removeuser jsmith --name=read-annotate-1",
		Flags:       groupMemberFlags(),
		Action:      action(readGroupMembers, rt.groupRemoveUser),
	}, args{usage: "[user ...]", max: -1, complete: each(userNames)})
}

func groupMemberFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "id", Usage: "id of the group"},
		completed(&cli.StringFlag{Name: "name", Usage: "name of the group"}, groupNames),
		idFlag("user-id", "ids of the users"),
		nameFlag("user-name", "login names of the users", userNames),
		&cli.BoolFlag{Name: "as-owner", Usage: "change ownership rather than membership"},
	}
}

// groupMembersOptions are the inputs of group adduser and removeuser.
type groupMembersOptions struct {
	group   db.Lookup
	users   []db.Lookup
	asOwner bool
}

func readGroupMembers(c *cli.Context) (groupMembersOptions, error) {
	o := groupMembersOptions{asOwner: c.Bool("as-owner")}
	if c.IsSet("id") && c.IsSet("name") {
		return o, notAllowedWith(c, "--name", "--id")
	}
	var ok bool
	if o.group, ok = single(c, "id", "name"); !ok {
		return o, valueError(c, "No input group is specified")
	}
	if o.users = lookups(c.Args().Slice(), c.StringSlice("user-id"), c.StringSlice("user-name")); len(o.users) == 0 {
		return o, valueError(c, "No input user is specified")
	}
	return o, nil
}

func (rt *Runtime) groupAddUser(o groupMembersOptions) error {
	return rt.changeMemberships("group adduser", func(tx *db.Tx) ([]db.MembershipChange, error) {
		return tx.AddUsers(o.group, o.users, o.asOwner)
	}, "")
}

func (rt *Runtime) groupRemoveUser(o groupMembersOptions) error {
	return rt.changeMemberships("group removeuser", func(tx *db.Tx) ([]db.MembershipChange, error) {
		return tx.RemoveUsers(o.group, o.users, o.asOwner)
	}, "")
}

func (rt *Runtime) groupCopyUsersCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "copyusers",
		Usage:       "add every member of one group to another (only owners, as owners, with --as-owner)",
		Description: "Example: omero group copyusers read-only-1 read-only-2 --as-owner",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "as-owner", Usage: "copy the owners, as owners"},
		},
		Action: action(readGroupCopyUsers, rt.groupCopyUsers),
	}, args{usage: "from to", min: 2, max: 2, complete: each(groupNames)})
}

type groupCopyUsersOptions struct {
	from, to string
	asOwner  bool
}

func readGroupCopyUsers(c *cli.Context) (groupCopyUsersOptions, error) {
	return groupCopyUsersOptions{from: c.Args().Get(0), to: c.Args().Get(1), asOwner: c.Bool("as-owner")}, nil
}

func (rt *Runtime) groupCopyUsers(o groupCopyUsersOptions) error {
	done := fmt.Sprintf("Users of %s copied to %s\n", o.from, o.to)
	if o.asOwner {
		done = fmt.Sprintf("Owners of %s copied to %s\n", o.from, o.to)
	}
	return rt.changeMemberships("group copyusers", func(tx *db.Tx) ([]db.MembershipChange, error) {
		return tx.CopyUsers(db.Lookup{Value: o.from}, db.Lookup{Value: o.to}, o.asOwner)
	}, done)
}

// changeMemberships runs a membership change in one transaction and, once it has
// committed, words each step as OMERO's CLI does, then done.
func (rt *Runtime) changeMemberships(command string, change func(*db.Tx) ([]db.MembershipChange, error), done string) error {
	var changes []db.MembershipChange
	var exposing []string
	err := rt.update(command, func(tx *db.Tx) (err error) {
		if changes, err = change(tx); err != nil {
			return err
		}
		exposing, err = tx.NewlyExposing()
		return err
	})
	if err != nil {
		return err
	}
	rt.warnExposing(exposing)
	var b strings.Builder
	for _, m := range changes {
		b.WriteString(describeMembership(m) + "\n")
	}
	b.WriteString(done)
	_, err = fmt.Fprint(rt.IO.Out, b.String())
	return err
}

// describeMembership words one membership step as OMERO's CLI does.
func describeMembership(m db.MembershipChange) string {
	switch {
	case m.Step == db.DefaultSet:
		return fmt.Sprintf("Set the default group of user %d to group %d", m.UserID, m.GroupID)
	case m.Step == db.Joined && !m.Changed && m.AsOwner:
		return fmt.Sprintf("%d is already owner of group %d", m.UserID, m.GroupID)
	case m.Step == db.Joined && !m.Changed:
		return fmt.Sprintf("%d is already in group %d", m.UserID, m.GroupID)
	case m.Step == db.Joined && m.AsOwner:
		return fmt.Sprintf("Added %d to the owner list of group %d", m.UserID, m.GroupID)
	case m.Step == db.Joined:
		return fmt.Sprintf("Added %d to group %d", m.UserID, m.GroupID)
	case !m.Changed && m.AsOwner:
		return fmt.Sprintf("%d is not owner of group %d", m.UserID, m.GroupID)
	case !m.Changed:
		return fmt.Sprintf("%d is not in group %d", m.UserID, m.GroupID)
	case m.AsOwner:
		return fmt.Sprintf("Removed %d from the owner list of group %d", m.UserID, m.GroupID)
	}
	return fmt.Sprintf("Removed %d from group %d", m.UserID, m.GroupID)
}
