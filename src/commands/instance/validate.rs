//! `pollctl instance validate FILE|-`: diagnostics for an instance JSON.
//!
//! Text: `file:line:col: severity: message` and `  hint: …`, then a summary line.
//! JSON (`--format json`): exactly
//! `{"valid":bool,"diagnostics":[{"severity","pointer","line","column","message","hint"}]}`.
//! Exit 0 when valid (warnings allowed), 3 with errors, 1 when the input cannot be read.
use std::fmt::Write as _;
use std::io::{IsTerminal, Read};
use std::path::Path;

use serde::Serialize;

use crate::Result;
use crate::cli::{OutputFormat, ValidateArgs};
use crate::commands::print_stdout;
use crate::instance::InstanceError;
use crate::instance::json::MAX_BYTES;
use crate::instance::validate::{Diagnostic, Options, Report, Severity, too_large, validate_with};
use crate::output::Ui;

/// The `--format json` document, fields in the documented order.
#[derive(Serialize)]
struct JsonOut<'a> {
    valid: bool,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: ValidateArgs, ui: &Ui) -> Result<()> {
    if args.file.as_os_str() == "-" && std::io::stdin().is_terminal() {
        ui.note("reading the instance JSON from stdin; end it with Ctrl-D");
    }
    let options = crate::instance::validate::Options {
        template: args.template,
    };
    let (name, report) = read_and_validate_with(&args.file, options)?;
    let text = match args.format {
        OutputFormat::Json => {
            let out = JsonOut {
                valid: report.is_valid(),
                diagnostics: &report.diagnostics,
            };
            let mut s = serde_json::to_string(&out).map_err(|e| {
                crate::Error::io("serializing diagnostics", std::io::Error::other(e))
            })?;
            s.push('\n');
            s
        }
        OutputFormat::Text => render_text(&name, &report),
    };
    print_stdout(&text)?;
    if report.is_valid() {
        Ok(())
    } else {
        Err(InstanceError::Invalid {
            source_name: name,
            errors: report.errors(),
        }
        .into())
    }
}

/// Read FILE (or stdin for `-`), never more than the size cap, and validate it.
pub fn read_and_validate_with(path: &Path, options: Options) -> Result<(String, Report)> {
    let (name, bytes) = read_limited(path)?;
    Ok(match bytes {
        Ok(bytes) => (name, validate_with(&bytes, options)),
        Err(report) => (name, report),
    })
}

/// Read FILE (or stdin for `-`), never more than the size cap: the bytes, or the report of an
/// input over the cap.
pub fn read_limited(path: &Path) -> Result<(String, std::result::Result<Vec<u8>, Report>)> {
    let read_err = |source| InstanceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let limit = MAX_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
        let name = "<stdin>".to_string();
        if bytes.len() as u64 >= limit {
            return Ok((name, Err(too_large(None))));
        }
        return Ok((name, Ok(bytes)));
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    if meta.is_dir() {
        return Err(read_err(std::io::Error::other("it is a directory")).into());
    }
    if meta.len() >= limit {
        return Ok((name, Err(too_large(Some(meta.len())))));
    }
    file.take(limit).read_to_end(&mut bytes).map_err(read_err)?;
    if bytes.len() as u64 >= limit {
        return Ok((name, Err(too_large(None))));
    }
    Ok((name, Ok(bytes)))
}

/// One diagnostic as people read it: `file:line:col: severity: message [pointer]`, then
/// `  hint: …`. Shared by `instance validate` and `poll`.
pub(crate) fn render_diagnostic(name: &str, d: &Diagnostic) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let at = if d.pointer.is_empty() {
        String::new()
    } else {
        format!(" [{}]", d.pointer)
    };
    let mut s = format!("{name}:{}:{}: {sev}: {}{at}\n", d.line, d.column, d.message);
    if let Some(h) = &d.hint {
        let _ = writeln!(s, "  hint: {h}");
    }
    s
}

fn render_text(name: &str, report: &Report) -> String {
    let mut s = String::new();
    for d in &report.diagnostics {
        s.push_str(&render_diagnostic(name, d));
    }
    let (e, w) = (report.errors(), report.warnings());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if e == 0 {
        let _ = writeln!(s, "{name}: valid ({})", plural(w, "warning"));
    } else {
        let _ = writeln!(
            s,
            "{name}: invalid ({}, {})",
            plural(e, "error"),
            plural(w, "warning")
        );
    }
    s
}
