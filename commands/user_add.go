package commands

import (
	"fmt"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userAddCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "add",
		Usage: "create a user in one or more groups (the first is the default group)",
		Description: "Groups are given by name or id as positionals, --group-id or --group-name; at\n" +
			"least one is needed. The new user's password comes from -P or, on a terminal,\n" +
			"is asked twice. -a makes a full administrator; --privileges makes a restricted\n" +
			"administrator holding just the privileges listed (none for a data viewer).\n\n" +
			"Example: omero user add jsmith John Smith --group-name lab -e jsmith@example.org -P secret",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "ignore-existing", Usage: "succeed without change if the login name is taken"},
			&cli.StringFlag{Name: "middlename", Aliases: []string{"m"}, Usage: "middle name"},
			&cli.StringFlag{Name: "email", Aliases: []string{"e"}, Usage: "email address"},
			&cli.StringFlag{Name: "institution", Aliases: []string{"i"}, Usage: "institution"},
			&cli.BoolFlag{Name: "admin", Aliases: []string{"a"}, Usage: "make the user a full administrator (member of system)"},
			completed(&cli.StringFlag{Name: "privileges", Usage: "make the user a restricted administrator holding these `P,P,...` (or none)"}, privilegeList(true)),
			idFlag("group-id", "ids of groups to join"),
			nameFlag("group-name", "names of groups to join", groupNames),
			&cli.StringFlag{Name: "userpassword", Aliases: []string{"P"}, Usage: "the new user's password"},
			&cli.BoolFlag{Name: "no-password", Usage: "refused: every user needs a password"},
		},
		Action: action(rt.readUserAdd, rt.userAdd),
	}, args{usage: "username firstname lastname [group ...]", min: 3, max: -1, complete: from(3, groupNames)})
}

type userAddOptions struct {
	user           db.NewUser
	password       string // "" to ask
	ignoreExisting bool
}

func (rt *Runtime) readUserAdd(c *cli.Context) (userAddOptions, error) {
	if c.IsSet("no-password") && c.IsSet("userpassword") {
		return userAddOptions{}, notAllowedWith(c, "--no-password", "-P/--userpassword")
	}
	if c.Bool("no-password") {
		return userAddOptions{}, valueError(c, "Server does not allow user creation with empty passwords")
	}
	a := c.Args().Slice()
	o := userAddOptions{
		user: db.NewUser{
			OmeName: db.CanonicalName(a[0]), FirstName: a[1], LastName: a[2],
			MiddleName: c.String("middlename"), Email: c.String("email"), Institution: c.String("institution"),
			Groups: lookups(a[3:], c.StringSlice("group-id"), c.StringSlice("group-name")),
			Admin:  c.Bool("admin"),
		},
		password:       c.String("userpassword"),
		ignoreExisting: c.Bool("ignore-existing"),
	}
	if c.IsSet("privileges") {
		p, err := perms.ParsePrivSet(c.String("privileges"))
		if err != nil {
			return o, err
		}
		o.user.Privileges = &p
	}
	if c.IsSet("userpassword") && o.password == "" {
		return o, db.CheckNewPassword(o.password)
	}
	if o.password == "" && !rt.IO.CanPrompt() {
		return o, noTerminal("no password given for the new user and no terminal to ask for one; use -P PASSWORD")
	}
	return o, nil
}

func (rt *Runtime) userAdd(o userAddOptions) (err error) {
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	if o.password == "" {
		if o.password, err = rt.IO.NewPassword(fmt.Sprintf(" for your new user (%s@%s)", o.user.OmeName, r.Server.Name)); err != nil {
			return err
		}
	}
	if o.user.PasswordHash, err = r.DB.HashPassword(o.password); err != nil {
		return err
	}
	var id int64
	err = r.DB.Update(r.Session.UUID, "user add", func(tx *db.Tx) (err error) {
		id, err = tx.AddUser(o.user)
		return err
	})
	if fault.KindOf(err) == fault.Exists && o.ignoreExisting {
		_, err := fmt.Fprintln(rt.IO.Out, err)
		return err
	}
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(rt.IO.Out, "Added user %s (id=%d) with password\n", o.user.OmeName, id); err != nil {
		return err
	}
	if o.user.Privileges != nil && perms.ExposesSessions(*o.user.Privileges) {
		rt.warnReadSession(o.user.OmeName)
	}
	return nil
}
