//! Fleet mode: the poll loop on PostgreSQL state. Every `pollctl poll --state postgres://…`
//! process is a worker of one fleet; the database says what is due (docs/state.md, "Fleets"):
//!
//! - each (instance, resource) row of `pollctl_lease` carries its **next due time**;
//! - a worker takes the due resources among its own, **earliest first**, up to its free
//!   `--concurrency` slots, in one statement (`FOR UPDATE SKIP LOCKED`: two workers never take
//!   the same row), polls each, and its fenced commit sets the next due time one period on;
//! - the lease is given back after each cycle, so the next cycle of that resource goes to
//!   whichever worker has a free slot when it is due: adding a worker adds throughput;
//! - a worker that dies mid-cycle keeps that lease until it expires (one lease period); then
//!   any other worker takes the resource;
//! - between claims a worker sleeps until the first of its resources can be taken (due and
//!   not leased by a live worker), plus a little jitter so that every worker gets turns, or
//!   until one of its cycles ends.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::cycle::{CycleEnv, CycleReport, Job};
use super::hold;
use super::pg::PgState;
use super::turn::take_and_cycle;
use super::{PollError, PollOptions};

/// The longest sleep between looks at the database (a safety net: the wake-up time computed
/// from the due times and lease expiries is exact unless rows are added).
const MAX_WAIT: Duration = Duration::from_secs(5);
/// The shortest: a row another worker is claiming right now looks free.
const MIN_WAIT: Duration = Duration::from_millis(20);
/// After a database error (it restarts, the network is down).
const RETRY_WAIT: Duration = Duration::from_millis(500);

type Key = (String, String);

/// Run `jobs` as one worker of a fleet until `env.cancel` fires; returns
/// [`PollError::Interrupted`] then. Failed cycles are reported to the observer and the
/// resource is due again one period later.
pub async fn run(
    jobs: Vec<Job>,
    pg: &Arc<PgState>,
    env: &CycleEnv<'_>,
    opts: &PollOptions,
) -> Result<(), PollError> {
    let slots = opts.concurrency.max(1);
    let mut idle: HashMap<Key, Job> = jobs
        .into_iter()
        .map(|j| ((j.instance_id.clone(), j.key.clone()), j))
        .collect();
    let mut running = FuturesUnordered::new();
    let database = pg.url().redacted().to_string();
    let mut database_down = false;
    loop {
        if env.cancel.is_cancelled() {
            break;
        }
        let free = slots - running.len();
        let mut wait = MAX_WAIT;
        if free > 0 && !idle.is_empty() {
            let keys: Vec<(Key, Duration)> =
                idle.iter().map(|(k, j)| (k.clone(), j.period)).collect();
            // The cycles in flight are driven while the claim waits for the database: one of
            // them may hold the connection the claim needs.
            let claiming = claim(pg, &keys, free);
            tokio::pin!(claiming);
            let claimed = loop {
                tokio::select! {
                    r = &mut claiming => break r,
                    Some(job) = running.next(), if !running.is_empty() => {
                        park(&mut idle, job);
                    }
                }
            };
            match claimed {
                Ok((claimed, next)) => {
                    database_down = false;
                    // Alive (for `/healthz`), even when the other workers took every due
                    // resource this time.
                    if let Some(m) = &opts.metrics {
                        m.progress();
                    }
                    for (key, loaded) in claimed {
                        let Some(mut job) = idle.remove(&key) else {
                            continue;
                        };
                        let taken = hold::claimed(&mut job, pg, loaded);
                        running.push(cycle(job, taken, env, opts));
                    }
                    if let Some(next) = next {
                        wait = (next + jitter(&keys)).clamp(MIN_WAIT, MAX_WAIT);
                    }
                }
                Err(e) => {
                    // Once per outage, not at every retry.
                    if !database_down {
                        env.observer.failed(&database, &e);
                        database_down = true;
                    }
                    wait = RETRY_WAIT;
                }
            }
        }
        tokio::select! {
            Some(job) = running.next(), if !running.is_empty() => {
                park(&mut idle, job);
            }
            () = tokio::time::sleep(wait) => {}
            () = env.cancel.cancelled() => break,
        }
    }
    // Interrupted: the cycles in flight see it and return without committing half way.
    while let Some(job) = running.next().await {
        park(&mut idle, job);
    }
    let mut jobs: Vec<Job> = idle.into_values().collect();
    let _ = hold::release_all(&mut jobs, &opts.backend).await;
    Err(PollError::Interrupted)
}

