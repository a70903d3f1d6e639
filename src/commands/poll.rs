//! `pollctl poll`. STUB until the poller lands.
use crate::Result;
use crate::cli::{GlobalArgs, PollArgs};
use crate::output::Ui;

pub fn run(_args: PollArgs, _global: &GlobalArgs, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
