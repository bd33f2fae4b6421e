package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userPrivilegesCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "privileges",
		Usage: "show or change the admin privileges of a user (by default yourself)",
		Description: "Privileges only apply to members of the system group, so changing those of\n" +
			"anyone else fails. Granting needs ModifyUser and can never give a privilege you\n" +
			"do not hold yourself; root always holds every privilege.\n\n" +
			"Example: omero user privileges facility-manager --grant Sudo,WriteOwned --revoke ReadSession",
		Flags: []cli.Flag{
			styleFlag(),
			completed(&cli.StringFlag{Name: "grant", Usage: "privileges to add, `P,P,...`"}, privilegeList(false)),
			completed(&cli.StringFlag{Name: "revoke", Usage: "privileges to remove, `P,P,...`"}, privilegeList(false)),
		},
		Action: action(readUserPrivileges, rt.userPrivileges),
	}, args{usage: "[user]", max: 1, complete: each(userNames)})
}

type userPrivilegesOptions struct {
	user          db.Lookup
	style         Style
	grant, revoke perms.PrivSet
	change        bool // --grant or --revoke was given
}

func readUserPrivileges(c *cli.Context) (userPrivilegesOptions, error) {
	o := userPrivilegesOptions{user: db.Me, change: c.IsSet("grant") || c.IsSet("revoke")}
	if c.NArg() == 1 {
		o.user = db.Lookup{Value: c.Args().First(), Kind: db.ByIDOrName}
	}
	var err error
	if o.style, err = styleOf(c); err != nil {
		return o, err
	}
	if o.grant, err = perms.ParsePrivSet(c.String("grant")); err != nil {
		return o, err
	}
	if o.revoke, err = perms.ParsePrivSet(c.String("revoke")); err != nil {
		return o, err
	}
	return o, perms.CheckGrantRevoke(o.grant, o.revoke)
}

func (rt *Runtime) userPrivileges(o userPrivilegesOptions) error {
	var p db.PrivilegeChange
	var err error
	if o.change {
		err = rt.update("user privileges", func(tx *db.Tx) (err error) {
			p, err = tx.ChangePrivileges(o.user, o.grant, o.revoke)
			return err
		})
	} else {
		err = rt.view(func(tx *db.Tx) (err error) {
			p, err = tx.UserPrivileges(o.user)
			return err
		})
	}
	if err != nil {
		return err
	}
	if o.change && perms.NewlyExposesSessions(p.Before, p.After, o.grant) {
		rt.warnReadSession(p.User.OmeName)
	}
	t := &Table{Headers: []string{"privilege", "held"}}
	for _, priv := range perms.AllPrivileges() {
		t.Append(priv.String(), yesNo(p.After.Has(priv)))
	}
	return t.Write(rt.IO.Out, o.style)
}

// warnReadSession names the risk of ReadSession held without every privilege:
// OMERO's meaning is kept, but the administrator who grants it is told (OMERO's
// guide advises restricting it for every restricted administrator).
func (rt *Runtime) warnReadSession(name string) {
	rt.IO.notice("warning: with ReadSession, %s can read other users' session keys (except those of users "+
		"holding privileges %s lacks) and join those sessions to act as those users, with the audit trail naming them, "+
		"not %s; OMERO advises restricting ReadSession for every restricted administrator", name, name, name)
}

// warnExposing is warnReadSession for each user a change left holding ReadSession.
func (rt *Runtime) warnExposing(names []string) {
	for _, name := range names {
		rt.warnReadSession(name)
	}
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
