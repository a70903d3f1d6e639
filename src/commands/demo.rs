//! `pollctl demo`. STUB until the sandbox work lands.
use crate::Result;
use crate::cli::{DemoArgs, GlobalArgs};
use crate::output::Ui;

pub fn run(_args: DemoArgs, _global: &GlobalArgs, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
