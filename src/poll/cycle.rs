//! One cycle of one resource, top to bottom (docs/design.md, "The poll cycle"):
//!
//! 1. window: `start` = saved watermark − pollDelay (or the first-run policy), `end` = now;
//! 2. URL: placeholders and date macros expanded with `start`, joined to the base URL;
//! 3. fetch page by page (`pageSize`, `nextPage` while a token comes with a non-empty page);
//! 4. classify each record; 5. dedupe against the ledger;
//! 6. emit the events batch by batch as the records arrive (memory stays bounded by a few
//!    batches, whatever the page size; see [`super::fetch::Feed`]), flush, and only then commit: watermark = `end`, ledger merged and pruned, written
//!    atomically. Any error before that leaves the old state: the next cycle re-reads the
//!    window, and the deterministic event ids let receivers drop the repeats.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use secrecy::SecretString;
use url::Url;

use super::backend::{self, Holding};
use super::cancel::Cancel;
use super::classify::{self, EventType, Verdict, Window};
use super::fetch::{Batch, Fetcher, Item};
use super::retry::RetryPolicy;
use super::seen::SeenIds;
use super::sink::{EmitContext, Event, Sink};
use super::state::{Ledger, ResourceState, StatePaths};
use super::{PollError, StartPolicy};
use super::{identity, setaside};
use crate::instance::Resource;
use crate::platform::redact::{self, Redactor};

/// Bad-date warnings (and, at `-v`, old-record notes) printed per cycle before they are only
/// counted.
const BAD_DATE_WARNINGS: u64 = 5;

/// Pages one cycle of one resource follows at most, unless `--max-pages` says otherwise.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// The largest page body accepted, in MiB, unless `--max-page-size` says otherwise: a guard
/// against endless bodies (a top-level array is read record by record, so memory does not
/// follow the page size; a page under `recordsPath` is held whole, 5–10× its size).
pub const DEFAULT_MAX_PAGE_MIB: u64 = 64;

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
    /// next commit): the retried window does not deliver them again. Never capped (forgetting
    /// one would deliver it twice); spilled to disk past a bound.
    pub uncommitted: SeenIds,
    /// The long-fraction warning (`.123456` with `SSS`) was given for this resource.
    pub fraction_warned: bool,
    /// The resource's state key: its name, plus `?name=value…` for placeholder values.
    pub key: String,
    /// Start from empty state when the state is first taken (`--reset`).
    pub reset: bool,
    /// The instance's own file (canonical path), when it was read from one.
    pub owner_file: Option<String>,
    /// Who the state must belong to: `id:<id>`, the instance file, or `(standard input)`
    /// (see [`ResourceState::claim`]).
    pub owner: Option<String>,
    /// The lock or lease on the state ([`super::hold::take`]).
    pub holding: Holding,
    /// Another worker holds the lease and this was reported (reported again after a cycle).
    pub waiting: bool,
    /// Delivered event ids kept in memory before they spill ([`SeenIds`]).
    pub seen_memory_ids: usize,
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
    /// A resource was not polled: another worker holds its lease (PostgreSQL state).
    fn skipped(&self, _label: &str, _owner: Option<&str>) {}
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
    /// Pages one cycle follows at most (a longer chain is an error, nothing committed).
    pub max_pages: u64,
    /// A page body above this many bytes is refused (error, nothing committed).
    pub max_page_bytes: usize,
    /// `--timeout` (the client's own timeout is lifted for page bodies, read at the pace of
    /// their processing; see [`Fetcher::timeout`]).
    pub timeout: Duration,
    /// Counted for `--metrics-listen`.
    pub metrics: Option<&'a std::sync::Arc<super::metrics::Metrics>>,
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
    /// Records set aside (dead-lettered) in this cycle: a configured date missing, null or
    /// unparseable. Kept in the resource's set-aside file.
    pub set_aside: u64,
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

