//! `pollctl state migrate | export | import`: the state database's schema, and moving state
//! between the file backend and PostgreSQL.

use std::time::Duration;

use crate::cli::StateCommand;
use crate::output::Ui;
use crate::poll::backend::Backend;
use crate::poll::pg::{PgState, StateUrl};
use crate::poll::transfer;
use crate::runtime::{self, Flavor};
use crate::settings::Settings;
use crate::{Error, Result};

pub fn run(cmd: StateCommand, settings: &Settings, ui: &Ui) -> Result<()> {
    let state_dir = settings.poll_state_dir()?;
    let url = settings.state_url()?;
    let ttl = Duration::from_secs(60);
    match cmd {
        StateCommand::Migrate => {
            let Some(url) = url else {
                return Err(Error::Usage(
                    "state migrate needs PostgreSQL state: pass --state postgres://USER@HOST/DB \
                     or set POLLCTL_STATE (the file backend has no schema to migrate)"
                        .into(),
                ));
            };
            let pg = PgState::new(url.clone(), ttl);
            let (before, after) = runtime::block_on(Flavor::CurrentThread, pg.migrate())??;
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
        StateCommand::Export { output } => {
            let lines = runtime::block_on(Flavor::CurrentThread, async {
                let backend = open(url, ttl).await?;
                transfer::export(&backend, &state_dir).await
            })??;
            let mut text = String::new();
            for l in &lines {
                text.push_str(
                    &serde_json::to_string(l).map_err(|e| Error::Invalid(e.to_string()))?,
                );
                text.push('\n');
            }
            match output {
                Some(p) => crate::store::write_atomic(&p, text.as_bytes())
                    .map_err(|e| Error::Invalid(format!("{}: {e}", p.display())))?,
                None => super::print_stdout(&text)?,
            }
            ui.note(&format!("exported {} line(s)", lines.len()));
            Ok(())
        }
        StateCommand::Import { file, replace } => {
            let lines = if file.as_os_str() == "-" {
                transfer::read_lines(std::io::stdin().lock(), "stdin")?
            } else {
                let f = std::fs::File::open(&file)
                    .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
                transfer::read_lines(std::io::BufReader::new(f), &file.display().to_string())?
            };
            let done = runtime::block_on(Flavor::CurrentThread, async {
                let backend = open(url, ttl).await?;
                transfer::import(&backend, &state_dir, lines, replace).await
            })??;
            ui.note(&format!(
                "imported the state of {} resource(s) and {} set-aside record(s)",
                done.states, done.set_aside
            ));
            Ok(())
        }
    }
}

async fn open(url: Option<StateUrl>, ttl: Duration) -> Result<Backend, crate::poll::PollError> {
    Ok(match url {
        Some(u) => Backend::Postgres(PgState::open(u, ttl).await?),
        None => Backend::Files,
    })
}
