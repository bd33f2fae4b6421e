package commands

import (
	"fmt"
	"io"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) userEmailCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "email",
		Usage: "print the email addresses of active users, e.g. for a mailing",
		Description: "Users without an address are named on stderr unless -i.\n\n" +
			"Example: omero user email -n -1",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "names", Aliases: []string{"n"}, Usage: `print "First Last" <address>`},
			&cli.BoolFlag{Name: "one", Aliases: []string{"1"}, Usage: "one address per line"},
			&cli.BoolFlag{Name: "ignore", Aliases: []string{"i"}, Usage: "do not report users without an address"},
			&cli.BoolFlag{Name: "all", Usage: "include deactivated users"},
		},
		Action: action(readUserEmail, rt.userEmail),
	}, args{})
}

type userEmailOptions struct {
	names, one, ignore, all bool
}

func readUserEmail(c *cli.Context) (userEmailOptions, error) {
	return userEmailOptions{names: c.Bool("names"), one: c.Bool("one"), ignore: c.Bool("ignore"), all: c.Bool("all")}, nil
}

func (rt *Runtime) userEmail(o userEmailOptions) error {
	var users []db.User
	err := rt.view(func(tx *db.Tx) (err error) {
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
			if !o.ignore {
				missing = append(missing, name)
			}
			continue
		}
		if !o.all && !u.Active() {
			continue
		}
		rec := u.Email
		if o.names {
			rec = `"` + name + `" <` + u.Email + ">"
		}
		records = append(records, rec)
	}
	out := strings.Join(records, ", ") + "\n"
	if o.one {
		out = ""
		for _, rec := range records {
			out += rec + "\n"
		}
	}
	if _, err := io.WriteString(rt.IO.Out, out); err != nil {
		return err
	}
	if len(missing) > 0 {
		_, err = fmt.Fprintln(rt.IO.Err, "Missing email addresses:\n"+strings.Join(missing, "\n"))
	}
	return err
}
