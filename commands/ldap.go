package commands

import (
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/perms"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

// This tool has no LDAP server. It keeps OMERO's per-user and per-group LDAP flag,
// which decides whether the OMERO password is used at all, and answers honestly
// for everything that would need a directory.

func (rt *Runtime) ldapCommand() *cli.Command {
	noDirectory := func(name, usage string, a args, create bool) *cli.Command {
		example := "omero ldap " + name
		if a.usage != "" {
			example += " jsmith" // create, whose argument is a login name
		}
		return rt.declare(&cli.Command{
			Name: name, Usage: usage,
			Description: "No LDAP server is configured for this tool, so this always fails.\n\n" +
				"Example: " + example,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "user-id"}, completed(&cli.StringFlag{Name: "user-name"}, userNames),
				&cli.StringFlag{Name: "group-id"}, completed(&cli.StringFlag{Name: "group-name"}, groupNames),
				&cli.BoolFlag{Name: "commands"}, &cli.BoolFlag{Name: "groups"}, styleFlag(),
			},
			Action: rt.ldapUnavailable(name != "list", create),
		}, a)
	}
	return &cli.Command{
		Name:        "ldap",
		Usage:       "the LDAP flag of users and groups (there is no LDAP server here)",
		Description: "Example: omero ldap setdn --user-name jsmith true",
		Subcommands: []*cli.Command{
			rt.declare(&cli.Command{
				Name:  "setdn",
				Usage: "turn LDAP login on or off for a user or a group (admins only)",
				Description: "With LDAP login on, a user's OMERO password is ignored and cannot be changed;\n" +
					"as this tool has no LDAP server, such a user cannot log in at all. Turning it\n" +
					"off again restores the password the user had.\n\n" +
					"Example: omero ldap setdn --user-name jsmith false",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "user-id", Usage: "id of the user"},
					completed(&cli.StringFlag{Name: "user-name", Usage: "login name of the user"}, userNames),
					&cli.StringFlag{Name: "group-id", Usage: "id of the group"},
					completed(&cli.StringFlag{Name: "group-name", Usage: "name of the group"}, groupNames),
				},
				Action: action(readLDAPSetDN, rt.ldapSetDN),
			}, args{usage: "true|false", min: 1, max: 1, complete: each(choices("true", "false"))}),
			rt.declare(&cli.Command{
				Name: "active", Usage: "say whether LDAP is enabled (it never is here)",
				Description: "Example: omero ldap active",
				Action:      func(*cli.Context) error { return rt.ldapActive() },
			}, args{}),
			noDirectory("getdn", "look up the DN of a user or group in LDAP (admins only)", anyArgs(""), false),
			noDirectory("list", "list users with an LDAP DN", anyArgs(""), false),
			noDirectory("discover", "find LDAP users and groups not yet flagged here (admins only)", anyArgs(""), false),
			noDirectory("create", "create a user from LDAP (admins holding ModifyUser and ModifyGroupMembership)", anyArgs("username"), true),
		},
	}
}

// parseChoice reads an on/off argument strictly (README, Differences 4): OMERO takes any other
// text, typos included, as "off".
func parseChoice(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "yes", "t", "y", "1", "on":
		return true, true
	case "false", "no", "f", "n", "0", "off":
		return false, true
	}
	return false, false
}

type ldapSetDNOptions struct {
	target   db.Lookup
	group    bool // target is a group
	on       bool
	noTarget error // no selector given: said after the admin check, as OMERO does
}

func readLDAPSetDN(c *cli.Context) (ldapSetDNOptions, error) {
	var o ldapSetDNOptions
	var ok bool
	if o.on, ok = parseChoice(c.Args().First()); !ok {
		return o, usageError(c, "argument choice: expected true or false, not '%s'", c.Args().First())
	}
	// OMERO takes the first selector present in this order.
	for _, s := range []struct {
		opt   string
		kind  db.LookupKind
		group bool
	}{{"user-name", db.ByName, false}, {"user-id", db.ByID, false}, {"group-name", db.ByName, true}, {"group-id", db.ByID, true}} {
		if c.IsSet(s.opt) {
			o.target, o.group = db.Lookup{Value: c.String(s.opt), Kind: s.kind}, s.group
			return o, nil
		}
	}
	o.noTarget = valueError(c, "no user or group given; use --user-name, --user-id, --group-name or --group-id")
	return o, nil
}

func (rt *Runtime) ldapSetDN(o ldapSetDNOptions) error {
	if o.noTarget != nil {
		if err := rt.view(func(tx *db.Tx) error { return tx.RequireAdmin() }); err != nil {
			return err
		}
		return o.noTarget
	}
	return rt.update("ldap setdn", func(tx *db.Tx) error { return tx.SetLDAP(o.target, o.group, o.on) })
}

func (rt *Runtime) ldapActive() error {
	if err := rt.view(func(tx *db.Tx) error { return tx.RequireAdmin() }); err != nil {
		return err
	}
	return fault.New(fault.Failed, "No")
}

// ldapUnavailable says there is no directory, behind OMERO's admin check where the
// command has one (all but list), so that a non-administrator is told that instead.
func (rt *Runtime) ldapUnavailable(adminOnly, create bool) cli.ActionFunc {
	return func(c *cli.Context) error {
		if adminOnly {
			err := rt.view(func(tx *db.Tx) error { return perms.CheckLDAPCommand(tx.Caller, create) })
			if err != nil {
				return err
			}
		}
		return fault.New(fault.Failed, "%s: no LDAP server is configured for this tool (omero ldap active says No); only the LDAP flag of users and groups is kept, with omero ldap setdn", progOf(c))
	}
}
