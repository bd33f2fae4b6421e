package commands

import (
	"fmt"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userEmailCommand() *cli.Command {
	return &cli.Command{
		Name:  "email",
		Usage: "print the email addresses of active users, e.g. for a mailing",
		Description: "Users without an address are named on stderr unless -i.\n\n" +
			"Example: omero user email -n -1",
		Flags: withLoginFlags(
			&cli.BoolFlag{Name: "names", Aliases: []string{"n"}, Usage: `print "First Last" <address>`},
			&cli.BoolFlag{Name: "one", Aliases: []string{"1"}, Usage: "one address per line"},
			&cli.BoolFlag{Name: "ignore", Aliases: []string{"i"}, Usage: "do not report users without an address"},
			&cli.BoolFlag{Name: "all", Usage: "include deactivated users"},
		),
		Action: rt.userEmail,
	}
}

func (rt *Runtime) userEmail(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	var users []db.User
	err := rt.view(c, func(tx *db.Tx, _ db.Session) (err error) {
		users, err = tx.Users()
		return err
	})
	if err != nil {
		return err
	}
	var records, missing []string
	for _, u := range users {
		name := u.FirstName + " " + u.LastName
		if u.MiddleName != "" {
			name = u.FirstName + " " + u.MiddleName + " " + u.LastName
		}
		if u.Email == "" {
			if !c.Bool("ignore") {
				missing = append(missing, name)
			}
			continue
		}
		if !c.Bool("all") && !u.Active() {
			continue
		}
		rec := u.Email
		if c.Bool("names") {
			rec = `"` + name + `" <` + u.Email + ">"
		}
		records = append(records, rec)
	}
	if c.Bool("one") {
		for _, rec := range records {
			fmt.Fprintln(rt.IO.Out, rec)
		}
	} else {
		fmt.Fprintln(rt.IO.Out, strings.Join(records, ", "))
	}
	if len(missing) > 0 {
		fmt.Fprintln(rt.IO.Err, "Missing email addresses:")
		for _, m := range missing {
			fmt.Fprintln(rt.IO.Err, m)
		}
	}
	return nil
}
