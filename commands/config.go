package commands

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/omero-go/omero/db"
	"github.com/urfave/cli/v2"
)

// omero config: the server configuration, kept in the database (README, "The database is the server"). OMERO's
// own `config` edits a file on the server machine; here every machine sharing the
// database sees the same keys.

func (rt *Runtime) configCommand() *cli.Command {
	showPassword := &cli.BoolFlag{Name: "show-password", Usage: "show the directory's bind password instead of ******** (full administrators)"}
	return &cli.Command{
		Name:  "config",
		Usage: "read and change the server configuration (LDAP, session limits)",
		Description: "The configuration lives in the database, so every machine using it agrees.\n" +
			"Administrators read it; only full administrators change it.\n\n" +
			"Example: omero config set omero.ldap.urls ldaps://ldap.example.org",
		Subcommands: []*cli.Command{
			rt.declare(&cli.Command{
				Name:  "get",
				Usage: "print the value of a key, or key=value for every key that is set",
				Description: "With one key, its value alone (its default if it is not set); with none, a\n" +
					"key=value line for each key that is set; with several, one for each of them.\n\n" +
					"Example: omero config get omero.ldap.urls",
				Flags:  []cli.Flag{showPassword},
				Action: action(readConfigGet, rt.configGet),
			}, args{usage: "[KEY ...]", max: -1, complete: each(configKeyNames)}),
			rt.declare(&cli.Command{
				Name:        "list",
				Usage:       "print key=value for every key, defaults included",
				Description: "Example: omero config list",
				Flags:       []cli.Flag{showPassword},
				Action:      action(readConfigList, rt.configGet),
			}, args{}),
			rt.declare(&cli.Command{
				Name:  "set",
				Usage: "set a key (full administrators); without a value, remove it",
				Description: "The value is checked before it is stored: a filter that does not compile or\n" +
					"a mapping without its required field is refused now, not at someone's login.\n" +
					"-f reads the value from a file (- for standard input), so that a password\n" +
					"need not be typed on the command line.\n\n" +
					"Example: omero config set omero.ldap.user_filter '(objectClass=inetOrgPerson)'",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "read the value from `FILE` (- for standard input)"},
				},
				Action: action(rt.readConfigSet, rt.configSet),
			}, args{usage: "KEY [VALUE]", min: 1, max: 2, complete: first(configKeyNames, nil)}),
			rt.declare(&cli.Command{
				Name:        "unset",
				Usage:       "remove a key, which takes its default again (full administrators)",
				Description: "Example: omero config unset omero.ldap.username",
				Action:      action(readConfigUnset, rt.configUnset),
			}, args{usage: "KEY", min: 1, max: 1, complete: each(configKeyNames)}),
		},
	}
}

func configKeyNames(*cmdline, string) []string {
	var names []string
	for _, k := range db.ConfigKeys {
		names = append(names, k.Name)
	}
	return names
}

type configGetOptions struct {
	keys []string
	show bool
	all  bool // list: every key, defaults included
}

func readConfigGet(c *cli.Context) (configGetOptions, error) {
	return configGetOptions{keys: c.Args().Slice(), show: c.Bool("show-password")}, nil
}

func readConfigList(c *cli.Context) (configGetOptions, error) {
	return configGetOptions{show: c.Bool("show-password"), all: true}, nil
}

// configGet prints as OMERO's config get does: one key's value alone, else
// key=value lines sorted by key.
func (rt *Runtime) configGet(o configGetOptions) error {
	var values []db.ConfigValue
	err := rt.view(func(tx *db.Tx) (err error) {
		values, err = tx.Config(o.show, o.keys...)
		return err
	})
	if err != nil {
		return err
	}
	if len(o.keys) == 1 {
		_, err := fmt.Fprintln(rt.IO.Out, values[0].Value)
		return err
	}
	var b strings.Builder
	for _, v := range values {
		if v.Set || o.all || len(o.keys) > 0 {
			fmt.Fprintf(&b, "%s=%s\n", v.Name, v.Value)
		}
	}
	_, err = io.WriteString(rt.IO.Out, b.String())
	return err
}

type configSetOptions struct {
	key, value string
	unset      bool // no value: remove the key, as OMERO's config set does
}

func (rt *Runtime) readConfigSet(c *cli.Context) (configSetOptions, error) {
	a := c.Args().Slice()
	o := configSetOptions{key: a[0]}
	if k, v, ok := strings.Cut(o.key, "="); ok {
		if len(a) == 2 {
			v = a[1]
		}
		return o, valueError(c, "\"=\" in key name. Did you mean \"...set %s %s\"?", k, v)
	}
	switch {
	case c.IsSet("file") && len(a) == 2:
		return o, usageError(c, "argument -f/--file: not allowed with argument VALUE")
	case c.IsSet("file"):
		v, err := rt.readValueFile(c.String("file"))
		if err != nil {
			return o, err
		}
		o.value = v
	case len(a) == 2:
		o.value = a[1]
	default:
		o.unset = true
	}
	return o, nil
}

// readValueFile reads a value as OMERO's config set -f does: the whole file, its
// trailing white space removed.
func (rt *Runtime) readValueFile(path string) (string, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(rt.IO.In)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", valueError(nil, "cannot read the value: %v", err)
	}
	return strings.TrimRight(string(b), " \t\r\n"), nil
}

func (rt *Runtime) configSet(o configSetOptions) error {
	if o.unset {
		return rt.configUnset(o.key)
	}
	// The audit record names the key, never the value.
	return rt.update("config set "+o.key, func(tx *db.Tx) error { return tx.SetConfig(o.key, o.value) })
}

func readConfigUnset(c *cli.Context) (string, error) { return c.Args().First(), nil }

func (rt *Runtime) configUnset(key string) error {
	return rt.update("config unset "+key, func(tx *db.Tx) error {
		_, err := tx.UnsetConfig(key)
		return err
	})
}
