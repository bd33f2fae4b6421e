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
	selectors := func() []cli.Flag {
		return withLoginFlags(
			&cli.StringFlag{Name: "user-id", Usage: "id of the user"},
			&cli.StringFlag{Name: "user-name", Usage: "login name of the user"},
			&cli.StringFlag{Name: "group-id", Usage: "id of the group"},
			&cli.StringFlag{Name: "group-name", Usage: "name of the group"},
		)
	}
	noDirectory := func(name, usage, args string, action cli.ActionFunc) *cli.Command {
		example := "omero ldap " + name
		if args != "" {
			example += " jsmith" // create, whose argument is a login name
		}
		return &cli.Command{
			Name: name, Usage: usage, ArgsUsage: args,
			Description: "No LDAP server is configured for this tool, so this always fails.\n\n" +
				"Example: " + example,
			Flags: withLoginFlags(
				&cli.StringFlag{Name: "user-id"}, &cli.StringFlag{Name: "user-name"},
				&cli.StringFlag{Name: "group-id"}, &cli.StringFlag{Name: "group-name"},
				&cli.BoolFlag{Name: "commands"}, &cli.BoolFlag{Name: "groups"}, styleFlag(),
			),
			Action: action,
		}
	}
	return &cli.Command{
		Name:        "ldap",
		Usage:       "the LDAP flag of users and groups (there is no LDAP server here)",
		Description: "Example: omero ldap setdn --user-name jsmith true",
		Subcommands: []*cli.Command{
			{
				Name:      "setdn",
				Usage:     "turn LDAP login on or off for a user or a group (admins only)",
				ArgsUsage: "true|false",
				Description: "With LDAP login on, a user's OMERO password is ignored and cannot be changed;\n" +
					"as this tool has no LDAP server, such a user cannot log in at all. Turning it\n" +
					"off again restores the password the user had.\n\n" +
					"Example: omero ldap setdn --user-name jsmith false",
				Flags:  selectors(),
				Action: rt.ldapSetDN,
			},
			{
				Name: "active", Usage: "say whether LDAP is enabled (it never is here)",
				Description: "Example: omero ldap active",
				Flags:       loginFlags(), Action: rt.ldapActive,
			},
			noDirectory("getdn", "look up the DN of a user or group in LDAP (admins only)", "", rt.ldapAdminUnavailable(false)),
			noDirectory("list", "list users with an LDAP DN", "", rt.ldapUnavailable),
			noDirectory("discover", "find LDAP users and groups not yet flagged here (admins only)", "", rt.ldapAdminUnavailable(false)),
			noDirectory("create", "create a user from LDAP (admins holding ModifyUser and ModifyGroupMembership)", "username", rt.ldapAdminUnavailable(true)),
		},
	}
}

// parseChoice reads an on/off argument strictly (DESIGN 5.4): OMERO takes any other
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

func (rt *Runtime) ldapSetDN(c *cli.Context) error {
	switch {
	case c.NArg() == 0:
		return usageError(c, "too few arguments")
	case c.NArg() > 1:
		return usageError(c, "unrecognized arguments: %s", joinArgs(c.Args().Slice()[1:]))
	}
	on, ok := parseChoice(c.Args().First())
	if !ok {
		return usageError(c, "argument choice: expected true or false, not '%s'", c.Args().First())
	}
	// OMERO takes the first selector present in this order.
	var sel db.Lookup
	var group, found bool
	for _, s := range []struct {
		opt   string
		kind  db.LookupKind
		group bool
	}{{"user-name", db.ByName, false}, {"user-id", db.ByID, false}, {"group-name", db.ByName, true}, {"group-id", db.ByID, true}} {
		if c.IsSet(s.opt) {
			sel, group, found = db.Lookup{Value: c.String(s.opt), Kind: s.kind}, s.group, true
			break
		}
	}
	if !found {
		return valueError(c, "no user or group given; use --user-name, --user-id, --group-name or --group-id")
	}
	return rt.update(c, "ldap setdn", func(tx *db.Tx, _ db.Session) error {
		// As in OMERO, non-admins are refused before anything is looked up.
		if err := perms.CheckLDAPCommand(tx.Caller, false); err != nil {
			return err
		}
		if group {
			g, err := tx.FindGroup(sel)
			if err != nil {
				return err
			}
			return tx.SetGroupLDAP(g, on)
		}
		u, err := tx.FindUser(sel)
		if err != nil {
			return err
		}
		return tx.SetUserLDAP(u, on)
	})
}

func (rt *Runtime) ldapActive(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	if err := rt.view(c, func(tx *db.Tx, _ db.Session) error { return tx.RequireAdmin() }); err != nil {
		return err
	}
	return fault.New(fault.Failed, "No")
}

// ldapAdminUnavailable is ldapUnavailable behind OMERO's admin check, so that a
// non-administrator is told that, not that there is no directory.
func (rt *Runtime) ldapAdminUnavailable(create bool) cli.ActionFunc {
	return func(c *cli.Context) error {
		err := rt.view(c, func(tx *db.Tx, _ db.Session) error { return perms.CheckLDAPCommand(tx.Caller, create) })
		if err != nil {
			return err
		}
		return rt.ldapUnavailable(c)
	}
}

func (rt *Runtime) ldapUnavailable(c *cli.Context) error {
	return fault.New(fault.Failed, "%s: no LDAP server is configured for this tool (omero ldap active says No); only the LDAP flag of users and groups is kept, with omero ldap setdn", progOf(c))
}
