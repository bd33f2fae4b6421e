package commands

import (
	"fmt"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userPrivilegesCommand() *cli.Command {
	return &cli.Command{
		Name:      "privileges",
		Usage:     "show or change the admin privileges of a user (by default yourself)",
		ArgsUsage: "[user]",
		Description: "Privileges only apply to members of the system group, so changing those of\n" +
			"anyone else fails. Granting needs ModifyUser and can never give a privilege you\n" +
			"do not hold yourself; root always holds every privilege.\n\n" +
			"Example: omero user privileges facility-manager --grant Sudo,WriteOwned --revoke ReadSession",
		Flags: withLoginFlags(
			styleFlag(),
			&cli.StringFlag{Name: "grant", Usage: "privileges to add, `P,P,...`"},
			&cli.StringFlag{Name: "revoke", Usage: "privileges to remove, `P,P,...`"},
		),
		Action: rt.userPrivileges,
	}
}

func (rt *Runtime) userPrivileges(c *cli.Context) error {
	if c.NArg() > 1 {
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[1:]))
	}
	style, err := styleOf(c)
	if err != nil {
		return err
	}
	grant, err := perms.ParsePrivSet(c.String("grant"))
	if err != nil {
		return err
	}
	revoke, err := perms.ParsePrivSet(c.String("revoke"))
	if err != nil {
		return err
	}
	if both := grant.Intersect(revoke); !both.IsEmpty() {
		return valueError(c, "cannot both grant and revoke %s", both)
	}
	change := c.IsSet("grant") || c.IsSet("revoke")
	var held, before perms.PrivSet
	var name string
	run := rt.view
	if change {
		run = func(c *cli.Context, fn func(*db.Tx, db.Session) error) error {
			return rt.update(c, "user privileges", fn)
		}
	}
	err = run(c, func(tx *db.Tx, s db.Session) error {
		target := c.Args().First()
		if target == "" {
			target = s.OwnerName
		}
		u, err := tx.FindUser(db.Lookup{Value: target, Kind: db.ByIDOrName})
		if err != nil {
			return err
		}
		name = u.OmeName
		if change {
			if before, err = tx.Privileges(u); err != nil {
				return err
			}
			// A non-admin holds nothing yet; changes then start from the restrictions
			// stored for them (R-PRIV-4).
			current, err := tx.StoredPrivileges(u)
			if err != nil {
				return err
			}
			if err := tx.SetPrivileges(u, current.Union(grant).Minus(revoke)); err != nil {
				return err
			}
		}
		held, err = tx.Privileges(u)
		return err
	})
	if err != nil {
		return err
	}
	// Warn when this change leaves a restricted administrator holding ReadSession.
	if change && perms.ExposesSessions(held) && (grant.Has(perms.ReadSession) || !perms.ExposesSessions(before)) {
		rt.warnReadSession(name)
	}
	t := &Table{Headers: []string{"privilege", "held"}}
	for _, p := range perms.AllPrivileges() {
		t.Append(p.String(), yesNo(held.Has(p)))
	}
	return t.Write(rt.IO.Out, style)
}

// warnReadSession names the risk of ReadSession held without every privilege:
// OMERO's meaning is kept, but the administrator who grants it is told (seed 002
// advises restricting it for every restricted administrator).
func (rt *Runtime) warnReadSession(name string) {
	fmt.Fprintf(rt.IO.Err, "warning: with ReadSession, %s can read other users' session keys (except those of users "+
		"holding privileges %s lacks) and join those sessions to act as those users, with the audit trail naming them, "+
		"not %s; OMERO advises restricting ReadSession for every restricted administrator\n", name, name, name)
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
