//! `pollctl date parse|format`. STUB until the date engine lands.
use crate::Result;
use crate::cli::DateCommand;
use crate::output::Ui;

pub fn run(_cmd: DateCommand, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
