//! `pollctl demo`: the sandbox, four instances, one poll cycle, signed deliveries — printed.

use crate::cli::{DemoArgs, OutputFormat};
use crate::output::Ui;
use crate::runtime::{self, Flavor};
use crate::sandbox::SandboxError;
use crate::sandbox::demo::{self, DemoOptions};
use crate::{Error, Result};

pub fn run(args: DemoArgs, ui: &Ui) -> Result<()> {
    let report = runtime::block_on(Flavor::Workers, demo::run(&DemoOptions { seed: args.seed }))??;
    match args.format {
        OutputFormat::Json => {
            let text = serde_json::to_string_pretty(&report)
                .map_err(|e| Error::internal("serializing the report", e))?;
            super::print_stdout(&format!("{text}\n"))?;
        }
        OutputFormat::Text => super::print_stdout(&demo::render_text(&report))?,
    }
    if report.ok {
        Ok(())
    } else {
        if args.format == OutputFormat::Json {
            for p in &report.problems {
                ui.warn(p);
            }
        }
        Err(SandboxError::Demo(format!(
            "{} problem(s): not every signature verified or not every event arrived",
            report.problems.len()
        ))
        .into())
    }
}
