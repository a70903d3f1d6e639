//! `pollctl state migrate`: create or upgrade the PostgreSQL state schema.

use crate::cli::{GlobalArgs, StateCommand};
use crate::config::{ConfigFile, StateLocation};
use crate::output::Ui;
use crate::poll::pg::{PgState, StateUrl};
use crate::store::Dirs;
use crate::{Error, Result};

pub fn run(cmd: StateCommand, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    let dirs = Dirs::resolve(global.state_dir.as_deref())?;
    let cfg = ConfigFile::load(global.config.as_deref(), &dirs)?;
    let url = match StateLocation::resolve(global.state.as_deref(), &cfg).map_err(Error::Invalid)? {
        Some(StateLocation::Postgres(u)) => StateUrl::parse(&u).map_err(Error::Invalid)?,
        _ => {
            return Err(Error::Usage(
                "state migrate needs PostgreSQL state: pass --state postgres://USER@HOST/DB or \
                 set POLLCTL_STATE (the file backend has no schema to migrate)"
                    .into(),
            ));
        }
    };
    match cmd {
        StateCommand::Migrate => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::io("starting the async runtime", e))?;
            let pg = PgState::new(url.clone(), std::time::Duration::from_secs(60));
            let (before, after) = rt.block_on(pg.migrate())?;
            if before == after {
                ui.note(&format!(
                    "{}: state schema already at version {after}",
                    url.redacted()
                ));
            } else {
                ui.note(&format!(
                    "{}: state schema migrated from version {before} to {after}",
                    url.redacted()
                ));
            }
            Ok(())
        }
    }
}
