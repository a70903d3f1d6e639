//! `pollctl connectors list|show`. STUB until the catalog work lands.
use crate::Result;
use crate::cli::ConnectorsCommand;
use crate::output::Ui;

pub fn run(_cmd: ConnectorsCommand, _ui: &Ui) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
