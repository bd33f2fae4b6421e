package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) chgrpCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "chgrp",
		Usage: "move data, and what it carries along, to another group",
		Description: "The group is a name, an id or ExperimenterGroup:ID. Each obj is Type:ids, with\n" +
			"ids such as 5, 51-54,56; First/Last:ids moves the Last objects below First. You\n" +
			"must be a member of the destination and own what you move, unless you are an\n" +
			"administrator holding Chgrp. Links to objects that stay behind are deleted. A\n" +
			"refused request changes nothing.\n\n" +
			"Example: omero chgrp 5 Dataset:51 --include Annotation",
		Flags:  graphFlags(),
		Action: rt.chgrp,
	}, args{usage: "group obj [obj ...]", max: -1, complete: first(groupNames, graphTargets(db.OpChgrp))})
}

func (rt *Runtime) chgrp(c *cli.Context) error {
	r, err := readGraphRun(c, db.OpChgrp, !c.Bool("list"))
	if c.Bool("list") {
		r, err = &graphRun{op: db.OpChgrp}, nil
	}
	if err != nil {
		return err
	}
	return rt.runGraph(c, r, func(tx *db.Tx, req *db.GraphRequest) error {
		g, err := tx.FindGroup(whoLookup(r.who))
		if fault.KindOf(err) == fault.NotFound {
			return fault.New(fault.NotFound, "Failed to find group: %s", r.who)
		}
		req.Group, r.dest = g.ID, g.Name
		return err
	})
}
