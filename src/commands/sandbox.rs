//! `pollctl sandbox`: serve the local stand-in until SIGINT/SIGTERM.
//! The base URL is the first line on stdout; everything else goes to stderr.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::cli::{GlobalArgs, SandboxArgs};
use crate::output::Ui;
use crate::sandbox::{Clock, FaultSpec, Sandbox, SandboxConfig, parse_listen};
use crate::{Error, Result, config};

pub fn run(args: SandboxArgs, _global: &GlobalArgs, ui: &Ui) -> Result<()> {
    let faults = match &args.faults {
        Some(spec) => FaultSpec::parse(spec)?,
        None => FaultSpec::default(),
    };
    let duration = |flag: &str, text: &str| {
        humantime::parse_duration(text)
            .map_err(|e| Error::Usage(format!("--{flag} {text:?}: {e} (e.g. 500ms, 2s, 15m, 6h)")))
    };
    let slow_delay = duration("slow-delay", &args.slow_delay)?;
    let history = duration("history", &args.history)?;
    let recent = duration("recent", &args.recent)?;
    let (addr, allow_non_loopback) = match &args.listen {
        Some(text) => (parse_listen(text, args.port)?, true),
        None => (
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port),
            false,
        ),
    };
    if !addr.ip().is_loopback() {
        ui.warn(&format!(
            "listening on {addr}, not loopback: anyone who can reach it can provision instances \
             and read generated data; the sandbox has no real security"
        ));
    }
    let receiver_key = config::secret(
        args.receiver_key_file.as_deref(),
        "POLLCTL_SIGNATURE_KEY",
        None,
    )?;
    let clock = match &args.clock {
        None => Clock::System,
        Some(t) => Clock::manual(
            chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|e| Error::Usage(format!("--clock {t:?}: not an RFC 3339 instant: {e}")))?
                .with_timezone(&chrono::Utc),
        ),
    };
    let cfg = SandboxConfig {
        clock,
        addr,
        allow_non_loopback,
        seed: args.seed,
        faults,
        receiver_key,
        slow_delay,
        history,
        recent,
        ..SandboxConfig::default()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the async runtime", e))?;
    rt.block_on(async move {
        let handle = Sandbox::start(cfg).await?;
        let mut signals = Signals::install()?;
        super::print_stdout(&format!("{}\n", handle.base_url()))?;
        let base = handle.base_url();
        ui.note(&format!(
            "sandbox serving on {base} (seed {}); stop with Ctrl-C\n  \
             platform: POST {base}/instances, GET {base}/elements/KEY/oauth/url\n  \
             receiver: POST/GET {base}/receiver\n  \
             controls: {base}/sandbox/faults, {base}/sandbox/receiver",
            args.seed
        ));
        signals.wait().await;
        ui.note("sandbox: stopping");
        handle.shutdown().await;
        Err(Error::Interrupted)
    })
}

/// SIGINT and SIGTERM handlers, installed before the URL is printed so that a signal sent as
/// soon as the URL appears is never lost to the default action.
struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let int = signal(SignalKind::interrupt())
                .map_err(|e| Error::io("installing the SIGINT handler", e))?;
            let term = signal(SignalKind::terminate())
                .map_err(|e| Error::io("installing the SIGTERM handler", e))?;
            Ok(Signals { int, term })
        }
        #[cfg(not(unix))]
        {
            Ok(Signals {})
        }
    }

    async fn wait(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.int.recv() => {}
                _ = self.term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
