//! One thin module per command: read flags, call the library, print.

pub mod completions;
pub mod connectors;
pub mod date;
pub mod demo;
pub mod instance;
pub mod oauth;
pub mod poll;
pub mod sandbox;
pub mod setaside;
pub mod state;

use crate::Result;
use crate::cli::{Cli, Command};
use crate::output::Ui;
use crate::platform::client::{CreatedInstance, PlatformClient};
use crate::registry::Registry;
use crate::settings::Settings;

/// Dispatch a parsed command line with the run's settings.
pub fn run(cli: Cli, settings: &Settings, ui: &Ui) -> Result<()> {
    match cli.command {
        Command::Connectors(cmd) => connectors::run(cmd, ui),
        Command::Instance(cmd) => instance::run(cmd, settings, ui),
        Command::Oauth(cmd) => oauth::run(cmd, settings, ui),
        Command::Poll(args) => poll::run(args, settings, ui),
        Command::Date(cmd) => date::run(cmd, ui),
        Command::Sandbox(args) => sandbox::run(args, settings, ui),
        Command::Demo(args) => demo::run(args, ui),
        Command::SetAside(cmd) => setaside::run(cmd, settings, ui),
        Command::State(cmd) => state::run(cmd, settings, ui),
        Command::Completions(args) => completions::run(args),
    }
}

/// With PostgreSQL state, the database that will hold the registry entry of an instance about
/// to be provisioned, opened (and its schema checked or migrated) **before** the platform
/// creates the instance: an unreachable database stops the command while nothing exists yet,
/// instead of after the platform made an instance whose token nobody kept.
pub(crate) async fn registry_database(
    settings: &Settings,
) -> Result<Option<std::sync::Arc<crate::poll::pg::PgState>>> {
    match settings.state_url()? {
        Some(url) => Ok(Some(
            crate::poll::pg::PgState::open(url, std::time::Duration::from_secs(60)).await?,
        )),
        None => Ok(None),
    }
}

/// Save a just-provisioned instance in the registry (`instance create --post`, `oauth
/// login`) and print what was saved: a note on stderr, a JSON line on stdout. `database`:
/// from [`registry_database`], opened before the instance was created. Async: `oauth login`
/// calls it from inside its runtime.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn save_provisioned(
    settings: &Settings,
    database: Option<&crate::poll::pg::PgState>,
    ui: &Ui,
    name: &str,
    connector: &str,
    client: &PlatformClient,
    created: CreatedInstance,
    body: &serde_json::Value,
) -> Result<()> {
    Registry::check_name(name).map_err(crate::Error::Usage)?;
    let shown = created.name.as_deref().unwrap_or(name).to_string();
    let id = created.id.clone();
    let saved_in = match database {
        // PostgreSQL state: the registry lives in the same database (the token is as safe as
        // that database's access rules; docs/state.md).
        Some(pg) => {
            let entry = crate::registry::Entry {
                name: name.to_string(),
                id: created.id.clone(),
                token: created.token,
                connector: connector.to_string(),
                base_url: client.base_url().to_string(),
                created_at: chrono::Utc::now(),
                body: body.clone(),
            };
            pg.save_instance(&entry).await.map_err(|e| match e {
                // The database failed between the check and the save: say what exists.
                crate::poll::PollError::State { path, message } => crate::poll::PollError::State {
                    path,
                    message: format!(
                        "instance {shown} (id {id}) was created on the platform, but its \
                             registry entry could not be saved: {message}"
                    ),
                },
                other => other,
            })?;
            format!("{} (table pollctl_instance)", pg.url().redacted())
        }
        None => settings
            .registry()?
            .save_provisioned(
                name,
                &created.id,
                created.token,
                connector,
                client.base_url(),
                body,
            )?
            .display()
            .to_string(),
    };
    ui.note(&format!(
        "Provisioned instance {shown} (id {id}) saved as {name:?} in {saved_in}. Poll it with: pollctl poll {name}"
    ));
    let out = serde_json::json!({"name": name, "id": created.id, "connector": connector, "baseUrl": client.shown_base_url()});
    print_stdout(&format!("{out}\n"))
}

/// Write `text` to stdout; a closed pipe (`| head`) ends quietly instead of panicking.
pub fn print_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(crate::Error::io("writing to stdout", e)),
    }
}

/// A duration flag (`30s`, `5m`, `1h`, `500ms`); zero is allowed.
pub(crate) fn duration_flag(flag: &str, v: &str) -> crate::Result<std::time::Duration> {
    humantime::parse_duration(v.trim()).map_err(|e| {
        crate::Error::Usage(format!(
            "{flag} {v:?}: {e} (expected e.g. 500ms, 30s, 5m, 1h)"
        ))
    })
}
