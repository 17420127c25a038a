package main

func init() {
	register(command{
		name:      "help",
		summaryID: "cli.help.summary",
		usageID:   "cli.help.usage",
		run:       runHelp,
	})
	register(command{
		name:      "version",
		summaryID: "cli.version.summary",
		usageID:   "cli.version.usage",
		run:       runVersion,
	})
}

// runHelp prints the list of commands, or one command's usage.
func runHelp(c *cli, args []string) error {
	pos, err := positional("help", args, 0, 1)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		c.printGlobalUsage(c.stdout)
		return nil
	}
	cmd, ok := commands[pos[0]]
	if !ok {
		return &usageError{cmd: "help", err: unknownCommand(pos[0]), global: true}
	}
	c.printUsage(c.stdout, cmd)
	return nil
}

func runVersion(c *cli, args []string) error {
	if _, err := positional("version", args, 0, 0); err != nil {
		return err
	}
	c.printf(c.stdout, "otptray-cli %s\n", version)
	return nil
}
