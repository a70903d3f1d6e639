//! `pollctl poll INSTANCE…`: flags in; [`crate::poll::setup`] loads the instances and builds
//! the sink; the engine runs (`--once` or the loop); summaries go to stderr
//! ([`observer`]).

mod flags;
mod observer;

use crate::cli::{EventFormat, PollArgs, SignatureSchemeArg};
use crate::instance::validate::Severity;
use crate::output::Ui;
use crate::poll::setup::{self, Forwarding};
use crate::poll::sink::{self, LineFormat, Sink, WriterSink};
use crate::poll::{PollOptions, runner};
use crate::runtime::{self, Cancel, Flavor};
use crate::settings::{ElementToken, Key, Settings};
use crate::{Error, Result};
use flags::{parse_params, positive_duration as parse_duration, start_policy, supplied_by_param};
use observer::CommandObserver;

pub fn run(args: PollArgs, settings: &Settings, ui: &Ui) -> Result<()> {
    // Flags that need no I/O first: a typo fails fast.
    let params = parse_params(&args.params)?;
    let start = start_policy(&args)?;
    let timeout = parse_duration("--timeout", &args.timeout)?;
    let interval = args
        .interval
        .as_deref()
        .map(|v| parse_duration("--interval", v))
        .transpose()?;

    let lease = parse_duration("--lease", &args.lease)?;
    let metrics_listen = settings
        .metrics_listen(args.metrics_listen.as_deref())?
        .map(|r| r.value);
    let health_stall = args
        .health_stall
        .as_deref()
        .map(|v| parse_duration("--health-stall", v))
        .transpose()?;
    if health_stall.is_some() && metrics_listen.is_none() {
        return Err(Error::Usage(
            "--health-stall needs --metrics-listen (it sets when /healthz fails)".into(),
        ));
    }
    let state_dir = settings.poll_state_dir()?;
    let state_url = settings.state_url()?;
    // Checked where it is resolved: parses, http(s), no query or fragment.
    let base_url = settings.base_url()?.value;
    let credentials = settings.credentials(
        args.user_secret_file.as_deref(),
        args.org_secret_file.as_deref(),
        ElementToken::Load(args.element_token_file.as_deref()),
    )?;
    let signature_key = settings
        .secret(
            Key::SignatureKey,
            args.signature_key_file
                .as_deref()
                .map(|p| (p, "--signature-key-file")),
        )?
        .map(|r| r.value);

    // With PostgreSQL state the registry is the database's, read when a name or `--registry`
    // needs it.
    let names_one = args
        .instances
        .iter()
        .any(|p| p != "-" && !std::path::Path::new(p).exists());
    let registry = match &state_url {
        Some(url) if args.registry || names_one || args.instances.is_empty() => {
            let entries = runtime::block_on(Flavor::CurrentThread, async {
                let pg = crate::poll::pg::PgState::open(url.clone(), lease).await?;
                pg.instances().await
            })??;
            crate::registry::Registry::from_database(
                entries,
                format!("{} (table pollctl_instance)", url.redacted()),
            )
        }
        _ => settings.registry()?,
    };
    let mut names = args.instances.clone();
    if args.registry {
        for e in registry.list()? {
            if !names.contains(&e.name) {
                names.push(e.name);
            }
        }
    }
    if names.is_empty() {
        return Err(Error::Usage(format!(
            "no INSTANCE given: name an instance JSON file, `-` for stdin, or a provisioned instance{}{}",
            if args.registry {
                " (--registry: the registry is empty)"
            } else {
                ""
            },
            setup::known_names(&registry)
        )));
    }
    let mut print_report = |p: &str, report: &crate::instance::validate::Report| {
        for d in &report.diagnostics {
            if d.severity == Severity::Warning
                && (ui.quiet || supplied_by_param(&d.message, &params))
            {
                continue;
            }
            let rendered = super::instance::render_diagnostic(p, d);
            let msg = rendered.trim_end();
            match d.severity {
                Severity::Error => ui.error_text(msg),
                Severity::Warning => ui.note(msg),
            }
        }
    };
    let instances = setup::load_instances(
        &names,
        &registry,
        settings.base_url_explicit(),
        &mut print_report,
        &mut |w| ui.warn(w),
    )?;
    for li in &instances {
        let ev = &li.instance.events;
        // Platform events off is the recommended set-up for polling locally
        // (`instance create --local-polling`): a note at -v, not a warning on every run.
        if !ev.enabled {
            tracing::info!(
                "{}: event.notification.enabled is not true: the platform does not poll this instance; pollctl does",
                li.source
            );
        }
        if ev.vendor_type == crate::instance::VendorType::Webhook {
            ui.warn(&format!(
                "{}: event.vendor.type is webhook; polling its resources anyway",
                li.source
            ));
        }
    }

    let mut opts = PollOptions {
        base_url,
        credentials,
        params,
        resources: args.resources.clone(),
        start,
        reset: args.reset,
        dry_run: args.dry_run,
        state_dir,
        backend: crate::poll::backend::Backend::Files,
        retry: settings.retry_policy(args.max_retries),
        timeout,
        concurrency: args.concurrency.max(1),
        interval,
        strict_dates: args.strict_dates,
        max_pages: args.max_pages,
        max_page_bytes: (args.max_page_size as usize) << 20,
        seen_memory_ids: settings
            .env()
            .get("POLLCTL_SEEN_MEMORY_IDS")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(crate::poll::seen::MEMORY_IDS),
        metrics: None,
    };
    if metrics_listen.is_some() {
        // Liveness: no progress for twice the longest wait between cycles plus 5 minutes
        // (a cycle that hangs, every slot taken), unless --health-stall says otherwise.
        let longest = opts.interval.unwrap_or_else(|| {
            let minutes = instances
                .iter()
                .map(|li| li.instance.events.refresh_interval_minutes.max(1))
                .max()
                .unwrap_or(1);
            std::time::Duration::from_secs(u64::from(minutes) * 60)
        });
        let stall = health_stall
            .unwrap_or_else(|| longest.saturating_mul(2) + std::time::Duration::from_secs(300));
        opts.metrics = Some(std::sync::Arc::new(crate::poll::metrics::Metrics::new(
            stall,
        )));
    }
    setup::check_credentials(&instances, &opts)?;

    let forwarding = (args.forward || args.forward_to.is_some()) && !args.dry_run;
    if args.dry_run && (args.forward || args.forward_to.is_some()) {
        ui.note("dry run: events are printed, not forwarded; state is not written");
    }
    let sink: Box<dyn Sink> = if forwarding {
        let scheme = match args.signature_scheme {
            SignatureSchemeArg::Elements => sink::SignatureScheme::Elements,
            SignatureSchemeArg::StandardWebhooks => sink::SignatureScheme::StandardWebhooks,
        };
        let f = Forwarding {
            to: args.forward_to.clone(),
            key: signature_key,
            scheme,
            timeout,
            retry: opts.retry,
            in_flight: args.in_flight,
            // pollctl's own connection goes straight to the receiver; a URL a proxy would
            // carry gets its notifications one at a time through the HTTP client (which
            // honours the variables).
            proxy: settings.proxy_env(),
        };
        for who in setup::raw_standard_webhooks_keys(&instances, &f) {
            ui.warn(&format!("{who}: {}", setup::RAW_KEY_WARNING));
        }
        let fs = setup::forward_sink(&instances, &f)?;
        if fs.proxied_routes() > 0 && args.in_flight > 1 {
            ui.note(
                "a proxy in the environment carries the notifications (NO_PROXY does not exclude the receiver): they go one at a time (--in-flight 1)",
            );
        }
        Box::new(fs.with_metrics(opts.metrics.clone()))
    } else {
        Box::new(WriterSink::stdout(match args.format {
            EventFormat::Jsonl => LineFormat::Jsonl,
            EventFormat::Pretty => LineFormat::Pretty,
        }))
    };

    let mut observer = CommandObserver::new(ui, args.dry_run, sink.describe());
    // With --once, failures are reported once, at the end.
    observer.report_failures = !args.once;
    let cancel = Cancel::default();
    // Printing: two threads, a resource's next page is fetched (and decoded) on one while the
    // current page is processed on the other. Forwarding: one thread; the receiver (often on
    // this machine in benchmarks) needs the other core, and with notifications pipelined
    // two threads measured no faster and took about 25% more CPU (benches/compare.sh,
    // ONLY=forward; BENCHMARKS.md).
    let flavor = if forwarding {
        Flavor::CurrentThread
    } else {
        Flavor::Workers
    };
    runtime::block_on(flavor, async {
        runtime::cancel_on_signals(cancel.clone());
        let work = async {
            // The endpoint first: a port in use fails before any work; /readyz answers 503
            // until the state backend is open.
            if let (Some(addr), Some(m)) = (metrics_listen, &opts.metrics) {
                let listener = crate::poll::ops::bind(addr).await?;
                if let Ok(at) = listener.local_addr() {
                    ui.note(&format!(
                        "metrics on http://{at}/metrics, health on /healthz and /readyz"
                    ));
                }
                crate::poll::ops::spawn(listener, m.clone());
            }
            if let Some(url) = state_url {
                let pg = crate::poll::pg::PgState::open(url, lease).await?;
                opts.backend = crate::poll::backend::Backend::Postgres(pg);
            }
            if let Some(m) = &opts.metrics {
                m.loaded(opts.backend.clone());
            }
            if args.once {
                let summary =
                    runner::run_once_with(&instances, &opts, sink.as_ref(), &observer, &cancel)
                        .await?;
                observer.report_others(&summary);
                let set_aside = summary.set_aside();
                summary.into_result().map_err(Error::from)?;
                if set_aside > 0 {
                    // A worse failure returned above; this run completed but kept records
                    // aside.
                    return Err(Error::SetAside(if args.dry_run {
                        format!(
                            "{set_aside} record(s) could not be classified and would be set \
                             aside (dry run: nothing written)"
                        )
                    } else {
                        format!(
                            "{set_aside} record(s) could not be classified and were set aside \
                             (see `pollctl set-aside list`; re-offer with `pollctl set-aside replay`)"
                        )
                    }));
                }
                Ok(())
            } else {
                let r = runner::run(&instances, &opts, sink.as_ref(), &observer, &cancel).await;
                if let Some(m) = &opts.metrics {
                    m.stopped();
                }
                observer.closing_summary();
                r.map_err(Error::from)
            }
        };
        runtime::or_forced(&cancel, work).await
    })?
}
