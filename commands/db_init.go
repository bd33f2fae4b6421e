package commands

import (
	"fmt"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/session"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) dbCommand() *cli.Command {
	return &cli.Command{
		Name:        "db",
		Usage:       "create the database this tool works on",
		Description: "Example: omero db init --root-password secret",
		Subcommands: []*cli.Command{rt.declare(&cli.Command{
			Name:  "init",
			Usage: "create a new database with the built-in users root and guest",
			Description: "Creates the file (mode 0600) named by -s, or the default database\n" +
				"($OMERO_DB, else $OMERO_USERDIR/omero.db). Refuses to overwrite anything.\n" +
				"A postgres:// URL names an existing, empty PostgreSQL database instead.\n\n" +
				"Example: omero db init --root-password 'secret'",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "root-password", Usage: "password for root (else $OMERO_ROOT_PASSWORD, else asked on the terminal)"},
			},
			Action: action(rt.readDBInit, rt.dbInit),
		}, args{})},
	}
}

type dbInitOptions struct {
	server   string // as -s gave it
	password string // root's; "" to ask
}

func (rt *Runtime) readDBInit(c *cli.Context) (dbInitOptions, error) {
	o := dbInitOptions{server: c.String("server"), password: c.String("root-password")}
	if o.password == "" {
		o.password = rt.Getenv("OMERO_ROOT_PASSWORD")
	}
	return o, nil
}

func (rt *Runtime) dbInit(o dbInitOptions) error {
	srv, err := session.ResolveServer(session.ParseConn(o.server).Server, rt.defaultDB())
	if err != nil {
		return err
	}
	pw := o.password
	if pw == "" {
		if !rt.IO.CanPrompt() {
			return noTerminal("no root password given and no terminal to ask for one; use --root-password or set OMERO_ROOT_PASSWORD")
		}
		if pw, err = rt.IO.NewPassword(" for root@" + srv.Name); err != nil {
			return err
		}
	}
	if err := db.InitWith(srv.Path, pw, rt.Hooks.DB); err != nil {
		return err
	}
	_, err = fmt.Fprintf(rt.IO.Out, "Created database %s\n", escapeText(srv.Where()))
	return err
}
