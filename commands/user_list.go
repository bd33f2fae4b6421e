package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userListCommand() *cli.Command {
	return &cli.Command{
		Name:        "list",
		Usage:       "list every user",
		Description: "Example: omero user list --style csv --sort-by-login",
		Flags:       withLoginFlags(userTableFlags()...),
		Action:      rt.userList,
	}
}

func (rt *Runtime) userList(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	opts, err := readUserTableOptions(c)
	if err != nil {
		return err
	}
	r, err := rt.login(c)
	if err != nil {
		return err
	}
	defer r.DB.Close()
	var users []db.User
	err = r.DB.View(r.Session.UUID, func(tx *db.Tx) error {
		users, err = tx.Users()
		return err
	})
	if err != nil {
		return err
	}
	return userTable(users, opts).Write(rt.IO.Out, opts.style)
}
