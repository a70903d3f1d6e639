use std::io::IsTerminal;

use clap::Parser;
use pollctl::cli::{Cli, LogFormat};
use pollctl::output::Ui;
use pollctl::settings::{Env, Settings};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version (exit 0) and usage errors (exit 2) itself.
            e.exit();
        }
    };
    pollctl::platform::install_crypto_provider();
    // The library ends the process early (a second Ctrl-C) only through this hook.
    pollctl::runtime::set_exit_hook(|code| std::process::exit(code));
    let env = Env::from_process();
    let mut ui = Ui::new(&cli.global, &env);
    let log_filter = env
        .get("POLLCTL_LOG")
        .or_else(|| env.get("RUST_LOG"))
        .map(str::to_string);
    let settings = Settings::new(&cli.global, env);
    let format = match settings.log_format() {
        Ok(f) => f.value,
        Err(e) => {
            ui.error(&e);
            std::process::exit(e.exit_code().code());
        }
    };
    ui.json = format == LogFormat::Json;
    init_tracing(&cli.global, &ui, log_filter.as_deref());
    let code = match pollctl::commands::run(cli, &settings, &ui) {
        Ok(()) => pollctl::ExitCode::Success,
        Err(e) => {
            ui.error(&e);
            e.exit_code()
        }
    };
    std::process::exit(code.code());
}

/// Logs go to stderr. Level: `-q` error, default warn, `-v` info, `-vv` debug, `-vvv` trace;
/// `POLLCTL_LOG` (or `RUST_LOG`) takes a full filter and wins over the flags. With
/// `--log-format json`, one JSON object per line (with a timestamp, for log shippers).
fn init_tracing(global: &pollctl::cli::GlobalArgs, ui: &Ui, log_filter: Option<&str>) {
    use tracing_subscriber::EnvFilter;
    let level = if global.quiet {
        "error"
    } else {
        match global.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    let filter = log_filter
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(format!("pollctl={level}")));
    if ui.json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .with_current_span(false)
            .with_span_list(false)
            .init();
        return;
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ui.color && std::io::stderr().is_terminal())
        .with_target(false)
        .without_time()
        .init();
}
