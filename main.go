// Command omero administers an OMERO-style database of users, groups and data from
// the shell.
package main

import (
	"os"

	"github.com/omero-go/omero/commands"
)

func main() { os.Exit(commands.Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }
