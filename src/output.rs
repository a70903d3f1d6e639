//! How pollctl talks to people: colour and verbosity decisions, error rendering on stderr.
//! Data goes to stdout through the commands; everything here goes to stderr.

use std::io::{IsTerminal, Write};

use crate::cli::GlobalArgs;
use crate::settings::Env;

/// Decisions about the terminal, made once from flags and environment.
#[derive(Debug, Clone)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: u8,
    /// Colour on stderr (off with `--no-color`, `NO_COLOR`, `TERM=dumb` or a non-terminal).
    pub color: bool,
    /// Prompts allowed: stdin is a terminal, no `--no-input`, `CI` not set.
    pub interactive: bool,
    /// `--log-format json`: notes, warnings and errors are JSON objects, one per line, in
    /// the shape of the JSON log lines (`timestamp`, `level`, `fields.message`, `target`).
    pub json: bool,
}

impl Ui {
    pub fn new(g: &GlobalArgs, env: &Env) -> Ui {
        let no_color_env = env.path("NO_COLOR").is_some();
        let dumb = env.get("TERM") == Some("dumb");
        let ci = env.is_ci();
        Ui {
            quiet: g.quiet,
            verbose: g.verbose,
            color: !(g.no_color || no_color_env || dumb) && std::io::stderr().is_terminal(),
            interactive: !g.no_input && !ci && std::io::stdin().is_terminal(),
            json: false,
        }
    }

    /// For library callers and tests: no colour, no prompts.
    pub fn plain() -> Ui {
        Ui {
            quiet: false,
            verbose: 0,
            color: false,
            interactive: false,
            json: false,
        }
    }

    /// One JSON line on stderr (`--log-format json`).
    fn json_line(level: &str, message: &str) {
        let line = serde_json::json!({
            "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "level": level,
            "fields": { "message": message },
            "target": "pollctl",
        });
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    /// An error message that is not an error value (a validation diagnostic…).
    pub fn error_text(&self, msg: &str) {
        if self.json {
            Ui::json_line("ERROR", msg);
        } else {
            let _ = writeln!(std::io::stderr().lock(), "{msg}");
        }
    }

    /// Print an error and its causes on stderr: `error: …` then `  caused by: …`.
    pub fn error(&self, e: &dyn std::error::Error) {
        if self.json {
            let mut text = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                let cause = s.to_string();
                if !text.contains(&cause) {
                    text.push_str("; caused by: ");
                    text.push_str(&cause);
                }
                source = s.source();
            }
            Ui::json_line("ERROR", &text);
            return;
        }
        let mut err = std::io::stderr().lock();
        let label = if self.color {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        let _ = writeln!(err, "{label}: {e}");
        let mut shown = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            // thiserror's `transparent` and "{context}: {source}" messages already show the
            // cause; print only causes not yet on screen.
            let text = s.to_string();
            if !shown.contains(&text) {
                let _ = writeln!(err, "  caused by: {text}");
                shown = text;
            }
            source = s.source();
        }
    }

    /// A message on stderr that `-q` does not hide (what a step cannot go on without, such as
    /// the consent URL of a login).
    pub fn always(&self, msg: &str) {
        if self.json {
            Ui::json_line("INFO", msg);
        } else {
            let _ = writeln!(std::io::stderr().lock(), "{msg}");
        }
    }

    /// `error: MSG` on stderr for an error that is not an error value (a diagnostic among
    /// others), a JSON line with `--log-format json`.
    pub fn error_line(&self, msg: &str) {
        self.labelled("ERROR", "\x1b[1;31merror\x1b[0m", msg);
    }

    /// `label: MSG` on stderr (`coloured` on a colour terminal), or a JSON line at `level`.
    fn labelled(&self, level: &str, coloured: &str, msg: &str) {
        if self.json {
            Ui::json_line(level, msg);
            return;
        }
        let label = if self.color {
            coloured
        } else {
            &level.to_ascii_lowercase()
        };
        let _ = writeln!(std::io::stderr().lock(), "{label}: {msg}");
    }

    /// A note for people on stderr, suppressed by `-q`.
    pub fn note(&self, msg: &str) {
        if self.quiet {
            return;
        }
        if self.json {
            Ui::json_line("INFO", msg);
        } else {
            let _ = writeln!(std::io::stderr().lock(), "{msg}");
        }
    }

    /// A warning on stderr, suppressed by `-q` ("print only data and errors", as `--help`
    /// and the README say).
    pub fn warn(&self, msg: &str) {
        if self.quiet {
            return;
        }
        if self.json {
            Ui::json_line("WARN", msg);
        } else {
            self.labelled("WARNING", "\x1b[1;33mwarning\x1b[0m", msg);
        }
    }
}
