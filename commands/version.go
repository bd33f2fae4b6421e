package commands

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// versionFlag is omero -v/--version: "omero VERSION" on stderr, as OMERO's
// argparse prints it. Only the top level has it; wherever it comes there, the
// version is all that is printed.
func versionFlag() cli.Flag {
	return &cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "print the version and exit"}
}

func (rt *Runtime) versionCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "version",
		Usage: "print the version of omero",
		Description: "The version goes to stdout on its own, so a script can keep it; a label\n" +
			"goes to stderr, as OMERO's own omero version does.\n\n" +
			"Example: omero version",
		Action: func(*cli.Context) error { return rt.version() },
	}, args{})
}

func (rt *Runtime) version() error {
	if _, err := fmt.Fprintln(rt.IO.Err, "omero version:"); err != nil {
		return err
	}
	_, err := fmt.Fprintln(rt.IO.Out, Version)
	return err
}

// topLevel runs when no command was given, which the normaliser allows only with
// --version.
func (rt *Runtime) topLevel(c *cli.Context) error {
	if c.Bool("version") {
		return rt.printVersion()
	}
	return cli.ShowAppHelp(c)
}

// printVersion is what -v/--version prints, on stderr as argparse does.
func (rt *Runtime) printVersion() error {
	_, err := fmt.Fprintln(rt.IO.Err, "omero "+Version)
	return err
}
