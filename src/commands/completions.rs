//! `pollctl completions SHELL`.

use crate::Result;
use crate::cli::CompletionsArgs;

pub fn run(args: CompletionsArgs) -> Result<()> {
    let out = crate::completion::script(args.shell);
    super::print_stdout(&String::from_utf8_lossy(&out))
}
