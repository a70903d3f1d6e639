//! `pollctl instance migrate FILE|-`: the instance with its legacy `event.poller.urls`
//! converted to `event.poller.configuration`, on stdout. Invalid instances are reported as
//! `instance validate` reports them (exit 3).
use crate::Result;
use crate::cli::MigrateArgs;
use crate::commands::print_stdout;
use crate::instance::InstanceError;
use crate::instance::{json, legacy};
use crate::output::Ui;

use super::validate::{read_limited, render_diagnostic};
use crate::instance::validate::validate;

pub fn run(args: MigrateArgs, ui: &Ui) -> Result<()> {
    let (name, bytes) = read_limited(&args.file)?;
    let (report, bytes) = match bytes {
        Ok(bytes) => (validate(&bytes), bytes),
        Err(report) => (report, Vec::new()),
    };
    let errors = report.errors();
    for d in &report.diagnostics {
        if errors > 0 || d.pointer.contains("event.poller.urls") {
            ui.note(render_diagnostic(&name, d).trim_end());
        }
    }
    if errors > 0 {
        return Err(InstanceError::Invalid {
            source_name: name,
            errors,
        }
        .into());
    }
    let root = json::parse_bytes(&bytes)
        .root
        .ok_or(InstanceError::Invalid {
            source_name: name.clone(),
            errors: 1,
        })?;
    let text = legacy::migrate(&root).map_err(|e| InstanceError::Migrate {
        source_name: name,
        reason: e.to_string(),
    })?;
    print_stdout(&text)
}
