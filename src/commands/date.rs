//! `pollctl date parse|format`: evaluate a date pattern the way the poller does.
//!
//! Each input gives one stdout line. An input that fails is reported on stderr (naming it and
//! why) and the command exits 3 after the remaining inputs are done.
use crate::cli::DateCommand;
use crate::datefmt::{self, DateFormat, Zone};
use crate::output::Ui;
use crate::{Error, Result};

pub fn run(cmd: DateCommand, ui: &Ui) -> Result<()> {
    let (pattern, tz, inputs, parse) = match cmd {
        DateCommand::Parse { pattern, tz, text } => (pattern, tz, text, true),
        DateCommand::Format {
            pattern,
            tz,
            instant,
        } => (pattern, tz, instant, false),
    };
    let format = DateFormat::compile(&pattern)?;
    let zone = Zone::parse(&tz)?;
    let mut out = String::new();
    let mut failure: Option<Error> = None;
    for input in &inputs {
        let line = if parse {
            format
                .parse(input, &zone)
                .map(|instant| instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        } else {
            datefmt::parse_instant(input).map(|instant| format.format(instant, &zone))
        };
        match line {
            Ok(line) => {
                out.push_str(&line);
                out.push('\n');
            }
            Err(e) => {
                if let Some(previous) = failure.replace(e.into()) {
                    ui.error(&previous);
                }
            }
        }
    }
    crate::commands::print_stdout(&out)?;
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
