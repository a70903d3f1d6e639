//! What a running poller counts for `--metrics-listen` (docs/operations.md): Prometheus
//! metrics with the `prometheus-client` crate (the Prometheus project's own Rust client: no
//! global recorder, the registry is a value passed down), and the liveness heartbeat and
//! readiness flag behind `/healthz` and `/readyz` ([`super::ops`]).
//!
//! Labels are bounded: an instance id and a resource name, plus one word from a fixed list
//! (outcome, event type, request, failure kind). Never a URL, a message or a secret.
//!
//! Near the bottom of `poll/`: the runner, the cycle, the fetcher and the forwarding sink call
//! it with plain values; it imports none of them (only the backend's type, for `/readyz`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::backend::Backend;

/// `instance`, `resource`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Res {
    instance: String,
    resource: String,
}

/// `instance`, `resource`, `outcome` (`ok`, `failed`, `skipped`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResOutcome {
    instance: String,
    resource: String,
    outcome: String,
}

/// `instance`, `resource`, `type` (`CREATED`, `UPDATED`, `DELETED`, `UNKNOWN`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResType {
    instance: String,
    resource: String,
    r#type: String,
}

/// `instance`, `resource`, `request` (`fetch`, `delivery`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResRequest {
    instance: String,
    resource: String,
    request: String,
}

/// `instance`, `resource`, `kind` ([`super::PollError::kind`]).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResKind {
    instance: String,
    resource: String,
    kind: String,
}

fn res(instance: &str, resource: &str) -> Res {
    Res {
        instance: instance.to_string(),
        resource: resource.to_string(),
    }
}

/// How a cycle ended, for `pollctl_cycles_total{outcome}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Committed (or a dry run that completed).
    Ok,
    Failed,
    /// Not polled: another worker holds the lease.
    Skipped,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }
}

/// Which requests a retry counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Hub GETs.
    Fetch,
    /// Notification POSTs.
    Delivery,
}

impl Request {
    fn as_str(self) -> &'static str {
        match self {
            Request::Fetch => "fetch",
            Request::Delivery => "delivery",
        }
    }
}

/// The metrics of one `pollctl poll` process, and its health.
pub struct Metrics {
    registry: Registry,
    cycles: Family<ResOutcome, Counter>,
    events: Family<ResType, Counter>,
    deliveries: Family<Res, Counter>,
    delivery_failures: Family<Res, Counter>,
    retries: Family<ResRequest, Counter>,
    failures: Family<ResKind, Counter>,
    set_aside: Family<Res, Counter>,
    lag: Family<Res, Gauge<f64, AtomicU64>>,
    leases: Family<Res, Gauge>,
    since_progress: Gauge<f64, AtomicU64>,
    /// The committed watermark of each resource (milliseconds since the epoch); the lag gauge
    /// is worked out from it at each scrape.
    watermarks: Mutex<HashMap<Res, i64>>,
    /// The (instance, state key) of every resource this process polled or tried to.
    lease_keys: Mutex<std::collections::HashSet<Res>>,
    started: Instant,
    /// Milliseconds after `started` of the loop's last sign of progress.
    last_progress: AtomicU64,
    /// `/healthz` answers 503 when the loop made no progress for this long.
    stall: Duration,
    /// Set when the instances are loaded and the state backend opened.
    loaded: OnceLock<Backend>,
    /// The run ended (the loop stopped): not ready any more.
    stopped: AtomicBool,
    /// Held while [`Metrics::render`] rebuilds and encodes.
    rendering: Mutex<()>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("stall", &self.stall)
            .finish_non_exhaustive()
    }
}

