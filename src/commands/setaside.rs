//! `pollctl set-aside list|replay`: the records the poller could not classify. The logic is
//! in `crate::poll::setaside`.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{OutputFormat, SetAsideCommand};
use crate::output::Ui;
use crate::poll::pg::{PgState, StateUrl};
use crate::poll::setaside;
use crate::runtime::{self, Flavor};
use crate::settings::Settings;
use crate::{Error, Result};

pub fn run(cmd: SetAsideCommand, settings: &Settings, ui: &Ui) -> Result<()> {
    let dir = settings.poll_state_dir()?;
    let pg_url = settings.state_url()?;
    match cmd {
        SetAsideCommand::List { instance, format } => {
            // Set aside, then queued for replay (`set-aside replay`; the next cycle classifies
            // them again): both are records not turned into events yet.
            let groups = match pg_url {
                Some(url) => pg_list(url, instance.as_deref())?,
                None => {
                    let mark = |queued: bool| {
                        move |(path, entries): (PathBuf, Vec<setaside::Entry>)| Group {
                            path,
                            entries,
                            queued,
                        }
                    };
                    let aside = setaside::list(&dir, instance.as_deref())?;
                    let queued = setaside::list_queued(&dir, instance.as_deref())?;
                    aside
                        .into_iter()
                        .map(mark(false))
                        .chain(queued.into_iter().map(mark(true)))
                        .collect()
                }
            };
            let mut out = String::new();
            match format {
                OutputFormat::Json => {
                    for g in &groups {
                        for e in &g.entries {
                            let mut v = serde_json::to_value(e)
                                .map_err(|e| Error::Invalid(e.to_string()))?;
                            if let (true, Some(o)) = (g.queued, v.as_object_mut()) {
                                o.insert("queued".into(), serde_json::Value::Bool(true));
                            }
                            out.push_str(&v.to_string());
                            out.push('\n');
                        }
                    }
                }
                _ => {
                    for g in &groups {
                        let what = if g.queued {
                            "queued for replay: the next cycle classifies them again"
                        } else {
                            "set aside"
                        };
                        out.push_str(&format!(
                            "{} ({} record(s) {what})\n",
                            g.path.display(),
                            g.entries.len()
                        ));
                        for e in &g.entries {
                            out.push_str(&format!(
                                "  {}  {}/{}  {}  {}\n",
                                e.set_aside_at,
                                e.instance_id,
                                e.resource,
                                e.object_id.as_deref().unwrap_or("-"),
                                e.reason
                            ));
                        }
                    }
                    if groups.is_empty() {
                        ui.note("no set-aside records");
                    }
                }
            }
            super::print_stdout(&out)
        }
        SetAsideCommand::Replay { instance, resource } => {
            if let Some(url) = pg_url {
                let pg = PgState::new(url, Duration::from_secs(60));
                let queued = runtime::block_on(Flavor::CurrentThread, async {
                    pg.check_schema()
                        .await?
                        .queue_for_replay(&instance, resource.as_deref())
                        .await
                })??;
                replay_note(ui, &instance, queued as usize);
                return Ok(());
            }
            let files = setaside::list(&dir, Some(&instance))?;
            let mut queued = 0;
            for (path, entries) in &files {
                if resource
                    .as_deref()
                    .is_some_and(|r| !entries.iter().any(|e| e.resource == r))
                {
                    continue;
                }
                queued += setaside::queue_for_replay(path)?;
            }
            replay_note(ui, &instance, queued);
            Ok(())
        }
    }
}

fn replay_note(ui: &Ui, instance: &str, queued: usize) {
    if queued == 0 {
        ui.note(&format!("no set-aside records for {instance:?}"));
    } else {
        ui.note(&format!(
            "{queued} record(s) queued: the next `pollctl poll` cycle of {instance:?} classifies them again"
        ));
    }
}

/// Records of one set-aside file or replay queue (or their PostgreSQL rows).
struct Group {
    path: PathBuf,
    entries: Vec<setaside::Entry>,
    /// Queued for replay.
    queued: bool,
}

/// The set-aside records kept in the PostgreSQL state, grouped per resource like the files
/// (the "path" names the database, redacted, and the resource), queued ones apart.
fn pg_list(url: StateUrl, instance: Option<&str>) -> Result<Vec<Group>> {
    let pg = PgState::new(url.clone(), Duration::from_secs(60));
    let aside = runtime::block_on(Flavor::CurrentThread, async {
        pg.check_schema().await?.set_aside(instance).await
    })??;
    let mut groups: Vec<Group> = Vec::new();
    for (inst, key, entry, queued) in aside {
        let entry: setaside::Entry = serde_json::from_value(entry)
            .map_err(|e| Error::Invalid(format!("{}: a set-aside record: {e}", url.redacted())))?;
        let path = PathBuf::from(format!("{} {inst}/{key}", url.redacted()));
        match groups.last_mut() {
            Some(g) if g.path == path && g.queued == queued => g.entries.push(entry),
            _ => groups.push(Group {
                path,
                entries: vec![entry],
                queued,
            }),
        }
    }
    Ok(groups)
}
