"""One module per command; each has add_parser(commands, parents) and run(args)."""
