//! `pollctl instance validate`. STUB until validation lands.
use crate::Result;
use crate::cli::ValidateArgs;
use crate::output::Ui;

pub fn run(_args: ValidateArgs, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
