//! One thin module per command: read flags, call the library, print.

pub mod completions;
pub mod connectors;
pub mod date;
pub mod demo;
pub mod instance;
pub mod oauth;
pub mod poll;
pub mod sandbox;
pub mod setaside;
pub mod state;

use crate::Result;
use crate::cli::{Cli, Command};
use crate::output::Ui;

/// Dispatch a parsed command line.
pub fn run(cli: Cli, ui: &Ui) -> Result<()> {
    let global = cli.global;
    match cli.command {
        Command::Connectors(cmd) => connectors::run(cmd, ui),
        Command::Instance(cmd) => instance::run(cmd, &global, ui),
        Command::Oauth(cmd) => oauth::run(cmd, &global, ui),
        Command::Poll(args) => poll::run(args, &global, ui),
        Command::Date(cmd) => date::run(cmd, ui),
        Command::Sandbox(args) => sandbox::run(args, &global, ui),
        Command::Demo(args) => demo::run(args, &global, ui),
        Command::SetAside(cmd) => setaside::run(cmd, &global, ui),
        Command::State(cmd) => state::run(cmd, &global, ui),
        Command::Completions(args) => completions::run(args),
    }
}

/// Write `text` to stdout; a closed pipe (`| head`) ends quietly instead of panicking.
pub fn print_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(crate::Error::io("writing to stdout", e)),
    }
}
