//! One file per subcommand.

mod merge_stats;
pub mod new_stage;
mod run;
mod schema;
mod stages;
mod status;
pub mod train_ner;
mod validate;

use crate::cli::{Cli, Command};
use crate::report::{Exit, Failure, WithExit};

/// Runs the subcommand and returns the exit code.
pub fn dispatch(cli: Cli) -> Result<Exit, Failure> {
    match &cli.command {
        Command::Run(args) => run::run(&cli, args),
        Command::Validate(args) => validate::run(&cli, args),
        Command::Stages(args) => stages::run(&cli, args),
        Command::Schema(args) => schema::run(&cli, args),
        Command::MergeStats(args) => merge_stats::run(&cli, args),
        Command::Status(args) => status::run(&cli, args),
        Command::TrainNer(args) => train_ner::run(args)
            .map(|()| Exit::Success)
            .exit(Exit::RunFailed),
        Command::NewStage(args) => new_stage::run(args)
            .map(|()| Exit::Success)
            .exit(Exit::Usage),
    }
}
