package commands

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/omero-go/omero/db/directory"
	"github.com/omero-go/omero/perms/fault"
	"github.com/urfave/cli/v2"
)

// omero ldap: the LDAP flag of users and groups, and the directory the server
// configuration names (omero config set omero.ldap.urls ...).

func (rt *Runtime) ldapCommand() *cli.Command {
	return &cli.Command{
		Name:  "ldap",
		Usage: "users and groups from an LDAP directory",
		Description: "The directory is the one omero config names (omero.ldap.urls, .base, ...);\n" +
			"with omero.ldap.config true, its users log in with their directory password.\n\n" +
			"Example: omero ldap create jsmith",
		Subcommands: []*cli.Command{
			rt.declare(&cli.Command{
				Name:  "setdn",
				Usage: "turn LDAP login on or off for a user or a group (admins only)",
				Description: "With LDAP login on, a user's OMERO password is ignored and cannot be changed:\n" +
					"they log in with their directory password. Turning it off again restores the\n" +
					"password the user had (a user created from the directory needs one set).\n" +
					"Turning it on again accepts the DN the directory has for the user now.\n\n" +
					"Example: omero ldap setdn --user-name jsmith false",
				Flags:  ldapTargetFlags(),
				Action: action(readLDAPSetDN, rt.ldapSetDN),
			}, args{usage: "true|false", min: 1, max: 1, complete: each(choices("true", "false"))}),
			rt.declare(&cli.Command{
				Name: "active", Usage: "say whether LDAP login is on: Yes, or No and status 1 (admins only)",
				Description: "Example: omero ldap active",
				Action:      func(*cli.Context) error { return rt.ldapActive() },
			}, args{}),
			rt.declare(&cli.Command{
				Name: "list", Usage: "list the users with LDAP login on, and their DN in the directory",
				Description: "The DN is the directory's now; ERROR where it has no such user.\n\n" +
					"Example: omero ldap list --style csv",
				Flags:  []cli.Flag{styleFlag()},
				Action: action(readStyle, rt.ldapList),
			}, args{}),
			rt.declare(&cli.Command{
				Name: "getdn", Usage: "print the DN of a user or group with LDAP login on (admins only)",
				Description: "Prints NAME: DN, or nothing when the user's or group's LDAP flag is off.\n\n" +
					"Example: omero ldap getdn --user-name jsmith",
				Flags:  ldapTargetFlags(),
				Action: action(readLDAPTarget, rt.ldapGetDN),
			}, args{}),
			rt.declare(&cli.Command{
				Name: "discover", Usage: "find users (or groups) the directory has whose LDAP flag is off (admins only)",
				Description: "Example: omero ldap discover --groups --commands",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "commands", Usage: "print the setdn command that turns each one's flag on"},
					&cli.BoolFlag{Name: "groups", Usage: "discover groups, not users"},
				},
				Action: action(readLDAPDiscover, rt.ldapDiscover),
			}, args{}),
			rt.declare(&cli.Command{
				Name: "create", Usage: "create a user from the directory, before their first login (admins holding ModifyUser and ModifyGroupMembership)",
				Description: "The user gets the LDAP flag, the names and email of their entry, and the\n" +
					"groups omero.ldap.new_user_group names, so that they can be added to other\n" +
					"groups before they first log in.\n\n" +
					"Example: omero ldap create jsmith",
				Action: action(readLDAPCreate, rt.ldapCreate),
			}, args{usage: "username", min: 1, max: 1}),
		},
	}
}

func ldapTargetFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "user-id", Usage: "id of the user"},
		completed(&cli.StringFlag{Name: "user-name", Usage: "login name of the user"}, userNames),
		&cli.StringFlag{Name: "group-id", Usage: "id of the group"},
		completed(&cli.StringFlag{Name: "group-name", Usage: "name of the group"}, groupNames),
	}
}

type ldapTarget struct {
	target   db.Lookup
	group    bool  // target is a group
	noTarget error // no selector given: said after the admin check, as OMERO does
}

// readLDAPTarget reads the user or group of setdn and getdn. OMERO takes the first
// selector present in this order.
func readLDAPTarget(c *cli.Context) (ldapTarget, error) {
	for _, s := range []struct {
		opt   string
		kind  db.LookupKind
		group bool
	}{{"user-name", db.ByName, false}, {"user-id", db.ByID, false}, {"group-name", db.ByName, true}, {"group-id", db.ByID, true}} {
		if c.IsSet(s.opt) {
			return ldapTarget{target: db.Lookup{Value: c.String(s.opt), Kind: s.kind}, group: s.group}, nil
		}
	}
	return ldapTarget{noTarget: valueError(c, "no user or group given; use --user-name, --user-id, --group-name or --group-id")}, nil
}

type ldapSetDNOptions struct {
	ldapTarget
	on bool
}