/// A random delay of up to an eighth of the shortest period (at most 250 ms) added to a
/// wake-up: the worker that polled a resource last would otherwise always be the first to
/// see it due again (it knows the due time exactly), and the others would never get a turn.
fn jitter(keys: &[(Key, Duration)]) -> Duration {
    let shortest = keys.iter().map(|(_, p)| *p).min().unwrap_or_default();
    let max = (shortest / 8).min(Duration::from_millis(250));
    let mut r = [0u8; 4];
    let _ = getrandom::fill(&mut r);
    max.mul_f64(f64::from(u32::from_le_bytes(r)) / f64::from(u32::MAX))
}

/// A job back from its cycle waits for its next due time.
fn park(idle: &mut HashMap<Key, Job>, job: Job) {
    idle.insert((job.instance_id.clone(), job.key.clone()), job);
}

/// Take up to `free` due resources of `idle` and load their state; then how long until the
/// next of the others can be taken (`None`: no slot left to fill).
async fn claim(
    pg: &PgState,
    idle: &[(Key, Duration)],
    free: usize,
) -> Result<(Vec<(Key, super::pg::Loaded)>, Option<Duration>), PollError> {
    let keys: Vec<(&str, &str)> = idle
        .iter()
        .map(|((i, k), _)| (i.as_str(), k.as_str()))
        .collect();
    let periods: Vec<Duration> = idle.iter().map(|(_, p)| *p).collect();
    let claimed = pg.claim(&keys, &periods, true, free).await?;
    let taken: Vec<(&str, &str)> = claimed
        .iter()
        .map(|(i, k)| (i.as_str(), k.as_str()))
        .collect();
    let mut loaded = if taken.is_empty() {
        HashMap::new()
    } else {
        pg.load_many(&taken).await?
    };
    let next = if claimed.len() < free {
        let (rest, periods): (Vec<(&str, &str)>, Vec<Duration>) = keys
            .iter()
            .zip(&periods)
            .filter(|(k, _)| !taken.contains(k))
            .map(|(k, p)| (*k, *p))
            .unzip();
        if rest.is_empty() {
            None
        } else {
            pg.next_wake(&rest, &periods).await?
        }
    } else {
        None
    };
    let out = claimed
        .into_iter()
        .map(|k| {
            let l = loaded.remove(&k).unwrap_or_default();
            (k, l)
        })
        .collect();
    Ok((out, next))
}

/// One cycle of a job whose lease was just taken, reported, and its lease given back.
async fn cycle<'a>(
    mut job: Job,
    taken: Result<(), PollError>,
    env: &'a CycleEnv<'a>,
    opts: &'a PollOptions,
) -> Job {
    let r = match taken {
        Err(e) => Err(e),
        Ok(()) => {
            let busy = env.cancel.busy();
            let r = take_and_cycle(&mut job, env, opts).await;
            drop(busy);
            r
        }
    };
    finish(job, r, env).await
}

/// Report a cycle and give its lease back: due again one period on (set by the commit, or
/// here after a failure); an interrupted cycle leaves the due time as it was.
async fn finish(
    mut job: Job,
    r: Result<Option<CycleReport>, PollError>,
    env: &CycleEnv<'_>,
) -> Job {
    let released = match &r {
        Ok(rep) => {
            if let Some(rep) = rep {
                env.observer.cycle(rep);
            }
            hold::release(&mut job).await
        }
        Err(PollError::Interrupted) => {
            let _ = hold::release(&mut job).await;
            return job;
        }
        Err(e) => {
            env.observer.failed(&job.label, e);
            let period = job.period;
            hold::release_due_in(&mut job, period).await
        }
    };
    // Not given back (the database is unreachable): it expires, and this worker may take it
    // again before that (a claim accepts leases it owns).
    let _ = released;
    env.observer.idle(&job.label, job.period);
    job
}
