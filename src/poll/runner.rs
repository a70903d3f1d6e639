//! The poll loop: every instance × resource concurrently (bounded), one cycle at a time per
//! resource (a tick that comes while a cycle still runs is skipped), graceful SIGINT/SIGTERM
//! (the current cycle is abandoned, never committed half way).
//!
//! Library entry points: [`run_once`] (one cycle of every resource; used by `poll --once`,
//! the sandbox and the demo) and [`run`] (the loop).

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::backend::{Backend, Holding};
use super::cancel::Cancel;
use super::cycle::{CycleEnv, CycleReport, Job};
use super::hold;
use super::sink::Sink;
use super::state::{ResourceState, StatePaths};
use super::turn::take_and_cycle;
use super::{LoadedInstance, PollError, PollOptions};
use crate::platform::Credentials;

pub use super::cycle::{Observer, Silent};

/// The outcome of one resource in a [`run_once`].
#[derive(Debug)]
pub struct ResourceOutcome {
    pub instance_id: String,
    pub resource: String,
    pub label: String,
    pub result: Result<CycleReport, PollError>,
}

/// What [`run_once`] did, per resource, in the order of the instances and their resources.
#[derive(Debug, Default)]
pub struct RunSummary {
    pub outcomes: Vec<ResourceOutcome>,
}

impl RunSummary {
    pub fn failed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.is_err()).count()
    }

    /// The failure with the highest exit code, if any.
    pub fn worst(&self) -> Option<&PollError> {
        self.outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().err())
            .max_by_key(|e| e.exit_code())
    }

    /// Records set aside (dead-lettered) by the completed cycles.
    pub fn set_aside(&self) -> u64 {
        self.outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok())
            .map(|r| r.set_aside)
            .sum()
    }

    /// `Ok` when every resource completed; else the worst failure (for exit codes).
    pub fn into_result(mut self) -> Result<RunSummary, PollError> {
        let total = self.outcomes.len();
        let failed = self.failed();
        if failed == 0 {
            return Ok(self);
        }
        let idx = self
            .outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.result.as_ref().err().map(|e| (i, e.exit_code())))
            .max_by_key(|(_, c)| *c)
            .map(|(i, _)| i)
            .unwrap_or(0);
        let worst = match std::mem::replace(&mut self.outcomes[idx].result, Ok(Default::default()))
        {
            Err(e) => e,
            Ok(_) => PollError::Config("internal: no failure found".into()),
        };
        if total == 1 {
            Err(worst)
        } else {
            Err(PollError::Failures {
                failed,
                total,
                worst: Box::new(worst),
            })
        }
    }
}