impl Metrics {
    /// Empty metrics; `/healthz` fails after `stall` without progress.
    pub fn new(stall: Duration) -> Metrics {
        let mut registry = Registry::with_prefix("pollctl");
        let cycles = Family::<ResOutcome, Counter>::default();
        registry.register(
            "cycles",
            "Poll cycles by outcome (ok: committed or dry run; failed; skipped: another worker holds the lease)",
            cycles.clone(),
        );
        let events = Family::<ResType, Counter>::default();
        registry.register(
            "events",
            "Events emitted (printed or delivered), by event type",
            events.clone(),
        );
        let deliveries = Family::<Res, Counter>::default();
        registry.register(
            "deliveries",
            "Notifications (POSTs) the receiver accepted",
            deliveries.clone(),
        );
        let delivery_failures = Family::<Res, Counter>::default();
        registry.register(
            "delivery_failures",
            "Notifications (POSTs) that failed after their retries",
            delivery_failures.clone(),
        );
        let retries = Family::<ResRequest, Counter>::default();
        registry.register(
            "retries",
            "HTTP requests sent again (request: fetch or delivery)",
            retries.clone(),
        );
        let failures = Family::<ResKind, Counter>::default();
        registry.register(
            "failures",
            "Failed cycles by kind of failure",
            failures.clone(),
        );
        let set_aside = Family::<Res, Counter>::default();
        registry.register(
            "set_aside_records",
            "Records set aside (dead-lettered): pollctl set-aside list",
            set_aside.clone(),
        );
        let lag = Family::<Res, Gauge<f64, AtomicU64>>::default();
        registry.register(
            "lag_seconds",
            "Now minus the resource's committed watermark",
            lag.clone(),
        );
        let leases = Family::<Res, Gauge>::default();
        registry.register(
            "leases_held",
            "1 while this process holds the resource's lease, 0 while it does not (PostgreSQL state; resource: the state key)",
            leases.clone(),
        );
        let since_progress = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "seconds_since_progress",
            "Seconds since the poll loop last started, advanced or ended a cycle",
            since_progress.clone(),
        );
        Metrics {
            registry,
            cycles,
            events,
            deliveries,
            delivery_failures,
            retries,
            failures,
            set_aside,
            lag,
            leases,
            since_progress,
            watermarks: Mutex::new(HashMap::new()),
            lease_keys: Mutex::new(std::collections::HashSet::new()),
            started: Instant::now(),
            last_progress: AtomicU64::new(0),
            stall,
            loaded: OnceLock::new(),
            stopped: AtomicBool::new(false),
            rendering: Mutex::new(()),
        }
    }

    /// The loop is alive: a cycle started, a page arrived, a cycle ended or was skipped.
    pub fn progress(&self) {
        let ms = self.started.elapsed().as_millis().min(u128::from(u64::MAX)) as u64;
        self.last_progress.fetch_max(ms, Ordering::Relaxed);
    }

    /// Time since the last [`Metrics::progress`].
    pub fn since_progress(&self) -> Duration {
        let now = self.started.elapsed();
        now.saturating_sub(Duration::from_millis(
            self.last_progress.load(Ordering::Relaxed),
        ))
    }

    /// How long without progress makes `/healthz` fail.
    pub fn stall(&self) -> Duration {
        self.stall
    }

    /// The instances are loaded and the backend is open: `/readyz` checks the backend from
    /// now on. Also counts as progress (the stall clock starts here).
    pub fn loaded(&self, backend: Backend) {
        let _ = self.loaded.set(backend);
        self.progress();
    }

    /// The backend, once [`Metrics::loaded`].
    pub fn backend(&self) -> Option<&Backend> {
        self.loaded.get()
    }

    /// The loop stopped (interrupted): `/readyz` fails from now on.
    pub fn stopped(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }

    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    /// A resource's committed watermark (its lag is now − this), or none yet.
    pub fn watermark(&self, instance: &str, resource: &str, at: Option<DateTime<Utc>>) {
        let Ok(mut w) = self.watermarks.lock() else {
            return;
        };
        match at {
            Some(t) => {
                w.insert(res(instance, resource), t.timestamp_millis());
            }
            None => {
                w.remove(&res(instance, resource));
            }
        }
    }

    /// A cycle ended (or was skipped).
    pub fn cycle(&self, instance: &str, resource: &str, outcome: Outcome) {
        self.cycles
            .get_or_create(&ResOutcome {
                instance: instance.to_string(),
                resource: resource.to_string(),
                outcome: outcome.as_str().to_string(),
            })
            .inc();
        self.progress();
    }

    /// Events a completed cycle emitted, by type name.
    pub fn events(&self, instance: &str, resource: &str, by_type: &[(&str, u64)]) {
        for (t, n) in by_type {
            let c = self.events.get_or_create(&ResType {
                instance: instance.to_string(),
                resource: resource.to_string(),
                r#type: (*t).to_string(),
            });
            // Every type appears (0 included) once the resource completed a cycle.
            c.inc_by(*n);
        }
    }

    /// Records set aside by a completed cycle.
    pub fn set_aside(&self, instance: &str, resource: &str, n: u64) {
        self.set_aside
            .get_or_create(&res(instance, resource))
            .inc_by(n);
    }

    /// A failed cycle, by [`super::PollError::kind`].
    pub fn failure(&self, instance: &str, resource: &str, kind: &str) {
        self.failures
            .get_or_create(&ResKind {
                instance: instance.to_string(),
                resource: resource.to_string(),
                kind: kind.to_string(),
            })
            .inc();
    }

    /// A resource this process polls, by its state key (the lease's name): listed with 0 in
    /// `pollctl_leases_held` while another worker holds it.
    pub fn polls(&self, instance: &str, key: &str) {
        if let Ok(mut k) = self.lease_keys.lock() {
            k.insert(res(instance, key));
        }
    }

    /// The leases this process holds, as the database says at scrape time (`None`: it could
    /// not say; the series are left out rather than guessed).
    fn set_leases(&self, held: Option<&[(String, String)]>) {
        self.leases.clear();
        let Some(held) = held else { return };
        let Ok(known) = self.lease_keys.lock() else {
            return;
        };
        for r in known.iter() {
            self.leases.get_or_create(r).set(0);
        }
        for (i, k) in held {
            self.leases.get_or_create(&res(i, k)).set(1);
        }
    }

    /// The retry counter of one resource's requests, for the code that sends them.
    pub fn retry_counter(&self, instance: &str, resource: &str, request: Request) -> Counter {
        self.retries.get_or_create_owned(&ResRequest {
            instance: instance.to_string(),
            resource: resource.to_string(),
            request: request.as_str().to_string(),
        })
    }

    /// One notification POST ended after `attempts` requests: accepted by the receiver, or
    /// not (a failure is counted by [`Metrics::delivery_failed`] once the cycle gives up).
    pub fn post(&self, instance: &str, resource: &str, accepted: bool, attempts: u32) {
        if accepted {
            self.deliveries
                .get_or_create(&res(instance, resource))
                .inc();
        }
        if attempts > 1 {
            self.retry_counter(instance, resource, Request::Delivery)
                .inc_by(u64::from(attempts - 1));
        }
    }

    /// A notification failed for good (after its retries; a 413 split down to one event).
    pub fn delivery_failed(&self, instance: &str, resource: &str) {
        self.delivery_failures
            .get_or_create(&res(instance, resource))
            .inc();
    }

    /// The exposition in the Prometheus text format (version 0.0.4), lag worked out at `now`;
    /// `leases`: the (instance, key) pairs whose lease this process holds (PostgreSQL state:
    /// from the database; `None` for file state or when the database did not answer).
    pub fn render(&self, now: DateTime<Utc>, leases: Option<&[(String, String)]>) -> String {
        // One scrape at a time: the lease and lag series are cleared and rebuilt below, and a
        // concurrent scrape must not encode them half rebuilt.
        let _one = self.rendering.lock();
        self.set_leases(leases);
        if let Ok(w) = self.watermarks.lock() {
            // Only the resources with a watermark now: one handed to another worker (or not
            // committed yet) has no lag series here rather than its last value, frozen.
            self.lag.clear();
            let now = now.timestamp_millis();
            for (r, at) in w.iter() {
                self.lag
                    .get_or_create(r)
                    .set(now.saturating_sub(*at) as f64 / 1000.0);
            }
        }
        self.since_progress.set(self.since_progress().as_secs_f64());
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry);
        out
    }
}

