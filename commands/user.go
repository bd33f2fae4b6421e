package commands

import "github.com/urfave/cli/v2"

func (rt *Runtime) userCommand() *cli.Command {
	return &cli.Command{
		Name:        "user",
		Usage:       "add, list and change users",
		Description: "Example: omero user add jsmith John Smith lab -P secret",
		Subcommands: []*cli.Command{
			rt.userAddCommand(),
			rt.userListCommand(),
			rt.userInfoCommand(),
			rt.userListGroupsCommand(),
			rt.userPasswordCommand(),
			rt.userEmailCommand(),
			rt.userJoinGroupCommand(),
			rt.userLeaveGroupCommand(),
			rt.userPrivilegesCommand(),
		},
	}
}
