package commands

import (
	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

func (rt *Runtime) chownCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:  "chown",
		Usage: "give data, and what it carries along, to another user",
		Description: "The user is a login name, an id or Experimenter:ID. Each obj is Type:ids, with\n" +
			"ids such as 5, 51-54,56; First/Last:ids acts on the Last objects below First;\n" +
			"Experimenter:ids means everything those users own. Administrators holding Chown\n" +
			"may give anything to anyone; group owners may give data in groups they own to\n" +
			"members of those groups. A refused request changes nothing.\n\n" +
			"Example: omero chown 55 Project:112",
		Flags:  graphFlags(),
		Action: rt.chown,
	}, args{usage: "user obj [obj ...]", max: -1, complete: first(userNames, graphTargets(db.OpChown))})
}

// prefixedID is an id, or Prefix:id with any prefix, as OMERO takes it.
var prefixedID = lazyRegexp(`^(?:[^:]*:)?([0-9]+)$`)

// whoLookup reads the user or group argument of chown and chgrp: an id, Prefix:id,
// or otherwise a name.
func whoLookup(arg string) db.Lookup {
	if m := prefixedID().FindStringSubmatch(arg); m != nil {
		return db.Lookup{Value: m[1], Kind: db.ByID}
	}
	return db.Lookup{Value: arg, Kind: db.ByName}
}

func (rt *Runtime) chown(c *cli.Context) error {
	r, err := readGraphRun(c, db.OpChown, !c.Bool("list"))
	if c.Bool("list") {
		r, err = &graphRun{op: db.OpChown}, nil
	}
	if err != nil {
		return err
	}
	return rt.runGraph(c, r, func(tx *db.Tx, req *db.GraphRequest) error {
		u, err := tx.FindUser(whoLookup(r.who))
		if fault.KindOf(err) == fault.NotFound {
			return fault.New(fault.NotFound, "Failed to find user: %s", r.who)
		}
		req.Recipient = u.ID
		return err
	})
}
