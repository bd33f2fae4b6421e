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
	var users []db.User
	err = rt.view(c, func(tx *db.Tx, _ db.Session) (err error) {
		users, err = tx.Users()
		return err
	})
	if err != nil {
		return err
	}
	return userTable(users, opts).Write(rt.IO.Out, opts.style)
}
