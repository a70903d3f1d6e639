//! `pollctl poll INSTANCE…`: read flags, load and validate the instances, pick the sink, run
//! the poller (`--once` or the loop), print summaries on stderr. The engine is `crate::poll`.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::cli::{EventFormat, GlobalArgs, PollArgs, SignatureScheme};
use crate::config::{self, ConfigFile};
use crate::instance::InstanceError;
use crate::instance::validate::{self, Severity};
use crate::output::Ui;
use crate::platform::Credentials;
use crate::poll::classify::EventType;
use crate::poll::cycle::CycleReport;
use crate::poll::runner::{self, Cancel, Observer};
use crate::poll::sink::{self, ForwardSink, LineFormat, Route, Sink, WriterSink};
use crate::poll::{LoadedInstance, PollError, PollOptions, StartPolicy, retry::RetryPolicy};
use crate::registry::Registry;
use crate::store::Dirs;
use crate::{Error, Result};

pub fn run(args: PollArgs, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    // Flags that need no I/O first: a typo fails fast.
    let params = parse_params(&args.params)?;
    let start = start_policy(&args)?;
    let timeout = parse_duration("--timeout", &args.timeout)?;
    let interval = args
        .interval
        .as_deref()
        .map(|v| parse_duration("--interval", v))
        .transpose()?;

    // Configuration: flag > environment > config file > default.
    let dirs = Dirs::resolve(global.state_dir.as_deref())?;
    let cfg = ConfigFile::load(global.config.as_deref(), &dirs)?;
    let state_dir = if global.state_dir.is_none()
        && std::env::var_os("POLLCTL_STATE_DIR").is_none_or(|v| v.is_empty())
    {
        cfg.state_dir.clone().unwrap_or(dirs.state.clone())
    } else {
        dirs.state.clone()
    };
    let base_url = config::resolve(
        global.base_url.clone(),
        "POLLCTL_BASE_URL",
        cfg.base_url.clone(),
        config::DEFAULT_BASE_URL,
    );
    url::Url::parse(&base_url)
        .map_err(|e| Error::Invalid(format!("base URL {base_url:?} is not a valid URL: {e}")))?;
    let credentials = Credentials::load(
        &cfg,
        args.user_secret_file.as_deref(),
        args.org_secret_file.as_deref(),
        Some(args.element_token_file.as_deref()),
    )?;
    let signature_key = config::secret(
        args.signature_key_file.as_deref(),
        "POLLCTL_SIGNATURE_KEY",
        cfg.signature_key.as_ref(),
    )?;

    let explicit_base_url = global.base_url.is_some()
        || std::env::var_os("POLLCTL_BASE_URL").is_some_and(|v| !v.is_empty());
    let registry = Registry::new(&dirs.state);
    let instances = load_instances(&args.instances, &registry, explicit_base_url, ui)?;

    for li in &instances {
        let ev = &li.instance.events;
        if !ev.enabled {
            ui.warn(&format!(
                "{}: event.notification.enabled is not true: the platform does not poll this instance; pollctl polls it anyway",
                li.source
            ));
        }
        if ev.vendor_type == crate::instance::VendorType::Webhook {
            ui.warn(&format!(
                "{}: event.vendor.type is webhook; polling its resources anyway",
                li.source
            ));
        }
    }

    let opts = PollOptions {
        base_url,
        credentials,
        params,
        resources: args.resources.clone(),
        start,
        reset: args.reset,
        dry_run: args.dry_run,
        state_dir,
        retry: RetryPolicy::from_env(args.max_retries),
        timeout,
        concurrency: args.concurrency.max(1),
        interval,
        strict_dates: args.strict_dates,
        max_pages: args.max_pages,
        max_page_bytes: (args.max_page_size as usize) << 20,
    };

    let format = match args.format {
        EventFormat::Jsonl => LineFormat::Jsonl,
        EventFormat::Pretty => LineFormat::Pretty,
    };
    let forwarding = (args.forward || args.forward_to.is_some()) && !args.dry_run;
    if args.dry_run && (args.forward || args.forward_to.is_some()) {
        ui.note("dry run: events are printed, not forwarded; state is not written");
    }
    let sink: Box<dyn Sink> = if forwarding {
        let client = crate::platform::hub::forward_client(timeout).map_err(Error::Invalid)?;
        let mut routes = HashMap::new();
        for li in &instances {
            let url = match (&args.forward_to, &li.instance.events.callback_url) {
                (Some(u), _) => u.clone(),
                (None, Some(u)) if !u.trim().is_empty() => u.clone(),
                _ => {
                    return Err(Error::Invalid(format!(
                        "--forward: instance {} ({}) has no event.notification.callback.url; pass --forward-to URL",
                        li.instance_id, li.source
                    )));
                }
            };
            url::Url::parse(&url).map_err(|e| {
                Error::Invalid(format!(
                    "forwarding URL {:?} is not a valid URL: {e}",
                    crate::poll::redact::url(&url)
                ))
            })?;
            let key = signature_key
                .clone()
                .or_else(|| li.instance.events.signature_key.clone());
            routes.insert(li.instance_id.clone(), Route { url, key });
        }
        let scheme = match args.signature_scheme {
            SignatureScheme::Elements => sink::SignatureScheme::Elements,
            SignatureScheme::StandardWebhooks => sink::SignatureScheme::StandardWebhooks,
        };
        let forward = ForwardSink::with_routes(client, routes, scheme, opts.retry);
        forward.check_keys().map_err(Error::Invalid)?;
        Box::new(forward)
    } else {
        Box::new(WriterSink::stdout(format))
    };

    let mut observer = CommandObserver::new(ui, args.dry_run, sink.describe());
    // With --once, failures are reported once, at the end.
    observer.report_failures = !args.once;
    // Printing: two threads, a resource's next page is fetched (and decoded) on one while the
    // current page is processed on the other. Forwarding: one thread, each notification waits
    // for its answer and cross-thread wake-ups per POST cost more than the overlap gives
    // (both measured with benches/compare.sh; BENCHMARKS.md).
    let mut builder = if forwarding {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(2);
        b
    };
    let rt = builder
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the async runtime", e))?;
    let cancel = Cancel::default();
    rt.block_on(async {
        runner::cancel_on_signals(cancel.clone());
        if args.once {
            let summary =
                runner::run_once_with(&instances, &opts, sink.as_ref(), &observer, &cancel).await?;
            let total = summary.outcomes.len();
            if total > 1 && summary.failed() > 0 {
                // The worst is printed by main with the totals; print the others here.
                let worst_code = summary.worst().map(PollError::exit_code);
                let mut skipped = false;
                for o in &summary.outcomes {
                    if let Err(e) = &o.result {
                        if !skipped && Some(e.exit_code()) == worst_code {
                            skipped = true;
                            continue;
                        }
                        observer.error(e);
                    }
                }
            }
            let set_aside = summary.set_aside();
            summary.into_result().map_err(Error::from)?;
            if set_aside > 0 {
                // A worse failure returned above; this run completed but kept records aside.
                return Err(Error::SetAside(format!(
                    "{set_aside} record(s) could not be classified and were set aside \
                     (see `pollctl set-aside list`; re-offer with `pollctl set-aside replay`)"
                )));
            }
            Ok(())
        } else {
            runner::run(&instances, &opts, sink.as_ref(), &observer, &cancel)
                .await
                .map_err(Error::from)
        }
    })
}

