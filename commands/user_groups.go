package commands

import (
	"fmt"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

// membershipFlags: whose membership (--id/--name, default yourself) and which groups.
func membershipFlags(extra ...cli.Flag) []cli.Flag {
	return withLoginFlags(append([]cli.Flag{
		&cli.StringFlag{Name: "id", Usage: "id of the user (default: yourself)"},
		&cli.StringFlag{Name: "name", Usage: "login name of the user (default: yourself)"},
		idFlag("group-id", "ids of the groups"),
		idFlag("group-name", "names of the groups"),
		&cli.BoolFlag{Name: "as-owner", Usage: "change group ownership rather than membership"},
	}, extra...)...)
}

func (rt *Runtime) userJoinGroupCommand() *cli.Command {
	return &cli.Command{
		Name:      "joingroup",
		Usage:     "add a user to groups, or make them an owner (--as-owner)",
		ArgsUsage: "[group ...]",
		Description: "Joining the group user reactivates a deactivated user.\n\n" +
			"Example: omero user joingroup read-only-1 --name=jsmith",
		Flags: membershipFlags(
			&cli.BoolFlag{Name: "as-default", Usage: "also make the (single) group the user's default group"},
		),
		Action: rt.userJoinGroup,
	}
}

func (rt *Runtime) userLeaveGroupCommand() *cli.Command {
	return &cli.Command{
		Name:      "leavegroup",
		Usage:     "remove a user from groups, or only their ownership (--as-owner)",
		ArgsUsage: "[group ...]",
		Description: "Leaving the group user deactivates the user.\n\n" +
			"Example: omero user leavegroup user --name=jsmith",
		Flags:  membershipFlags(),
		Action: rt.userLeaveGroup,
	}
}

// membershipTarget resolves the user of joingroup/leavegroup and their groups.
func membershipTarget(c *cli.Context, tx *db.Tx, self string) (db.User, []db.Group, error) {
	ul, ok := single(c, "id", "name")
	if !ok {
		ul = db.Lookup{Value: self, Kind: db.ByName}
	}
	u, err := tx.FindUser(ul)
	if err != nil {
		return u, nil, err
	}
	ls := lookups(c.Args().Slice(), c.StringSlice("group-id"), c.StringSlice("group-name"))
	if len(ls) == 0 {
		return u, nil, &db.InputError{Msg: "No input group is specified"}
	}
	groups, err := tx.FindGroups(ls)
	return u, groups, err
}

func (rt *Runtime) userJoinGroup(c *cli.Context) error {
	if c.IsSet("id") && c.IsSet("name") {
		return notAllowedWith(c, "--name", "--id")
	}
	return rt.updateReporting(c, "user joingroup", func(tx *db.Tx, s db.Session, out *strings.Builder) error {
		u, groups, err := membershipTarget(c, tx, s.OwnerName)
		if err != nil {
			return err
		}
		asDefault := c.Bool("as-default")
		if asDefault && len(groups) > 1 {
			return valueError(c, "--as-default requires a single group ID to be supplied.")
		}
		for _, g := range groups {
			if err := join(tx, out, u, g, c.Bool("as-owner")); err != nil {
				return err
			}
		}
		if asDefault {
			u, err = tx.FindUser(db.Lookup{Value: fmt.Sprint(u.ID), Kind: db.ByID})
			if err != nil {
				return err
			}
			if err := tx.SetDefaultGroup(u, groups[0]); err != nil {
				return err
			}
			fmt.Fprintf(out, "Set the default group of user %d to group %d\n", u.ID, groups[0].ID)
		}
		return nil
	})
}

// join adds u to g and words the result as OMERO's CLI does.
func join(tx *db.Tx, out *strings.Builder, u db.User, g db.Group, asOwner bool) error {
	changed, err := tx.JoinGroup(u, g, asOwner)
	switch {
	case err != nil:
		return err
	case !changed && asOwner:
		fmt.Fprintf(out, "%d is already owner of group %d\n", u.ID, g.ID)
	case !changed:
		fmt.Fprintf(out, "%d is already in group %d\n", u.ID, g.ID)
	case asOwner:
		fmt.Fprintf(out, "Added %d to the owner list of group %d\n", u.ID, g.ID)
	default:
		fmt.Fprintf(out, "Added %d to group %d\n", u.ID, g.ID)
	}
	return nil
}

// leave removes u from g and words the result as OMERO's CLI does.
func leave(tx *db.Tx, out *strings.Builder, u db.User, g db.Group, asOwner bool) error {
	changed, err := tx.LeaveGroup(u, g, asOwner)
	switch {
	case err != nil:
		return err
	case !changed && asOwner:
		fmt.Fprintf(out, "%d is not owner of group %d\n", u.ID, g.ID)
	case !changed:
		fmt.Fprintf(out, "%d is not in group %d\n", u.ID, g.ID)
	case asOwner:
		fmt.Fprintf(out, "Removed %d from the owner list of group %d\n", u.ID, g.ID)
	default:
		fmt.Fprintf(out, "Removed %d from group %d\n", u.ID, g.ID)
	}
	return nil
}

func (rt *Runtime) userLeaveGroup(c *cli.Context) error {
	if c.IsSet("id") && c.IsSet("name") {
		return notAllowedWith(c, "--name", "--id")
	}
	return rt.updateReporting(c, "user leavegroup", func(tx *db.Tx, s db.Session, out *strings.Builder) error {
		u, groups, err := membershipTarget(c, tx, s.OwnerName)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if err := leave(tx, out, u, g, c.Bool("as-owner")); err != nil {
				return err
			}
		}
		return nil
	})
}