/// Resolve every instance × resource into a [`Job`]: resource subset, placeholders,
/// credentials, state (loaded, or reset), and the lock (not for dry runs).
pub async fn prepare(
    instances: &[LoadedInstance],
    opts: &PollOptions,
) -> Result<Vec<Job>, PollError> {
    // Unknown --resource names.
    for wanted in &opts.resources {
        let known = instances.iter().any(|li| {
            li.instance
                .events
                .resources
                .iter()
                .any(|r| &r.name == wanted)
        });
        if !known {
            let lists: Vec<String> = instances
                .iter()
                .map(|li| {
                    let names: Vec<&str> = li
                        .instance
                        .events
                        .resources
                        .iter()
                        .map(|r| r.name.as_str())
                        .collect();
                    format!(
                        "{} ({}): {}",
                        li.instance_id,
                        li.source,
                        if names.is_empty() {
                            "no resources".to_string()
                        } else {
                            names.join(", ")
                        }
                    )
                })
                .collect();
            return Err(PollError::Config(format!(
                "unknown resource {wanted:?}; resources: {}",
                lists.join("; ")
            )));
        }
    }
    let params: HashMap<&str, &str> = opts
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut jobs = Vec::new();
    let mut polled: HashMap<(String, String), String> = HashMap::new();
    for li in instances {
        let inst = &li.instance;
        let hub_key = inst.hub_key();
        let credentials = Credentials {
            user_secret: opts.credentials.user_secret.clone(),
            org_secret: opts.credentials.org_secret.clone(),
            element_token: opts
                .credentials
                .element_token
                .clone()
                .or_else(|| li.element_token.clone()),
        };
        let authorization = credentials.authorization(true);
        let refresh =
            Duration::from_secs(u64::from(inst.events.refresh_interval_minutes.max(1)) * 60);
        for resource in &inst.events.resources {
            if !opts.resources.is_empty() && !opts.resources.contains(&resource.name) {
                continue;
            }
            let label = format!("{}/{}", li.instance_id, resource.name);
            let mut placeholders = HashMap::new();
            for name in resource.url.placeholders() {
                let value = params.get(name).map(|v| v.to_string()).or_else(|| {
                    match inst.configuration.get(name) {
                        Some(serde_json::Value::String(s)) => Some(s.clone()),
                        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                        Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
                        _ => None,
                    }
                });
                match value {
                    Some(v) => {
                        placeholders.insert(name.to_string(), v);
                    }
                    None => {
                        return Err(PollError::Config(format!(
                            "{label}: no value for {{{name}}} in URL {:?}: pass --param {name}=VALUE or set {name:?} in the instance configuration ({})",
                            resource.url.source(),
                            li.source
                        )));
                    }
                }
            }
            // One resolved URL is polled once per run (`{calendarId}` given as `primary`
            // is the same calendar as the `calendars/primary` resource).
            let resolved = placeholders
                .iter()
                .fold(resource.url.source().to_string(), |u, (k, v)| {
                    u.replace(&format!("{{{k}}}"), v)
                });
            if let Some(first) =
                polled.insert((li.instance_id.clone(), resolved.clone()), label.clone())
            {
                tracing::warn!(
                    "{label}: polls the same URL as {first} ({resolved}); polling it once, as {first}"
                );
                continue;
            }
            // Different placeholder values poll different things: separate state.
            let mut key = resource.name.clone();
            if !placeholders.is_empty() {
                let mut pairs: Vec<_> = placeholders.iter().collect();
                pairs.sort();
                let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                key = format!("{key}?{}", q.join("&"));
            }
            let paths = StatePaths::new(&opts.state_dir, &li.instance_id, &key);
            let owner_file = if li.source != "-" {
                std::fs::canonicalize(&li.source)
                    .ok()
                    .map(|p| p.to_string_lossy().into_owned())
            } else {
                None
            };
            // The state belongs to one instance: an explicit id, else the file, else stdin.
            // (An id equal to another file's `name`, or a file and stdin with one `name`,
            // would otherwise share it silently.)
            let owner = if li.id_is_explicit {
                Some(super::state::id_owner(&li.instance_id))
            } else if li.source == "-" {
                Some(super::state::STDIN_OWNER.to_string())
            } else {
                owner_file.clone()
            };
            let uncommitted = super::seen::SeenIds::with_limit(
                paths.file.parent().unwrap_or(std::path::Path::new(".")),
                opts.seen_memory_ids,
            );
            jobs.push(Job {
                instance_id: li.instance_id.clone(),
                element_key: inst.connector.clone(),
                hub_key: hub_key.clone(),
                resource: resource.clone(),
                label,
                base_url: li.base_url.clone().unwrap_or_else(|| opts.base_url.clone()),
                placeholders,
                authorization: authorization.clone(),
                paths,
                period: opts.interval.unwrap_or(refresh),
                refresh,
                state: ResourceState::default(),
                start: opts.start,
                uncommitted,
                fraction_warned: false,
                seen_memory_ids: opts.seen_memory_ids,
                key,
                reset: opts.reset,
                owner_file,
                owner,
                holding: Holding::Nothing,
                waiting: false,
            });
        }
    }
    if jobs.is_empty() {
        return Err(PollError::Config(
            "nothing to poll: no instance has resources in event.poller.configuration".into(),
        ));
    }
    // The file backend locks and loads every resource before the first cycle (a held lock is
    // a set-up error); leases are taken before each cycle.
    if matches!(opts.backend, Backend::Files) {
        for job in &mut jobs {
            hold::take(job, &opts.backend, opts.dry_run).await?;
        }
    }
    Ok(jobs)
}

