package commands

import (
	"errors"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

// Identifiers of users or groups come, as in OMERO's CLI, from
// positionals (a name, or an id if numeric), then --X-id values, then --X-name values.

// idFlag and nameFlag are list options: `--user-id 5 6`, `--user-name a b`; the
// names complete as complete says.
func idFlag(name, usage string) cli.Flag {
	return &listFlag{StringSliceFlag: &cli.StringSliceFlag{Name: name, Usage: usage}}
}

func nameFlag(name, usage string, complete completer) cli.Flag {
	return &listFlag{StringSliceFlag: &cli.StringSliceFlag{Name: name, Usage: usage}, complete: complete}
}

func lookups(positionals, ids, names []string) []db.Lookup {
	var out []db.Lookup
	for _, v := range positionals {
		out = append(out, db.Lookup{Value: v, Kind: db.ByIDOrName})
	}
	for _, v := range ids {
		out = append(out, db.Lookup{Value: v, Kind: db.ByID})
	}
	for _, v := range names {
		out = append(out, db.Lookup{Value: v, Kind: db.ByName})
	}
	return out
}

// single is the lookup of an --id/--name pair of options; ok is false if neither
// was given.
func single(c *cli.Context, idOpt, nameOpt string) (l db.Lookup, ok bool) {
	if c.IsSet(idOpt) {
		return db.Lookup{Value: c.String(idOpt), Kind: db.ByID}, true
	}
	if c.IsSet(nameOpt) {
		return db.Lookup{Value: c.String(nameOpt), Kind: db.ByName}, true
	}
	return db.Lookup{}, false
}

// noneFound is the error of a read command when no identifier resolved: the
// failures, then OMERO's summary line.
func noneFound(err error, summary string) error {
	return errors.Join(err, fault.New(fault.NotFound, "%s", summary))
}
