//! One turn of a job: take its lease or lock, run a cycle, count it for `--metrics-listen`.
//! Shared by the runner (`--once` and the loop over files) and the fleet scheduler
//! (PostgreSQL), below both (docs/design.md).

use super::backend::Taken;
use super::cycle::{self, CycleEnv, CycleReport, Job};
use super::hold;
use super::{PollError, PollOptions};

/// A cycle of `job`, after taking its lease or lock if needed. `Ok(None)`: another worker holds
/// the lease (reported to the observer as skipped).
pub(super) async fn take_and_cycle(
    job: &mut Job,
    env: &CycleEnv<'_>,
    opts: &PollOptions,
) -> Result<Option<CycleReport>, PollError> {
    let turn = take_and_cycle_uncounted(job, env, opts).await;
    count(opts, job, &turn);
    turn
}

/// `--metrics-listen`: what a job's turn did (the counting itself is in `metrics`).
fn count(opts: &PollOptions, job: &Job, turn: &Result<Option<CycleReport>, PollError>) {
    use super::classify::EventType;
    use super::metrics::Outcome;
    let Some(m) = &opts.metrics else { return };
    let (i, r) = (job.instance_id.as_str(), job.resource.name.as_str());
    m.polls(i, &job.key);
    match turn {
        Ok(None) => m.cycle(i, r, Outcome::Skipped),
        Ok(Some(rep)) => {
            m.events(i, r, &EventType::ALL.map(|t| (t.as_str(), rep.count(t))));
            m.set_aside(i, r, rep.set_aside);
            m.cycle(i, r, Outcome::Ok);
        }
        // Stopping is not a failure.
        Err(PollError::Interrupted) => {}
        Err(e) => {
            m.failure(i, r, e.kind());
            m.cycle(i, r, Outcome::Failed);
        }
    }
    // The lag of a resource another worker polls is that worker's to report.
    let mine = !matches!(turn, Ok(None));
    m.watermark(i, r, job.state.watermark.filter(|_| mine));
}

async fn take_and_cycle_uncounted(
    job: &mut Job,
    env: &CycleEnv<'_>,
    opts: &PollOptions,
) -> Result<Option<CycleReport>, PollError> {
    if let Some(m) = &opts.metrics {
        m.progress();
    }
    match hold::take(job, &opts.backend, opts.dry_run).await? {
        Taken::Busy(owner) => {
            // Once per wait, not at every tick of the loop.
            if !job.waiting {
                env.observer.skipped(&job.label, owner.as_deref());
                job.waiting = true;
            }
            return Ok(None);
        }
        Taken::Ready => job.waiting = false,
    }
    if let Some(m) = &opts.metrics {
        // Known from the state just loaded: the lag shows during a long first cycle.
        m.watermark(&job.instance_id, &job.resource.name, job.state.watermark);
    }
    let r = cycle::run_cycle(job, env).await;
    if let Err(PollError::LeaseLost { .. }) = &r {
        hold::lost(job);
    }
    r.map(Some)
}
