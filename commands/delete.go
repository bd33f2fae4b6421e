package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) deleteCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "delete",
		Usage: "delete data and what it carries along",
		Description: "Each obj is Type:ids, with ids such as 5, 51-54,56; First/Last:ids deletes\n" +
			"the Last objects below First. Contents go with their container unless\n" +
			"another container holds them; tags, terms and file annotations stay unless\n" +
			"--include names them. You need the right to delete everything that goes. A\n" +
			"refused request changes nothing.\n\n" +
			"Example: omero delete Dataset:51 --include TagAnnotation --dry-run",
		Flags:  graphFlags(),
		Action: rt.delete,
	}, args{usage: "obj [obj ...]", max: -1, complete: each(graphTargets(db.OpDelete))})
}

func (rt *Runtime) delete(c *cli.Context) error {
	r, err := readGraphRun(c, db.OpDelete, false)
	if c.Bool("list") {
		r, err = &graphRun{op: db.OpDelete}, nil
	}
	if err != nil {
		return err
	}
	return rt.runGraph(c, r, func(*db.Tx, *db.GraphRequest) error { return nil })
}