/// Give every lease back (best effort: one not given back expires).
async fn release_all(jobs: &mut [Job], opts: &PollOptions) {
    let _ = hold::release_all(jobs, &opts.backend).await;
}

/// PostgreSQL, `--once`: take the leases of every job in one statement and load their states
/// in another (instead of a few round trips per resource). A job whose lease another worker
/// holds is skipped (reported to the observer); `Some(error)` for a job whose state cannot be
/// taken (it fails with that error).
async fn claim_all(
    jobs: &mut [Job],
    opts: &PollOptions,
    observer: &dyn Observer,
) -> Result<Vec<Option<Result<(), PollError>>>, PollError> {
    let Backend::Postgres(pg) = &opts.backend else {
        return Ok(jobs.iter().map(|_| Some(Ok(()))).collect());
    };
    if opts.dry_run {
        return Ok(jobs.iter().map(|_| Some(Ok(()))).collect());
    }
    let keys: Vec<(&str, &str)> = jobs
        .iter()
        .map(|j| (j.instance_id.as_str(), j.key.as_str()))
        .collect();
    let held: std::collections::HashSet<(String, String)> = pg
        .claim(&keys, &[], false, keys.len())
        .await?
        .into_iter()
        .collect();
    let held_keys: Vec<(&str, &str)> = keys
        .iter()
        .copied()
        .filter(|(i, k)| held.contains(&(i.to_string(), k.to_string())))
        .collect();
    let mut loaded = pg.load_many(&held_keys).await?;
    let busy_keys: Vec<(&str, &str)> = keys
        .iter()
        .copied()
        .filter(|(i, k)| !held.contains(&(i.to_string(), k.to_string())))
        .collect();
    let owners = if busy_keys.is_empty() {
        HashMap::new()
    } else {
        pg.owners(&busy_keys).await?
    };
    Ok(jobs
        .iter_mut()
        .map(|job| {
            let k = (job.instance_id.clone(), job.key.clone());
            if held.contains(&k) {
                let l = loaded.remove(&k).unwrap_or_default();
                Some(hold::claimed(job, pg, l))
            } else {
                observer.skipped(&job.label, owners.get(&k).cloned().flatten().as_deref());
                None
            }
        })
        .collect())
}

/// The hub client and the concurrency bound of a run.
fn start(opts: &PollOptions) -> Result<(reqwest::Client, Semaphore), PollError> {
    let client = crate::platform::hub::hub_client(opts.timeout)
        .map_err(|source| PollError::HttpClient { source })?;
    Ok((client, Semaphore::new(opts.concurrency.max(1))))
}

/// What every cycle of a run shares.
fn cycle_env<'a>(
    client: &'a reqwest::Client,
    opts: &'a PollOptions,
    sink: &'a dyn Sink,
    observer: &'a dyn Observer,
    cancel: &'a Cancel,
) -> CycleEnv<'a> {
    CycleEnv {
        client,
        sink,
        retry: &opts.retry,
        cancel,
        observer,
        dry_run: opts.dry_run,
        strict_dates: opts.strict_dates,
        max_pages: opts.max_pages,
        max_page_bytes: opts.max_page_bytes,
        timeout: opts.timeout,
        metrics: opts.metrics.as_ref(),
    }
}

/// One cycle of every resource of `instances`, events to `sink`. Per-resource results are in
/// the summary (use [`RunSummary::into_result`] for the exit code); `Err` only for setup
/// failures (unknown resource, missing placeholder, lock held, damaged state).
pub async fn run_once(
    instances: &[LoadedInstance],
    opts: &PollOptions,
    sink: &dyn Sink,
) -> Result<RunSummary, PollError> {
    run_once_with(instances, opts, sink, &Silent, &Cancel::default()).await
}

