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
		Subcommands: []*cli.Command{{
			Name:  "init",
			Usage: "create a new database with the built-in users root and guest",
			Description: "Creates the file (mode 0600) named by -s, or the default database\n" +
				"($OMERO_DB, else $OMERO_USERDIR/omero.db). Refuses to overwrite anything.\n\n" +
				"Example: omero db init --root-password 'secret'",
			Flags: withLoginFlags(
				&cli.StringFlag{Name: "root-password", Usage: "password for root (else $OMERO_ROOT_PASSWORD, else asked on the terminal)"},
			),
			Action: rt.dbInit,
		}},
	}
}

func (rt *Runtime) dbInit(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageError(c, "unrecognized arguments: %s", c.Args().First())
	}
	srv, err := session.ResolveServer(session.ParseConn(c.String("server")).Server, rt.defaultDB())
	if err != nil {
		return err
	}
	pw := c.String("root-password")
	if pw == "" {
		pw = rt.Getenv("OMERO_ROOT_PASSWORD")
	}
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
	fmt.Fprintf(rt.IO.Out, "Created database %s\n", srv.Path)
	return nil
}
