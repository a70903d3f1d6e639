//! `pollctl instance create|validate|schema`. STUB until the instance work lands.
use crate::Result;
use crate::cli::{GlobalArgs, InstanceCommand};
use crate::output::Ui;

pub fn run(_cmd: InstanceCommand, _global: &GlobalArgs, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
