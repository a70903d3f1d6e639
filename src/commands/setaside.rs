//! `pollctl set-aside list|replay`: the records the poller could not classify. The logic is
//! in `crate::poll::setaside`.

use crate::cli::{OutputFormat, SetAsideCommand};
use crate::output::Ui;
use crate::poll::setaside;
use crate::settings::Settings;
use crate::{Error, Result};

pub fn run(cmd: SetAsideCommand, settings: &Settings, ui: &Ui) -> Result<()> {
    let dir = settings.poll_state_dir()?;
    match cmd {
        SetAsideCommand::List { instance, format } => {
            let files = setaside::list(&dir, instance.as_deref())?;
            let mut out = String::new();
            match format {
                OutputFormat::Json => {
                    for (_, entries) in &files {
                        for e in entries {
                            out.push_str(
                                &serde_json::to_string(e)
                                    .map_err(|e| Error::Invalid(e.to_string()))?,
                            );
                            out.push('\n');
                        }
                    }
                }
                _ => {
                    for (path, entries) in &files {
                        out.push_str(&format!(
                            "{} ({} record(s))\n",
                            path.display(),
                            entries.len()
                        ));
                        for e in entries {
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
                    if files.is_empty() {
                        ui.note("no set-aside records");
                    }
                }
            }
            super::print_stdout(&out)
        }
        SetAsideCommand::Replay { instance, resource } => {
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
            if queued == 0 {
                ui.note(&format!("no set-aside records for {instance:?}"));
            } else {
                ui.note(&format!(
                    "{queued} record(s) queued: the next `pollctl poll` cycle of {instance:?} classifies them again"
                ));
            }
            Ok(())
        }
    }
}
