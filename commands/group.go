package commands

import "github.com/urfave/cli/v2"

func (rt *Runtime) groupCommand() *cli.Command {
	return &cli.Command{
		Name:        "group",
		Usage:       "add, list and change groups and their members",
		Description: "Example: omero group add lab --type read-annotate",
		Subcommands: []*cli.Command{
			rt.groupAddCommand(),
			rt.groupPermsCommand(),
			rt.groupListCommand(),
			rt.groupInfoCommand(),
			rt.groupListUsersCommand(),
			rt.groupCopyUsersCommand(),
			rt.groupAddUserCommand(),
			rt.groupRemoveUserCommand(),
		},
	}
}