func readLDAPSetDN(c *cli.Context) (ldapSetDNOptions, error) {
	var o ldapSetDNOptions
	var ok bool
	// Strictly, as config's booleans (README, Differences 4): OMERO takes any other
	// text, typos included, as "off".
	if o.on, ok = directory.ParseBool(c.Args().First()); !ok {
		return o, usageError(c, "argument choice: expected true or false, not '%s'", c.Args().First())
	}
	var err error
	o.ldapTarget, err = readLDAPTarget(c)
	return o, err
}

// refuseNoTarget is the error of setdn or getdn given no user or group: the admin
// check's, else the missing selector.
func (rt *Runtime) refuseNoTarget(o ldapTarget) error {
	if err := rt.view(func(tx *db.Tx) error { return tx.RequireAdmin() }); err != nil {
		return err
	}
	return o.noTarget
}

func (rt *Runtime) ldapSetDN(o ldapSetDNOptions) error {
	if o.noTarget != nil {
		return rt.refuseNoTarget(o.ldapTarget)
	}
	return rt.update("ldap setdn", func(tx *db.Tx) error { return tx.SetLDAP(o.target, o.group, o.on) })
}

func (rt *Runtime) ldapActive() error {
	var on bool
	err := rt.view(func(tx *db.Tx) (err error) {
		on, err = tx.LDAPActive()
		return err
	})
	if err != nil {
		return err
	}
	if !on {
		return fault.New(fault.Failed, "No")
	}
	_, err = fmt.Fprintln(rt.IO.Out, "Yes")
	return err
}

// withDB logs in and gives fn the database and the session's key, for the
// operations that ask the directory between their transactions.
func (rt *Runtime) withDB(fn func(d *db.DB, uuid string) error) (err error) {
	r, err := rt.session()
	if err != nil {
		return err
	}
	defer closing(r.DB, &err)
	return fn(r.DB, r.Session.UUID)
}

func readStyle(c *cli.Context) (Style, error) { return styleOf(c) }

// ldapList prints OMERO's table: a row counter, the user's id, name and DN.
func (rt *Runtime) ldapList(style Style) error {
	var users []db.LDAPEntry
	err := rt.withDB(func(d *db.DB, uuid string) (err error) {
		users, err = d.LDAPList(uuid)
		return err
	})
	if err != nil {
		return err
	}
	t := &Table{Headers: []string{"#", "Id", "OmeName", "DN"}}
	for i, u := range users {
		t.Append(strconv.Itoa(i), strconv.FormatInt(u.ID, 10), u.Name, u.DN)
	}
	return t.Write(rt.IO.Out, style)
}

func (rt *Runtime) ldapGetDN(o ldapTarget) error {
	if o.noTarget != nil {
		return rt.refuseNoTarget(o)
	}
	var e db.LDAPEntry
	err := rt.withDB(func(d *db.DB, uuid string) (err error) {
		e, err = d.LDAPGetDN(uuid, o.target, o.group)
		return err
	})
	if err != nil || e.DN == "" {
		return err
	}
	_, err = fmt.Fprintf(rt.IO.Out, "%s: %s\n", escapeText(e.Name), escapeText(e.DN))
	return err
}

type ldapDiscoverOptions struct {
	groups, commands bool
	prog             string // what the printed commands start with
}

func readLDAPDiscover(c *cli.Context) (ldapDiscoverOptions, error) {
	return ldapDiscoverOptions{groups: c.Bool("groups"), commands: c.Bool("commands"), prog: c.App.Name}, nil
}

// ldapDiscover prints as OMERO does: nothing when there is nothing to discover,
// else a header and a line (or, with --commands, the setdn command) for each.
func (rt *Runtime) ldapDiscover(o ldapDiscoverOptions) error {
	var found []db.LDAPEntry
	err := rt.withDB(func(d *db.DB, uuid string) (err error) {
		found, err = d.LDAPDiscover(uuid, o.groups)
		return err
	})
	if err != nil || len(found) == 0 {
		return err
	}
	kind, line, option := "users", "Experimenter=%d\tomeName=%s\n", "--user-name"
	if o.groups {
		kind, line, option = "groups", "Group=%d\tname=%s\n", "--group-name"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Following LDAP %s are disabled in OMERO:\n", kind)
	for _, e := range found {
		if o.commands {
			fmt.Fprintf(&b, "%s ldap setdn %s %s true\n", o.prog, option, shellWord(e.Name))
		} else {
			fmt.Fprintf(&b, line, e.ID, escapeText(e.Name))
		}
	}
	_, err = fmt.Fprint(rt.IO.Out, b.String())
	return err
}

// shellWord quotes a name for a command line to be pasted, where it needs it.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@+=:,/") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func readLDAPCreate(c *cli.Context) (string, error) { return c.Args().First(), nil }

func (rt *Runtime) ldapCreate(name string) error {
	var e db.LDAPEntry
	err := rt.withDB(func(d *db.DB, uuid string) (err error) {
		e, err = d.LDAPCreate(uuid, name)
		return err
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(rt.IO.Out, "Added user %s (id=%d) with DN=%s\n", escapeText(e.Name), e.ID, escapeText(e.DN))
	return err
}
