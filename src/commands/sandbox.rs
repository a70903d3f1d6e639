//! `pollctl sandbox`. STUB until the sandbox work lands.
use crate::Result;
use crate::cli::{GlobalArgs, SandboxArgs};
use crate::output::Ui;

pub fn run(_args: SandboxArgs, _global: &GlobalArgs, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
