package commands

import (
	"fmt"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userPasswordCommand() *cli.Command {
	return &cli.Command{
		Name:      "password",
		Usage:     "change your password, or another user's",
		ArgsUsage: "[username]",
		Description: "You first prove who you are with your own password (in a sudo session, the\n" +
			"password of the administrator who made it). Without a terminal, your password\n" +
			"comes from -w or OMERO_PASSWORD and the new one from -P.\n\n" +
			"Example: omero user password jsmith",
		Flags: withLoginFlags(
			&cli.StringFlag{Name: "userpassword", Aliases: []string{"P"}, Usage: "the new password"},
		),
		Action: rt.userPassword,
	}
}

func (rt *Runtime) userPassword(c *cli.Context) error {
	if c.NArg() > 1 {
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[1:]))
	}
	mine := c.String("password")
	if mine == "" {
		mine = rt.Getenv("OMERO_PASSWORD")
	}
	newPW := c.String("userpassword")
	if c.IsSet("userpassword") && newPW == "" {
		return db.CheckNewPassword(newPW)
	}
	if (mine == "" || newPW == "") && !rt.IO.CanPrompt() {
		return noTerminal("no terminal to ask for passwords on; give your own password with -w or OMERO_PASSWORD and the new one with -P")
	}
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	// The person at the keyboard: the sudoer of a sudo session, else its user.
	self := r.Session.OwnerName
	if r.Session.SudoerID != nil {
		self = r.Session.SudoerName
	}
	if mine == "" {
		if mine, err = rt.IO.PromptHidden(fmt.Sprintf("Please enter password for your user (%s@%s): ", self, r.Server.Name)); err != nil {
			return err
		}
	}
	target := c.Args().First()
	var ok bool
	var u db.User
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		me, err := tx.FindUser(db.Lookup{Value: self, Kind: db.ByName})
		if err != nil {
			return err
		}
		if ok, err = tx.CheckPassword(me.ID, mine); err != nil || !ok {
			return err
		}
		if target == "" {
			u, err = tx.FindUser(db.Lookup{Value: r.Session.OwnerName, Kind: db.ByName})
		} else {
			u, err = tx.FindUser(db.Lookup{Value: target, Kind: db.ByName})
		}
		return err
	})
	if err == nil && !ok {
		err = db.ErrBadCredentials
	}
	if err != nil {
		return err
	}
	fmt.Fprint(rt.IO.Out, "Verified password.\n\n")
	if target == "" {
		fmt.Fprintf(rt.IO.Out, "Changing password for %s\n", u.OmeName)
	} else {
		fmt.Fprintf(rt.IO.Out, "Changing password for %s (id:%d)\n", u.OmeName, u.ID)
	}
	if newPW == "" {
		if newPW, err = rt.IO.NewPassword(fmt.Sprintf(" to be set for %s@%s", u.OmeName, r.Server.Name)); err != nil {
			return err
		}
	}
	hash, err := r.DB.HashPassword(newPW)
	if err != nil {
		return err
	}
	err = r.DB.Update(r.Session.UUID, "user password", func(tx *db.Tx) error { return tx.SetPassword(u, hash) })
	if err != nil {
		return err
	}
	fmt.Fprintln(rt.IO.Out, "Password changed")
	return nil
}
