package commands

import (
	"fmt"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userPasswordCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "password",
		Usage: "change your password, or another user's",
		Description: "You first prove who you are with your own password (in a sudo session, the\n" +
			"password of the administrator who made it). Without a terminal, your password\n" +
			"comes from -w or OMERO_PASSWORD and the new one from -P.\n\n" +
			"Example: omero user password jsmith",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "userpassword", Aliases: []string{"P"}, Usage: "the new password"},
		},
		Action: action(rt.readUserPassword, rt.userPassword),
	}, args{usage: "[username]", max: 1, complete: each(userNames)})
}

type userPasswordOptions struct {
	user     db.Lookup // whose password changes
	named    bool      // the user was named, not yourself
	mine     string    // your own password; "" to ask
	password string    // the new one; "" to ask
}

func (rt *Runtime) readUserPassword(c *cli.Context) (userPasswordOptions, error) {
	o := userPasswordOptions{user: db.Me, mine: c.String("password"), password: c.String("userpassword")}
	if c.NArg() == 1 {
		o.user, o.named = db.Lookup{Value: c.Args().First(), Kind: db.ByName}, true
	}
	if o.mine == "" {
		o.mine = rt.Getenv("OMERO_PASSWORD")
	}
	if c.IsSet("userpassword") && o.password == "" {
		return o, db.CheckNewPassword(o.password)
	}
	if (o.mine == "" || o.password == "") && !rt.IO.CanPrompt() {
		return o, noTerminal("no terminal to ask for passwords on; give your own password with -w or OMERO_PASSWORD and the new one with -P")
	}
	return o, nil
}

// userPassword asks for your own password (if not given), has the database check it
// and find whose password changes, then asks for the new one (if not given) and
// sets it: two transactions, as the new password is asked for in between.
func (rt *Runtime) userPassword(o userPasswordOptions) (err error) {
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	if o.mine == "" {
		if o.mine, err = rt.IO.PromptHidden(fmt.Sprintf("Please enter password for your user (%s@%s): ", r.Session.RealUser(), r.Server.Name)); err != nil {
			return err
		}
	}
	var u db.User
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) (err error) {
		u, err = tx.PasswordTarget(o.mine, o.user)
		return err
	})
	if err != nil {
		return err
	}
	changing := fmt.Sprintf("Changing password for %s\n", u.OmeName)
	if o.named {
		changing = fmt.Sprintf("Changing password for %s (id:%d)\n", u.OmeName, u.ID)
	}
	if _, err := fmt.Fprint(rt.IO.Out, "Verified password.\n\n"+changing); err != nil {
		return err
	}
	if o.password == "" {
		if o.password, err = rt.IO.NewPassword(fmt.Sprintf(" to be set for %s@%s", u.OmeName, r.Server.Name)); err != nil {
			return err
		}
	}
	hash, err := r.DB.HashPassword(o.password)
	if err != nil {
		return err
	}
	err = r.DB.Update(r.Session.UUID, "user password", func(tx *db.Tx) error { return tx.SetPassword(u, hash) })
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(rt.IO.Out, "Password changed")
	return err
}
