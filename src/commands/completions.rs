//! `pollctl completions SHELL`.

use clap::CommandFactory;

use crate::Result;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "pollctl", &mut out);
    super::print_stdout(&String::from_utf8_lossy(&out))
}