/// Read and validate every instance file; print diagnostics; exit 3 on errors.
/// An INSTANCE argument: a file (or `-`), else the name of a provisioned instance in the
/// local registry (`pollctl instance list`).
struct Input {
    bytes: Vec<u8>,
    /// The registry entry's base URL, when the argument named one.
    base_url: Option<String>,
}

fn read_instance_arg(p: &str, registry: &Registry) -> Result<Input> {
    if p != "-" && !std::path::Path::new(p).exists() && Registry::check_name(p).is_ok() {
        if let Some(entry) = registry.load(p)? {
            let body = entry.pollable_body();
            return Ok(Input {
                bytes: serde_json::to_vec(&body).unwrap_or_default(),
                base_url: Some(entry.base_url),
            });
        }
        let known: Vec<String> = registry
            .list()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.name)
            .collect();
        return Err(Error::Invalid(format!(
            "{p:?} is neither a file nor a provisioned instance{}",
            if known.is_empty() {
                " (the local registry is empty: `pollctl instance create --post` or `pollctl oauth login` fills it)".to_string()
            } else {
                format!("; provisioned: {}", known.join(", "))
            }
        )));
    }
    Ok(Input {
        bytes: read_input(p)?,
        base_url: None,
    })
}

fn load_instances(
    paths: &[String],
    registry: &Registry,
    explicit_base_url: bool,
    ui: &Ui,
) -> Result<Vec<LoadedInstance>> {
    let mut out = Vec::new();
    let mut bad = 0;
    for p in paths {
        let Input { bytes, base_url } = read_instance_arg(p, registry)?;
        let report = validate::validate(&bytes);
        for d in &report.diagnostics {
            if d.severity == Severity::Warning && ui.quiet {
                continue;
            }
            let rendered = super::instance::render_diagnostic(p, d);
            let msg = rendered.trim_end();
            match d.severity {
                Severity::Error => eprintln!("{msg}"),
                Severity::Warning => ui.note(msg),
            }
        }
        match report.instance {
            Some(instance) if report.is_valid() => {
                let raw: serde_json::Value =
                    serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
                let mut li = LoadedInstance::new(instance, &raw, p);
                if !explicit_base_url {
                    li.base_url = base_url;
                }
                out.push(li);
            }
            _ => {
                bad += 1;
                if bad == 1 && paths.len() == 1 {
                    return Err(InstanceError::Invalid {
                        source_name: p.clone(),
                        errors: report.errors().max(1),
                    }
                    .into());
                }
                ui.warn(&format!(
                    "{p}: {} error(s) in the instance JSON",
                    report.errors().max(1)
                ));
            }
        }
    }
    if bad > 0 {
        return Err(Error::Invalid(format!(
            "{bad} of {} instance file(s) are invalid",
            paths.len()
        )));
    }
    // Two files with one instance id would share state and locks.
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for li in &out {
        if let Some(prev) = seen.insert(&li.instance_id, &li.source) {
            return Err(Error::Invalid(format!(
                "{} and {} have the same instance id {:?}; give them distinct \"id\" or \"name\"",
                prev, li.source, li.instance_id
            )));
        }
    }
    Ok(out)
}

