package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

// membershipFlags: whose membership (--id/--name, default yourself) and which groups.
func membershipFlags(extra ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "id", Usage: "id of the user (default: yourself)"},
		completed(&cli.StringFlag{Name: "name", Usage: "login name of the user (default: yourself)"}, userNames),
		idFlag("group-id", "ids of the groups"),
		nameFlag("group-name", "names of the groups", groupNames),
		&cli.BoolFlag{Name: "as-owner", Usage: "change group ownership rather than membership"},
	}, extra...)
}

func (rt *Runtime) userJoinGroupCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "joingroup",
		Usage: "add a user to groups, or make them an owner (--as-owner)",
		Description: "Joining the group user reactivates a deactivated user.\n\n" +
			"Example: omero user joingroup read-only-1 --name=jsmith",
		Flags: membershipFlags(
			&cli.BoolFlag{Name: "as-default", Usage: "also make the (single) group the user's default group"},
		),
		Action: action(readMembership, rt.userJoinGroup),
	}, args{usage: "[group ...]", max: -1, complete: each(groupNames)})
}

func (rt *Runtime) userLeaveGroupCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "leavegroup",
		Usage: "remove a user from groups, or only their ownership (--as-owner)",
		Description: "Leaving the group user deactivates the user.\n\n" +
			"Example: omero user leavegroup user --name=jsmith",
		Flags:  membershipFlags(),
		Action: action(readMembership, rt.userLeaveGroup),
	}, args{usage: "[group ...]", max: -1, complete: each(groupNames)})
}

// membershipOptions are the inputs of joingroup and leavegroup.
type membershipOptions struct {
	user               db.Lookup
	groups             []db.Lookup
	asOwner, asDefault bool
}

func readMembership(c *cli.Context) (membershipOptions, error) {
	o := membershipOptions{
		groups:    lookups(c.Args().Slice(), c.StringSlice("group-id"), c.StringSlice("group-name")),
		asOwner:   c.Bool("as-owner"),
		asDefault: c.Bool("as-default"),
	}
	if c.IsSet("id") && c.IsSet("name") {
		return o, notAllowedWith(c, "--name", "--id")
	}
	var ok bool
	if o.user, ok = single(c, "id", "name"); !ok {
		o.user = db.Me
	}
	return o, nil
}

func (rt *Runtime) userJoinGroup(o membershipOptions) error {
	return rt.changeMemberships("user joingroup", func(tx *db.Tx) ([]db.MembershipChange, error) {
		return tx.JoinGroups(o.user, o.groups, o.asOwner, o.asDefault)
	}, "")
}

func (rt *Runtime) userLeaveGroup(o membershipOptions) error {
	return rt.changeMemberships("user leavegroup", func(tx *db.Tx) ([]db.MembershipChange, error) {
		return tx.LeaveGroups(o.user, o.groups, o.asOwner)
	}, "")
}