/// RFC 3339 UTC with milliseconds: the one precision of every instant pollctl writes
/// (`pollDate`, watermarks; event dates come from millisecond parses).
fn rfc3339(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// `t − d`, or `None` when that is before the earliest representable instant (a huge
/// `pollDelay`): no lower bound then. Never panics on configuration values.
fn minus(t: DateTime<Utc>, d: Duration) -> Option<DateTime<Utc>> {
    t.checked_sub_signed(to_chrono(d))
}

impl Job {
    /// The window start of the next cycle beginning at `now`.
    pub fn window_start(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.start {
            StartPolicy::Since(t) => Some(t),
            StartPolicy::FromStart => None,
            StartPolicy::Saved => match self.state.watermark {
                Some(w) => minus(w, self.resource.poll_delay),
                None => minus(now, self.refresh),
            },
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
    let mut emitted = SeenIds::with_limit(
        job.paths.file.parent().unwrap_or(Path::new(".")),
        job.seen_memory_ids,
    );
    let result = cycle(job, env, &mut emitted).await;
    match &result {
        Ok(r) if r.committed => job.uncommitted.clear(),
        Err(_) if !env.dry_run => {
            if let Err(e) = job.uncommitted.absorb(emitted) {
                return Err(seen_error(job, e));
            }
        }
        _ => {}
    }
    result
}

fn seen_error(job: &Job, e: std::io::Error) -> PollError {
    PollError::State {
        path: job.paths.file.clone(),
        message: format!("remembering delivered event ids: {e}"),
    }
}

/// [`run_cycle`] without the bookkeeping of a failure. `emitted` holds the id of every event
/// of this cycle the sink accepted (never capped, spilled to disk past a bound: a record
/// listed twice in one cycle is emitted once, however long the cycle).
async fn cycle(
    job: &mut Job,
    env: &CycleEnv<'_>,
    emitted: &mut SeenIds,
) -> Result<CycleReport, PollError> {
    let t0 = Instant::now();
    // 1. Window.
    let began = Utc::now();
    let start = job.window_start(began);
    // A first run (no saved watermark) starts at now − refresh interval once: a failed first
    // cycle retried later keeps that start, or the changes in between were never read.
    if !env.dry_run
        && job.start == StartPolicy::Saved
        && job.state.watermark.is_none()
        && let Some(s) = start
    {
        job.start = StartPolicy::Since(s);
    }
    let window = Window {
        start: start.map(|s| s.timestamp_millis()),
        end: began.timestamp_millis(),
    };
    // The next window starts here; ledger entries before it can never come back.
    let next_start =
        minus(began, job.resource.poll_delay).map_or(i64::MIN, |t| t.timestamp_millis());
    let ctx = EmitContext::new(
        &job.instance_id,
        &job.element_key,
        &job.hub_key,
        &job.resource.name,
        &rfc3339(began),
    );
    // 2. URL.
    let base = job.url(start)?;
    let mut report = CycleReport {
        instance_id: job.instance_id.clone(),
        resource: job.resource.name.clone(),
        label: job.label.clone(),
        url: redact::url(base.as_str()),
        window_start: start,
        window_end: Some(began),
        ..CycleReport::default()
    };
    let mut redactor = Redactor::default();
    if let Some(a) = &job.authorization {
        redactor.add_authorization(a);
    }
    redactor.add_url_userinfo(base.as_str());
    let fetcher = std::sync::Arc::new(Fetcher {
        client: env.client.clone(),
        authorization: job.authorization.clone(),
        retry: *env.retry,
        label: job.label.clone(),
        records_path: job.resource.records_path.clone(),
        redactor,
        max_page_bytes: env.max_page_bytes,
        page_size: job.resource.page_size,
        max_pages: env.max_pages,
        wanted: Some(wanted_fields(&job.resource)),
        timeout: env.timeout,
        tally: env
            .metrics
            .map(|m| super::metrics::FetchTally::new(m, &job.instance_id, &job.resource.name)),
    });
    let mut cycle_ledger = Ledger::default();
    // Records the user asked to re-offer (`pollctl set-aside replay`): classified again,
    // without the window's lower bound, before the first page.
    // Files: the resource's replay queue; PostgreSQL: the rows queued when the lease was
    // taken (the fenced commit removes the ids this cycle took).
    let replay_file = setaside::replay_for(&job.paths.file);
    let (queued, replayed_ids): (Vec<setaside::Entry>, Vec<i64>) = match &job.holding {
        Holding::Lease(lease) => lease.queued.iter().map(|(id, e)| (e.clone(), *id)).unzip(),
        _ => (setaside::read(&replay_file)?, Vec::new()),
    };
    let replay = Some(queued).filter(|r| !r.is_empty());
    // How many queued records this cycle takes: `set-aside replay` may queue more meanwhile.
    let replayed = replay.as_ref().map_or(0, Vec::len);
    let mut set_aside: Vec<setaside::Entry> = Vec::new();
    let set_aside_file = setaside::file_for(&job.paths.file);
    // The pages, fetched and decoded by another task a few batches ahead of the processing
    // (memory bounded by those batches, whatever the page size); started after the replay
    // queue is read, they come in order, with the feed's errors where they happened.
    let mut feed = None;
    let mut replay = replay.map(|entries| Batch {
        records: entries.into_iter().map(|e| e.record).collect(),
        ..Batch::default()
    });
    loop {
        // 3. Fetch (or take the replay queue first).
        let (page, page_window, is_replay) = match replay.take() {
            // No bound: a replayed record is not in the feed's window any more.
            Some(batch) => (
                batch,
                Window {
                    start: None,
                    end: i64::MAX,
                },
                true,
            ),
            None => {
                let feed = feed.get_or_insert_with(|| fetcher.feed(base.clone(), env.cancel));
                match feed.next().await {
                    Item::Fetching(url) => {
                        env.observer
                            .fetching(&job.label, &redact::url(url.as_str()));
                        report.pages += 1;
                        continue;
                    }
                    Item::Records(batch) => (batch, window, false),
                    Item::PageEnd => {
                        env.observer.page(&job.label, report.pages, report.records);
                        continue;
                    }
                    Item::Failed(e) => return Err(e),
                    Item::Done => break,
                }
            }
        };
        report.records += page.len() as u64;

        // 4.–5. Classify and dedupe.
        let mut events: Vec<Event<'_>> = Vec::with_capacity(page.len());
        for i in 0..page.len() {
            let record = page.record(i);
            // The long-fraction note is looked for until it was given once for the resource.
            let mut fraction_note = None;
            let verdict = classify::classify_noting(
                &job.resource,
                record,
                page_window,
                (!job.fraction_warned).then_some(&mut fraction_note),
            );
            let c = match verdict {
                Verdict::Event(c) => c,
                Verdict::Old => {
                    // Late (changed before the window start) or simply old: counted and shown
                    // with -v, never dropped without a trace.
                    report.old += 1;
                    if report.old > BAD_DATE_WARNINGS {
                        continue;
                    }
                    tracing::info!(
                        "{}: record {} is before the window start; not an event (raise pollDelay if the source shows changes late)",
                        job.label,
                        classify::object_id(&job.resource, record)
                            .as_deref()
                            .unwrap_or("(no id)")
                    );
                    continue;
                }
                Verdict::Future => {
                    // Counted and shown with -v: the next cycles read it when its time comes.
                    report.future += 1;
                    if report.future <= BAD_DATE_WARNINGS {
                        tracing::info!(
                            "{}: record {} is after the window end (filterByCurrentDate); a later cycle reads it",
                            job.label,
                            classify::object_id(&job.resource, record)
                                .as_deref()
                                .unwrap_or("(no id)")
                        );
                    }
                    continue;
                }
                Verdict::BadDate(message) => {
                    let object_id = classify::object_id(&job.resource, record);
                    let id = object_id.as_deref().unwrap_or("(no id)");
                    // Set aside once: the same record returned by later cycles (an overlap,
                    // a feed without a date filter) is remembered in the ledger while the
                    // source keeps returning it. A replayed record that still fails is kept
                    // again whatever the ledger says (it left the set-aside file).
                    let key = format!(
                        "set-aside:{}",
                        identity::set_aside_id(
                            &job.instance_id,
                            &job.resource.name,
                            object_id.as_deref(),
                            &page.digest(i)
                        )
                    );
                    let known =
                        job.state.ledger.contains(&key, None) || cycle_ledger.contains(&key, None);
                    if !cycle_ledger.contains(&key, None) {
                        cycle_ledger.insert(&key, None, None);
                    }
                    if known && !is_replay && !env.strict_dates {
                        report.duplicates += 1;
                        continue;
                    }
                    report.unparseable_dates += 1;
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
                            "{}: record {id}: {message}; set aside in {} (`pollctl set-aside list`; --strict-dates makes this an error)",
                            job.label,
                            set_aside_file.display()
                        );
                    }
                    report.set_aside += 1;
                    set_aside.push(setaside::Entry::new(
                        &job.instance_id,
                        &job.resource.name,
                        (id != "(no id)").then_some(id),
                        &message,
                        &page.whole(i),
                    ));
                    continue;
                }
            };
            if let Some(note) = fraction_note {
                job.fraction_warned = true;
                tracing::warn!("{}: {note} (said once per resource)", job.label);
            }
            let updated = c.updated.map(|u| u.timestamp_millis());
            // The one identity of this change: event id and ledger key.
            let event_id = identity::event_id(
                &job.instance_id,
                &job.resource.name,
                c.object_id.as_deref(),
                c.event_type,
                updated,
                &page.digest(i),
            );
            let key = event_id.as_str();
            let seen =
                job.state.ledger.contains(key, updated) || cycle_ledger.contains(key, updated);
            // Seen in this cycle: kept for the next one if it can come back (inside the
            // overlap, or undated: those are remembered while the source returns them).
            if c.at.is_none_or(|at| at >= next_start) && !cycle_ledger.contains(key, updated) {
                cycle_ledger.insert(key, updated, c.at);
            }
            if seen {
                report.duplicates += 1;
                continue;
            }
            let compact = event_id.compact();
            // Listed twice in this cycle (one probe when new), or delivered by a cycle of this
            // process that failed (then taken out again).
            let new = emitted.insert_new(compact).and_then(|new| {
                if !new || job.uncommitted.is_empty() {
                    return Ok(new);
                }
                match job.uncommitted.contains(compact) {
                    Ok(false) => Ok(true),
                    Ok(true) => {
                        emitted.remove(compact);
                        Ok(false)
                    }
                    Err(e) => {
                        emitted.remove(compact);
                        Err(e)
                    }
                }
            });
            match new {
                Ok(true) => {}
                Ok(false) => {
                    report.duplicates += 1;
                    continue;
                }
                Err(e) => {
                    forget(emitted, &events);
                    return Err(seen_error(job, e));
                }
            }
            report.events[c.event_type as usize] += 1;
            events.push(Event {
                event_id,
                object_id: c.object_id,
                event_type: c.event_type,
                date: c.updated,
                raw: page.raw_record(i),
            });
        }

        // 6a. Emit this page's events, all at once: a forwarding sink cuts them into
        // notifications (several may be in flight) and, when it stops part-way, says how many
        // events from the start the receiver accepted.
        let batch = events.len().max(1);
        let mut sent = 0;
        for chunk in events.chunks(batch) {
            if let Holding::Lease(lease) = &job.holding
                && !lease.in_force()
            {
                // Cut off from the database past the lease: another worker may hold it now.
                forget(emitted, &events[sent..]);
                return Err(PollError::LeaseLost {
                    instance: job.instance_id.clone(),
                    resource: job.resource.name.clone(),
                    holder: None,
                });
            }
            if let Err(u) = env.sink.deliver(&ctx, chunk, env.cancel).await {
                // Not delivered: forget them, the retried window must bring them. Those the
                // receiver took before the failure (a 413 split) stay: delivered once.
                forget(emitted, &events[(sent + u.accepted).min(events.len())..]);
                return Err(u.error);
            }
            sent += chunk.len();
            report.delivered += chunk.len() as u64;
        }
        // Every id in memory is delivered now: it may go to disk.
        emitted.spill_if_full().map_err(|e| seen_error(job, e))?;
        if env.cancel.is_cancelled() {
            return Err(PollError::Interrupted);
        }
    }
    drop(feed);
    env.sink.flush().await?;
    if env.cancel.is_cancelled() {
        return Err(PollError::Interrupted);
    }

    // 6b. Commit: every event of the cycle was printed or delivered; the records that could
    // not be classified are kept (fsync'd) before the watermark moves past them.
    if !env.dry_run {
        // A lock removed from under this process (`rm -r`) may have let another poller in:
        // stop rather than commit over it.
        if let Holding::File(lock) = &job.holding {
            lock.still_held().map_err(|e| PollError::State {
                path: lock.path().to_path_buf(),
                message: e.to_string(),
            })?;
        }
        let mut next = job.state.clone();
        next.ledger.commit(cycle_ledger, Some(next_start));
        next.watermark = Some(began);
        let at = backend::StateRef {
            instance_id: &job.instance_id,
            key: &job.key,
            resource: &job.resource.name,
            file: &job.paths.file,
            period: job.period,
        };
        backend::commit(
            &job.holding,
            &at,
            &next,
            &set_aside,
            &set_aside_file,
            &replayed_ids,
        )
        .await?;
        job.state = next;
        job.start = StartPolicy::Saved;
        report.committed = true;
        match &mut job.holding {
            Holding::Lease(lease) => lease.queued.clear(),
            _ if replayed > 0 => setaside::consume(&replay_file, replayed)?,
            _ => {}
        }
    }
    report.elapsed = t0.elapsed();
    Ok(report)
}

/// The top-level fields of a record the classifier reads (see [`classify`]).
pub(crate) fn wanted_fields(resource: &Resource) -> std::sync::Arc<[String]> {
    let dates = resource.dates.iter().flat_map(|d| [&d.updated, &d.created]);
    let mut keys: Vec<String> = ["event_type", "eventType"]
        .into_iter()
        .chain(resource.id_field.top_keys())
        .chain(dates.flatten().flat_map(|f| f.path.top_keys()))
        .map(str::to_string)
        .collect();
    keys.sort();
    keys.dedup();
    keys.into()
}

/// Take back the ids of `events` (not delivered after all).
fn forget(emitted: &mut SeenIds, events: &[Event<'_>]) {
    for ev in events {
        emitted.remove(ev.event_id.compact());
    }
}
