//! One file per subcommand.

mod run;
mod stages;
mod validate;

use crate::cli::{Cli, Command};
use crate::report::{Exit, Failure};

/// Runs the subcommand and returns the exit code.
pub fn dispatch(cli: Cli) -> Result<Exit, Failure> {
    match &cli.command {
        Command::Run(args) => run::run(&cli, args),
        Command::Validate(args) => validate::run(&cli, args),
        Command::Stages(args) => stages::run(&cli, args),
    }
}
