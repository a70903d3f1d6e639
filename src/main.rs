use std::io::IsTerminal;

use clap::Parser;
use pollctl::cli::{Cli, LogFormat};
use pollctl::output::Ui;
use pollctl::settings::{Env, Settings};

fn main() {
    let env = Env::from_process();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            // A usage error as one JSON line when JSON logs were asked for on the command line
            // or in the environment (the config file is read only once the arguments parse).
            let usage_error = !matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            if usage_error && json_logs_asked(&env) {
                let mut ui = Ui::plain();
                ui.json = true;
                ui.error_text(e.render().to_string().trim());
                std::process::exit(e.exit_code());
            }
            // clap prints help/version (exit 0) and usage errors (exit 2) itself.
            e.exit();
        }
    };
    pollctl::platform::install_crypto_provider();
    // The library ends the process early (a second Ctrl-C) only through this hook.
    pollctl::runtime::set_exit_hook(|code| std::process::exit(code));
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

/// `--log-format json` among the arguments (the flag wins), else `POLLCTL_LOG_FORMAT=json`:
/// for the arguments that did not parse.
fn json_logs_asked(env: &Env) -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        if a == "--log-format" {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix("--log-format=")
        }
    });
    match flag {
        Some(v) => v == "json",
        None => env.get("POLLCTL_LOG_FORMAT") == Some("json"),
    }
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
