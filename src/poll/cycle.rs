//! One cycle of one resource, top to bottom (docs/design.md, "The poll cycle"):
//!
//! 1. window: `start` = saved watermark − pollDelay (or the first-run policy), `end` = now;
//! 2. URL: placeholders and date macros expanded with `start`, joined to the base URL;
//! 3. fetch page by page (`pageSize`, `nextPage` while a token comes with a non-empty page);
//! 4. classify each record; 5. dedupe against the ledger;
//! 6. emit each page's events to the sink as it arrives (memory stays bounded by one page),
//!    flush, and only then commit: watermark = `end`, ledger merged and pruned, written
//!    atomically. Any error before that leaves the old state: the next cycle re-reads the
//!    window, and the deterministic event ids let receivers drop the repeats.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use url::Url;

use super::cancel::Cancel;
use super::classify::{self, EventType, Verdict, Window};
use super::fetch::{Fetcher, page_url};
use super::retry::RetryPolicy;
use super::sink::{self, EmitContext, Event, EventId, Sink};
use super::state::{Ledger, ResourceState, StatePaths};
use super::{PollError, StartPolicy};
use crate::instance::Resource;
use crate::store::LockGuard;

/// Bad-date warnings printed per cycle before they are only counted.
const BAD_DATE_WARNINGS: u64 = 5;

/// Event ids remembered for in-cycle dedupe and across a failed cycle (bounded memory: past
/// this, a huge cycle that failed may deliver some events again when retried).
const MAX_EMITTED_REMEMBERED: usize = 100_000;

/// One instance × resource, with everything resolved once before the first cycle.
pub struct Job {
    pub instance_id: String,
    pub element_key: String,
    pub hub_key: String,
    pub resource: Resource,
    /// `instance/resource`, for messages.
    pub label: String,
    pub base_url: String,
    /// Resolved `{placeholder}` values.
    pub placeholders: HashMap<String, String>,
    pub authorization: Option<SecretString>,
    pub paths: StatePaths,
    /// Time between cycles.
    pub period: Duration,
    /// The refresh interval (first-run window).
    pub refresh: Duration,
    pub state: ResourceState,
    /// The first-window policy; cleared by the first committed cycle.
    pub start: StartPolicy,
    /// Events delivered by cycles that failed afterwards (this process only; cleared by the
    /// next commit): the retried window does not deliver them again.
    pub uncommitted: HashSet<EventId>,
    pub _lock: Option<LockGuard>,
}

/// Hooks for progress and summaries (the command prints; the library does not).
pub trait Observer: Send + Sync {
    /// A page is about to be fetched.
    fn fetching(&self, _label: &str, _url: &str) {}
    /// A page was processed.
    fn page(&self, _label: &str, _pages: u64, _records: u64) {}
    /// A cycle finished (committed, or dry-run).
    fn cycle(&self, _report: &CycleReport) {}
    /// A cycle failed (the loop goes on; `--once` reports it at the end).
    fn failed(&self, _label: &str, _error: &PollError) {}
    /// Loop mode: the resource waits `next` before its next cycle.
    fn idle(&self, _label: &str, _next: std::time::Duration) {}
}

/// An observer that does nothing.
pub struct Silent;
impl Observer for Silent {}

/// What a cycle needs besides its job.
pub struct CycleEnv<'a> {
    pub client: &'a reqwest::Client,
    pub sink: &'a dyn Sink,
    pub retry: &'a RetryPolicy,
    pub cancel: &'a Cancel,
    pub observer: &'a dyn Observer,
    pub dry_run: bool,
    pub strict_dates: bool,
}

/// What one cycle did.
#[derive(Debug, Clone, Default)]
pub struct CycleReport {
    pub instance_id: String,
    pub resource: String,
    pub label: String,
    /// The first page's URL.
    pub url: String,
    pub window_start: Option<DateTime<Utc>>,
    pub window_end: Option<DateTime<Utc>>,
    pub pages: u64,
    pub records: u64,
    /// Events emitted, by type (CREATED, UPDATED, DELETED, UNKNOWN).
    pub events: [u64; 4],
    /// Events handed to the sink and accepted (printed or delivered).
    pub delivered: u64,
    /// Records already emitted inside the overlap window (ledger hits).
    pub duplicates: u64,
    /// Records before the window start.
    pub old: u64,
    /// Records after the window end (`filterByCurrentDate`).
    pub future: u64,
    pub unparseable_dates: u64,
    /// State written (false for `--dry-run`).
    pub committed: bool,
    pub elapsed: Duration,
}

