package commands

import (
	"fmt"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userAddCommand() *cli.Command {
	return &cli.Command{
		Name:      "add",
		Usage:     "create a user in one or more groups (the first is the default group)",
		ArgsUsage: "username firstname lastname [group ...]",
		Description: "Groups are given by name or id as positionals, --group-id or --group-name; at\n" +
			"least one is needed. The new user's password comes from -P or, on a terminal,\n" +
			"is asked twice. -a makes a full administrator; --privileges makes a restricted\n" +
			"administrator holding just the privileges listed (none for a data viewer).\n\n" +
			"Example: omero user add jsmith John Smith --group-name lab -e jsmith@example.org -P secret",
		Flags: withLoginFlags(
			&cli.BoolFlag{Name: "ignore-existing", Usage: "succeed without change if the login name is taken"},
			&cli.StringFlag{Name: "middlename", Aliases: []string{"m"}, Usage: "middle name"},
			&cli.StringFlag{Name: "email", Aliases: []string{"e"}, Usage: "email address"},
			&cli.StringFlag{Name: "institution", Aliases: []string{"i"}, Usage: "institution"},
			&cli.BoolFlag{Name: "admin", Aliases: []string{"a"}, Usage: "make the user a full administrator (member of system)"},
			&cli.StringFlag{Name: "privileges", Usage: "make the user a restricted administrator holding these `P,P,...` (or none)"},
			idFlag("group-id", "ids of groups to join"),
			idFlag("group-name", "names of groups to join"),
			&cli.StringFlag{Name: "userpassword", Aliases: []string{"P"}, Usage: "the new user's password"},
			&cli.BoolFlag{Name: "no-password", Usage: "refused: every user needs a password"},
		),
		Action: rt.userAdd,
	}
}

func (rt *Runtime) userAdd(c *cli.Context) error {
	if c.NArg() < 3 {
		return usageError(c, "too few arguments")
	}
	if c.IsSet("no-password") && c.IsSet("userpassword") {
		return notAllowedWith(c, "--no-password", "-P/--userpassword")
	}
	if c.Bool("no-password") {
		return valueError(c, "Server does not allow user creation with empty passwords")
	}
	args := c.Args().Slice()
	n := db.NewUser{
		OmeName: args[0], FirstName: args[1], LastName: args[2],
		MiddleName: c.String("middlename"), Email: c.String("email"), Institution: c.String("institution"),
		Groups: lookups(args[3:], c.StringSlice("group-id"), c.StringSlice("group-name")),
		Admin:  c.Bool("admin"),
	}
	if c.IsSet("privileges") {
		p, err := perms.ParsePrivSet(c.String("privileges"))
		if err != nil {
			return err
		}
		n.Privileges = &p
	}
	pw := c.String("userpassword")
	if c.IsSet("userpassword") && pw == "" {
		return db.CheckNewPassword(pw)
	}
	if pw == "" && !rt.IO.CanPrompt() {
		return noTerminal("no password given for the new user and no terminal to ask for one; use -P PASSWORD")
	}
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	if pw == "" {
		if pw, err = rt.IO.NewPassword(fmt.Sprintf(" for your new user (%s@%s)", n.OmeName, r.Server.Name)); err != nil {
			return err
		}
	}
	if n.PasswordHash, err = r.DB.HashPassword(pw); err != nil {
		return err
	}
	var id int64
	err = r.DB.Update(r.Session.UUID, "user add", func(tx *db.Tx) error {
		id, err = tx.AddUser(n)
		return err
	})
	if fault.KindOf(err) == fault.Exists && c.Bool("ignore-existing") {
		_, err := fmt.Fprintln(rt.IO.Out, err)
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(rt.IO.Out, "Added user %s (id=%d) with password\n", n.OmeName, id)
	if n.Privileges != nil && perms.ExposesSessions(*n.Privileges) {
		rt.warnReadSession(n.OmeName)
	}
	return nil
}