/// [`run_once`] with an observer and a cancellation flag.
pub async fn run_once_with(
    instances: &[LoadedInstance],
    opts: &PollOptions,
    sink: &dyn Sink,
    observer: &dyn Observer,
    cancel: &Cancel,
) -> Result<RunSummary, PollError> {
    let mut jobs = prepare(instances, opts).await?;
    let (client, sem) = start(opts)?;
    let env = cycle_env(&client, opts, sink, observer, cancel);
    let taken = match claim_all(&mut jobs, opts, observer).await {
        Ok(t) => t,
        Err(e) => {
            release_all(&mut jobs, opts).await;
            return Err(e);
        }
    };
    let results = futures_util::future::join_all(jobs.iter_mut().zip(taken).map(|(job, taken)| {
        let env = &env;
        let sem = &sem;
        async move {
            match taken {
                // Another worker holds its lease (reported).
                None => return Ok(None),
                Some(Err(e)) => {
                    env.observer.failed(&job.label, &e);
                    return Err(e);
                }
                Some(Ok(())) => {}
            }
            let _permit = sem.acquire().await;
            if env.cancel.is_cancelled() {
                return Err(PollError::Interrupted);
            }
            let r = take_and_cycle(job, env, opts).await;
            match &r {
                Ok(Some(rep)) => env.observer.cycle(rep),
                Ok(None) => {}
                Err(e) => env.observer.failed(&job.label, e),
            }
            r
        }
    }))
    .await;
    release_all(&mut jobs, opts).await;
    Ok(RunSummary {
        outcomes: jobs
            .iter()
            .zip(results)
            .filter_map(|(j, result)| {
                match result {
                    Ok(None) => None,
                    Ok(Some(rep)) => Some(Ok(rep)),
                    Err(e) => Some(Err(e)),
                }
                .map(|result| ResourceOutcome {
                    instance_id: j.instance_id.clone(),
                    resource: j.resource.name.clone(),
                    label: j.label.clone(),
                    result,
                })
            })
            .collect(),
    })
}

/// The loop: a cycle of every resource every period (`--interval`, else the instance's
/// refresh interval) until `cancel` fires; returns [`PollError::Interrupted`] then.
/// Failed cycles are reported to the observer and retried at the next tick.
pub async fn run(
    instances: &[LoadedInstance],
    opts: &PollOptions,
    sink: &dyn Sink,
    observer: &dyn Observer,
    cancel: &Cancel,
) -> Result<(), PollError> {
    let mut jobs = prepare(instances, opts).await?;
    let (client, sem) = start(opts)?;
    let env = cycle_env(&client, opts, sink, observer, cancel);
    if let (Backend::Postgres(pg), false) = (&opts.backend, opts.dry_run) {
        // A fleet: resources are taken when due, from the database (`fleet.rs`).
        return super::fleet::run(jobs, pg, &env, opts).await;
    }
    futures_util::future::join_all(jobs.iter_mut().map(|job| {
        let env = &env;
        let sem = &sem;
        async move {
            let mut ticks = tokio::time::interval(job.period);
            // A tick missed while a cycle ran is skipped, never piled up.
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    () = env.cancel.cancelled() => return,
                }
                let permit = tokio::select! {
                    p = sem.acquire() => p,
                    () = env.cancel.cancelled() => return,
                };
                let busy = env.cancel.busy();
                let r = take_and_cycle(job, env, opts).await;
                drop(busy);
                drop(permit);
                match r {
                    Ok(Some(rep)) => env.observer.cycle(&rep),
                    Ok(None) => {}
                    Err(PollError::Interrupted) => return,
                    Err(e) => env.observer.failed(&job.label, &e),
                }
                env.observer.idle(&job.label, job.period);
            }
        }
    }))
    .await;
    release_all(&mut jobs, opts).await;
    Err(PollError::Interrupted)
}