fn read_input(p: &str) -> Result<Vec<u8>> {
    if p == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("reading the instance from stdin", e))?;
        return Ok(buf);
    }
    std::fs::read(p).map_err(|source| {
        InstanceError::Read {
            path: PathBuf::from(p),
            source,
        }
        .into()
    })
}

fn parse_params(raw: &[String]) -> Result<Vec<(String, String)>> {
    raw.iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(Error::Usage(format!(
                "--param {p:?}: expected NAME=VALUE, e.g. --param calendarId=primary"
            ))),
        })
        .collect()
}

fn parse_duration(flag: &str, v: &str) -> Result<Duration> {
    let d = humantime::parse_duration(v.trim())
        .map_err(|e| Error::Usage(format!("{flag} {v:?}: {e} (expected e.g. 30s, 5m, 1h)")))?;
    if d.is_zero() {
        return Err(Error::Usage(format!(
            "{flag} {v:?}: must be more than zero"
        )));
    }
    Ok(d)
}

/// `--since`: RFC 3339, or a duration ago (`2h`, `90m`, `1day`).
pub fn parse_since(v: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v.trim()) {
        return Ok(t.with_timezone(&Utc));
    }
    match humantime::parse_duration(v.trim()) {
        Ok(d) => chrono::Duration::from_std(d)
            .ok()
            .and_then(|d| now.checked_sub_signed(d))
            .ok_or_else(|| Error::Usage(format!("--since {v:?}: too far in the past"))),
        Err(_) => Err(Error::Usage(format!(
            "--since {v:?}: expected an RFC 3339 time (2024-01-02T03:04:05Z) or a duration ago (2h, 30m, 7days)"
        ))),
    }
}

fn start_policy(args: &PollArgs) -> Result<StartPolicy> {
    Ok(match (&args.since, args.from_start) {
        (Some(s), _) => StartPolicy::Since(parse_since(s, Utc::now())?),
        (None, true) => StartPolicy::FromStart,
        (None, false) => StartPolicy::Saved,
    })
}

