package commands

import (
	"fmt"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
)

// helpTopics are the texts of `omero help TOPIC`, in this project's own words.
var helpTopics = map[string]string{
	"exit-codes": `Exit statuses

Every command exits with one of these, so scripts can tell failures apart:

  0  success, including --ignore-existing hits and "already in group" notices
  1  the operation failed: refused graph request, integrity rule, no database,
     a database that is busy for too long
  2  usage error: unknown command or option, missing or malformed argument
  3  already exists (User exists: ..., Group exists: ...)
  4  not found: unknown user, group, object or session
  5  permission denied (SecurityViolation: ..., a rule of OMERO's permission
     system refused)
  6  authentication failed: bad password, closed or expired session, or a
     password was needed and there was no terminal to ask on

A command that fails changes nothing: it runs in one transaction that is
rolled back. Unlike OMERO's own CLI, no failure ever exits 0.
`,
	"env": `Environment variables

  OMERO_DB              the default database ("localhost"): a file, or a
                        postgres:// URL
  OMERO_USERDIR         base directory for omero's files; default ~/omero.
                        The default database is OMERO_USERDIR/omero.db
  OMERO_SESSIONDIR      where session files are kept; default
                        OMERO_USERDIR/sessions
  OMERO_SESSION_DIR     OMERO's older name for it: files are then kept in
                        OMERO_SESSION_DIR/omero/sessions; OMERO_SESSIONDIR wins
  OMERO_PASSWORD        the password for a new session when -w is not given;
                        with --sudo, the administrator's password
  OMERO_ROOT_PASSWORD   root's password for omero db init
  GOGC, GOMEMLIMIT      Go's collector settings; with neither set, omero lets
                        its heap grow a quarter above what it holds (not
                        double) once that passes 32 MiB
  SSL_CERT_FILE         the certificate authorities an ldaps:// directory is
                        checked against; unset, the system's
  PGPASSWORD            PostgreSQL's password when the URL has none (else
                        PGPASSFILE, default ~/.pgpass)

Session files only point at sessions; the database decides whether a session
is alive. They never hold passwords, and are created readable by you alone.
`,
	"sudo": `Acting on behalf of another user (sudo)

  omero login --sudo ADMIN -u USER [-g GROUP]
  omero --sudo facility-manager -u jsmith login

The password asked for (or given with -w / OMERO_PASSWORD) is ADMIN's, never
USER's. The new session belongs to USER; everything it does is recorded with
ADMIN as the sudoer (see omero events).

Who may become whom:
  - an administrator holding the Sudo privilege: anyone, in any group the user
    belongs to;
  - a group owner (or an administrator without Sudo who owns groups): only
    members of a group they own, only in that group, and the session can never
    switch to another group.

Sudo never widens what the sudoer may do: the session holds only privileges
that both ADMIN and USER hold, so a restricted administrator who becomes root
is still restricted, and an administrator who becomes a normal user has that
user's rights and nothing more.

The banner of a sudo session ends "Sudo by ADMIN."; a later plain omero login
never reuses it, and omero login --sudo reuses only a session of the same ADMIN.

For a script, an administrator holding Sudo can open a session for a user
without logging into it, hand over its key, and close it afterwards:

  key=$(omero sessions open --user-name jsmith)
  omero -k "$key" obj new Dataset name=imported
  omero sessions close "$key"
`,
	"privileges": `Administrator privileges

Members of the system group are administrators. A full administrator holds all
fifteen privileges; a restricted administrator holds some of them:

  Chgrp                  move other users' data between groups
  Chown                  give other users' data to another user
  DeleteOwned            delete other users' data
  WriteOwned             create, edit and link data for or of other users
  DeleteFile, WriteFile, DeleteManagedRepo, WriteManagedRepo,
  DeleteScriptRepo, WriteScriptRepo
                         the same for files in each kind of repository
  ModifyGroup            create groups, change their names and permissions
  ModifyGroupMembership  add and remove members and owners, (de)activate users
  ModifyUser             create users, edit them, set passwords and privileges
  ReadSession            see and join other users' sessions
  Sudo                   log in as another user (see omero help sudo)

Every administrator, even one holding none of these, can read all data in all
groups and see every user and group.

  omero user add jdoe Jane Doe lab --privileges Sudo,WriteOwned -P secret
  omero user privileges jdoe --grant Chown --revoke WriteOwned
  omero user privileges jdoe

No one can give a privilege they do not hold themselves, so a restricted
administrator can never create a full administrator; root always holds every
privilege. Nor can anyone change the account of a user holding a privilege
they lack: names, email, LDAP flag, default group, activation, membership of
system, privileges.

ReadSession is the exception: with it, an administrator can join other users'
sessions and act as them. sessions who never shows it the key of a session
whose user holds a privilege it lacks, but give it only to administrators
you would trust with every account it can reach.
`,
}

func (rt *Runtime) helpCommand() *cli.Command {
	return rt.declare(&cli.Command{
		Name:        "help",
		Usage:       "show help for a command or a topic",
		Description: "Topics: " + strings.Join(topicNames(), ", ") + ".\n\nExample: omero help sudo",
		Action:      rt.help,
	}, args{usage: "[command ... | topic]", max: -1, complete: helpWords})
}

func topicNames() []string {
	var names []string
	for n := range helpTopics {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (rt *Runtime) help(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		buildAll(c.App) // the overview lists every command
		return cli.ShowAppHelp(c)
	}
	if text, ok := helpTopics[args[0]]; ok && len(args) == 1 {
		_, err := fmt.Fprint(rt.IO.Out, text)
		return err
	}
	// A command path: show that command's help, from a whole tree that has not run
	// yet (this one was set up with the other commands unbuilt).
	app := rt.newApp()
	app.Metadata[argvKey] = c.App.Metadata[argvKey]
	cmds := app.Commands
	var cmd *cli.Command
	for _, a := range args {
		cmd = findCommand(cmds, a)
		if cmd == nil {
			return usageError(c, "Unknown help topic or command: %s (topics: %s)", strings.Join(args, " "), strings.Join(topicNames(), ", "))
		}
		cmds = cmd.Subcommands
	}
	_, err := normaliseAndRun(app, append(append([]string{"omero"}, args...), "--help"))
	return err
}

// normaliseAndRun runs argv through the app as Main does; help uses it to show a
// command's own help.
func normaliseAndRun(app *cli.App, args []string) ([]string, error) {
	norm, err := normalise(app, args)
	if err != nil {
		return nil, err
	}
	return norm, app.Run(norm)
}
