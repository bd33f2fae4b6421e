package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userListCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "list",
		Usage:       "list every user",
		Description: "Example: omero user list --style csv --sort-by-login",
		Flags:       userTableFlags(),
		Action:      action(readUserTableOptions, rt.userList),
	}, args{})
}

func (rt *Runtime) userList(o userTableOptions) error {
	var users []db.User
	err := rt.view(func(tx *db.Tx) (err error) {
		users, err = tx.Users()
		return err
	})
	if err != nil {
		return err
	}
	return userTable(users, o).Write(rt.IO.Out, o.style)
}
