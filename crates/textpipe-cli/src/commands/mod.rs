//! One file per subcommand.

mod merge_stats;
mod run;
mod stages;
mod status;
mod validate;

use crate::cli::{Cli, Command};
use crate::report::{Exit, Failure};

/// Runs the subcommand and returns the exit code.
pub fn dispatch(cli: Cli) -> Result<Exit, Failure> {
    match &cli.command {
        Command::Run(args) => run::run(&cli, args),
        Command::Validate(args) => validate::run(&cli, args),
        Command::Stages(args) => stages::run(&cli, args),
        Command::MergeStats(args) => merge_stats::run(&cli, args),
        Command::Status(args) => status::run(&cli, args),
    }
}
