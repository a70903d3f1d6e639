//! `pollctl instance create`. STUB until the builder lands.
use crate::Result;
use crate::cli::{CreateArgs, GlobalArgs};
use crate::output::Ui;

pub fn run(_args: CreateArgs, _global: &GlobalArgs, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
