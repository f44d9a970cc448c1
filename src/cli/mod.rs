//! The command line: clap definitions, one file per subcommand.
