//! `pollctl set-aside list|replay`: the records the poller could not classify. The logic is
//! in `crate::poll::setaside`.

use crate::cli::{GlobalArgs, OutputFormat, SetAsideCommand};
use crate::config::ConfigFile;
use crate::output::Ui;
use crate::poll::setaside;
use crate::store::Dirs;
use crate::{Error, Result};

fn state_dir(global: &GlobalArgs) -> Result<std::path::PathBuf> {
    let dirs = Dirs::resolve(global.state_dir.as_deref())?;
    let cfg = ConfigFile::load(global.config.as_deref(), &dirs)?;
    Ok(
        if global.state_dir.is_none()
            && std::env::var_os("POLLCTL_STATE_DIR").is_none_or(|v| v.is_empty())
        {
            cfg.state_dir.clone().unwrap_or(dirs.state)
        } else {
            dirs.state
        },
    )
}

pub fn run(cmd: SetAsideCommand, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    let dir = state_dir(global)?;
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