/// Progress (indicatif, only on a terminal) and summary lines on stderr.
struct CommandObserver<'u> {
    ui: &'u Ui,
    dry_run: bool,
    target: String,
    progress: Option<indicatif::MultiProgress>,
    report_failures: bool,
    bars: Mutex<HashMap<String, indicatif::ProgressBar>>,
}

impl<'u> CommandObserver<'u> {
    fn new(ui: &'u Ui, dry_run: bool, target: String) -> CommandObserver<'u> {
        let progress =
            (!ui.quiet && std::io::stderr().is_terminal()).then(indicatif::MultiProgress::new);
        CommandObserver {
            ui,
            dry_run,
            target,
            progress,
            report_failures: true,
            bars: Mutex::new(HashMap::new()),
        }
    }

    fn say(&self, f: impl FnOnce()) {
        match &self.progress {
            Some(mp) => mp.suspend(f),
            None => f(),
        }
    }

    fn error(&self, e: &PollError) {
        self.say(|| self.ui.error(e));
    }

    fn finish_bar(&self, label: &str) {
        if let Ok(mut bars) = self.bars.lock()
            && let Some(b) = bars.remove(label)
        {
            b.finish_and_clear();
        }
    }
}

impl Observer for CommandObserver<'_> {
    fn fetching(&self, label: &str, url: &str) {
        if self.dry_run {
            self.say(|| self.ui.note(&format!("dry run: {label}: GET {url}")));
        } else {
            tracing::debug!("{label}: GET {url}");
        }
    }

    fn page(&self, label: &str, pages: u64, records: u64) {
        let Some(mp) = &self.progress else { return };
        let Ok(mut bars) = self.bars.lock() else {
            return;
        };
        let bar = bars.entry(label.to_string()).or_insert_with(|| {
            let b = mp.add(indicatif::ProgressBar::new_spinner());
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        bar.set_message(format!("{label}: {pages} page(s), {records} record(s)"));
    }

    fn cycle(&self, r: &CycleReport) {
        self.finish_bar(&r.label);
        if self.ui.quiet {
            return;
        }
        let by_type: Vec<String> = EventType::ALL
            .iter()
            .filter(|t| r.count(**t) > 0)
            .map(|t| format!("{} {}", t.as_str(), r.count(*t)))
            .collect();
        let types = if by_type.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_type.join(", "))
        };
        let mut line = format!(
            "{}: {} page(s), {} record(s), {} event(s){types}, {} delivered to {}",
            r.label,
            r.pages,
            r.records,
            r.total_events(),
            r.delivered,
            self.target
        );
        if r.duplicates > 0 {
            line.push_str(&format!(", {} already emitted", r.duplicates));
        }
        if r.old > 0 {
            line.push_str(&format!(", {} old (before the window)", r.old));
        }
        if r.set_aside > 0 {
            line.push_str(&format!(
                ", {} set aside (unparseable date; `pollctl set-aside list`)",
                r.set_aside
            ));
        }
        line.push_str(&format!(", {:.2}s", r.elapsed.as_secs_f64()));
        if !r.committed {
            line.push_str(" (dry run: state not written)");
        }
        self.say(|| self.ui.note(&line));
    }

    fn failed(&self, label: &str, e: &PollError) {
        self.finish_bar(label);
        if self.report_failures {
            self.error(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_rfc3339_and_durations() {
        let now: DateTime<Utc> = "2024-01-02T12:00:00Z".parse().unwrap();
        assert_eq!(
            parse_since("2024-01-01T00:00:00+01:00", now).unwrap(),
            "2023-12-31T23:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            parse_since("2h", now).unwrap(),
            "2024-01-02T10:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert!(parse_since("yesterday-ish", now).is_err());
    }

    #[test]
    fn params_need_equals() {
        assert_eq!(
            parse_params(&["a=b=c".into()]).unwrap(),
            vec![("a".to_string(), "b=c".to_string())]
        );
        assert!(parse_params(&["novalue".into()]).is_err());
        assert!(parse_params(&["=v".into()]).is_err());
    }
}
