//! `textpipe`: run JSON-defined text-processing pipelines over news and web-text corpora.
//!
//! This binary is glue: parse the command line ([`cli`]), run one subcommand
//! ([`commands`]), report errors and exit codes ([`report`]).
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod progress;
mod registry;
mod report;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    report::init_logging(cli.verbose, cli.quiet);
    match commands::dispatch(cli) {
        Ok(code) => code.into(),
        Err(err) => report::error(&err),
    }
}
