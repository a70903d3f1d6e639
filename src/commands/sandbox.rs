//! `pollctl sandbox`: serve the local stand-in until SIGINT/SIGTERM.
//! The base URL is the first line on stdout; everything else goes to stderr.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::cli::SandboxArgs;
use crate::output::Ui;
use crate::runtime::{self, Flavor, Signals};
use crate::sandbox::{Clock, FaultSpec, Sandbox, SandboxConfig, parse_listen};
use crate::settings::{Key, Settings};
use crate::{Error, Result};

pub fn run(args: SandboxArgs, settings: &Settings, ui: &Ui) -> Result<()> {
    let faults = match &args.faults {
        Some(spec) => FaultSpec::parse(spec)?,
        None => FaultSpec::default(),
    };
    let slow_delay = super::duration_flag("--slow-delay", &args.slow_delay)?;
    let history = super::duration_flag("--history", &args.history)?;
    let recent = super::duration_flag("--recent", &args.recent)?;
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
    let receiver_key = settings
        .secret(
            Key::ReceiverKey,
            args.receiver_key_file
                .as_deref()
                .map(|p| (p, "--receiver-key-file")),
        )?
        .map(|r| r.value);
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
    runtime::block_on(Flavor::Workers, async move {
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
    })?
}