/// What one resource's hub GETs report: each answer is progress, each retry is counted.
#[derive(Clone)]
pub struct FetchTally {
    metrics: Arc<Metrics>,
    retries: Counter,
}

impl FetchTally {
    pub fn new(metrics: &Arc<Metrics>, instance: &str, resource: &str) -> FetchTally {
        FetchTally {
            metrics: metrics.clone(),
            retries: metrics.retry_counter(instance, resource, Request::Fetch),
        }
    }

    /// A GET ended (answered or failed for good) after `attempts` requests.
    pub fn answered(&self, attempts: u32) {
        self.metrics.progress();
        if attempts > 1 {
            self.retries.inc_by(u64::from(attempts - 1));
        }
    }
}

/// The `Content-Type` of [`Metrics::render`].
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_gauges_and_lag_render_as_prometheus_text() {
        let m = Metrics::new(Duration::from_secs(60));
        m.cycle("i1", "files", Outcome::Ok);
        m.cycle("i1", "files", Outcome::Ok);
        m.events("i1", "files", &[("CREATED", 3), ("UPDATED", 0)]);
        m.post("i1", "files", true, 3);
        m.post("i1", "files", false, 1);
        m.delivery_failed("i1", "files");
        m.failure("i1", "files", "fetch");
        m.polls("i1", "files");
        m.polls("i1", "other");
        let now: DateTime<Utc> = "2026-01-01T00:01:00Z".parse().unwrap();
        m.watermark("i1", "files", Some("2026-01-01T00:00:00Z".parse().unwrap()));
        let held = [("i1".to_string(), "files".to_string())];
        let text = m.render(now, Some(&held));
        for line in [
            "pollctl_cycles_total{instance=\"i1\",resource=\"files\",outcome=\"ok\"} 2",
            "pollctl_events_total{instance=\"i1\",resource=\"files\",type=\"CREATED\"} 3",
            "pollctl_events_total{instance=\"i1\",resource=\"files\",type=\"UPDATED\"} 0",
            "pollctl_deliveries_total{instance=\"i1\",resource=\"files\"} 1",
            "pollctl_delivery_failures_total{instance=\"i1\",resource=\"files\"} 1",
            "pollctl_retries_total{instance=\"i1\",resource=\"files\",request=\"delivery\"} 2",
            "pollctl_failures_total{instance=\"i1\",resource=\"files\",kind=\"fetch\"} 1",
            "pollctl_lag_seconds{instance=\"i1\",resource=\"files\"} 60.0",
            "pollctl_leases_held{instance=\"i1\",resource=\"files\"} 1",
            "pollctl_leases_held{instance=\"i1\",resource=\"other\"} 0",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing in:\n{text}"
            );
        }
    }

    #[test]
    fn label_values_are_escaped() {
        let m = Metrics::new(Duration::from_secs(60));
        m.cycle("a\"b\\c\nd", "r", Outcome::Failed);
        let text = m.render(Utc::now(), None);
        assert!(
            text.contains(r#"instance="a\"b\\c\nd""#),
            "label not escaped:\n{text}"
        );
    }

    /// A resource whose lease went to another worker (its watermark forgotten) must not keep
    /// showing the lag it had when this process last polled it: a frozen, growing-looking
    /// series would page for a resource that is fine.
    #[test]
    fn a_forgotten_watermark_leaves_no_stale_lag() {
        let m = Metrics::new(Duration::from_secs(60));
        let at: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        m.watermark("i1", "files", Some(at));
        let now: DateTime<Utc> = "2026-01-01T00:01:00Z".parse().unwrap();
        assert!(m.render(now, None).contains("pollctl_lag_seconds{"));
        m.watermark("i1", "files", None);
        let text = m.render(now, None);
        assert!(
            !text.contains("pollctl_lag_seconds{"),
            "stale lag series:\n{text}"
        );
    }

    #[test]
    fn progress_moves_the_stall_clock() {
        let m = Metrics::new(Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(30));
        assert!(m.since_progress() >= Duration::from_millis(30));
        m.progress();
        assert!(m.since_progress() < Duration::from_millis(30));
    }
}
