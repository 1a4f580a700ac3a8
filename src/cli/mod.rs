//! The command-line layer: parse arguments, call the library, print, choose the exit code.

mod args;
mod commands;
mod listing;
#[cfg(feature = "serve")]
mod serve;
mod text;

use std::process::ExitCode;

use clap::Parser;

/// Parse the command line and run it.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = args::Cli::parse();
    commands::dispatch(cli)
}
