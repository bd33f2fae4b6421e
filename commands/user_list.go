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

// userList prints the users as the database gives them, in the order asked for.
func (rt *Runtime) userList(o userTableOptions) error {
	tw := newTableWriter(rt.IO.Out, o.style, userHeaders(o))
	err := rt.view(func(tx *db.Tx) error {
		return tx.EachUser(db.UserOrder(o.sort), func(u db.User) error {
			return tw.Row(userRow(u, o)...)
		})
	})
	if err != nil {
		return err
	}
	return tw.Close()
}
