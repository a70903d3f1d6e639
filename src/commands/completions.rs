//! `pollctl completions SHELL`.

use crate::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> Result<()> {
    let out = crate::completion::script(Cli::command(), args.shell);
    super::print_stdout(&String::from_utf8_lossy(&out))
}
