use std::io::IsTerminal;

use clap::Parser;
use pollctl::cli::Cli;
use pollctl::output::Ui;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version (exit 0) and usage errors (exit 2) itself.
            e.exit();
        }
    };
    pollctl::platform::install_crypto_provider();
    let ui = Ui::from_global(&cli.global);
    init_tracing(&cli.global, &ui);
    let code = match pollctl::commands::run(cli, &ui) {
        Ok(()) => pollctl::ExitCode::Success,
        Err(e) => {
            ui.error(&e);
            e.exit_code()
        }
    };
    std::process::exit(code.code());
}

/// Logs go to stderr. Level: `-q` error, default warn, `-v` info, `-vv` debug, `-vvv` trace;
/// `POLLCTL_LOG` (or `RUST_LOG`) takes a full filter and wins over the flags.
fn init_tracing(global: &pollctl::cli::GlobalArgs, ui: &Ui) {
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
    let filter = std::env::var("POLLCTL_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(format!("pollctl={level}")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ui.color && std::io::stderr().is_terminal())
        .with_target(false)
        .without_time()
        .init();
}