impl CycleReport {
    pub fn total_events(&self) -> u64 {
        self.events.iter().sum()
    }

    pub fn count(&self, t: EventType) -> u64 {
        self.events[t as usize]
    }
}

fn rfc3339(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

impl Job {
    /// The window start of the next cycle beginning at `now`.
    pub fn window_start(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.start {
            StartPolicy::Since(t) => Some(t),
            StartPolicy::FromStart => None,
            StartPolicy::Saved => Some(match self.state.watermark {
                Some(w) => w - to_chrono(self.resource.poll_delay),
                None => now - to_chrono(self.refresh),
            }),
        }
    }

    /// The absolute first-page URL for a window starting at `start` (the epoch when none).
    pub fn url(&self, start: Option<DateTime<Utc>>) -> Result<Url, PollError> {
        let at = start.unwrap_or(DateTime::UNIX_EPOCH);
        let expanded = self
            .resource
            .url
            .expand(at, &|name| self.placeholders.get(name).cloned())
            .map_err(|e| PollError::Config(format!("{}: {e}", self.label)))?;
        let joined = if expanded.starts_with("http://") || expanded.starts_with("https://") {
            expanded
        } else {
            format!(
                "{}/{}",
                self.base_url.trim_end_matches('/'),
                expanded.trim_start_matches('/')
            )
        };
        Url::parse(&joined).map_err(|e| {
            PollError::Config(format!(
                "{}: resource URL {joined:?} is not a valid URL: {e}",
                self.label
            ))
        })
    }
}

/// Run one cycle of `job`. On success the state is committed (unless dry-run) and the report
/// returned; on error nothing is committed, but what was already delivered is remembered in
/// memory: the next cycle of this process re-reads the window without delivering those events
/// again (a restarted process may, from the committed state: at-least-once).
pub async fn run_cycle(job: &mut Job, env: &CycleEnv<'_>) -> Result<CycleReport, PollError> {
    let mut emitted = HashSet::new();
    let result = cycle(job, env, &mut emitted).await;
    match &result {
        Ok(r) if r.committed => job.uncommitted.clear(),
        Err(_) if !env.dry_run => {
            let room = MAX_EMITTED_REMEMBERED.saturating_sub(job.uncommitted.len());
            job.uncommitted.extend(emitted.into_iter().take(room));
        }
        _ => {}
    }
    result
}

/// [`run_cycle`] without the bookkeeping of a failure. `emitted` holds the id of every event
/// of this cycle the sink accepted (up to [`MAX_EMITTED_REMEMBERED`]): a record listed twice
/// in one cycle is emitted once.
async fn cycle(
    job: &mut Job,
    env: &CycleEnv<'_>,
    emitted: &mut HashSet<EventId>,
) -> Result<CycleReport, PollError> {
    let t0 = Instant::now();
    // 1. Window.
    let began = Utc::now();
    let start = job.window_start(began);
    let window = Window {
        start: start.map(|s| s.timestamp_millis()),
        end: began.timestamp_millis(),
    };
    // The next window starts here; ledger entries before it can never come back.
    let next_start = (began - to_chrono(job.resource.poll_delay)).timestamp_millis();
    let ctx = EmitContext {
        instance_id: job.instance_id.clone(),
        element_key: job.element_key.clone(),
        hub_key: job.hub_key.clone(),
        object_type: job.resource.name.clone(),
        poll_date: rfc3339(began),
    };
    // 2. URL.
    let base = job.url(start)?;
    let mut report = CycleReport {
        instance_id: job.instance_id.clone(),
        resource: job.resource.name.clone(),
        label: job.label.clone(),
        url: base.to_string(),
        window_start: start,
        window_end: Some(began),
        ..CycleReport::default()
    };
    let fetcher = Fetcher {
        client: env.client,
        authorization: job.authorization.as_ref(),
        retry: env.retry,
        label: &job.label,
        records_path: job.resource.records_path.as_ref(),
    };
    let mut cycle_ledger = Ledger::default();
    let mut token: Option<String> = None;
    loop {
        // 3. Fetch one page.
        let url = page_url(&base, job.resource.page_size, token.as_deref());
        env.observer.fetching(&job.label, url.as_str());
        let page = fetcher.get(&url, env.cancel).await?;
        report.pages += 1;
        report.records += page.records.len() as u64;

        // 4.–5. Classify and dedupe.
        let mut events: Vec<Event<'_>> = Vec::with_capacity(page.records.len());
        for record in &page.records {
            let c = match classify::classify(&job.resource, record, window) {
                Verdict::Event(c) => c,
                Verdict::Old => {
                    report.old += 1;
                    continue;
                }
                Verdict::Future => {
                    report.future += 1;
                    continue;
                }
                Verdict::BadDate(message) => {
                    report.unparseable_dates += 1;
                    let id = classify::object_id(&job.resource, record);
                    let id = id.as_deref().unwrap_or("(no id)");
                    if env.strict_dates {
                        // This page's events were not handed to the sink.
                        forget(emitted, &events);
                        return Err(PollError::Date {
                            resource: job.label.clone(),
                            message: format!("record {id}: {message}"),
                        });
                    }
                    if report.unparseable_dates <= BAD_DATE_WARNINGS {
                        tracing::warn!(
                            "{}: record {id}: {message}; skipped and counted (--strict-dates makes this an error)",
                            job.label
                        );
                    }
                    continue;
                }
            };
            let key: Cow<'_, str> = match &c.object_id {
                Some(id) => Cow::Borrowed(id.as_ref()),
                None => Cow::Owned(content_key(record)),
            };
            let updated = c.updated.map(|u| u.timestamp_millis());
            let seen =
                job.state.ledger.contains(&key, updated) || cycle_ledger.contains(&key, updated);
            // Seen in this cycle: kept for the next one if it can come back (inside the
            // overlap, or undated: those are remembered while the source returns them).
            if c.at.is_none_or(|at| at >= next_start) && !cycle_ledger.contains(&key, updated) {
                cycle_ledger.insert(&key, updated, c.at);
            }
            if seen {
                report.duplicates += 1;
                continue;
            }
            let event_id = sink::event_id(
                &job.instance_id,
                &job.resource.name,
                &key,
                c.event_type,
                updated,
            );
            // Listed twice in this cycle, or delivered by a cycle of this process that failed.
            if emitted.contains(&event_id) || job.uncommitted.contains(&event_id) {
                report.duplicates += 1;
                continue;
            }
            if emitted.len() < MAX_EMITTED_REMEMBERED {
                emitted.insert(event_id);
            }
            report.events[c.event_type as usize] += 1;
            events.push(Event {
                event_id,
                object_id: c.object_id,
                event_type: c.event_type,
                date: c.updated,
                raw: record,
            });
        }

        // 6a. Emit this page's events.
        // A forwarding sink goes one notification at a time, so that a failure part-way
        // through a page knows which events the receiver already accepted.
        let batch = if env.sink.forwards() {
            sink::MAX_EVENTS_PER_NOTIFICATION
        } else {
            events.len().max(1)
        };
        let mut sent = 0;
        for chunk in events.chunks(batch) {
            if let Err(e) = env.sink.deliver(&ctx, chunk, env.cancel).await {
                // Not delivered: forget them, the retried window must bring them.
                forget(emitted, &events[sent..]);
                return Err(e);
            }
            sent += chunk.len();
            report.delivered += chunk.len() as u64;
        }
        env.observer.page(&job.label, report.pages, report.records);
        if env.cancel.is_cancelled() {
            return Err(PollError::Interrupted);
        }
        match page.next_token {
            Some(t) if !page.records.is_empty() => {
                if token.as_deref() == Some(t.as_str()) {
                    return Err(PollError::Fetch {
                        resource: job.label.clone(),
                        url: url.to_string(),
                        message: format!(
                            "the server returned the same {} twice; stopping to avoid a loop",
                            super::fetch::NEXT_PAGE_HEADER
                        ),
                        after: String::new(),
                    });
                }
                token = Some(t);
            }
            _ => break,
        }
    }
    env.sink.flush().await?;
    if env.cancel.is_cancelled() {
        return Err(PollError::Interrupted);
    }

    // 6b. Commit: every event of the cycle was printed or delivered.
    if !env.dry_run {
        let mut next = job.state.clone();
        next.ledger.commit(cycle_ledger, Some(next_start));
        next.watermark = Some(began);
        next.save(&job.paths.file, &job.instance_id, &job.resource.name)?;
        job.state = next;
        job.start = StartPolicy::Saved;
        report.committed = true;
    }
    report.elapsed = t0.elapsed();
    Ok(report)
}

/// Take back the ids of `events` (not delivered after all).
fn forget(emitted: &mut HashSet<EventId>, events: &[Event<'_>]) {
    for ev in events {
        emitted.remove(&ev.event_id);
    }
}

/// A stable key for a record without an objectId: a hash of its JSON text.
fn content_key(record: &serde_json::Value) -> String {
    let text = record.to_string();
    format!(
        "sha256:{}",
        hex::encode(&Sha256::digest(text.as_bytes())[..16])
    )
}
